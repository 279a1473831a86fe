import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, inboxEventId, orderId } from '../../src/core/ids';
import { completeOrder, type CanonicalDraft } from '../../src/core/order';
import { writeBackShipment } from '../../src/pipeline/write-back';
import {
  defineSource,
  readFixture,
  rejectedError,
  transientError,
  type FulfillmentRequest,
} from '../../src/sdk';
import { startTestHub, waitFor, type TestHub } from '../helpers/hub';

// A channel that records what the hub writes back, and refuses or fails on demand.
const written: FulfillmentRequest[] = [];
const cancelled: string[] = [];
let next: 'ok' | 'transient' | 'rejected' = 'ok';
const channel = defineSource<Record<string, never>>({
  kind: 'source',
  meta: {
    id: 'test-channel',
    version: '1.0.0',
    displayName: 'Test channel',
    apiVersion: '1',
    docsUrl: 'https://example.com',
  },
  configSchema: { type: 'object', properties: {}, additionalProperties: false },
  check: async () => ({ ok: true }),
  identify: () => ({ externalId: 'x', revision: '1' }),
  toCanonical: () => {
    throw new Error('not used');
  },
  intake: { schema: { type: 'object' } },
  writeBack: {
    async createFulfillment(_ctx, request) {
      if (next === 'transient') throw transientError('channel is down', { code: 'TEST_DOWN' });
      if (next === 'rejected')
        throw rejectedError('unknown carrier', {
          code: 'TEST_CARRIER_UNKNOWN',
          remedy: 'Add it to the table.',
        });
      written.push(request);
      return { remoteId: `ful_${written.length}` };
    },
    async cancelFulfillment(_ctx, request) {
      cancelled.push(request.remoteId);
    },
  },
});

let t: TestHub;
let ord: string;
let key: { authorization: string };

beforeAll(async () => {
  t = await startTestHub();
  t.hub.registry.add(channel);
  const source = await t.hub.connections.create({ connector: 'test-channel', name: 'Shop', config: {} });
  const draft = readFixture('shopify', 'orders/doc-example-1001.canonical.json') as CanonicalDraft;
  const mine = {
    ...draft,
    channel: { ...draft.channel, connector: 'test-channel', connectionId: source.id },
  };
  ord = orderId(source.id, draft.channel.externalId);
  await t.hub.store.recordOrder({
    orderId: ord,
    inboxEventId: inboxEventId(source.id, draft.channel.externalId, '1'),
    channelRevision: '1',
    hash: contentHash(mine),
    state: 'active',
    build: (revision) => completeOrder(mine, ord, revision),
    at: new Date().toISOString(),
  });
  key = t.auth;
  t.startWorkers();
});
afterAll(async () => {
  await t.close();
});

const post = (body: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/v1/shipments', headers: key, payload: body });
const shipment = (id: string, extra: Record<string, unknown> = {}) => ({
  orderId: ord,
  shipmentId: id,
  shippedAt: '2026-03-01T09:30:00+01:00',
  carrier: 'DHL',
  trackingNumber: `JD${id}`,
  ...extra,
});
const stateOf = async (shipmentId: string) =>
  (await t.hub.store.listShipments({ orderId: ord, limit: 50 })).items.find(
    (s) => s.shipmentId === shipmentId,
  )?.state;

describe('write-back of shipments to the channel', () => {
  it('writes a partial shipment, then the rest as the final one, each once', async () => {
    await post(shipment('P1', { lines: [{ sku: 'IPOD2008GREEN', quantity: 1 }] }));
    await waitFor(async () => (await stateOf('P1')) === 'written', 10_000, 'first write-back');
    await post(
      shipment('P2', {
        lines: [
          { lineId: '518995019', quantity: 1 },
          { sku: 'IPOD2008BLACK', quantity: 1 },
        ],
      }),
    );
    await waitFor(async () => (await stateOf('P2')) === 'written', 10_000, 'second write-back');
    expect(written.map((w) => [w.shipment.shipmentId, w.final, w.lines.map((l) => l.lineId)])).toEqual([
      ['P1', false, ['466157049']],
      ['P2', true, ['518995019', '703073504']],
    ]);
    expect(written[0]?.order.channel.externalId).toBe('450789469');
    // The same report again is a duplicate: nothing is written twice.
    await post(shipment('P1', { lines: [{ sku: 'IPOD2008GREEN', quantity: 1 }] }));
    expect(written).toHaveLength(2);
  });

  it('cancels the fulfilment of a shipment the destination voided', async () => {
    await post(shipment('P1', { lines: [{ sku: 'IPOD2008GREEN', quantity: 1 }], voided: true }));
    await waitFor(() => cancelled.length === 1, 10_000, 'cancel');
    expect(cancelled).toEqual(['ful_1']);
  });

  it('retries what may pass later, and hands what the channel refused to a person, replayable', async () => {
    next = 'transient';
    await post(shipment('T1'));
    const id =
      (await t.hub.store.listShipments({ orderId: ord, limit: 50 })).items.find((s) => s.shipmentId === 'T1')
        ?.id ?? '';
    expect(await writeBackShipment(t.hub, id)).toMatchObject({ step: 'retry', error: { kind: 'transient' } });
    expect(await stateOf('T1')).toBe('pending');
    next = 'rejected';
    expect(await writeBackShipment(t.hub, id)).toEqual({ step: 'failed', detail: 'TEST_CARRIER_UNKNOWN' });
    const exceptions = await t.hub.store.listExceptions({
      orderId: ord,
      kind: 'writeback_failed',
      limit: 10,
    });
    expect(exceptions.items).toHaveLength(1);
    expect(exceptions.items[0]?.message).toContain('Add it to the table.');
    next = 'ok';
    const replay = await t.app.inject({
      method: 'POST',
      url: `/v1/exceptions/${exceptions.items[0]?.id}/replay`,
      headers: t.auth,
      payload: { note: 'carrier added' },
    });
    expect(replay.json()).toMatchObject({ action: 'writeback-retried' });
    await waitFor(async () => (await stateOf('T1')) === 'written', 10_000, 'replayed write-back');
  });
});
