import nock from 'nock';
import {
  readFixtureText,
  type DeliveryInfo,
  type LookupTables,
  deliveryInfoOf,
  destinationTestKit,
} from '../../src/sdk';
import { loadTables } from '../../src/pipeline/tables';
import xero, { type XeroConfig } from './index';

/** Settings every test uses; the values are fictitious. */
export const TEST_CONFIG: XeroConfig = {
  clientId: 'FIXTURECLIENTID0000000000000000A',
  clientSecret: 'fixture-xero-client-secret-000000000000000000000',
  tenantId: 'b2c3d4e5-f607-4819-a2b3-c4d5e6f70819',
};
export const API = 'https://api.xero.com';
export const BASE = '/api.xro/2.0';
export const IDENTITY = 'https://identity.xero.com';
export const ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImZpeHR1cmUifQ.fixture-xero-access-token';
export const NOW = '2026-01-06T16:00:00Z';
export const JSON_HEADERS = { 'content-type': 'application/json' };
export const REFERENCE_QUERY = {
  where: 'Type=="ACCREC" AND Reference=="ord_gd0p6yatnfpdjegqqzvrzzt15n"',
  summaryOnly: 'true',
};

export const tables: LookupTables = await loadTables();

const kit = destinationTestKit(xero, TEST_CONFIG, {
  at: NOW,
  tables,
});
export const { canonical, failure, context, payload: payloadOf } = kit;

export function fixture(name: string): string {
  return readFixtureText('xero', `http/${name}.json`);
}

export const info = (over: Partial<DeliveryInfo> = {}): DeliveryInfo => ({
  ...deliveryInfoOf({ id: 'ord_gd0p6yatnfpdjegqqzvrzzt15n', revision: 1 }, 'dlv_5x2kq8w3m9r7t1v4b6n0c2d8fh'),
  ...over,
});

/** Plans the client-credentials token request. */
export function planToken(times = 1): nock.Scope {
  const basic = Buffer.from(`${TEST_CONFIG.clientId}:${TEST_CONFIG.clientSecret}`).toString('base64');
  return nock(IDENTITY, { reqheaders: { authorization: `Basic ${basic}` } })
    .post('/connect/token', 'grant_type=client_credentials')
    .times(times)
    .reply(200, fixture('token'), JSON_HEADERS);
}

/** A scope on the Accounting API that checks the bearer token and the tenant header. */
export function api(token = ACCESS_TOKEN): nock.Scope {
  return nock(API, {
    reqheaders: { authorization: `Bearer ${token}`, 'xero-tenant-id': TEST_CONFIG.tenantId },
  });
}
