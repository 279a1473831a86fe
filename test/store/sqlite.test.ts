import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { inboxEventId } from '../../src/core/ids';
import { encodeCursor } from '../../src/store/cursor';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store';
import { putOrder } from './order-fixtures';
import { describeStoreContract } from './store-contract';

const dir = mkdtempSync(join(tmpdir(), 'orderhub-store-'));
let files = 0;

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describeStoreContract('sqlite :memory:', async () => new SqliteStore(':memory:'));

// A fresh file per test, in a directory the store must create.
describeStoreContract(
  'sqlite file',
  async () => new SqliteStore(join(dir, `contract-${++files}`, 'orderhub.db')),
);

describe('SqliteStore file', () => {
  it('keeps its data across a reopen', async () => {
    const file = join(dir, 'reopen', 'orderhub.db');
    const first = new SqliteStore(file);
    await first.init();
    const event = {
      id: inboxEventId('con_a', '42', '1'),
      connectionId: 'con_a',
      externalId: '42',
      revision: '1',
      source: 'poll' as const,
      raw: '{"id":42}',
      receivedAt: '2024-05-01T10:00:00.000Z',
    };
    expect(await first.insertInbox([event])).toEqual([true]);
    await first.setCheckpoint('con_a', 'orders', { watermark: '2024-05-01T09:00:00.000Z' }, event.receivedAt);
    await first.close();

    const second = new SqliteStore(file);
    await second.init();
    try {
      expect(await second.getInbox(event.id)).toMatchObject({ ...event, state: 'pending' });
      expect(await second.insertInbox([event])).toEqual([false]);
      expect(await second.getCheckpoint('con_a', 'orders')).toEqual({
        watermark: '2024-05-01T09:00:00.000Z',
      });
    } finally {
      await second.close();
    }
  });
});

describe('SqliteStore group commit', () => {
  it('commits concurrent writes together, rejects only the one that failed, and keeps the rest durable', async () => {
    const file = join(dir, 'group', 'orderhub.db');
    const store = new SqliteStore(file);
    await store.init();
    const connection = (id: string) => ({
      id,
      connector: 'webhook',
      kind: 'destination' as const,
      name: id,
      enabled: true,
      config: {},
      secrets: null,
      secretFields: [],
      health: 'unknown' as const,
      healthCode: null,
      healthMessage: null,
      healthAt: null,
      createdAt: '2024-05-01T10:00:00.000Z',
      updatedAt: '2024-05-01T10:00:00.000Z',
    });
    const results = await Promise.allSettled([
      store.insertConnection(connection('con_1')),
      store.insertConnection(connection('con_1')),
      store.insertConnection(connection('con_2')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await store.close();
    const reopened = new SqliteStore(file);
    await reopened.init();
    expect((await reopened.listConnections()).map((c) => c.id)).toEqual(['con_1', 'con_2']);
    await reopened.close();
  });
});

describe('SqliteStore search back-fill', () => {
  it('gives the orders of a database from before search their search keys on start, once', async () => {
    const file = join(dir, 'backfill', 'orderhub.db');
    const first = new SqliteStore(file);
    await first.init();
    // More than one back-fill batch, with the order to find last in id order or not: all of them.
    const orders = await Promise.all(
      Array.from({ length: 1205 }, (_, i) =>
        putOrder(first, { externalId: `o${i}`, email: `buyer${i}@example.com`, skus: [`SKU-${i % 7}`] }),
      ),
    );
    await first.close();

    // The database as a release without search left it: no search table, no new indexes, version 0.
    const raw = new Database(file);
    raw.exec(`DROP TABLE order_terms; DROP INDEX orders_state; DROP INDEX orders_connection;
      DROP INDEX orders_hourly; PRAGMA user_version = 0;`);
    raw.close();

    const second = new SqliteStore(file);
    await second.init();
    try {
      for (const i of [0, 604, 1204]) {
        const found = await second.searchOrders({ term: `BUYER${i}@example.com`, limit: 5 });
        expect(found.items.map((o) => o.id)).toEqual([orders[i]?.id]);
      }
      expect((await second.searchOrders({ term: 'sku-3', limit: 500 })).items).toHaveLength(172);
    } finally {
      await second.close();
    }

    // Done once: a later start does not read every order again (a key removed behind its back stays removed).
    const again = new Database(file);
    expect(again.pragma('user_version', { simple: true })).toBe(1);
    again.prepare('DELETE FROM order_terms WHERE term = ?').run('t:buyer0@example.com');
    again.close();
    const third = new SqliteStore(file);
    await third.init();
    expect((await third.searchOrders({ term: 'buyer0@example.com', limit: 5 })).items).toEqual([]);
    await third.close();
  });
});

describe('SqliteStore search query plans', () => {
  it('reads every search and the hourly count through an index, never sorting or scanning the orders', async () => {
    const store = new SqliteStore(':memory:');
    await store.init();
    const o = await putOrder(store, { externalId: 'p1', email: 'a@example.com', phone: '+1 555 0100 200' });
    const cursor = encodeCursor({ at: o.createdAt, id: o.id });
    const filters = [
      {},
      { term: 'a@example.com' },
      { term: '+1 555 0100 200', status: 'paid', state: 'active' as const, connectionId: 'con_a' },
      { term: o.id, status: 'paid' },
      { status: 'paid' },
      { status: 'held' },
      { connectionId: 'con_a' },
    ];
    for (const f of filters) {
      await store.searchOrders({ ...f, limit: 5 });
      await store.searchOrders({ ...f, limit: 5, cursor });
    }
    await store.countOrdersPerHour({ from: '2024-05-01T00:00:00.000Z', to: '2024-05-02T00:00:00.000Z' });
    // The store's prepared statements (by SQL text) are the queries it ran; explain the search ones.
    const internals = store as unknown as { db: Database.Database; statements: Map<string, unknown> };
    const queries = [...internals.statements.keys()].filter(
      (sql) =>
        sql.startsWith('SELECT') && /order_terms|ORDER BY o\.created_at|GROUP BY connection_id/.test(sql),
    );
    expect(queries.length).toBeGreaterThanOrEqual(12);
    for (const sql of queries) {
      const params = Array.from({ length: sql.split('?').length - 1 }, () => null);
      const plan = (internals.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
      expect(plan, sql).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
      // A scan, even of an index, only for the newest orders without any filter: it stops at the limit.
      if (/\bWHERE\b/.test(sql)) expect(plan, sql).not.toMatch(/^SCAN /m);
      else expect(plan, sql).toMatch(/^SCAN o USING INDEX orders_list$/m);
      if (sql.includes('GROUP BY')) expect(plan, sql).toMatch(/COVERING INDEX orders_hourly/);
    }
    await store.close();
  });
});
