import nock from 'nock';
import { readFixture } from '../../src/sdk';
import { READ_SCOPE, type EbayConfig } from './config';

/** Settings every eBay test uses; the values are fictitious. */
export const TEST_CONFIG: EbayConfig = {
  environment: 'production',
  clientId: 'HarbourH-OrderHub-PRD-0a1b2c3d4-5e6f7a8b',
  clientSecret: 'PRD-fixture-client-secret-0123',
  refreshToken: 'v^1.1#i^1#fixture-refresh-token',
};

export const API = 'https://api.ebay.com';
export const ACCESS_TOKEN = 'v^1.1#i^1#fixture-user-access-token';
export const JSON_HEADERS = { 'content-type': 'application/json' };
export const ORDERS = '/sell/fulfillment/v1/order';

/** A fixture as a nock reply body. */
export function body(file: string): nock.Body {
  const value = readFixture('ebay', file);
  if (typeof value !== 'object' || value === null) throw new Error(`${file} is not JSON`);
  return { ...value };
}

/** Plans `times` refresh-token grants, checking Basic auth and the scope (read-only unless given). */
export function tokenOk(times = 1, origin = API, scope = READ_SCOPE): nock.Scope {
  const basic = Buffer.from(`${TEST_CONFIG.clientId}:${TEST_CONFIG.clientSecret}`).toString('base64');
  return nock(origin, { reqheaders: { authorization: `Basic ${basic}` } })
    .post(
      '/identity/v1/oauth2/token',
      (b: Record<string, string>) =>
        b['grant_type'] === 'refresh_token' &&
        b['refresh_token'] === TEST_CONFIG.refreshToken &&
        b['scope'] === scope,
    )
    .times(times)
    .reply(200, body('http/token.json'), JSON_HEADERS);
}

/** The Fulfillment API with the user token. */
export function api(origin = API): nock.Scope {
  return nock(origin, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } });
}
