import { loadTables } from '../../src/pipeline/tables';
import { validateCanonicalOrder } from '../../src/core/validation';
import {
  ConnectorError,
  createTestContext,
  fixedClock,
  readFixture,
  type CanonicalOrder,
  type DeliveryInfo,
} from '../../src/sdk';
import netsuite, { type NetSuiteConfig } from './index';

/** Fictitious credentials of a sandbox account. */
export const TEST_CONFIG: NetSuiteConfig = {
  accountId: '1234567_SB1',
  consumerKey: 'ck-fixture',
  consumerSecret: 'cs-fixture',
  tokenId: 'tk-fixture',
  tokenSecret: 'ts-fixture',
  timeZone: 'America/New_York',
};

export const ORIGIN = 'https://1234567-sb1.suitetalk.api.netsuite.com';

/** The shipped lookup tables (mappings/), which the outbound fixtures are written against. */
export const tables = await loadTables();

export function context(config: Partial<NetSuiteConfig> = {}) {
  return createTestContext<NetSuiteConfig>(
    { ...TEST_CONFIG, ...config },
    { clock: fixedClock('2026-01-06T12:00:00Z'), rateLimits: netsuite.rateLimits, tables },
  );
}

export function mapping(config: Partial<NetSuiteConfig> = {}) {
  return { connectionId: 'con_test', config: { ...TEST_CONFIG, ...config }, tables };
}

export function canonical(name: string): CanonicalOrder {
  const result = validateCanonicalOrder(readFixture('netsuite', `outbound/${name}.canonical.json`));
  if (!result.ok) throw new Error(`fixture ${name} is not canonical`);
  return result.value;
}

export const info = (
  order: CanonicalOrder,
  operation: DeliveryInfo['operation'] = 'upsert',
): DeliveryInfo => ({
  key: 'dlv_0123456789abcdefghjkmnpqrs',
  operation,
  orderId: order.id,
  revision: order.revision,
});

export async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ConnectorError)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

export const http = (name: string): object => {
  const value = readFixture('netsuite', `http/${name}.json`);
  if (typeof value !== 'object' || value === null) throw new Error(`${name} is not an object`);
  return value;
};
