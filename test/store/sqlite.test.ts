import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inboxEventId } from '../../src/core/ids';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store';
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
