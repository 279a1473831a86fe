import { join } from 'node:path';
import type { Hub } from '../hub';

/**
 * The sample configuration a newcomer sees on first start: a `sandbox-shop` source generating realistic
 * orders every few seconds and a `sandbox-3pl` destination writing them to a ledger under the data dir.
 * Created only when the store has no connections at all; returns whether it did.
 */
export async function seedSampleConfig(hub: Hub): Promise<boolean> {
  if ((await hub.store.listConnections()).length > 0) return false;
  await hub.connections.create({
    connector: 'sandbox-shop',
    name: 'Sample shop (generated orders)',
    config: { ordersPerMinute: 12, seed: 'sample', badOrderRate: 0.05, pollIntervalSeconds: 5 },
  });
  await hub.connections.create({
    connector: 'sandbox-3pl',
    name: 'Sample 3PL (ledger file)',
    config: { directory: join(hub.config.dataDir, 'sandbox-3pl'), failureRate: 0.1 },
  });
  hub.invalidateConnections();
  return true;
}
