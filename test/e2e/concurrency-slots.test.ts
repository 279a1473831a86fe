import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, inboxEventId, orderId } from '../../src/core/ids';
import { completeOrder, type CanonicalDraft } from '../../src/core/order';
import { routeOrder } from '../../src/pipeline/route';
import { defineDestination, readFixture } from '../../src/sdk';
import { startTestHub, waitFor, type TestHub } from '../helpers/hub';

// A destination that allows two calls at a time, like an ERP with a concurrency cap, and counts what it sees.
let inFlight = 0;
let peak = 0;
const received: string[] = [];
const capped = defineDestination<Record<string, never>, { id: string }>({
  kind: 'destination',
  meta: {
    id: 'test-capped',
    version: '1.0.0',
    displayName: 'Capped ERP',
    apiVersion: '1',
    docsUrl: 'https://example.com',
  },
  configSchema: { type: 'object', properties: {}, additionalProperties: false },
  check: async () => ({ ok: true }),
  idempotency: { mode: 'native-key' },
  maxConcurrency: () => 2,
  fromCanonical: (order) => ({ id: order.id }),
  async deliver(_ctx, payload) {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 40));
    inFlight -= 1;
    received.push(payload.id);
    return { remoteId: payload.id };
  },
});

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
  t.hub.registry.add(capped);
  await t.hub.connections.create({ connector: 'test-capped', name: 'ERP', config: {} });
  t.hub.invalidateConnections();
});
afterAll(async () => {
  await t.close();
});

describe('destination concurrency slots', () => {
  it('never has more deliveries in flight than the destination allows, across the worker pool, and loses none', async () => {
    const draft = readFixture(
      'phone-order',
      'orders/ship-two-rates-discount.canonical.json',
    ) as CanonicalDraft;
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const externalId = `PH-CAP-${i}`;
      const mine = { ...draft, channel: { ...draft.channel, externalId, orderNumber: externalId } };
      const id = orderId('con_test', externalId);
      ids.push(id);
      const { order } = await t.hub.store.recordOrder({
        orderId: id,
        inboxEventId: inboxEventId('con_test', externalId, '1'),
        channelRevision: '1',
        hash: contentHash(mine),
        state: 'active',
        build: (revision) => completeOrder(mine, id, revision),
        at: new Date().toISOString(),
      });
      await routeOrder(t.hub, order);
    }
    t.startWorkers();
    await waitFor(() => received.length >= 12, 20_000, 'all deliveries');
    // The destination has them; the hub records each answer a moment later.
    await waitFor(
      async () =>
        (await t.hub.store.listDeliveries({ limit: 50 })).items.every((d) => d.state === 'delivered'),
      20_000,
      'delivery rows recorded',
    );
    expect([...received].sort()).toEqual([...ids].sort());
    expect(peak).toBeLessThanOrEqual(2);
    expect(peak).toBeGreaterThan(0);
    const attempts = await Promise.all(
      (await t.hub.store.listDeliveries({ limit: 50 })).items.map((d) => t.hub.store.listAttempts(d.id)),
    );
    // Waiting for a slot is not a failed attempt: every delivery succeeded on its only counted attempt.
    for (const list of attempts) expect(list.filter((a) => a.outcome === 'delivered')).toHaveLength(1);
  });
});
