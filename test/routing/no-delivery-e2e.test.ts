import { readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleRuleSet } from '../../src/cli/sample';
import { routeOrder } from '../../src/pipeline/route';
import { pushOrders, sandboxOrder, startShopHub, type ShopHub } from '../browser/fixtures';
import { waitFor } from '../helpers/hub';

// The sample configuration's routing, end to end: a POS sale (no shipping address) goes nowhere — no delivery,
// no exception, a timeline entry saying why — while a web order reaches the sandbox 3PL.
let s: ShopHub;
let operator: { authorization: string };
const REASON = 'sold and handed over at the counter';

function posOrder(number: string, id: string, patch: Record<string, unknown> = {}) {
  const path = resolve(import.meta.dirname, '../../fixtures/sandbox-shop/orders/pos-nyc.json');
  return { ...(JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>), number, id, ...patch };
}

const api = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object, headers = s.t.auth) =>
  s.t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

async function orderByNumber(number: string): Promise<string> {
  return waitFor(async () => {
    const page = (await api('GET', `/v1/orders?orderNumber=${number}`)).json<{ items: { id: string }[] }>();
    return page.items[0]?.id;
  });
}

interface TimelineEvent {
  event: string;
  detail: Record<string, unknown>;
}
const notSent = async (id: string) =>
  (await api('GET', `/v1/orders/${id}`))
    .json<{ timeline: TimelineEvent[] }>()
    .timeline.filter((e) => e.event === 'not-sent');

async function nothingFor(id: string) {
  expect((await s.t.hub.store.listDeliveries({ orderId: id, limit: 10 })).items).toEqual([]);
  expect((await s.t.hub.store.listExceptions({ orderId: id, limit: 10 })).items).toEqual([]);
}

beforeAll(async () => {
  s = await startShopHub();
  operator = await s.t.keyHeaders('operator');
  const ruleSet = {
    ...sampleRuleSet(s.warehouse),
    holds: [{ id: 'check', kind: 'tag', tags: ['check-me'], reason: 'look at it first' }],
  };
  const saved = await api('PUT', '/v1/routes', { baseVersion: 0, ruleSet });
  expect(saved.statusCode, saved.body).toBe(201);
}, 60_000);

afterAll(async () => {
  await s.t.close();
  rmSync(s.ledgerDir, { recursive: true, force: true });
});

describe('a rule that sends orders nowhere', () => {
  it('a POS sale gets no delivery and no exception, and its timeline says why; a web order is delivered', async () => {
    const status = await pushOrders(s.base, s.shop, [
      posOrder('NYC-ND0001', '95000001'),
      sandboxOrder('US-ND0001', '95000002'),
    ]);
    expect(status).toBeLessThan(300);
    expect(await s.waitForDelivered(1)).toEqual(['US-ND0001']);
    const pos = await orderByNumber('NYC-ND0001');
    const [event] = await waitFor(async () => {
      const events = await notSent(pos);
      return events.length > 0 && events;
    });
    expect(event?.detail).toEqual({
      revision: 1,
      ruleId: 'counter-sales',
      reason: REASON,
      destinations: [],
      ruleSetVersion: 1,
    });
    expect((await s.t.hub.store.getOrder(pos))?.state).toBe('active');
    await nothingFor(pos);
    expect(await s.delivered()).toEqual(['US-ND0001']);
  });

  it('dry-run answers the rule and its reason, apart from held and unmatched orders', async () => {
    const pos = await orderByNumber('NYC-ND0001');
    const web = await orderByNumber('US-ND0001');
    const res = await api('POST', '/v1/routes/dry-run', { orderIds: [pos, web] }, operator);
    expect(res.statusCode, res.body).toBe(200);
    const [p, w] = res.json<{ items: { candidate: Record<string, unknown>; changed: boolean }[] }>().items;
    expect(p?.candidate).toEqual({
      held: false,
      holds: [],
      destinations: [],
      matched: ['counter-sales'],
      noMatch: false,
      noDelivery: { ruleId: 'counter-sales', reason: REASON },
    });
    expect(w?.candidate).toMatchObject({
      noDelivery: null,
      destinations: [{ destinationId: s.warehouse, lines: 'all', ruleIds: ['ship-from-3pl'] }],
    });
    // A candidate that sends it to the 3PL after all is a change: the 3PL is added.
    const candidate = { ...sampleRuleSet(s.warehouse), rules: sampleRuleSet(s.warehouse).rules.slice(1) };
    const other = await api('POST', '/v1/routes/dry-run', { ruleSet: candidate, orderIds: [pos] }, operator);
    expect(other.json().items[0]).toMatchObject({
      changed: true,
      active: { noDelivery: { ruleId: 'counter-sales' } },
      candidate: { noDelivery: null },
      diff: { added: [s.warehouse] },
    });
  });

  it('cancelling an order that was sent nowhere sends nothing', async () => {
    const pos = await orderByNumber('NYC-ND0001');
    const at = '2026-01-05T06:30:00.000-05:00';
    const cancel = posOrder('NYC-ND0001', '95000001', {
      status: 'cancelled',
      updated_at: at,
      cancelled_at: at,
      cancel_reason: 'customer',
    });
    expect(await pushOrders(s.base, s.shop, [cancel])).toBeLessThan(300);
    const order = await waitFor(async () => {
      const o = await s.t.hub.store.getOrder(pos);
      return o?.revision === 2 && o;
    });
    expect(order.order.status.order).toBe('cancelled');
    expect(await routeOrder(s.t.hub, order)).toEqual([]);
    await nothingFor(pos);
  });

  it('holds still come first; releasing a held POS sale routes it nowhere instead of refusing', async () => {
    expect(
      await pushOrders(s.base, s.shop, [posOrder('NYC-ND0002', '95000003', { tags: ['pos', 'check-me'] })]),
    ).toBeLessThan(300);
    const pos = await orderByNumber('NYC-ND0002');
    await waitFor(async () => (await s.t.hub.store.getOrder(pos))?.state === 'held');
    expect(await notSent(pos)).toEqual([]);
    const released = await api('POST', `/v1/holds/${pos}/release`, { note: 'seen' }, operator);
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json()).toMatchObject({ released: ['check'], deliveries: [] });
    expect((await s.t.hub.store.getOrder(pos))?.state).toBe('active');
    expect((await notSent(pos)).map((e) => e.detail.ruleId)).toEqual(['counter-sales']);
    expect((await s.t.hub.store.listDeliveries({ orderId: pos, limit: 10 })).items).toEqual([]);
  });
});
