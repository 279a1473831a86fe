import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkReplayItem } from '../../src/pipeline/bulk-replay';
import { pushOrders, sandboxOrder, startShopHub, type ShopHub } from '../browser/fixtures';
import { waitFor, type TestHub } from '../helpers/hub';

// Bulk replay with one correction for many payloads, through the API of a real hub (SQLite, Redis, workers).
let t: TestHub;
let env: ShopHub;
const exc: Record<string, string> = {};
const FIX = [
  { op: 'test', path: '/status', value: 'awaiting_review' },
  { op: 'replace', path: '/status', value: 'paid' },
];

interface Exc {
  id: string;
  kind: string;
  message: string;
  deliveryId: string | null;
  payload: { number?: string } | null;
}

async function openExceptions(): Promise<Exc[]> {
  const res = await t.app.inject({ url: '/v1/exceptions?state=open&limit=100', headers: t.auth });
  return res.json<{ items: Exc[] }>().items;
}

const bulk = (payload: object, headers: Record<string, string> = t.auth) =>
  t.app.inject({ method: 'POST', url: '/v1/exceptions/replay', headers, payload });

beforeAll(async () => {
  env = await startShopHub({ rejectSkus: ['REJECT-ME'] });
  t = env.t;
  const refused = sandboxOrder('US-BULK0004', '94000004');
  const lines = refused.lines as { sku: string }[];
  lines[0] = { ...lines[0], sku: 'REJECT-ME' } as { sku: string };
  const orders = [
    sandboxOrder('US-BULK0001', '94000001', 'awaiting_review'),
    sandboxOrder('US-BULK0002', '94000002', 'awaiting_review'),
    sandboxOrder('US-BULK0003', '94000003', 'in_limbo'),
    refused,
  ];
  for (const o of orders) expect(await pushOrders(env.base, env.shop, [o])).toBe(200);
  const open = await waitFor(
    async () => {
      const items = await openExceptions();
      return items.length === 4 && items;
    },
    20_000,
    'four exceptions',
  );
  for (const e of open) exc[e.deliveryId ? 'refused' : (e.payload?.number ?? e.id)] = e.id;
});

afterAll(async () => {
  await t.close();
  rmSync(env.ledgerDir, { recursive: true, force: true });
});

describe('POST /v1/exceptions/replay', () => {
  it('previews each payload with and without the correction, and changes nothing', async () => {
    const quarantined = ['US-BULK0001', 'US-BULK0002', 'US-BULK0003'].map((n) => exc[n] ?? n);
    const before = await bulk({ ids: quarantined, dryRun: true });
    expect(before.statusCode).toBe(200);
    for (const item of before.json<{ items: BulkReplayItem[] }>().items)
      expect(item).toMatchObject({ ok: true, preview: { ok: false } });

    const after = await bulk({ ids: [...quarantined, exc.refused], patch: FIX, dryRun: true });
    expect(after.json<{ items: BulkReplayItem[] }>().items).toEqual([
      { id: exc['US-BULK0001'], ok: true, preview: { ok: true } },
      { id: exc['US-BULK0002'], ok: true, preview: { ok: true } },
      {
        id: exc['US-BULK0003'],
        ok: false,
        error: { code: 'EXCEPTION_PATCH_FAILED', message: 'operation 1 (test /status): the value differs' },
      },
      { id: exc.refused, ok: false, error: expect.objectContaining({ code: 'EXCEPTION_NOT_EDITABLE' }) },
    ]);
    expect(await openExceptions()).toHaveLength(4);
  });

  it('replays each corrected payload on its own: the ones that fit are delivered, the others stay open', async () => {
    const res = await bulk({
      ids: [exc['US-BULK0001'], exc['US-BULK0002'], exc['US-BULK0003'], 'exc_missing'],
      patch: FIX,
      note: 'review finished',
    });
    expect(res.json<{ items: BulkReplayItem[] }>().items).toEqual([
      { id: exc['US-BULK0001'], ok: true, action: 'renormalize-edited' },
      { id: exc['US-BULK0002'], ok: true, action: 'renormalize-edited' },
      {
        id: exc['US-BULK0003'],
        ok: false,
        error: expect.objectContaining({ code: 'EXCEPTION_PATCH_FAILED' }),
      },
      { id: 'exc_missing', ok: false, error: expect.objectContaining({ code: 'API_NOT_FOUND' }) },
    ]);
    expect(await env.waitForDelivered(2)).toEqual(['US-BULK0001', 'US-BULK0002']);
    const left = await openExceptions();
    expect(left.map((e) => e.id).sort()).toEqual([exc['US-BULK0003'], exc.refused].sort());
    const audit = await t.hub.store.listAudit(exc['US-BULK0001'] ?? '', 10);
    expect(audit[0]).toMatchObject({
      action: 'exception.replay',
      detail: { edited: true, note: 'review finished' },
    });
  });

  it('retries a stopped delivery in the same call when no correction is given', async () => {
    const res = await bulk({ ids: [exc.refused] });
    expect(res.json<{ items: BulkReplayItem[] }>().items).toEqual([
      { id: exc.refused, ok: true, action: 'delivery-retried' },
    ]);
  });

  it('answers 400 for a malformed call and 403 for a viewer', async () => {
    expect((await bulk({ ids: [] })).json()).toMatchObject({ error: { code: 'API_VALIDATION_FAILED' } });
    const many = Array.from({ length: 501 }, (_, i) => `exc_${i}`);
    expect((await bulk({ ids: many })).statusCode).toBe(400);
    expect((await bulk({ ids: ['x'], patch: [{ op: 'move', path: '/a', from: '/b' }] })).statusCode).toBe(
      400,
    );
    expect((await bulk({ ids: ['x'], patch: [{ op: 'replace', path: '/a' }] })).statusCode).toBe(400);
    expect((await bulk({ ids: ['x'] }, await t.keyHeaders('viewer'))).statusCode).toBe(403);
  });
});
