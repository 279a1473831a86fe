import { readdirSync } from 'node:fs';
import { validateCanonicalOrder } from '../../src/core/validation';
import { loadTables } from '../../src/pipeline/tables';
import { ConnectorError, type CanonicalOrder, type DeliveryInfo } from '../../src/sdk';
import {
  createTestContext,
  fixedClock,
  fixturePath,
  readFixture,
  readFixtureText,
} from '../../src/sdk/testkit';
import type { QimenConfig } from './config';
import qimen from './index';

export const tables = await loadTables();
export const GATEWAY = 'https://qimen.api.taobao.com';
export const PATH = '/router/qimen/service';

export const config: QimenConfig = {
  appKey: '31337001',
  appSecret: 'qimen-test-secret-7f3a',
  customerId: 'WMS-DEMO-CUST',
};

export function canonical(name: string): CanonicalOrder {
  const result = validateCanonicalOrder(readFixture('qimen', `outbound/${name}.canonical.json`));
  if (!result.ok) throw new Error(`fixture ${name} is not canonical`);
  return result.value;
}

export const outboundFixtures = (): string[] =>
  readdirSync(fixturePath('qimen', 'outbound'))
    .filter((f) => f.endsWith('.canonical.json'))
    .map((f) => f.slice(0, -'.canonical.json'.length));

export const response = (name: string): string => readFixtureText('qimen', `responses/${name}`);

export function context(extra: QimenConfig = {}) {
  return createTestContext<QimenConfig>(
    { ...config, ...extra },
    { clock: fixedClock('2026-01-05T14:03:00Z'), tables, rateLimits: qimen.rateLimits },
  );
}

export const mapping = (extra: QimenConfig = {}) => ({ connectionId: 'con_test', config: extra, tables });

export const info = (
  order: CanonicalOrder,
  operation: DeliveryInfo['operation'] = 'upsert',
): DeliveryInfo => ({
  key: 'dlv_qqqqqqqqqqqqqqqqqqqqqqqqqq',
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
