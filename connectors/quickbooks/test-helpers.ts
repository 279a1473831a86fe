import nock from 'nock';
import {
  readFixtureText,
  type DeliveryInfo,
  type LookupTables,
  deliveryInfoOf,
  destinationTestKit,
} from '../../src/sdk';
import { loadTables } from '../../src/pipeline/tables';
import quickbooks, { type QuickBooksConfig } from './index';

/** Settings every test uses; the values are fictitious. */
export const TEST_CONFIG: QuickBooksConfig = {
  realmId: '9341452791634573',
  clientId: 'ABfixtureClientId0000000000000000000000000000000',
  clientSecret: 'fixture-client-secret-0000000000000000',
  refreshToken: 'AB11780000000fixtureRefreshTokenOriginal0000001',
};
export const API = 'https://quickbooks.api.intuit.com';
export const COMPANY = `/v3/company/${TEST_CONFIG.realmId}`;
export const OAUTH = 'https://oauth.platform.intuit.com';
export const ACCESS_TOKEN = 'eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0..fixture-access-token-1';
export const NOW = '2026-01-06T16:00:00Z';
export const JSON_HEADERS = { 'content-type': 'application/json' };

export const tables: LookupTables = await loadTables();

const kit = destinationTestKit(quickbooks, TEST_CONFIG, {
  at: NOW,
  tables,
});
export const { canonical, failure, context, payload: payloadOf } = kit;

export function fixture(name: string): string {
  return readFixtureText('quickbooks', `http/${name}.json`);
}

export const info = (over: Partial<DeliveryInfo> = {}): DeliveryInfo => ({
  ...deliveryInfoOf({ id: 'ord_gd0p6yatnfpdjegqqzvrzzt15n', revision: 1 }, 'dlv_5x2kq8w3m9r7t1v4b6n0c2d8fh'),
  ...over,
});

export const ROTATED_REFRESH_TOKEN = 'AB11780000000fixtureRefreshTokenRotated0000001';

/** Plans a refresh-token exchange (the body carries the refresh token the connection holds). */
export function planToken(times = 1, refreshToken = TEST_CONFIG.refreshToken): nock.Scope {
  const basic = Buffer.from(`${TEST_CONFIG.clientId}:${TEST_CONFIG.clientSecret}`).toString('base64');
  return nock(OAUTH, { reqheaders: { authorization: `Basic ${basic}` } })
    .post('/oauth2/v1/tokens/bearer', `grant_type=refresh_token&refresh_token=${refreshToken}`)
    .times(times)
    .reply(200, fixture('token'), JSON_HEADERS);
}

/** Plans a query answered with a fixture. */
export function planQuery(statement: string, answer: string): nock.Scope {
  return nock(API, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } })
    .get(`${COMPANY}/query`)
    .query({ query: statement, minorversion: '75' })
    .reply(200, answer, JSON_HEADERS);
}
