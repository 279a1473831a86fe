import { readdirSync } from 'node:fs';
import nock from 'nock';
import { loadTables } from '../../src/pipeline/tables';
import {
  ConnectorError,
  createTestContext,
  fixedClock,
  fixturePath,
  readFixture,
  type CanonicalOrder,
  type DeliveryInfo,
  type LookupTables,
  type MappingContext,
} from '../../src/sdk';
import { validateCanonicalOrder } from '../../src/core/validation';
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

export function mappingContext(
  config: Partial<ShipBobConfig> = {},
  tables: LookupTables = TABLES,
): MappingContext<ShipBobConfig> {
  return { connectionId: 'con_test', config: { ...TEST_CONFIG, ...config }, tables };
}

export function context(config: Partial<ShipBobConfig> = {}, timeoutMs?: number) {
  return createTestContext<ShipBobConfig>(
    { ...TEST_CONFIG, ...config },
    {
      clock: fixedClock('2026-01-06T12:00:00Z'),
      rateLimits: shipbob.rateLimits,
      tables: TABLES,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    },
  );
}

/** Names of the outbound fixtures (without `.canonical.json`). */
export function outboundNames(): string[] {
  return readdirSync(fixturePath('shipbob', 'outbound'))
    .filter((f) => f.endsWith('.canonical.json'))
    .map((f) => f.slice(0, -'.canonical.json'.length))
    .sort();
}

export function canonical(name: string): CanonicalOrder {
  const result = validateCanonicalOrder(readFixture('shipbob', `outbound/${name}.canonical.json`));
  if (!result.ok) throw new Error(`fixture ${name} is not canonical: ${JSON.stringify(result.errors)}`);
  return result.value;
}

/** A JSON fixture under fixtures/shipbob/http as a nock reply body. */
export function http(name: string): object {
  const value = readFixture('shipbob', `http/${name}.json`);
  if (typeof value !== 'object' || value === null) throw new Error(`${name} is not JSON`);
  return value;
}

export function info(order: CanonicalOrder, operation: DeliveryInfo['operation'] = 'upsert'): DeliveryInfo {
  return { key: 'dlv_k7m2x9p4q1w8e5r3t6y0u2i4o7', operation, orderId: order.id, revision: order.revision };
}

/** nock for ShipBob with the bearer token and the channel header every order call carries. */
export function api(channel = true) {
  const reqheaders: Record<string, string> = { authorization: `Bearer ${TEST_CONFIG.accessToken}` };
  if (channel) reqheaders['shipbob_channel_id'] = String(TEST_CONFIG.channelId);
  return nock(ORIGIN, { reqheaders });
}

/** The ConnectorError a promise rejects with. */
export async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ConnectorError)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}
