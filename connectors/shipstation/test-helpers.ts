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

export function mappingContext(
  config: Partial<ShipStationConfig> = {},
  tables: LookupTables = TABLES,
): MappingContext<ShipStationConfig> {
  return { connectionId: 'con_test', config: { ...TEST_CONFIG, ...config }, tables };
}

export function context(config: Partial<ShipStationConfig> = {}, timeoutMs?: number) {
  return createTestContext<ShipStationConfig>(
    { ...TEST_CONFIG, ...config },
    {
      clock: fixedClock('2026-01-06T12:00:00Z'),
      rateLimits: shipstation.rateLimits,
      tables: TABLES,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    },
  );
}

/** Names of the outbound fixtures (without `.canonical.json`). */
export function outboundNames(): string[] {
  return readdirSync(fixturePath('shipstation', 'outbound'))
    .filter((f) => f.endsWith('.canonical.json'))
    .map((f) => f.slice(0, -'.canonical.json'.length))
    .sort();
}

export function canonical(name: string): CanonicalOrder {
  const result = validateCanonicalOrder(readFixture('shipstation', `outbound/${name}.canonical.json`));
  if (!result.ok) throw new Error(`fixture ${name} is not canonical: ${JSON.stringify(result.errors)}`);
  return result.value;
}

/** A JSON fixture under fixtures/shipstation/http as a nock reply body. */
export function http(name: string): object {
  const value = readFixture('shipstation', `http/${name}.json`);
  if (typeof value !== 'object' || value === null) throw new Error(`${name} is not JSON`);
  return value;
}

export function info(order: CanonicalOrder, operation: DeliveryInfo['operation'] = 'upsert'): DeliveryInfo {
  return { key: 'dlv_k7m2x9p4q1w8e5r3t6y0u2i4o7', operation, orderId: order.id, revision: order.revision };
}

export function api() {
  return nock(ORIGIN, { reqheaders: { authorization: BASIC } });
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
