import { describe, expect, it } from 'vitest';
import { completeOrder } from '../../src/core/order';
import { checkTotals } from '../../src/core/totals';
import { validateCanonicalOrder } from '../../src/core/validation';
import { compareRevisions, MappingError, type PageRequest } from '../../src/sdk';
import { createTestContext } from '../../src/sdk/testkit';
import { BAD_STATUS, generateOrders, PAGE_SIZE, windowPage } from './generator';
import sandboxShop, { type SandboxShopConfig } from './index';
import { identify, toCanonical } from './mapping';

const T0 = Date.parse('2026-01-05T10:00:00Z');
const MIN = 60_000;
const mapping = { connectionId: 'con_test', config: {}, tables: {} };

function fetchAll(config: SandboxShopConfig, from: number, to: number) {
  const pages: unknown[][] = [];
  let token: string | undefined;
  const pull = sandboxShop.pull;
  if (!pull) throw new Error('sandbox-shop must pull');
  const ctx = createTestContext(config);
  return (async () => {
    do {
      const req: PageRequest = {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        ...(token ? { pageToken: token } : {}),
      };
      const page = await pull.fetchPage(ctx, req);
      pages.push(page.records);
      token = page.nextPageToken;
    } while (token);
    return pages;
  })();
}

describe('sandbox-shop generator', () => {
  it('gives byte-identical records for the same window', () => {
    const a = generateOrders({ from: new Date(T0), to: new Date(T0 + 7 * MIN), seed: 'det' });
    const b = generateOrders({ from: new Date(T0), to: new Date(T0 + 7 * MIN), seed: 'det' });
    expect(a.length).toBeGreaterThan(0);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(
      JSON.stringify(generateOrders({ from: new Date(T0), to: new Date(T0 + 7 * MIN), seed: 'other' })),
    ).not.toBe(JSON.stringify(a));
  });

  it('yields the same records through fetchPage as through generateOrders, in (updated_at, id) order', async () => {
    const pages = await fetchAll({ seed: 'det', ordersPerMinute: 40 }, T0, T0 + 5 * MIN);
    const flat = pages.flat();
    expect(JSON.stringify(flat)).toBe(
      JSON.stringify(
        generateOrders({ from: new Date(T0), to: new Date(T0 + 5 * MIN), seed: 'det', ordersPerMinute: 40 }),
      ),
    );
    const keys = flat.map((r) => identify(r));
    for (let i = 1; i < keys.length; i++) {
      const prev = keys[i - 1];
      const cur = keys[i];
      if (!prev || !cur) continue;
      const order = compareRevisions(cur.revision, prev.revision);
      expect(order > 0 || (order === 0 && cur.externalId > prev.externalId)).toBe(true);
    }
  });

  it('puts each record in exactly one of two adjacent windows, at any cut', () => {
    for (const cut of [T0 + 90_001, T0 + 2 * MIN, T0 + 150_000]) {
      const whole = generateOrders({ from: new Date(T0), to: new Date(T0 + 5 * MIN), ordersPerMinute: 30 });
      const left = generateOrders({ from: new Date(T0), to: new Date(cut), ordersPerMinute: 30 });
      const right = generateOrders({ from: new Date(cut), to: new Date(T0 + 5 * MIN), ordersPerMinute: 30 });
      expect(JSON.stringify([...left, ...right])).toBe(JSON.stringify(whole));
      for (const r of left) expect(Date.parse(r.updated_at)).toBeLessThan(cut);
      for (const r of right) expect(Date.parse(r.updated_at)).toBeGreaterThanOrEqual(cut);
    }
  });

  it('pages by at most 50 up to the last page, which has no token', async () => {
    const pages = await fetchAll({ ordersPerMinute: 600 }, T0 + 20_000, T0 + 20_000 + 2 * MIN + 5_000);
    const sizes = pages.map((p) => p.length);
    expect(sizes.slice(0, -1).every((n) => n === PAGE_SIZE)).toBe(true);
    const lastSize = sizes.at(-1) ?? 0;
    expect(lastSize).toBeGreaterThan(0);
    expect(lastSize).toBeLessThanOrEqual(PAGE_SIZE);
    const total = sizes.reduce((s, n) => s + n, 0);
    expect(total).toBe(
      generateOrders({ from: new Date(T0 + 20_000), to: new Date(T0 + 145_000), ordersPerMinute: 600 })
        .length,
    );
    // Exactly a multiple of the page size: the last full page must not hand out a token to an empty page.
    const exact = windowPage({ ordersPerMinute: 50 }, T0, T0 + MIN);
    expect(exact.records).toHaveLength(50);
    expect(exact.nextPageToken).toBeUndefined();
  });

  it('returns nothing for an empty window and refuses a foreign page token', () => {
    expect(windowPage({}, T0, T0).records).toEqual([]);
    expect(() => windowPage({}, T0, T0 + MIN, '12:0')).toThrow(RangeError);
    expect(() => windowPage({}, T0, T0 + MIN, 'nonsense')).toThrow(RangeError);
  });

  it('makes 500+ orders across seeds that add up and are valid canonical orders', () => {
    let checked = 0;
    const seen = new Set<string>();
    for (const seed of ['a', 'b', 'c', 'd', 'e']) {
      for (const record of generateOrders({ from: new Date(T0), count: 110, seed, ordersPerMinute: 37 })) {
        const draft = toCanonical(record, mapping);
        expect(checkTotals(draft)).toEqual([]);
        const valid = validateCanonicalOrder(completeOrder(draft, 'ord_0123456789abcdefghjkmnpqrs', 1));
        expect(valid.ok ? [] : valid.errors).toEqual([]);
        seen.add(`${record.store}/${record.status}`);
        checked++;
      }
    }
    expect(checked).toBe(550);
    // The variety the README promises shows up.
    for (const kind of [
      'us/paid',
      'eu/paid',
      'cn/paid',
      'pos-nyc/completed',
      'pos-berlin/completed',
      'us/fulfilled',
    ]) {
      expect(seen).toContain(kind);
    }
  });

  it('updates earlier orders with newer revisions that only move forward', () => {
    const records = generateOrders({ from: new Date(T0), to: new Date(T0 + 60 * MIN), ordersPerMinute: 20 });
    const byId = new Map<string, typeof records>();
    for (const r of records) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
    const rank: Record<string, number> = { pending: 0, authorized: 0, paid: 1, fulfilled: 2, cancelled: 2 };
    const updates = records.filter((r) => r.updated_at !== r.created_at);
    expect(updates.length).toBeGreaterThan(records.length * 0.05);
    for (const versions of byId.values()) {
      for (let i = 1; i < versions.length; i++) {
        const a = versions[i - 1];
        const b = versions[i];
        if (!a || !b) continue;
        expect(Date.parse(b.updated_at)).toBeGreaterThan(Date.parse(a.updated_at));
        expect(rank[b.status] ?? -1).toBeGreaterThanOrEqual(rank[a.status] ?? 9);
        expect({
          ...b,
          status: '',
          updated_at: '',
          cancelled_at: null,
          cancel_reason: null,
          payment: null,
        }).toEqual({
          ...a,
          status: '',
          updated_at: '',
          cancelled_at: null,
          cancel_reason: null,
          payment: null,
        });
      }
    }
  });

  it('gives about badOrderRate of records an unknown status, which mapping rejects, and changes nothing else', () => {
    const good = generateOrders({ from: new Date(T0), count: 400, seed: 'bad' });
    const mixed = generateOrders({ from: new Date(T0), count: 400, seed: 'bad', badOrderRate: 0.25 });
    const bad = mixed.filter((r) => r.status === BAD_STATUS);
    expect(bad.length).toBeGreaterThan(60);
    expect(bad.length).toBeLessThan(140);
    mixed.forEach((r, i) => expect({ ...r, status: '' }).toEqual({ ...good[i], status: '' }));
    for (const r of bad) {
      const error = (() => {
        try {
          toCanonical(r, mapping);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(MappingError);
      expect(error).toMatchObject({ code: 'MAPPING_UNKNOWN_VALUE', path: '/status' });
    }
    expect(
      generateOrders({ from: new Date(T0), count: 50, badOrderRate: 1 }).every(
        (r) => r.status === BAD_STATUS,
      ),
    ).toBe(true);
  });

  it('counts and validates its options', () => {
    expect(generateOrders({ from: '2026-01-05T10:00:30Z', count: 17 })).toHaveLength(17);
    expect(generateOrders({ from: new Date(T0), to: new Date(T0 + 10 * MIN), ordersPerMinute: 0 })).toEqual(
      [],
    );
    expect(() => generateOrders({ from: new Date(T0), count: 5, ordersPerMinute: 601 })).toThrow(RangeError);
    expect(() => generateOrders({ from: new Date(T0), count: 5, badOrderRate: 2 })).toThrow(RangeError);
    expect(() => generateOrders({ from: 'yesterday', count: 5 })).toThrow(RangeError);
    expect(() => generateOrders({ from: new Date(T0) })).toThrow(RangeError);
  });
});
