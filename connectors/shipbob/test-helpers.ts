import nock from 'nock';
import { loadTables } from '../../src/pipeline/tables';
import { type LookupTables, destinationTestKit } from '../../src/sdk';
import shipbob from './index';
import type { ShipBobConfig } from './config';

/** Settings the tests use; the values are fictitious. */
export const TEST_CONFIG: ShipBobConfig = {
  accessToken: 'sb-fixture-pat-3c9e1d7a',
  channelId: 100204,
};

export const ORIGIN = 'https://api.shipbob.com';
export const PREFIX = '/2025-07';
export const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

/** The lookup tables shipped in mappings/, as the hub loads them. */
export const TABLES: LookupTables = await loadTables();

const kit = destinationTestKit(shipbob, TEST_CONFIG, {
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

/** nock for ShipBob with the bearer token and the channel header every order call carries. */
export function api(channel = true) {
  const reqheaders: Record<string, string> = { authorization: `Bearer ${TEST_CONFIG.accessToken}` };
  if (channel) reqheaders['shipbob_channel_id'] = String(TEST_CONFIG.channelId);
  return nock(ORIGIN, { reqheaders });
}
