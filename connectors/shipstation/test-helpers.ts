import nock from 'nock';
import { loadTables } from '../../src/pipeline/tables';
import { type LookupTables, destinationTestKit } from '../../src/sdk';
import shipstation from './index';
import type { ShipStationConfig } from './config';

/** Settings the tests use; the values are fictitious. */
export const TEST_CONFIG: ShipStationConfig = {
  apiKey: 'ss-fixture-key-7f3a',
  apiSecret: 'ss-fixture-secret-91c2',
};

export const ORIGIN = 'https://ssapi.shipstation.com';
export const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };
export const BASIC = `Basic ${Buffer.from(`${TEST_CONFIG.apiKey}:${TEST_CONFIG.apiSecret}`).toString('base64')}`;

/** The lookup tables shipped in mappings/, as the hub loads them. */
export const TABLES: LookupTables = await loadTables();

const kit = destinationTestKit(shipstation, TEST_CONFIG, {
  at: '2026-01-06T12:00:00Z',
  tables: TABLES,
  deliveryKey: 'dlv_k7m2x9p4q1w8e5r3t6y0u2i4o7',
});
export const {
  info,
  canonical,
  outboundNames,
  httpFixture: http,
  failure,
  context,
  mapping: mappingContext,
} = kit;

export function api() {
  return nock(ORIGIN, { reqheaders: { authorization: BASIC } });
}
