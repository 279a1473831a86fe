import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryKey } from '../../src/core/ids';
import type { CanonicalOrder } from '../../src/core/order';
import { normalizeEvent } from '../../src/pipeline/normalize';
import { conflictError, defineDestination, rejectedError } from '../../src/sdk';
import type { DeliveryRecord, ExceptionRecord } from '../../src/store/types';
import { startTestHub, waitFor, type TestHub } from '../helpers/hub';
import { Sink, type SinkRequest } from '../helpers/sink';

/*
 * Issue 5, lifecycle after release: phone orders (`phone-order`) go to a `webhook` receiver on a loopback sink and
 * to a test warehouse; later posts of the same reference update or cancel them.
 */

// A warehouse that takes every order and refuses the cancels the test tells it to.
interface Call {
  operation: string;
  orderId: string;
  revision: number;
  key: string;
  lines: string[];
}
const wmsCalls: Call[] = [];
const refuseCancel = new Map<string, 'shipped' | 'unknown' | 'conflict'>();
const wmsDefinition = defineDestination<Record<string, never>, CanonicalOrder>({
  kind: 'destination',
  meta: {
    id: 'test-late-wms',
    version: '1.0.0',
    displayName: 'Test WMS that ships fast',
    apiVersion: '1',
    docsUrl: 'https://example.com/docs',
  },
  configSchema: { type: 'object', properties: {}, additionalProperties: false },
  check: async () => ({ ok: true }),
  idempotency: { mode: 'native-key' },
  fromCanonical: (order) => order,
  async deliver(_ctx, order, info) {
    const refusal = info.operation === 'cancel' ? refuseCancel.get(order.id) : undefined;
    if (refusal === 'shipped')
      throw rejectedError('the order has left the warehouse', { code: 'TEST_ALREADY_SHIPPED' });
    if (refusal === 'unknown') throw rejectedError('no such order here', { code: 'TEST_ORDER_UNKNOWN' });
    if (refusal === 'conflict')
      throw conflictError('order is in a final state', { code: 'TEST_FINAL_STATE' });
    wmsCalls.push({
      operation: info.operation,
      orderId: order.id,
      revision: order.revision,
      key: info.key,
      lines: order.lines.map((l) => l.sku ?? ''),
    });
    return { remoteId: `wms-${order.id}` };
  },
});

const signingSecret = `whsec_${randomBytes(32).toString('base64')}`;
let t: TestHub;
let sink: Sink;
const ids = { phone: '', erp: '', wms: '' };
let intake: { authorization: string };
let receiver: { authorization: string };
let workers = false;

interface Envelope {
  type: string;
  data: CanonicalOrder;
}
const envelope = (r: SinkRequest) => JSON.parse(r.body) as Envelope;
/** What the webhook receiver accepted for one order, oldest first. */
const atErp = (orderId: string) => sink.accepted().filter((r) => envelope(r).data.id === orderId);
const atWms = (orderId: string) => wmsCalls.filter((c) => c.orderId === orderId);

function phoneOrder(reference: string, patch: Record<string, unknown> = {}) {
  return {
    reference,
    placedAt: '2026-03-02T10:00:00+01:00',
    updatedAt: '2026-03-02T10:00:00+01:00',
    status: 'open',
    payment: { status: 'paid', method: 'card' },
    customer: { name: 'Ann Example', phone: '+49 30 1234567' },
    fulfillment: 'ship',
    shippingAddress: { name: 'Ann Example', line1: 'Hauptstr. 1', city: 'Berlin', countryCode: 'DE' },
    lines: [
      { sku: 'A-1', name: 'Apple box', quantity: 2, unitPrice: '10.00', taxRate: '0.19' },
      { sku: 'B-1', name: 'Banana box', quantity: 1, unitPrice: '5.00', taxRate: '0.19' },
    ],
    ...patch,
  };
}
const cancelOf = (order: ReturnType<typeof phoneOrder>, updatedAt = '2026-03-02T11:00:00+01:00') => ({
  ...order,
  status: 'cancelled',
  updatedAt,
});

const api = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object, headers = t.auth) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

async function enter(body: object): Promise<string> {
  const res = await api('POST', `/v1/intake/${ids.phone}/orders`, body, intake);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ orderId: string }>().orderId;
}

async function deliveries(orderId: string): Promise<DeliveryRecord[]> {
  return (await t.hub.store.listDeliveries({ orderId, limit: 100 })).items;
}
const row = async (id: string) => (await t.hub.store.getDelivery(id)) ?? undefined;

function startWorkersOnce(): void {
  if (workers) return;
  workers = true;
  t.startWorkers();
}

/** An order entered and delivered (revision 1) to both destinations. */
async function delivered(
  reference: string,
): Promise<{ orderId: string; order: ReturnType<typeof phoneOrder> }> {
  startWorkersOnce();
  const order = phoneOrder(reference);
  const orderId = await enter(order);
  await waitFor(
    () => atErp(orderId).length === 1 && atWms(orderId).length === 1,
    15_000,
    `${reference} sent`,
  );
  return { orderId, order };
}

beforeAll(async () => {
  t = await startTestHub();
  t.hub.registry.add(wmsDefinition);
  sink = await new Sink().start();
  const create = async (connector: string, config: Record<string, unknown>) =>
    (await t.hub.connections.create({ connector, name: connector, config })).id;
  ids.phone = await create('phone-order', { currency: 'EUR', taxesIncluded: true, sourceType: 'phone' });
  ids.erp = await create('webhook', { url: sink.url, signingSecret });
  ids.wms = await create('test-late-wms', {});
  t.hub.invalidateConnections();
  const key = async (role: string) =>
    `Bearer ${(await api('POST', '/v1/api-keys', { name: role, role })).json<{ key: string }>().key}`;
  intake = { authorization: await key('intake') };
  receiver = { authorization: await key('receiver') };
});

afterAll(async () => {
  await t.close();
  await sink.stop();
});

describe('updates and cancellations after an order was sent (issue 5)', () => {
  it('cancel before delivery: nothing is sent anywhere, the queued upserts are superseded', async () => {
    expect(workers).toBe(false); // runs first: orders wait in the queue until the workers start
    const order = phoneOrder('PH-LIFE-early');
    const orderId = await enter(order);
    await enter(cancelOf(order));
    // Normalize both inbox records here, in order, the way the inbox worker would.
    const pending = await t.hub.store.listPendingInbox('9999-01-01T00:00:00.000Z', 10);
    expect(pending).toHaveLength(2);
    for (const id of pending) await normalizeEvent(t.hub, id);
    const rows = await deliveries(orderId);
    expect(rows.map((d) => [d.operation, d.revision, d.state]).sort()).toEqual([
      ['upsert', 1, 'superseded'],
      ['upsert', 1, 'superseded'],
    ]);

    // The workers now run the queued jobs; a control order proves they did, and the cancelled one never went out.
    startWorkersOnce();
    const control = await enter(phoneOrder('PH-LIFE-control'));
    await waitFor(() => atErp(control).length === 1 && atWms(control).length === 1, 15_000, 'control order');
    expect(atErp(orderId)).toEqual([]);
    expect(atWms(orderId)).toEqual([]);
    expect((await deliveries(orderId)).every((d) => d.state === 'superseded')).toBe(true);
  });

  it('cancel after delivery: one order.cancelled under its own webhook-id, no second upsert', async () => {
    const { orderId, order } = await delivered('PH-LIFE-cancel');
    await enter(cancelOf(order));
    const [first, second] = await waitFor(
      () => atErp(orderId).length === 2 && atErp(orderId),
      15_000,
      'cancel',
    );
    if (!first || !second) throw new Error('expected two requests');
    expect(first.headers['webhook-id']).toBe(deliveryKey(ids.erp, orderId, 1, 'upsert'));
    expect(second.headers['webhook-id']).toBe(deliveryKey(ids.erp, orderId, 2, 'cancel'));
    expect(envelope(second)).toMatchObject({
      type: 'order.cancelled',
      data: { id: orderId, revision: 2, status: { order: 'cancelled' } },
    });
    await waitFor(() => atWms(orderId).length === 2, 15_000, 'wms cancel');
    expect(atWms(orderId).map((c) => [c.operation, c.revision])).toEqual([
      ['upsert', 1],
      ['cancel', 2],
    ]);
    const rows = await deliveries(orderId);
    expect(rows.filter((d) => d.revision === 2).map((d) => d.operation)).toEqual(['cancel', 'cancel']);
    expect(rows.every((d) => d.state === 'delivered')).toBe(true);

    // The same cancellation again (a duplicate post) and a later edit of the cancelled order send nothing more.
    await enter(cancelOf(order, '2026-03-02T11:05:00+01:00'));
    const control = (await delivered('PH-LIFE-control2')).orderId;
    expect(control).toBeTruthy();
    expect(atErp(orderId)).toHaveLength(2);
    expect(atWms(orderId)).toHaveLength(2);

    const timeline = (await api('GET', `/v1/orders/${orderId}`)).json<{
      timeline: { event: string; detail: Record<string, unknown> }[];
    }>().timeline;
    expect(timeline).toContainEqual(
      expect.objectContaining({
        event: 'delivered',
        detail: expect.objectContaining({ operation: 'cancel', destinationId: ids.erp, revision: 2 }),
      }),
    );
  });

  it('update after delivery: revision 2 goes as an upsert with its own key', async () => {
    const { orderId, order } = await delivered('PH-LIFE-update');
    await enter({ ...order, note: 'Leave at the door', updatedAt: '2026-03-02T10:30:00+01:00' });
    const [, second] = await waitFor(() => atErp(orderId).length === 2 && atErp(orderId), 15_000, 'update');
    if (!second) throw new Error('expected the update');
    expect(second.headers['webhook-id']).toBe(deliveryKey(ids.erp, orderId, 2, 'upsert'));
    expect(envelope(second)).toMatchObject({
      type: 'order.upserted',
      data: { id: orderId, revision: 2, status: { order: 'open' } },
    });
    await waitFor(() => atWms(orderId).length === 2, 15_000, 'wms update');
    expect(atWms(orderId).map((c) => [c.operation, c.revision])).toEqual([
      ['upsert', 1],
      ['upsert', 2],
    ]);
  });

  it('cancel after shipment: the refusal is an ORDER_CANCEL_TOO_LATE exception, never a success', async () => {
    const { orderId, order } = await delivered('PH-LIFE-shipped');
    const shipped = await api(
      'POST',
      `/v1/shipments?destinationId=${ids.wms}`,
      { orderId, shipmentId: 'SHP-LIFE-1', shippedAt: '2026-03-02T10:40:00+01:00', carrier: 'DHL' },
      receiver,
    );
    expect(shipped.statusCode, shipped.body).toBe(201);
    refuseCancel.set(orderId, 'shipped');
    await enter(cancelOf(order));

    const cancelId = deliveryKey(ids.wms, orderId, 2, 'cancel');
    const refused = await waitFor(async () => {
      const r = await row(cancelId);
      return r?.state === 'rejected' && r;
    });
    expect(refused).toMatchObject({ operation: 'cancel', lastErrorCode: 'TEST_ALREADY_SHIPPED' });
    // The webhook receiver, which did not refuse, got its cancellation.
    await waitFor(() => atErp(orderId).length === 2, 15_000, 'erp cancel');
    expect(envelope(atErp(orderId)[1] as SinkRequest).type).toBe('order.cancelled');

    const listed = (await api('GET', '/v1/exceptions?kind=cancel_too_late&limit=100')).json<{
      items: ExceptionRecord[];
    }>().items;
    const mine = listed.filter((e) => e.orderId === orderId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      kind: 'cancel_too_late',
      code: 'ORDER_CANCEL_TOO_LATE',
      state: 'open',
      deliveryId: cancelId,
      connectionId: ids.wms,
    });
    expect(mine[0]?.message).toMatch(/stop the parcel/i);
    expect(mine[0]?.message).toMatch(/return/i);
    const all = (await api('GET', '/v1/exceptions?limit=200')).json<{ items: ExceptionRecord[] }>().items;
    expect(all.filter((e) => e.orderId === orderId).map((e) => e.code)).toEqual(['ORDER_CANCEL_TOO_LATE']);

    const detail = (await api('GET', `/v1/orders/${orderId}`)).json<{
      timeline: { event: string; detail: Record<string, unknown> }[];
    }>();
    expect(detail.timeline).toContainEqual(
      expect.objectContaining({
        event: 'delivery-failed',
        detail: expect.objectContaining({
          deliveryId: cancelId,
          operation: 'cancel',
          outcome: 'rejected',
          code: 'TEST_ALREADY_SHIPPED',
        }),
      }),
    );
    expect(detail.timeline).toContainEqual(
      expect.objectContaining({
        event: 'exception',
        detail: expect.objectContaining({ kind: 'cancel_too_late', code: 'ORDER_CANCEL_TOO_LATE' }),
      }),
    );
    const audit = await t.hub.store.listAudit(orderId, 10);
    expect(audit.map((a) => a.action)).toContain('order.cancel_routed');
  });

  it('a conflict on a cancel of a shipped order is too late as well, not "already done"', async () => {
    const { orderId, order } = await delivered('PH-LIFE-conflict');
    const shipped = await api(
      'POST',
      `/v1/shipments?destinationId=${ids.wms}`,
      { orderId, shipmentId: 'SHP-LIFE-2', shippedAt: '2026-03-02T10:40:00+01:00', carrier: 'DHL' },
      receiver,
    );
    expect(shipped.statusCode, shipped.body).toBe(201);
    refuseCancel.set(orderId, 'conflict');
    await enter(cancelOf(order));
    const cancelId = deliveryKey(ids.wms, orderId, 2, 'cancel');
    await waitFor(async () => (await row(cancelId))?.state === 'rejected', 15_000, 'conflict refused');
    const open = await t.hub.store.listExceptions({ orderId, state: 'open', limit: 10 });
    expect(open.items.map((e) => [e.kind, e.code])).toEqual([['cancel_too_late', 'ORDER_CANCEL_TOO_LATE']]);
  });

  it('a cancel refused for another reason, with nothing shipped, stays a plain rejection', async () => {
    const { orderId, order } = await delivered('PH-LIFE-unknown');
    refuseCancel.set(orderId, 'unknown');
    await enter(cancelOf(order));
    const cancelId = deliveryKey(ids.wms, orderId, 2, 'cancel');
    await waitFor(async () => (await row(cancelId))?.state === 'rejected', 15_000, 'cancel refused');
    const open = await t.hub.store.listExceptions({ orderId, state: 'open', limit: 10 });
    expect(open.items.map((e) => [e.kind, e.code])).toEqual([['rejected', 'DELIVERY_REJECTED']]);
  });

  it('routing rules and holds: the cancel goes to the destinations that got the order, with their lines', async () => {
    startWorkersOnce();
    const save = async (baseVersion: number, ruleSet: object) => {
      const res = await api('PUT', '/v1/routes', { baseVersion, ruleSet });
      expect(res.statusCode, res.body).toBeLessThan(300);
    };
    // v1: the order is split between the two destinations (A lines to the receiver, B lines to the warehouse).
    await save(0, {
      mode: 'first-match',
      rules: [
        {
          id: 'split',
          when: { sourceType: ['phone'] },
          then: {
            split: {
              routes: [
                { sku: ['A-*'], destinations: [ids.erp] },
                { sku: ['B-*'], destinations: [ids.wms] },
              ],
            },
          },
        },
      ],
      noMatch: { action: 'hold' },
      holds: [],
    });
    const order = phoneOrder('PH-LIFE-routed');
    const orderId = await enter(order);
    await waitFor(() => atErp(orderId).length === 1 && atWms(orderId).length === 1, 15_000, 'split sent');
    // v2: everything would now go to the warehouse only, and an unpaid order would be held.
    await save(1, {
      mode: 'first-match',
      rules: [{ id: 'wms-only', when: { sourceType: ['phone'] }, then: { destinations: [ids.wms] } }],
      noMatch: { action: 'hold' },
      holds: [{ id: 'unpaid', kind: 'unpaid', reason: 'wait for payment' }],
    });
    await enter({ ...cancelOf(order), payment: { status: 'pending', method: 'invoice' } });
    await waitFor(() => atErp(orderId).length === 2 && atWms(orderId).length === 2, 15_000, 'cancels');
    const erpCancel = envelope(atErp(orderId)[1] as SinkRequest);
    expect(erpCancel.type).toBe('order.cancelled');
    expect(erpCancel.data.lines.map((l) => l.sku)).toEqual(['A-1']);
    expect(atWms(orderId)[1]).toMatchObject({ operation: 'cancel', revision: 2, lines: ['B-1'] });
    const record = await t.hub.store.getOrder(orderId);
    expect(record?.state).toBe('active');
    const held = await t.hub.store.listExceptions({ orderId, kind: 'held', limit: 10 });
    expect(held.items).toEqual([]);
  });
});
