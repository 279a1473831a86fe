import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTables } from '../../src/pipeline/tables';
import {
  destinationTestKit,
  type CanonicalOrder,
  type DeliveryInfo,
  createTestContext,
  fixedClock,
  deliveryInfoOf,
} from '../../src/sdk';
import type { EdiX12Config } from './config';
import ediX12 from './index';

export const tables = await loadTables();

export const baseConfig: EdiX12Config = {
  senderId: 'ORDERHUBDEMO',
  receiverId: 'EASTWH3PL',
  usageIndicator: 'T',
};

const kit = destinationTestKit(ediX12, baseConfig, { at: '2026-01-05T14:03:00Z', tables });
export const { canonical, outboundNames: outboundFixtures, failure } = kit;

export function context(config: EdiX12Config, at = '2026-01-05T14:03:00Z') {
  return createTestContext<EdiX12Config>(config, { clock: fixedClock(at), tables });
}

export const info = (
  order: CanonicalOrder,
  key: string,
  operation: DeliveryInfo['operation'] = 'upsert',
): DeliveryInfo => deliveryInfoOf(order, key, operation);

export async function tempDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'edi-x12-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
