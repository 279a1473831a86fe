import { join } from 'node:path';
import { HubError } from '../core/errors';
import type { Hub } from '../hub';
import type { RuleSet } from '../routing/rules';
import { loadActive, saveRuleSet } from '../routing/store';

/** Who saved the sample's routing rules, in the rule set version and the audit log. */
export const SAMPLE_ACTOR = 'sample-config';

/**
 * The sample's routing: POS sales are handed over at the counter, so they go nowhere (the 3PL would refuse
 * them for want of a shipping address); everything else ships from the 3PL.
 */
export function sampleRuleSet(warehouseId: string): RuleSet {
  return {
    mode: 'first-match',
    rules: [
      {
        id: 'counter-sales',
        description: 'POS sales leave the shop with the customer: nothing to ship.',
        when: { sourceType: ['pos'] },
        then: { noDelivery: { reason: 'sold and handed over at the counter' } },
      },
      {
        id: 'ship-from-3pl',
        description: 'Every other order ships from the sample 3PL.',
        then: { destinations: [warehouseId] },
      },
    ],
    noMatch: { action: 'hold' },
  };
}

/**
 * The sample configuration a newcomer sees on first start: a `sandbox-shop` source generating realistic
 * orders every few seconds, a `sandbox-3pl` destination writing them to a ledger under the data dir, and
 * routing rules between them (saved like an admin's, so the version is audited). Created only when the store
 * has no connections at all; returns whether it did.
 */
export async function seedSampleConfig(hub: Hub): Promise<boolean> {
  if ((await hub.store.listConnections()).length > 0) return false;
  await hub.connections.create({
    connector: 'sandbox-shop',
    name: 'Sample shop (generated orders)',
    config: { ordersPerMinute: 12, seed: 'sample', badOrderRate: 0.05, pollIntervalSeconds: 5 },
  });
  const warehouse = await hub.connections.create({
    connector: 'sandbox-3pl',
    name: 'Sample 3PL (ledger file)',
    config: { directory: join(hub.config.dataDir, 'sandbox-3pl'), failureRate: 0.1 },
  });
  // Rules someone already saved (their connections since deleted) are theirs: the sample does not replace them.
  if (!(await loadActive(hub))) {
    try {
      await saveRuleSet(
        hub,
        {
          ruleSet: sampleRuleSet(warehouse.id),
          baseVersion: 0,
          note: 'Sample configuration: POS sales stay at the counter, the rest ships from the sample 3PL.',
        },
        SAMPLE_ACTOR,
      );
    } catch (error) {
      // Another process starting at the same moment saved first; its rules are as good as these.
      if (!(error instanceof HubError && error.code === 'ROUTING_VERSION_CONFLICT')) throw error;
    }
  }
  hub.invalidateConnections();
  return true;
}
