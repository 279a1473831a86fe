import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { contentHash, deliveryKey, inboxEventId, orderId, randomId, stableId } from '../../src/core/ids';
import { completeOrder, type CanonicalDraft } from '../../src/core/order';
import type { Store } from '../../src/store/port';
import type * as T from '../../src/store/types';
import { describeOrderSearch } from './search-contract';

/*
 * The store contract: one suite every adapter runs (SQLite always, MongoDB when MONGODB_URL is set).
 * `open` must give an empty store each time; the suite calls `init()` itself (again, to prove it is idempotent).
 */

const T0 = Date.parse('2024-05-01T10:00:00.000Z');
/** A timestamp `seconds` after the suite's epoch, as the hub writes them (`toISOString`). */
const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();

function draft(connectionId: string, externalId: string, note = 'first'): CanonicalDraft {
  return {
    channel: {
      connector: 'test-shop',
      connectionId,
      externalId,
      orderNumber: `#${externalId}`,
      sourceType: 'web',
    },
    placedAt: '2024-04-30T08:00:00.000Z',
    updatedAt: '2024-04-30T08:00:00.000Z',
    currency: 'EUR',
    taxesIncluded: true,
    status: { order: 'open', payment: 'paid', fulfillment: 'unfulfilled' },
    customer: { email: null },
    shippingAddress: { countryCode: 'DE', city: 'Berlin' },
    billingAddress: null,
    lines: [
      {
        id: 'l1',
        sku: 'SKU-1',
        name: 'Mug',
        quantity: 2,
        unitPrice: '5.00',
        discount: '0.00',
        tax: '1.60',
        total: '10.00',
      },
    ],
    shippingLines: [],
    taxLines: [{ title: 'VAT', rate: '0.19', amount: '1.60' }],
    discounts: [],
    refunds: [],
    totals: { subtotal: '10.00', discount: '0.00', shipping: '0.00', tax: '1.60', total: '10.00' },
    attributes: { 'gift.message': 'hi' },
    note,
  };
}

interface OrderSpec {
  connectionId?: string;
  externalId?: string;
  channelRevision: string;
  note?: string;
  at?: string;
  state?: T.OrderState;
}

/** A `recordOrder` input whose content (and so hash) is set by `note`; `build` is a spy. */
function orderInput(spec: OrderSpec) {
  const connectionId = spec.connectionId ?? 'con_a';
  const externalId = spec.externalId ?? '1001';
  const id = orderId(connectionId, externalId);
  const d = draft(connectionId, externalId, spec.note);
  const build = vi.fn((revision: number) =>
    completeOrder({ ...d, channel: { ...d.channel, revision: spec.channelRevision } }, id, revision),
  );
  const input: T.RecordOrderInput = {
    orderId: id,
    inboxEventId: inboxEventId(connectionId, externalId, spec.channelRevision),
    channelRevision: spec.channelRevision,
    hash: contentHash(d),
    state: spec.state ?? 'active',
    build,
    at: spec.at ?? at(0),
  };
  return { input, build };
}

function connection(overrides: Partial<T.ConnectionRecord> = {}): T.ConnectionRecord {
  return {
    id: randomId('con'),
    connector: 'test-shop',
    kind: 'source',
    name: 'Shop',
    enabled: true,
    config: { shop: 'demo', nested: { a: [1, 2], b: null } },
    secrets: null,
    secretFields: [],
    health: 'unknown',
    healthCode: null,
    healthMessage: null,
    healthAt: null,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

function inboxEvent(overrides: Partial<T.NewInboxEvent> & { externalId: string }): T.NewInboxEvent {
  const connectionId = overrides.connectionId ?? 'con_a';
  const revision = overrides.revision ?? '1';
  return {
    id: inboxEventId(connectionId, overrides.externalId, revision),
    connectionId,
    revision,
    source: 'webhook',
    raw: JSON.stringify({ id: overrides.externalId, revision }),
    receivedAt: at(0),
    ...overrides,
  };
}

function newDelivery(spec: Partial<T.NewDelivery> & { orderId?: string } = {}): T.NewDelivery {
  const destinationId = spec.destinationId ?? 'con_dest';
  const order = spec.orderId ?? orderId('con_a', '1001');
  const revision = spec.revision ?? 1;
  const operation = spec.operation ?? 'upsert';
  return {
    id: deliveryKey(destinationId, order, revision, operation),
    orderId: order,
    revision,
    operation,
    destinationId,
    createdAt: at(0),
    ...spec,
  };
}

function exception(overrides: Partial<T.ExceptionRecord> = {}): T.ExceptionRecord {
  return {
    id: randomId('exc'),
    kind: 'quarantined',
    code: 'mapping_failed',
    message: 'unknown status "weird"',
    connectionId: 'con_a',
    inboxEventId: null,
    orderId: null,
    deliveryId: null,
    state: 'open',
    createdAt: at(0),
    resolvedAt: null,
    resolution: null,
    ...overrides,
  };
}

/** Pages through a list with `limit`, failing if the cursor loops. */
async function pageAll<R>(
  list: (cursor: string | undefined) => Promise<T.PageOf<R>>,
  maxPages = 50,
): Promise<R[][]> {
  const pages: R[][] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await list(cursor);
    pages.push(page.items);
    if (page.nextCursor === null) return pages;
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

/** The list order every paged list uses: createdAt desc, then id desc. */
const byNewest = <R extends { createdAt: string; id: string }>(a: R, b: R): number =>
  a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1;

export function describeStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await open();
      await store.init();
    });

    afterEach(async () => {
      await store.close();
    });

    describe('lifecycle', () => {
      it('init is idempotent and ping answers', async () => {
        await store.init();
        await expect(store.ping()).resolves.toBeUndefined();
        expect(['sqlite', 'mongodb']).toContain(store.kind);
      });
    });

    describe('connections', () => {
      it('stores and reads a connection back exactly', async () => {
        const c = connection({ enabled: false, secrets: 'v1.a.b.c', secretFields: ['apiKey', 'secret'] });
        await store.insertConnection(c);
        expect(await store.getConnection(c.id)).toEqual(c);
        expect(await store.getConnection('con_missing')).toBeNull();
      });

      it('refuses a second connection with the same id', async () => {
        const c = connection();
        await store.insertConnection(c);
        await expect(store.insertConnection({ ...c, name: 'other' })).rejects.toThrow();
        expect((await store.getConnection(c.id))?.name).toBe('Shop');
      });

      it('lists connections oldest first, filtered by kind', async () => {
        const b = connection({ kind: 'destination', createdAt: at(2), updatedAt: at(2) });
        const a = connection({ kind: 'source', createdAt: at(1), updatedAt: at(1) });
        const c = connection({ kind: 'source', createdAt: at(3), updatedAt: at(3) });
        for (const x of [b, a, c]) await store.insertConnection(x);
        expect((await store.listConnections()).map((x) => x.id)).toEqual([a.id, b.id, c.id]);
        expect((await store.listConnections({ kind: 'source' })).map((x) => x.id)).toEqual([a.id, c.id]);
        expect((await store.listConnections({ kind: 'destination' })).map((x) => x.id)).toEqual([b.id]);
      });

      it('patches only the given fields and stamps updatedAt', async () => {
        const c = connection({ secrets: 'v1.old', secretFields: ['apiKey'] });
        await store.insertConnection(c);
        const updated = await store.updateConnection(
          c.id,
          {
            name: 'Renamed',
            enabled: false,
            config: { shop: 'other' },
            health: 'error',
            healthCode: 'auth_failed',
            healthAt: at(5),
          },
          at(5),
        );
        const expected: T.ConnectionRecord = {
          ...c,
          name: 'Renamed',
          enabled: false,
          config: { shop: 'other' },
          health: 'error',
          healthCode: 'auth_failed',
          healthAt: at(5),
          updatedAt: at(5),
        };
        expect(updated).toEqual(expected);
        expect(await store.getConnection(c.id)).toEqual(expected);

        const cleared = await store.updateConnection(
          c.id,
          { secrets: null, secretFields: [], healthCode: null },
          at(6),
        );
        expect(cleared).toEqual({
          ...expected,
          secrets: null,
          secretFields: [],
          healthCode: null,
          updatedAt: at(6),
        });
        expect(await store.updateConnection('con_missing', { name: 'x' }, at(7))).toBeNull();
      });

      it('deletes a connection once', async () => {
        const c = connection();
        await store.insertConnection(c);
        expect(await store.deleteConnection(c.id)).toBe(true);
        expect(await store.deleteConnection(c.id)).toBe(false);
        expect(await store.getConnection(c.id)).toBeNull();
        expect(await store.listConnections()).toEqual([]);
      });
    });

    describe('inbox', () => {
      it('stores new events as pending and answers false for duplicates', async () => {
        const e1 = inboxEvent({ externalId: '1' });
        const e2 = inboxEvent({ externalId: '2' });
        expect(await store.insertInbox([e1, e2])).toEqual([true, true]);
        const e3 = inboxEvent({ externalId: '3' });
        expect(await store.insertInbox([{ ...e1, raw: '{"changed":true}' }, e3])).toEqual([false, true]);
        expect(await store.getInbox(e1.id)).toEqual({
          ...e1,
          state: 'pending',
          updatedAt: e1.receivedAt,
          orderId: null,
          errorCode: null,
          errorMessage: null,
        });
        expect(await store.insertInbox([])).toEqual([]);
        expect(await store.getInbox('evt_missing')).toBeNull();
      });

      it('dedups within one batch, first one wins', async () => {
        const e = inboxEvent({ externalId: '7', raw: '"first"' });
        const other = inboxEvent({ externalId: '8' });
        expect(await store.insertInbox([e, { ...e, raw: '"second"' }, other, e])).toEqual([
          true,
          false,
          true,
          false,
        ]);
        expect((await store.getInbox(e.id))?.raw).toBe('"first"');
      });

      it('patches an event', async () => {
        const e = inboxEvent({ externalId: '1' });
        await store.insertInbox([e]);
        const oid = orderId('con_a', '1');
        await store.updateInbox(e.id, { state: 'done', orderId: oid }, at(3));
        expect(await store.getInbox(e.id)).toMatchObject({
          state: 'done',
          orderId: oid,
          raw: e.raw,
          updatedAt: at(3),
          errorCode: null,
        });
        await store.updateInbox(
          e.id,
          { state: 'quarantined', raw: '{"fixed":1}', errorCode: 'bad', errorMessage: 'why' },
          at(4),
        );
        expect(await store.getInbox(e.id)).toMatchObject({
          state: 'quarantined',
          raw: '{"fixed":1}',
          errorCode: 'bad',
          errorMessage: 'why',
          orderId: oid,
          receivedAt: e.receivedAt,
          updatedAt: at(4),
        });
      });

      it('lists pending events received before a time, oldest first, up to a limit', async () => {
        const events = [3, 1, 4, 2, 9].map((s) => inboxEvent({ externalId: `e${s}`, receivedAt: at(s) }));
        await store.insertInbox(events);
        await store.updateInbox(inboxEventId('con_a', 'e2', '1'), { state: 'done' }, at(5));
        const externalIdOf = new Map(events.map((e) => [e.id, e.externalId]));
        const ids = (list: string[]) => list.map((id) => externalIdOf.get(id));
        expect(ids(await store.listPendingInbox(at(9), 10))).toEqual(['e1', 'e3', 'e4']);
        expect(ids(await store.listPendingInbox(at(4), 10))).toEqual(['e1', 'e3']);
        expect(ids(await store.listPendingInbox(at(10), 2))).toEqual(['e1', 'e3']);
        expect(await store.listPendingInbox(at(1), 10)).toEqual([]);
      });
    });

    describe('orders: recordOrder', () => {
      it('creates revision 1 of a new order', async () => {
        const { input, build } = orderInput({ channelRevision: '1', state: 'held', at: at(1) });
        const result = await store.recordOrder(input);
        expect(result.outcome).toBe('created');
        expect(build.mock.calls.every(([r]) => r === 1)).toBe(true);
        const expected: T.OrderRecord = {
          id: input.orderId,
          connectionId: 'con_a',
          connector: 'test-shop',
          externalId: '1001',
          orderNumber: '#1001',
          revision: 1,
          channelRevision: '1',
          state: 'held',
          hash: input.hash,
          placedAt: '2024-04-30T08:00:00.000Z',
          createdAt: at(1),
          updatedAt: at(1),
          order: build(1),
        };
        expect(result.order).toEqual(expected);
        expect(await store.getOrder(input.orderId)).toEqual(expected);
        expect(await store.listOrderRevisions(input.orderId)).toEqual([
          {
            orderId: input.orderId,
            revision: 1,
            channelRevision: '1',
            inboxEventId: input.inboxEventId,
            hash: input.hash,
            createdAt: at(1),
            order: build(1),
          },
        ]);
        expect(await store.getOrder('ord_missing')).toBeNull();
      });

      it('a newer channel revision with changed content makes hub revision 2 and keeps revision 1', async () => {
        const first = orderInput({ channelRevision: '1', at: at(1) });
        await store.recordOrder(first.input);
        const second = orderInput({ channelRevision: '2', note: 'second', at: at(2) });
        const result = await store.recordOrder(second.input);
        expect(result.outcome).toBe('updated');
        expect(result.order).toMatchObject({
          revision: 2,
          channelRevision: '2',
          hash: second.input.hash,
          createdAt: at(1),
          updatedAt: at(2),
        });
        expect(result.order.order).toEqual(second.build(2));
        expect(second.build.mock.calls.every(([r]) => r === 2)).toBe(true);
        expect(await store.getOrder(first.input.orderId)).toEqual(result.order);

        const revisions = await store.listOrderRevisions(first.input.orderId);
        expect(revisions.map((r) => [r.revision, r.channelRevision, r.hash, r.inboxEventId])).toEqual([
          [1, '1', first.input.hash, first.input.inboxEventId],
          [2, '2', second.input.hash, second.input.inboxEventId],
        ]);
        expect((await store.getOrderRevision(first.input.orderId, 1))?.order).toEqual(first.build(1));
        expect((await store.getOrderRevision(first.input.orderId, 2))?.order.note).toBe('second');
        expect(await store.getOrderRevision(first.input.orderId, 3)).toBeNull();
      });

      it('the same content is unchanged, whatever the channel revision', async () => {
        const first = orderInput({ channelRevision: '1', at: at(1) });
        await store.recordOrder(first.input);
        const again = orderInput({ channelRevision: '1', at: at(2) });
        const same = await store.recordOrder(again.input);
        expect(same.outcome).toBe('unchanged');
        expect(same.order).toMatchObject({ revision: 1, hash: first.input.hash, updatedAt: at(1) });

        const newer = orderInput({ channelRevision: '3', at: at(3) });
        const result = await store.recordOrder(newer.input);
        expect(result.outcome).toBe('unchanged');
        expect(result.order.revision).toBe(1);
        expect(await store.listOrderRevisions(first.input.orderId)).toHaveLength(1);
        // The hub has now seen channel revision 3: a late revision 2 is older, even with other content.
        const late = orderInput({ channelRevision: '2', note: 'late', at: at(4) });
        expect((await store.recordOrder(late.input)).outcome).toBe('stale');
      });

      it('an older channel revision is stale and never overwrites', async () => {
        const current = orderInput({ channelRevision: '5', at: at(1) });
        await store.recordOrder(current.input);
        const older = orderInput({ channelRevision: '4', note: 'older', at: at(2) });
        const result = await store.recordOrder(older.input);
        expect(result.outcome).toBe('stale');
        expect(result.order).toMatchObject({ revision: 1, channelRevision: '5', hash: current.input.hash });
        expect(older.build).not.toHaveBeenCalled();
        const stored = await store.getOrder(current.input.orderId);
        expect(stored?.order.note).toBe('first');
        expect(stored?.updatedAt).toBe(at(1));
        expect(await store.listOrderRevisions(current.input.orderId)).toHaveLength(1);
      });

      it('the same channel revision with changed content is an update', async () => {
        await store.recordOrder(orderInput({ channelRevision: '1' }).input);
        const fixed = orderInput({ channelRevision: '1', note: 'remapped', at: at(2) });
        const result = await store.recordOrder(fixed.input);
        expect(result.outcome).toBe('updated');
        expect(result.order.revision).toBe(2);
        expect(result.order.order.note).toBe('remapped');
      });

      it('compares integer channel revisions numerically', async () => {
        await store.recordOrder(orderInput({ channelRevision: '9' }).input);
        const ten = await store.recordOrder(orderInput({ channelRevision: '10', note: 'ten' }).input);
        expect(ten.outcome).toBe('updated');
        expect(ten.order.channelRevision).toBe('10');
        expect(
          (await store.recordOrder(orderInput({ channelRevision: '9', note: 'nine' }).input)).outcome,
        ).toBe('stale');
      });

      it('compares timestamp channel revisions by instant, not by text', async () => {
        await store.recordOrder(orderInput({ channelRevision: '2024-05-01T10:00:00Z' }).input);
        // 09:00Z: textually larger, but earlier.
        const earlier = await store.recordOrder(
          orderInput({ channelRevision: '2024-05-01T11:00:00+02:00', note: 'x' }).input,
        );
        expect(earlier.outcome).toBe('stale');
        // 11:00Z: textually smaller, but later.
        const later = await store.recordOrder(
          orderInput({ channelRevision: '2024-05-01T06:00:00-05:00', note: 'y' }).input,
        );
        expect(later.outcome).toBe('updated');
        expect(later.order.channelRevision).toBe('2024-05-01T06:00:00-05:00');
      });

      it('counts hub revisions up, one per change, listed in order', async () => {
        for (const [i, rev] of ['1', '2', '3'].entries()) {
          await store.recordOrder(orderInput({ channelRevision: rev, note: `n${rev}`, at: at(i) }).input);
        }
        const id = orderId('con_a', '1001');
        expect((await store.listOrderRevisions(id)).map((r) => r.revision)).toEqual([1, 2, 3]);
        expect((await store.getOrder(id))?.revision).toBe(3);
        expect(await store.listOrderRevisions('ord_missing')).toEqual([]);
      });

      it('stays consistent when revisions of one order arrive concurrently', async () => {
        const revs = ['3', '1', '5', '2', '4'];
        const results = await Promise.all(
          revs.map((r) => store.recordOrder(orderInput({ channelRevision: r, note: `n${r}` }).input)),
        );
        expect(results.filter((r) => r.outcome === 'created')).toHaveLength(1);
        const applied = results.filter((r) => r.outcome === 'created' || r.outcome === 'updated').length;
        const id = orderId('con_a', '1001');
        const order = await store.getOrder(id);
        expect(order?.channelRevision).toBe('5');
        expect(order?.revision).toBe(applied);
        expect(order?.order.note).toBe('n5');
        expect((await store.listOrderRevisions(id)).map((r) => r.revision)).toEqual(
          Array.from({ length: applied }, (_, i) => i + 1),
        );
      });

      it('sets the order state without a new revision', async () => {
        const { input } = orderInput({ channelRevision: '1', at: at(1) });
        await store.recordOrder(input);
        await store.setOrderState(input.orderId, 'held', at(2));
        expect(await store.getOrder(input.orderId)).toMatchObject({
          state: 'held',
          revision: 1,
          updatedAt: at(2),
          createdAt: at(1),
        });
        expect(await store.listOrderRevisions(input.orderId)).toHaveLength(1);
      });
    });

    describe('orders: listOrders', () => {
      async function seed(): Promise<T.OrderRecord[]> {
        const created: T.OrderRecord[] = [];
        // Several orders share a createdAt, so the id breaks ties.
        const plan: [string, string, number][] = [
          ['con_a', 'a1', 1],
          ['con_a', 'a2', 2],
          ['con_b', 'b1', 2],
          ['con_a', 'a3', 2],
          ['con_b', 'b2', 3],
          ['con_a', 'a4', 4],
          ['con_b', 'b3', 4],
        ];
        for (const [connectionId, externalId, s] of plan) {
          const r = await store.recordOrder(
            orderInput({ connectionId, externalId, channelRevision: '1', at: at(s) }).input,
          );
          created.push(r.order);
        }
        return created;
      }

      it('pages through every order newest first, without gaps or repeats', async () => {
        const all = await seed();
        const expected = [...all].sort(byNewest).map((o) => o.id);
        for (const limit of [1, 2, 3, 7, 10]) {
          const pages = await pageAll((cursor) => store.listOrders({ limit, cursor }));
          expect(pages.flat().map((o) => o.id)).toEqual(expected);
          expect(pages.every((p) => p.length <= limit)).toBe(true);
          expect(pages.slice(0, -1).every((p) => p.length === limit)).toBe(true);
        }
        const exact = await store.listOrders({ limit: 7 });
        expect(exact.items).toHaveLength(7);
        expect(exact.nextCursor).toBeNull();
      });

      it('keeps an order in place when it gets a new revision', async () => {
        const all = await seed();
        const first = await store.listOrders({ limit: 3 });
        // a1 is the oldest; updating it must not move it before the cursor.
        await store.recordOrder(
          orderInput({ connectionId: 'con_a', externalId: 'a1', channelRevision: '2', note: 'u', at: at(9) })
            .input,
        );
        const ids = first.items.map((o) => o.id);
        let cursor = first.nextCursor;
        while (cursor) {
          const page = await store.listOrders({ limit: 3, cursor });
          ids.push(...page.items.map((o) => o.id));
          cursor = page.nextCursor;
        }
        expect(ids).toEqual([...all].sort(byNewest).map((o) => o.id));
        expect((await store.getOrder(orderId('con_a', 'a1')))?.revision).toBe(2);
      });

      it('filters by connection, state, order number and external id, also across pages', async () => {
        const all = await seed();
        const a = all
          .filter((o) => o.connectionId === 'con_a')
          .sort(byNewest)
          .map((o) => o.id);
        const pages = await pageAll((cursor) =>
          store.listOrders({ connectionId: 'con_a', limit: 2, cursor }),
        );
        expect(pages.flat().map((o) => o.id)).toEqual(a);

        await store.setOrderState(orderId('con_b', 'b2'), 'held', at(5));
        await store.setOrderState(orderId('con_a', 'a1'), 'held', at(5));
        const held = await store.listOrders({ state: 'held', limit: 10 });
        expect(held.items.map((o) => o.externalId)).toEqual(['b2', 'a1']);
        expect(
          (await store.listOrders({ state: 'held', connectionId: 'con_b', limit: 10 })).items.map(
            (o) => o.externalId,
          ),
        ).toEqual(['b2']);
        expect((await store.listOrders({ state: 'active', limit: 10 })).items).toHaveLength(5);

        expect((await store.listOrders({ orderNumber: '#a3', limit: 10 })).items.map((o) => o.id)).toEqual([
          orderId('con_a', 'a3'),
        ]);
        expect((await store.listOrders({ externalId: 'b3', limit: 10 })).items.map((o) => o.id)).toEqual([
          orderId('con_b', 'b3'),
        ]);
        expect(
          (await store.listOrders({ externalId: 'b3', connectionId: 'con_a', limit: 10 })).items,
        ).toEqual([]);
        expect(await store.listOrders({ orderNumber: '#none', limit: 10 })).toEqual({
          items: [],
          nextCursor: null,
        });
      });
    });

    describe('deliveries', () => {
      it('inserts new rows with defaults and ignores existing ids', async () => {
        const d1 = newDelivery({ revision: 1, createdAt: at(1) });
        const d2 = newDelivery({ revision: 2, createdAt: at(2) });
        const inserted = await store.insertDeliveries([d1, d2]);
        const defaults = {
          state: 'pending',
          attempts: 0,
          generation: 0,
          leaseUntil: null,
          remoteId: null,
          lastErrorKind: null,
          lastErrorCode: null,
          lastErrorMessage: null,
          deliveredAt: null,
        };
        expect(inserted).toEqual([
          { ...d1, ...defaults, nextAttemptAt: at(1), updatedAt: at(1) },
          { ...d2, ...defaults, nextAttemptAt: at(2), updatedAt: at(2) },
        ]);
        expect(await store.getDelivery(d1.id)).toEqual(inserted[0]);

        await store.updateDelivery(d1.id, { state: 'delivered', deliveredAt: at(3) }, at(3));
        const d3 = newDelivery({ revision: 3, createdAt: at(4) });
        const again = await store.insertDeliveries([{ ...d1, createdAt: at(4) }, d3, d3]);
        expect(again.map((d) => d.id)).toEqual([d3.id]);
        expect(await store.getDelivery(d1.id)).toMatchObject({ state: 'delivered', createdAt: at(1) });
        expect(await store.insertDeliveries([])).toEqual([]);
        expect(await store.getDelivery('dlv_missing')).toBeNull();
      });

      it('patches a delivery, and compare-and-sets on its state', async () => {
        const d = newDelivery();
        await store.insertDeliveries([d]);
        expect(
          await store.updateDelivery(d.id, { state: 'delivering', leaseUntil: at(60), attempts: 1 }, at(1), [
            'pending',
            'retrying',
          ]),
        ).toBe(true);
        expect(
          await store.updateDelivery(d.id, { state: 'delivering', leaseUntil: at(90) }, at(2), [
            'pending',
            'retrying',
          ]),
        ).toBe(false);
        expect(await store.getDelivery(d.id)).toMatchObject({
          state: 'delivering',
          leaseUntil: at(60),
          attempts: 1,
          updatedAt: at(1),
        });

        const patch: T.DeliveryPatch = {
          state: 'retrying',
          generation: 2,
          nextAttemptAt: at(30),
          leaseUntil: null,
          lastErrorKind: 'transient',
          lastErrorCode: 'http_503',
          lastErrorMessage: 'unavailable',
        };
        expect(await store.updateDelivery(d.id, patch, at(3))).toBe(true);
        expect(await store.getDelivery(d.id)).toMatchObject({ ...patch, attempts: 1, updatedAt: at(3) });
        expect(
          await store.updateDelivery(
            d.id,
            { state: 'delivered', remoteId: 'R-1', deliveredAt: at(4) },
            at(4),
            ['retrying'],
          ),
        ).toBe(true);
        expect(await store.getDelivery(d.id)).toMatchObject({
          state: 'delivered',
          remoteId: 'R-1',
          deliveredAt: at(4),
        });
        expect(await store.updateDelivery('dlv_missing', { state: 'dead' }, at(5))).toBe(false);
      });

      it('lets exactly one of two concurrent claims win', async () => {
        const d = newDelivery();
        await store.insertDeliveries([d]);
        const claims = await Promise.all(
          [1, 2, 3].map((n) =>
            store.updateDelivery(d.id, { state: 'delivering', leaseUntil: at(60 + n) }, at(n), ['pending']),
          ),
        );
        expect(claims.filter(Boolean)).toHaveLength(1);
      });

      it('lists deliveries by order, destination and state, paged newest first', async () => {
        const o1 = orderId('con_a', '1');
        const o2 = orderId('con_a', '2');
        const rows = [
          newDelivery({ orderId: o1, destinationId: 'con_x', createdAt: at(1) }),
          newDelivery({ orderId: o1, destinationId: 'con_y', createdAt: at(1) }),
          newDelivery({ orderId: o1, destinationId: 'con_x', revision: 2, createdAt: at(2) }),
          newDelivery({ orderId: o2, destinationId: 'con_x', createdAt: at(2) }),
          newDelivery({ orderId: o2, destinationId: 'con_x', operation: 'cancel', createdAt: at(3) }),
        ];
        await store.insertDeliveries(rows);
        const inserted = (await Promise.all(rows.map((r) => store.getDelivery(r.id)))).filter(
          (d): d is T.DeliveryRecord => d !== null,
        );
        const sorted = [...inserted].sort(byNewest);
        const pages = await pageAll((cursor) => store.listDeliveries({ limit: 2, cursor }));
        expect(pages.flat()).toEqual(sorted);
        expect(pages).toHaveLength(3);

        const ofO1 = await pageAll((cursor) => store.listDeliveries({ orderId: o1, limit: 1, cursor }));
        expect(ofO1.flat().map((d) => d.id)).toEqual(sorted.filter((d) => d.orderId === o1).map((d) => d.id));
        const x = await store.listDeliveries({ destinationId: 'con_x', limit: 10 });
        expect(x.items.map((d) => d.id)).toEqual(
          sorted.filter((d) => d.destinationId === 'con_x').map((d) => d.id),
        );
        await store.updateDelivery(rows[3]!.id, { state: 'dead' }, at(5));
        expect((await store.listDeliveries({ state: 'dead', limit: 10 })).items.map((d) => d.id)).toEqual([
          rows[3]!.id,
        ]);
        expect(
          (await store.listDeliveries({ state: 'dead', destinationId: 'con_y', limit: 10 })).items,
        ).toEqual([]);
        expect(
          (
            await store.listDeliveries({ orderId: o2, destinationId: 'con_x', state: 'pending', limit: 10 })
          ).items.map((d) => d.id),
        ).toEqual([rows[4]!.id]);
      });

      it('lists due deliveries: pending/retrying due by now, delivering with an expired lease, oldest first', async () => {
        const now = at(100);
        const make = (n: number) => newDelivery({ revision: n, createdAt: at(n) });
        const rows = Array.from({ length: 10 }, (_, i) => make(i + 1));
        await store.insertDeliveries(rows);
        const set = (i: number, patch: T.DeliveryPatch) => store.updateDelivery(rows[i]!.id, patch, at(50));
        await set(0, { nextAttemptAt: at(90) }); // pending, due
        await set(1, { nextAttemptAt: now }); // pending, due exactly now
        await set(2, { nextAttemptAt: at(101) }); // pending, not yet
        await set(3, { state: 'retrying', nextAttemptAt: at(80) }); // due
        await set(4, { state: 'retrying', nextAttemptAt: at(150) }); // not yet
        await set(5, { state: 'delivering', nextAttemptAt: at(10), leaseUntil: at(99) }); // lease ran out
        await set(6, { state: 'delivering', nextAttemptAt: at(20), leaseUntil: at(160) }); // lease held
        await set(7, { state: 'delivered', nextAttemptAt: at(5), deliveredAt: at(60) });
        await set(8, { state: 'dead', nextAttemptAt: at(6) });
        await set(9, { state: 'delivering', nextAttemptAt: at(1), leaseUntil: now }); // lease ends now: still held
        const due = await store.listDueDeliveries(now, 10);
        expect(due.map((d) => d.revision)).toEqual([6, 4, 1, 2]);
        expect((await store.listDueDeliveries(now, 2)).map((d) => d.revision)).toEqual([6, 4]);
        expect(await store.listDueDeliveries(at(0), 10)).toEqual([]);
      });

      it('records attempts and lists them in order', async () => {
        const d = newDelivery();
        const attempts: T.DeliveryAttempt[] = [
          {
            deliveryId: d.id,
            attempt: 2,
            at: at(20),
            outcome: 'delivered',
            code: null,
            message: null,
            httpStatus: 201,
            durationMs: 35,
          },
          {
            deliveryId: d.id,
            attempt: 1,
            at: at(10),
            outcome: 'transient',
            code: 'http_503',
            message: 'unavailable',
            httpStatus: 503,
            durationMs: 120,
          },
          {
            deliveryId: 'dlv_other',
            attempt: 1,
            at: at(5),
            outcome: 'rate_limited',
            code: 'http_429',
            message: null,
            httpStatus: 429,
            durationMs: 3,
          },
          {
            deliveryId: d.id,
            attempt: 3,
            at: at(30),
            outcome: 'duplicate',
            code: null,
            message: null,
            httpStatus: null,
            durationMs: 0,
          },
        ];
        for (const a of attempts) await store.addAttempt(a);
        expect(await store.listAttempts(d.id)).toEqual([attempts[1], attempts[0], attempts[3]]);
        expect(await store.listAttempts('dlv_none')).toEqual([]);
      });

      it('finishes an attempt: patches the row, logs the attempt and resolves its exceptions when asked', async () => {
        const [d] = await store.insertDeliveries([newDelivery()]);
        if (!d) throw new Error('no delivery');
        await store.insertException(exception({ id: 'exc_1', deliveryId: d.id }));
        await store.insertException(exception({ id: 'exc_2', deliveryId: 'dlv_other' }));
        const attempt: T.DeliveryAttempt = {
          deliveryId: d.id,
          attempt: 1,
          at: at(5),
          outcome: 'transient',
          code: 'HTTP_503',
          message: 'down',
          httpStatus: 503,
          durationMs: 9,
        };
        await store.finishAttempt(
          d.id,
          { state: 'retrying', attempts: 1, lastErrorKind: 'transient' },
          attempt,
          at(5),
        );
        expect(await store.getDelivery(d.id)).toMatchObject({
          state: 'retrying',
          attempts: 1,
          lastErrorKind: 'transient',
          updatedAt: at(5),
        });
        expect((await store.getException('exc_1'))?.state).toBe('open');
        const second = {
          ...attempt,
          attempt: 2,
          at: at(9),
          outcome: 'delivered' as const,
          code: null,
          message: null,
          httpStatus: null,
        };
        await store.finishAttempt(
          d.id,
          { state: 'delivered', attempts: 2, remoteId: 'R1' },
          second,
          at(9),
          'delivered',
        );
        expect(await store.getDelivery(d.id)).toMatchObject({
          state: 'delivered',
          attempts: 2,
          remoteId: 'R1',
        });
        expect(await store.listAttempts(d.id)).toEqual([attempt, second]);
        expect(await store.getException('exc_1')).toMatchObject({
          state: 'resolved',
          resolution: 'delivered',
          resolvedAt: at(9),
        });
        expect((await store.getException('exc_2'))?.state).toBe('open');
      });

      it('claims a delivery once per lease, and again only after the lease ran out', async () => {
        const [d] = await store.insertDeliveries([newDelivery()]);
        if (!d) throw new Error('no delivery');
        expect(await store.claimDelivery('dlv_none', at(1), at(61))).toBeNull();
        expect(await store.claimDelivery(d.id, at(1), at(61))).toMatchObject({
          id: d.id,
          state: 'delivering',
          leaseUntil: at(61),
          updatedAt: at(1),
        });
        expect(await store.claimDelivery(d.id, at(2), at(62))).toBeNull();
        expect(await store.claimDelivery(d.id, at(61), at(121))).toMatchObject({
          state: 'delivering',
          leaseUntil: at(121),
        });
        await store.updateDelivery(d.id, { state: 'retrying', leaseUntil: null }, at(70));
        expect(await store.claimDelivery(d.id, at(71), at(131))).toMatchObject({ state: 'delivering' });
        await store.updateDelivery(d.id, { state: 'delivered', leaseUntil: null }, at(80));
        expect(await store.claimDelivery(d.id, at(200), at(260))).toBeNull();
        const [other] = await store.insertDeliveries([newDelivery({ destinationId: 'con_dest_2' })]);
        if (!other) throw new Error('no delivery');
        const claims = await Promise.all(
          [1, 2, 3].map(() => store.claimDelivery(other.id, at(300), at(360))),
        );
        expect(claims.filter((c) => c !== null)).toHaveLength(1);
      });

      it('answers the current hub revision of an order without its body', async () => {
        const first = orderInput({ channelRevision: '1', note: 'a' });
        expect(await store.currentRevision(first.input.orderId)).toBeNull();
        await store.recordOrder(first.input);
        expect(await store.currentRevision(first.input.orderId)).toBe(1);
        await store.recordOrder(orderInput({ channelRevision: '2', note: 'b' }).input);
        expect(await store.currentRevision(first.input.orderId)).toBe(2);
      });

      it('counts deliveries by destination and state', async () => {
        expect(await store.countDeliveries()).toEqual([]);
        const rows = [1, 2, 3].map((revision) => newDelivery({ revision, destinationId: 'con_x' }));
        const y = newDelivery({ destinationId: 'con_y' });
        await store.insertDeliveries([...rows, y]);
        await store.updateDelivery(rows[0]!.id, { state: 'delivered' }, at(1));
        const key = (c: { destinationId: string; state: string }) => `${c.destinationId}/${c.state}`;
        const counts = (await store.countDeliveries()).sort((a, b) => key(a).localeCompare(key(b)));
        expect(counts).toEqual([
          { destinationId: 'con_x', state: 'delivered', count: 1 },
          { destinationId: 'con_x', state: 'pending', count: 2 },
          { destinationId: 'con_y', state: 'pending', count: 1 },
        ]);
      });
    });

    describe('shipments', () => {
      const report = (orderKey: string, shipmentId: string, extra: Record<string, unknown> = {}) => ({
        orderId: orderKey,
        shipmentId,
        shippedAt: '2024-05-01T12:00:00+02:00',
        carrier: 'UPS',
        trackingNumber: `1Z${shipmentId}`,
        ...extra,
      });
      const row = (reporter: string, r: ReturnType<typeof report>, seconds: number): T.NewShipment => ({
        id: stableId('shp', reporter, r.shipmentId),
        reporterId: reporter,
        orderId: r.orderId,
        shipmentId: r.shipmentId,
        report: r,
        hash: contentHash(r),
        createdAt: at(seconds),
      });

      it('inserts new shipments pending, drops identical repeats, and re-opens a changed one', async () => {
        const o = orderId('con_shop', '1001');
        const first = row('con_wms', report(o, 'S1'), 1);
        expect(await store.upsertShipments([first, row('con_wms', report(o, 'S2'), 2)])).toEqual([
          'inserted',
          'inserted',
        ]);
        await store.setShipmentState(first.id, 'written', at(3));
        expect(await store.upsertShipments([row('con_wms', report(o, 'S1'), 4)])).toEqual(['duplicate']);
        expect((await store.getShipment(first.id))?.state).toBe('written');
        const voided = row('con_wms', report(o, 'S1', { voided: true }), 5);
        expect(await store.upsertShipments([voided])).toEqual(['updated']);
        const got = await store.getShipment(first.id);
        expect(got).toMatchObject({ state: 'pending', reporterId: 'con_wms', orderId: o, shipmentId: 'S1' });
        expect(got?.report).toEqual(report(o, 'S1', { voided: true }));
        expect(got?.createdAt).toBe(at(1));
        expect(got?.updatedAt).toBe(at(5));
        expect(await store.getShipment('shp_missing')).toBeNull();
      });

      it('lists shipments newest first, by order and state, with cursors', async () => {
        const a = orderId('con_shop', 'A');
        const b = orderId('con_shop', 'B');
        await store.upsertShipments([
          row('con_wms', report(a, 'S1'), 1),
          row('con_wms', report(b, 'S2'), 2),
          row('api', report(a, 'S3'), 3),
        ]);
        await store.setShipmentState(stableId('shp', 'api', 'S3'), 'written', at(4));
        const forA = await store.listShipments({ orderId: a, limit: 10 });
        expect(forA.items.map((s) => s.shipmentId)).toEqual(['S3', 'S1']);
        const pending = await store.listShipments({ state: 'pending', limit: 10 });
        expect(pending.items.map((s) => s.shipmentId)).toEqual(['S2', 'S1']);
        const page1 = await store.listShipments({ limit: 2 });
        expect(page1.items.map((s) => s.shipmentId)).toEqual(['S3', 'S2']);
        expect(page1.nextCursor).not.toBeNull();
        const page2 = await store.listShipments({ limit: 2, cursor: page1.nextCursor ?? undefined });
        expect(page2.items.map((s) => s.shipmentId)).toEqual(['S1']);
        expect(page2.nextCursor).toBeNull();
      });
    });

    describe('documents', () => {
      it('puts, inserts once, gets, lists by kind and prefix with cursors, and deletes', async () => {
        await store.putDoc('routes', 'v1', { rules: [1] }, at(1));
        await store.putDoc('routes', 'v2', { rules: [2] }, at(2));
        await store.putDoc('routes', 'v1', { rules: [1, 1] }, at(3));
        await store.putDoc('recon', 'con_a:2024-05-01T10', { found: 0 }, at(4));
        expect(await store.getDoc('routes', 'v1')).toEqual({
          kind: 'routes',
          id: 'v1',
          value: { rules: [1, 1] },
          createdAt: at(1),
          updatedAt: at(3),
        });
        expect(await store.getDoc('recon', 'v1')).toBeNull();
        expect(await store.insertDoc('recon', 'con_a:2024-05-01T10', { found: 9 }, at(5))).toBe(false);
        expect(await store.insertDoc('recon', 'con_a:2024-05-01T11', { found: 1 }, at(6))).toBe(true);
        expect((await store.getDoc('recon', 'con_a:2024-05-01T10'))?.value).toEqual({ found: 0 });
        const page1 = await store.listDocs({ kind: 'routes', limit: 1 });
        expect(page1.items.map((d) => d.id)).toEqual(['v2']);
        const page2 = await store.listDocs({
          kind: 'routes',
          limit: 1,
          cursor: page1.nextCursor ?? undefined,
        });
        expect(page2.items.map((d) => d.id)).toEqual(['v1']);
        expect(page2.nextCursor).toBeNull();
        const recon = await store.listDocs({ kind: 'recon', idPrefix: 'con_a:2024-05-01T1', limit: 10 });
        expect(recon.items.map((d) => d.id)).toEqual(['con_a:2024-05-01T11', 'con_a:2024-05-01T10']);
        expect((await store.listDocs({ kind: 'recon', idPrefix: 'con_b', limit: 10 })).items).toEqual([]);
        expect(await store.deleteDoc('routes', 'v1')).toBe(true);
        expect(await store.deleteDoc('routes', 'v1')).toBe(false);
      });
    });

    describe('checkpoints', () => {
      it('upserts a checkpoint per connection and stream', async () => {
        expect(await store.getCheckpoint('con_a', 'orders')).toBeNull();
        await store.setCheckpoint('con_a', 'orders', { watermark: at(1) }, at(1));
        expect(await store.getCheckpoint('con_a', 'orders')).toEqual({ watermark: at(1) });
        const mid = { watermark: at(1), windowFrom: at(1), windowTo: at(61), pageToken: 'p2' };
        await store.setCheckpoint('con_a', 'orders', mid, at(2));
        expect(await store.getCheckpoint('con_a', 'orders')).toEqual(mid);
        await store.setCheckpoint('con_a', 'refunds', { watermark: at(3) }, at(3));
        await store.setCheckpoint('con_b', 'orders', { watermark: at(4) }, at(4));
        await store.setCheckpoint('con_a', 'orders', { watermark: at(61) }, at(5));
        expect(await store.getCheckpoint('con_a', 'orders')).toStrictEqual({ watermark: at(61) });
        expect(await store.getCheckpoint('con_a', 'refunds')).toEqual({ watermark: at(3) });
        expect(await store.getCheckpoint('con_b', 'orders')).toEqual({ watermark: at(4) });
      });
    });

    describe('exceptions', () => {
      it('stores and reads an exception', async () => {
        const e = exception({ kind: 'rejected', orderId: 'ord_1', deliveryId: 'dlv_1' });
        await store.insertException(e);
        expect(await store.getException(e.id)).toEqual(e);
        expect(await store.getException('exc_missing')).toBeNull();
      });

      it('lists exceptions newest first, filtered and paged', async () => {
        const rows = [
          exception({ createdAt: at(1), connectionId: 'con_a', orderId: 'ord_1' }),
          exception({ createdAt: at(2), connectionId: 'con_b', kind: 'held', orderId: 'ord_2' }),
          exception({ createdAt: at(2), connectionId: 'con_a', kind: 'held', orderId: 'ord_1' }),
          exception({
            createdAt: at(3),
            connectionId: 'con_a',
            state: 'resolved',
            resolvedAt: at(4),
            resolution: 'fixed',
          }),
          exception({ createdAt: at(5), connectionId: 'con_b', kind: 'dead_lettered', deliveryId: 'dlv_1' }),
        ];
        for (const r of rows) await store.insertException(r);
        const sorted = [...rows].sort(byNewest);
        const pages = await pageAll((cursor) => store.listExceptions({ limit: 2, cursor }));
        expect(pages.flat()).toEqual(sorted);
        const ids = (list: T.ExceptionRecord[]) => list.map((e) => e.id);
        const open = await pageAll((cursor) => store.listExceptions({ state: 'open', limit: 1, cursor }));
        expect(ids(open.flat())).toEqual(ids(sorted.filter((e) => e.state === 'open')));
        expect(ids((await store.listExceptions({ kind: 'held', limit: 10 })).items)).toEqual(
          ids(sorted.filter((e) => e.kind === 'held')),
        );
        expect(ids((await store.listExceptions({ connectionId: 'con_b', limit: 10 })).items)).toEqual(
          ids(sorted.filter((e) => e.connectionId === 'con_b')),
        );
        expect(
          ids((await store.listExceptions({ orderId: 'ord_1', kind: 'held', limit: 10 })).items),
        ).toEqual([rows[2]!.id]);
        expect(ids((await store.listExceptions({ state: 'resolved', limit: 10 })).items)).toEqual([
          rows[3]!.id,
        ]);
      });

      it('resolves the open exceptions of one subject', async () => {
        const earlier = exception({
          orderId: 'ord_1',
          state: 'resolved',
          resolvedAt: at(1),
          resolution: 'old',
        });
        const a = exception({ orderId: 'ord_1', kind: 'held' });
        const b = exception({ orderId: 'ord_1', kind: 'rejected', deliveryId: 'dlv_1' });
        const other = exception({ orderId: 'ord_2' });
        const inbox = exception({ inboxEventId: 'evt_1' });
        for (const r of [earlier, a, b, other, inbox]) await store.insertException(r);

        expect(await store.resolveExceptions({ orderId: 'ord_1' }, 'replayed', at(9))).toBe(2);
        expect(await store.getException(a.id)).toEqual({
          ...a,
          state: 'resolved',
          resolvedAt: at(9),
          resolution: 'replayed',
        });
        expect(await store.getException(b.id)).toMatchObject({ state: 'resolved', resolution: 'replayed' });
        expect(await store.getException(earlier.id)).toEqual(earlier);
        expect((await store.getException(other.id))?.state).toBe('open');
        expect(await store.resolveExceptions({ orderId: 'ord_1' }, 'again', at(10))).toBe(0);

        expect(await store.resolveExceptions({ inboxEventId: 'evt_1' }, 'fixed', at(11))).toBe(1);
        expect((await store.getException(inbox.id))?.resolution).toBe('fixed');
        const dlv = exception({ deliveryId: 'dlv_9', kind: 'dead_lettered' });
        await store.insertException(dlv);
        expect(await store.resolveExceptions({ deliveryId: 'dlv_9' }, 'retried', at(12))).toBe(1);
        expect(await store.resolveExceptions({}, 'nothing', at(13))).toBe(0);
        expect((await store.getException(other.id))?.state).toBe('open');
      });
    });

    describe('audit', () => {
      it('appends entries and lists a subject newest first', async () => {
        const entries: T.AuditEntry[] = [1, 3, 2].map((s) => ({
          id: stableId('aud', s),
          at: at(s),
          actor: 'key:ops',
          action: 'connection.update',
          subject: 'con_a',
          detail: { fields: ['name'], n: s, nested: { ok: true } },
        }));
        entries.push({
          id: randomId('aud'),
          at: at(4),
          actor: 'system',
          action: 'x',
          subject: 'con_b',
          detail: {},
        });
        for (const e of entries) await store.appendAudit(e);
        expect(await store.listAudit('con_a', 10)).toEqual([entries[1], entries[2], entries[0]]);
        expect(await store.listAudit('con_a', 1)).toEqual([entries[1]]);
        expect(await store.listAudit('con_b', 10)).toEqual([entries[3]]);
        expect(await store.listAudit('con_none', 10)).toEqual([]);
      });
    });

    describe('api keys', () => {
      it('stores keys with a unique hash, finds, lists and deletes them', async () => {
        const k1: T.ApiKeyRecord = {
          id: randomId('key'),
          name: 'ops',
          role: 'admin',
          hash: 'a'.repeat(64),
          createdAt: at(2),
        };
        const k2: T.ApiKeyRecord = {
          id: randomId('key'),
          name: 'shop',
          role: 'intake',
          hash: 'b'.repeat(64),
          createdAt: at(1),
        };
        await store.insertApiKey(k1);
        await store.insertApiKey(k2);
        await expect(store.insertApiKey({ ...k2, id: randomId('key') })).rejects.toThrow();
        expect(await store.findApiKeyByHash(k1.hash)).toEqual(k1);
        expect(await store.findApiKeyByHash('c'.repeat(64))).toBeNull();
        expect(await store.listApiKeys()).toEqual([k2, k1]);
        expect(await store.deleteApiKey(k2.id)).toBe(true);
        expect(await store.deleteApiKey(k2.id)).toBe(false);
        expect(await store.findApiKeyByHash(k2.hash)).toBeNull();
        expect(await store.listApiKeys()).toEqual([k1]);
      });
    });

    describeOrderSearch(() => store);
  });
}
