import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookup } from '../../src/sdk/context';
import { startTestHub, waitFor, type TestHub } from '../helpers/hub';

// Ops fix a lookup table and replay (issue 6): overrides of mappings/ through the API, seen by normalize.
let t: TestHub;
let viewer = { authorization: '' };
let operator = { authorization: '' };
const CSV = readFileSync(resolve(import.meta.dirname, '../../fixtures/file-import/files/orders-2026-03.csv'));

async function key(name: string, role: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/api-keys',
    headers: t.auth,
    payload: { name, role },
  });
  expect(res.statusCode).toBe(201);
  return { authorization: `Bearer ${String((res.json() as { key: string }).key)}` };
}

beforeAll(async () => {
  t = await startTestHub();
  viewer = await key('viewer', 'viewer');
  operator = await key('operator', 'operator');
}, 30_000);

afterAll(async () => {
  await t?.close();
});

describe('lookup tables', () => {
  it('lists the shipped tables and reads one', async () => {
    const list = await t.app.inject({ url: '/v1/lookup-tables', headers: viewer });
    expect(list.statusCode).toBe(200);
    const items = (list.json() as { items: { name: string; entries: number; overridden: boolean }[] }).items;
    expect(items.find((i) => i.name === 'file-import-status')).toMatchObject({ overridden: false });
    const one = await t.app.inject({ url: '/v1/lookup-tables/file-import-status', headers: viewer });
    expect(one.json()).toMatchObject({
      source: 'file',
      version: 0,
      entries: { paid: 'open/paid/unfulfilled' },
    });
    expect((await t.app.inject({ url: '/v1/lookup-tables/nope', headers: viewer })).statusCode).toBe(404);
  });

  it('checks roles, names, values and versions', async () => {
    const put = (headers: { authorization: string }, name: string, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'PUT', url: `/v1/lookup-tables/${name}`, headers, payload });
    const ok = { entries: { a: 'b' }, version: 0, note: 'test' };
    expect((await put(operator, 'carrier', ok)).statusCode).toBe(403);
    expect((await put(viewer, 'carrier', ok)).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/v1/lookup-tables' })).statusCode).toBe(401);
    expect((await put(t.auth, 'Bad_Name', ok)).statusCode).toBe(400);
    expect((await put(t.auth, '-x', ok)).statusCode).toBe(400);
    expect((await put(t.auth, 'carrier', { ...ok, entries: { a: 1 } })).statusCode).toBe(400);
    expect((await put(t.auth, 'carrier', { ...ok, entries: { a: 'x'.repeat(501) } })).statusCode).toBe(400);
    expect((await put(t.auth, 'carrier', { ...ok, entries: { ['k'.repeat(201)]: 'v' } })).statusCode).toBe(
      400,
    );
    const many = Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`k${i}`, 'v']));
    expect((await put(t.auth, 'carrier', { ...ok, entries: many })).statusCode).toBe(400);
    expect((await put(t.auth, 'carrier', { entries: { a: 'b' }, version: 0 })).statusCode).toBe(400);
    const first = await put(t.auth, 'carrier', ok);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ source: 'override', version: 1, entries: { a: 'b' } });
    const stale = await put(t.auth, 'carrier', { ...ok, entries: { a: 'c' } });
    expect(stale.statusCode).toBe(409);
    expect((stale.json() as { error: { code: string } }).error.code).toBe('LOOKUP_TABLE_VERSION_CONFLICT');
    expect(t.hub.tables.carrier).toEqual({ a: 'b' });
    // Delete restores the shipped file; the version keeps counting so an old editor cannot write back.
    const del = await t.app.inject({
      method: 'DELETE',
      url: '/v1/lookup-tables/carrier?version=1&note=undo',
      headers: t.auth,
    });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toMatchObject({ source: 'file', version: 2 });
    expect(t.hub.tables.carrier).not.toEqual({ a: 'b' });
    expect((await put(t.auth, 'carrier', ok)).statusCode).toBe(409);
    const audit = await t.hub.store.listAudit('carrier', 20);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['lookup-table.update', 'lookup-table.reset']),
    );
  });

  it('another process sees an override after a refresh', async () => {
    const other = await startTestHub({ dataDir: t.config.dataDir });
    try {
      const res = await t.app.inject({
        method: 'PUT',
        url: '/v1/lookup-tables/square-skus',
        headers: t.auth,
        payload: { entries: { X: 'Y' }, version: 0, note: 'cross-process' },
      });
      expect(res.statusCode).toBe(200);
      await other.hub.lookupTables.refresh();
      expect(lookup(other.hub.tables, 'square-skus', 'X')).toBe('Y');
    } finally {
      await other.close();
    }
  });

  it('a quarantined import becomes mappable after the table is fixed and the exception replayed', async () => {
    t.startWorkers();
    const conn = await t.app.inject({
      method: 'POST',
      url: '/v1/connections',
      headers: t.auth,
      payload: {
        connector: 'file-import',
        name: 'Spreadsheet',
        config: {
          columnProfile: 'generic',
          taxesIncluded: true,
          timezoneOffset: '+01:00',
          sourceType: 'import',
        },
      },
    });
    expect(conn.statusCode).toBe(201);
    const id = String((conn.json() as { id: string }).id);
    const imported = await t.app.inject({
      method: 'POST',
      url: `/v1/imports/${id}?filename=orders-2026-03.csv`,
      headers: { ...t.auth, 'content-type': 'text/csv' },
      payload: CSV,
    });
    expect(imported.statusCode).toBe(200);
    type Exc = { id: string; orderId: string | null; kind: string; message: string };
    const quarantined = await waitFor(async () => {
      const res = await t.app.inject({
        url: `/v1/exceptions?kind=quarantined&connectionId=${id}`,
        headers: t.auth,
      });
      return (res.json() as { items: Exc[] }).items.find((e) => e.message.includes('on hold'));
    });
    const table = await t.app.inject({ url: '/v1/lookup-tables/file-import-status', headers: t.auth });
    const { entries, version } = table.json() as { entries: Record<string, string>; version: number };
    const put = await t.app.inject({
      method: 'PUT',
      url: '/v1/lookup-tables/file-import-status',
      headers: t.auth,
      payload: { entries: { ...entries, 'on hold': 'open/paid/unfulfilled' }, version, note: 'SO-1004' },
    });
    expect(put.statusCode).toBe(200);
    const replay = await t.app.inject({
      method: 'POST',
      url: `/v1/exceptions/${quarantined.id}/replay`,
      headers: t.auth,
      payload: {},
    });
    expect(replay.statusCode).toBe(202);
    await waitFor(async () => {
      const res = await t.app.inject({
        url: `/v1/exceptions?kind=quarantined&connectionId=${id}`,
        headers: t.auth,
      });
      return !(res.json() as { items: Exc[] }).items.some((e) => e.id === quarantined.id) || undefined;
    });
    // Resolved by the replay, not re-quarantined under a new exception for the same status.
    const open = await t.app.inject({ url: `/v1/exceptions?connectionId=${id}`, headers: t.auth });
    expect((open.json() as { items: Exc[] }).items.some((e) => e.message.includes('on hold'))).toBe(false);
    const resolved = await t.app.inject({
      url: `/v1/exceptions?state=resolved&connectionId=${id}`,
      headers: t.auth,
    });
    expect((resolved.json() as { items: Exc[] }).items.map((e) => e.id)).toContain(quarantined.id);
  }, 30_000);
});
