import nock from 'nock';
import { readFixtureText } from '../../src/sdk';
import type { PinduoduoConfig } from './config';
import { pddSign } from './sign';

/** Settings every Pinduoduo test uses; the values are fictitious. */
export const TEST_CONFIG: PinduoduoConfig = {
  clientId: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  clientSecret: 'fixture-client-secret-00112233445566778899',
  accessToken: 'fixture-access-token-aabbccddeeff00112233445566',
};

export const GATEWAY_ORIGIN = 'https://gw-api.pinduoduo.com';
export const GATEWAY_PATH = '/api/router';

/** A form body as nock hands it over (parsed object or raw text), as a flat string map. */
export function formOf(body: unknown): Record<string, string> {
  const entries =
    typeof body === 'string'
      ? [...new URLSearchParams(body).entries()]
      : typeof body === 'object' && body !== null
        ? Object.entries(body).map(([k, v]): [string, string] => [k, String(v)])
        : [];
  return Object.fromEntries(entries);
}

/** True when the form carries a valid signature over the rest of it. */
export function signedCorrectly(form: Record<string, string>): boolean {
  const { sign, ...rest } = form;
  return sign === pddSign(rest, TEST_CONFIG.clientSecret);
}

/** Plans one gateway call answering a fixture from `fixtures/pinduoduo/http/` as raw text, recording the form. */
export function planCall(fixture: string, seen: Record<string, string>[], status = 200, headers = {}): void {
  planText(readFixtureText('pinduoduo', `http/${fixture}`), seen, status, headers);
}

/** Plans one gateway call answering `text`, recording the form. */
export function planText(text: string, seen: Record<string, string>[], status = 200, headers = {}): void {
  nock(GATEWAY_ORIGIN)
    .post(GATEWAY_PATH, (body: unknown) => {
      seen.push(formOf(body));
      return true;
    })
    .reply(status, text, { 'content-type': 'application/json;charset=UTF-8', ...headers });
}
