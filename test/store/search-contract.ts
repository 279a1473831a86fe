import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/port';
import type * as T from '../../src/store/types';
import { at, putOrder } from './order-fixtures';

/*
 * The order search and orders-per-hour part of the store contract (run by describeStoreContract, so on every
 * adapter). Orders are written through recordOrder, so the search keys are the ones the adapters maintain.
 */

const newest = (a: T.OrderRecord, b: T.OrderRecord): number =>
  a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1;

export function describeOrderSearch(current: () => Store): void {
  let store: Store;
  beforeEach(() => {
    store = current();
  });

  const ids = async (filter: Omit<T.OrderSearchFilter, 'limit'>, limit = 50): Promise<string[]> =>
    (await store.searchOrders({ ...filter, limit })).items.map((o) => o.id);

  /** Every page of a search with `limit`, failing if the cursor loops. */
  async function pages(filter: Omit<T.OrderSearchFilter, 'limit' | 'cursor'>, limit: number) {
    const out: string[][] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 100; i++) {
      const page = await store.searchOrders({ ...filter, limit, ...(cursor ? { cursor } : {}) });
      out.push(page.items.map((o) => o.id));
      if (page.nextCursor === null) return out;
      cursor = page.nextCursor;
    }
    throw new Error('pagination did not end');
  }

  describe('orders: searchOrders', () => {
    it('finds an order by each kind of term, and nothing by a term no order has', async () => {
      const o = await putOrder(store, {
        externalId: 'EXT-77',
        orderNumber: 'SO-1001',
        email: 'jane@example.com',
        phone: '+49 30 5550100',
        shippingPhone: '(030) 555-0199',
        skus: ['CAP-NVY', null, 'TEE-L'],
      });
      await putOrder(store, { externalId: 'other', email: 'john@example.com', skus: ['MUG-1'] });
      for (const term of [
        'SO-1001',
        'EXT-77',
        o.id,
        'jane@example.com',
        'CAP-NVY',
        'TEE-L',
        '+49 30 5550100',
        '4930-555-0100',
        '493055501 00',
        '030 5550199',
      ])
        expect(await ids({ term }), term).toEqual([o.id]);
      for (const term of ['SO-100', 'jane@example', 'CAP', '5550100', 'paid', 's:paid', 't:cap-nvy'])
        expect(await ids({ term }), term).toEqual([]);
    });

    it('matches case-insensitively and ignores surrounding spaces', async () => {
      const o = await putOrder(store, { externalId: 'x1', email: 'Jane.Doe@Example.COM', skus: ['Cap-Nvy'] });
      for (const term of [
        'jane.doe@example.com',
        'JANE.DOE@EXAMPLE.COM',
        '  Jane.Doe@example.com ',
        'CAP-NVY',
      ])
        expect(await ids({ term }), term).toEqual([o.id]);
    });

    it('finds every order sharing a SKU, newest first, each once', async () => {
      const a = await putOrder(store, { externalId: 'a', skus: ['CAP-NVY', 'MUG-1'], at: at(1) });
      const b = await putOrder(store, { externalId: 'b', skus: ['CAP-NVY', 'cap-nvy'], at: at(2) });
      await putOrder(store, { externalId: 'c', skus: ['TEE-L'], at: at(3) });
      expect(await ids({ term: 'cap-nvy' })).toEqual([b.id, a.id]);
    });

    it('follows a revision that changes the e-mail and the lines: old terms no longer find the order', async () => {
      const first = await putOrder(store, {
        externalId: 'r1',
        email: 'old@example.com',
        skus: ['CAP-NVY'],
        at: at(1),
      });
      const second = await putOrder(store, {
        externalId: 'r1',
        email: 'new@example.com',
        skus: ['TEE-L'],
        channelRevision: '2',
        at: at(5),
      });
      expect(second.revision).toBe(2);
      expect(await ids({ term: 'old@example.com' })).toEqual([]);
      expect(await ids({ term: 'CAP-NVY' })).toEqual([]);
      const found = await store.searchOrders({ term: 'new@example.com', limit: 10 });
      expect(found.items.map((o) => [o.id, o.revision, o.createdAt])).toEqual([[first.id, 2, at(1)]]);
      expect(await ids({ term: 'TEE-L' })).toEqual([first.id]);
      expect(await ids({ term: '#r1' })).toEqual([first.id]);
      // A stale revision changes nothing, also not what the order is found by.
      await putOrder(store, { externalId: 'r1', email: 'old@example.com', channelRevision: '1', at: at(6) });
      expect(await ids({ term: 'old@example.com' })).toEqual([]);
    });

    it('combines a term with the state, a status (canonical or hub state) and the connection', async () => {
      const paid = await putOrder(store, { externalId: 'p', skus: ['CAP-NVY'], payment: 'paid', at: at(1) });
      const pending = await putOrder(store, {
        externalId: 'q',
        skus: ['CAP-NVY'],
        payment: 'pending',
        at: at(2),
      });
      const other = await putOrder(store, {
        connectionId: 'con_b',
        externalId: 'r',
        skus: ['CAP-NVY'],
        payment: 'pending',
        at: at(3),
      });
      await store.setOrderState(pending.id, 'held', at(4));
      const term = 'cap-nvy';
      expect(await ids({ term, status: 'paid' })).toEqual([paid.id]);
      expect(await ids({ term, status: 'pending' })).toEqual([other.id, pending.id]);
      expect(await ids({ term, status: 'open' })).toEqual([other.id, pending.id, paid.id]);
      expect(await ids({ term, status: 'refunded' })).toEqual([]);
      expect(await ids({ term, status: 'held' })).toEqual([pending.id]);
      expect(await ids({ term, status: 'active' })).toEqual([other.id, paid.id]);
      expect(await ids({ term, state: 'active', status: 'pending' })).toEqual([other.id]);
      expect(await ids({ term, state: 'active', status: 'held' })).toEqual([]);
      expect(await ids({ term, connectionId: 'con_b' })).toEqual([other.id]);
      expect(await ids({ term, connectionId: 'con_a', status: 'pending' })).toEqual([pending.id]);
      // Without a term, the status, state or connection alone.
      expect(await ids({ status: 'pending' })).toEqual([other.id, pending.id]);
      expect(await ids({ state: 'held' })).toEqual([pending.id]);
      expect(await ids({ connectionId: 'con_a' })).toEqual([pending.id, paid.id]);
      expect(await ids({})).toEqual([other.id, pending.id, paid.id]);
      expect(await ids({ status: 'no-such-status' })).toEqual([]);
      // A hub order id, with the same filters.
      expect(await ids({ term: paid.id.toUpperCase(), status: 'paid' })).toEqual([paid.id]);
      expect(await ids({ term: paid.id, status: 'pending' })).toEqual([]);
      expect(await ids({ term: pending.id, status: 'held', connectionId: 'con_a' })).toEqual([pending.id]);
      expect(await ids({ term: pending.id, connectionId: 'con_b' })).toEqual([]);
    });

    it('pages newest first with cursors, without gaps or repeats, ties broken by id', async () => {
      const all: T.OrderRecord[] = [];
      const times = [1, 2, 2, 2, 3, 4, 4, 5];
      for (const [i, s] of times.entries())
        all.push(
          await putOrder(store, {
            externalId: `pg${i}`,
            skus: ['CAP-NVY'],
            payment: i % 2 ? 'pending' : 'paid',
            at: at(s),
          }),
        );
      await putOrder(store, { externalId: 'unrelated', skus: ['TEE-L'], at: at(3) });
      const expected = [...all].sort(newest).map((o) => o.id);
      for (const limit of [1, 2, 3, 8, 20]) {
        const got = await pages({ term: 'CAP-NVY' }, limit);
        expect(got.flat()).toEqual(expected);
        expect(got.slice(0, -1).every((p) => p.length === limit)).toBe(true);
      }
      const pendingOnly = all.filter((o) => o.order.status.payment === 'pending').sort(newest);
      expect((await pages({ status: 'pending' }, 2)).flat()).toEqual(pendingOnly.map((o) => o.id));
      expect((await pages({ term: 'cap-nvy', status: 'pending' }, 3)).flat()).toEqual(
        pendingOnly.map((o) => o.id),
      );
      expect((await pages({}, 4)).flat()).toHaveLength(all.length + 1);
    });

    it('finds an order older than the newest 2,000', async () => {
      const oldest = await putOrder(store, {
        externalId: 'oldest',
        email: 'last-week@example.com',
        skus: ['RARE-SKU'],
        at: at(-7 * 86_400),
      });
      const count = 2050;
      for (let start = 0; start < count; start += 250) {
        await Promise.all(
          Array.from({ length: Math.min(250, count - start) }, (_, i) =>
            putOrder(store, {
              externalId: `bulk${start + i}`,
              email: 'regular@example.com',
              at: at(start + i),
            }),
          ),
        );
      }
      expect(await ids({ term: 'LAST-WEEK@example.com' })).toEqual([oldest.id]);
      expect(await ids({ term: 'rare-sku', status: 'paid' })).toEqual([oldest.id]);
      const regular = await store.searchOrders({ term: 'regular@example.com', limit: 5 });
      expect(regular.items.map((o) => o.externalId)).toEqual([
        'bulk2049',
        'bulk2048',
        'bulk2047',
        'bulk2046',
        'bulk2045',
      ]);
      expect(regular.nextCursor).not.toBeNull();
    });
  });

  describe('orders: countOrdersPerHour', () => {
    const iso = (hhmmss: string): string => `2024-05-01T${hhmmss}Z`;

    it('counts orders per connection and UTC hour of creation, within [from, to)', async () => {
      const plan: [string, string][] = [
        ['con_a', '09:59:59.999'], // before the window
        ['con_a', '10:00:00.000'], // its first instant
        ['con_a', '10:30:00.000'],
        ['con_b', '10:59:59.999'],
        ['con_a', '11:00:00.000'],
        ['con_b', '11:59:59.999'], // its last instant
        ['con_b', '12:00:00.000'], // the end: excluded
      ];
      for (const [i, [connectionId, time]] of plan.entries())
        await putOrder(store, { connectionId, externalId: `h${i}`, at: iso(time) });
      // A later revision keeps the order in the hour it was created in.
      await putOrder(store, {
        connectionId: 'con_a',
        externalId: 'h1',
        email: 'changed@example.com',
        channelRevision: '2',
        at: iso('12:30:00.000'),
      });
      expect(await store.countOrdersPerHour({ from: iso('10:00:00.000'), to: iso('12:00:00.000') })).toEqual([
        { connectionId: 'con_a', hour: iso('10:00:00.000'), count: 2 },
        { connectionId: 'con_a', hour: iso('11:00:00.000'), count: 1 },
        { connectionId: 'con_b', hour: iso('10:00:00.000'), count: 1 },
        { connectionId: 'con_b', hour: iso('11:00:00.000'), count: 1 },
      ]);
      expect(await store.countOrdersPerHour({ from: iso('09:00:00.000'), to: iso('10:00:00.000') })).toEqual([
        { connectionId: 'con_a', hour: iso('09:00:00.000'), count: 1 },
      ]);
      expect(await store.countOrdersPerHour({ from: iso('13:00:00.000'), to: iso('15:00:00.000') })).toEqual(
        [],
      );
    });
  });
}
