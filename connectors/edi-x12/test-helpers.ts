import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateCanonicalOrder } from '../../src/core/validation';
import { loadTables } from '../../src/pipeline/tables';
import { ConnectorError, type CanonicalOrder, type DeliveryInfo } from '../../src/sdk';
import { createTestContext, fixedClock, fixturePath, readFixture } from '../../src/sdk/testkit';
import type { EdiX12Config } from './config';

export const tables = await loadTables();

export const baseConfig: EdiX12Config = {
  senderId: 'ORDERHUBDEMO',
  receiverId: 'EASTWH3PL',
  usageIndicator: 'T',
};

export function canonical(name: string): CanonicalOrder {
  const result = validateCanonicalOrder(readFixture('edi-x12', `outbound/${name}.canonical.json`));
  if (!result.ok) throw new Error(`fixture ${name} is not canonical`);
  return result.value;
}

export const outboundFixtures = (): string[] =>
  readdirSync(fixturePath('edi-x12', 'outbound'))
    .filter((f) => f.endsWith('.canonical.json'))
    .map((f) => f.slice(0, -'.canonical.json'.length));

export function context(config: EdiX12Config, at = '2026-01-05T14:03:00Z') {
  return createTestContext<EdiX12Config>(config, { clock: fixedClock(at), tables });
}

export const info = (
  order: CanonicalOrder,
  key: string,
  operation: DeliveryInfo['operation'] = 'upsert',
): DeliveryInfo => ({
  key,
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

export async function tempDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'edi-x12-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
