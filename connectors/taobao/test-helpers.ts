import nock from 'nock';
import { readFixtureText, type MappingContext } from '../../src/sdk';
import type { TaobaoConfig } from './config';
import { topSign } from './sign';

/** Settings every Taobao test uses; the values are fictitious. */
export const TEST_CONFIG: TaobaoConfig = {
  appKey: '12345678',
  appSecret: 'fixture-app-secret-0123456789abcdef',
  sessionKey: '6100fixture0session0key0000000000000000000000000000',
};

export const GATEWAY_ORIGIN = 'https://gw.api.taobao.com';
export const GATEWAY_PATH = '/router/rest';

/** The mapping context fixtures are written against. */
export function mappingContext(
  tables: MappingContext<TaobaoConfig>['tables'] = {},
): MappingContext<TaobaoConfig> {
  return { connectionId: 'con_test', config: TEST_CONFIG, tables };
}

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

/** True when the form carries a valid md5 signature over the rest of it. */
export function signedCorrectly(form: Record<string, string>, secret = TEST_CONFIG.appSecret): boolean {
  const { sign, ...rest } = form;
  return sign === topSign(rest, secret, 'md5');
}

/**
 * Plans one gateway call answering a fixture from `fixtures/taobao/http/` as raw text (so 19-digit ids reach the
 * client unrounded), recording the form it was sent.
 */
export function planCall(fixture: string, seen: Record<string, string>[], status = 200, headers = {}): void {
  nock(GATEWAY_ORIGIN)
    .post(GATEWAY_PATH, (body: unknown) => {
      seen.push(formOf(body));
      return true;
    })
    .reply(status, readFixtureText('taobao', `http/${fixture}`), {
      'content-type': 'application/json;charset=UTF-8',
      ...headers,
    });
}
