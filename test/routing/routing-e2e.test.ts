import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalOrder } from '../../src/core/order';
import { dec } from '../../src/core/money';
import { routeOrder } from '../../src/pipeline/route';
import { startTestHub, waitFor, type TestHub } from '../helpers/hub';
import { Sink } from '../helpers/sink';

const signingSecret = `whsec_${randomBytes(32).toString('base64')}`;
let t: TestHub;
const sinks: Record<'a' | 'b' | 'erp', Sink> = {} as Record<'a' | 'b' | 'erp', Sink>;
const ids = { a: '', b: '', erp: '', phone: '' };
let intake: { authorization: string };
let operator: { authorization: string };

const ordersAt = (s: Sink) => s.accepted().map((r) => (JSON.parse(r.body) as { data: CanonicalOrder }).data);
const at = (s: Sink, orderNumber: string) => ordersAt(s).filter((o) => o.channel.orderNumber === orderNumber);

function phoneOrder(reference: string, patch: Record<string, unknown> = {}) {
  return {
    reference,
    placedAt: '2024-05-01T10:00:00+02:00',
    updatedAt: '2024-05-01T10:00:00+02:00',
    status: 'open',
    payment: { status: 'paid', method: 'card' },
    customer: { name: 'Ann Example', phone: '+49 30 1234567' },
    fulfillment: 'ship',
    shippingAddress: { name: 'Ann Example', line1: 'Hauptstr. 1', city: 'Berlin', countryCode: 'DE' },
    lines: [
      { sku: 'A-1', name: 'Apple box', quantity: 2, unitPrice: '10.00', taxRate: '0.19' },
      { sku: 'B-1', name: 'Banana box', quantity: 1, unitPrice: '5.00', taxRate: '0.19' },
    ],
    shipping: { title: 'Standard', price: '4.00', taxRate: '0.19' },
    ...patch,
  };
}

async function enter(body: unknown): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/v1/intake/${ids.phone}/orders`,
    headers: intake,
    payload: body as object,
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json<{ orderId: string }>().orderId;
}

const api = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object, headers = t.auth) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

const ruleSet = () => ({
  mode: 'first-match',
  rules: [
    { id: 'erp-and-finance', always: true, then: { destinations: [ids.erp] } },
    {
      id: 'warehouses',
      when: { sourceType: ['phone'] },
      then: {
        split: {
          routes: [
            { sku: ['A-*'], destinations: [ids.a] },
            { sku: ['B-*'], destinations: [ids.b] },
          ],
        },
      },
    },
  ],
  noMatch: { action: 'hold' },
  holds: [
    { id: 'unpaid', kind: 'unpaid', reason: 'wait for payment' },
    { id: 'big', kind: 'high-value', above: { EUR: '500.00' } },
  ],
});

beforeAll(async () => {
  t = await startTestHub();
  for (const k of ['a', 'b', 'erp'] as const) {
    sinks[k] = await new Sink().start();
    const c = await t.hub.connections.create({
      connector: 'webhook',
      name: `wh ${k}`,
      config: { url: sinks[k].url, signingSecret },
    });
    ids[k] = c.id;
  }
  const phone = await t.hub.connections.create({
    connector: 'phone-order',
    name: 'Hotline',
    config: { currency: 'EUR', taxesIncluded: true, sourceType: 'phone' },
  });
  ids.phone = phone.id;
  t.hub.invalidateConnections();
  const key = async (role: string) =>
    `Bearer ${(await api('POST', '/v1/api-keys', { name: role, role })).json<{ key: string }>().key}`;
  intake = { authorization: await key('intake') };
  operator = { authorization: await key('operator') };
  t.startWorkers();
});

afterAll(async () => {
  await t.close();
  for (const s of Object.values(sinks)) await s.stop();
});

describe('routing rules and holds, end to end (phone-order → webhook warehouses)', () => {
  it('without a rule set, every enabled destination gets the whole order (today’s behaviour)', async () => {
    expect((await api('GET', '/v1/routes')).json()).toMatchObject({ version: 0, ruleSet: null });
    await enter(phoneOrder('PH-0001'));
    for (const s of Object.values(sinks)) {
      const [o] = await waitFor(() => at(s, 'PH-0001').length === 1 && at(s, 'PH-0001'));
      expect(o?.lines).toHaveLength(2);
    }
  });

  it('validates rule sets with paths, versions them and answers 409 on a stale version', async () => {
    const shape = await api('PUT', '/v1/routes', { baseVersion: 0, ruleSet: { ...ruleSet(), mode: 'any' } });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'body/ruleSet/mode' })]),
    );
    const bad = ruleSet();
    bad.rules[0] = { id: 'erp-and-finance', always: true, then: { destinations: ['con_nope'] } };
    const unknown = await api('PUT', '/v1/routes', { baseVersion: 0, ruleSet: bad });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({
      code: 'ROUTING_RULES_INVALID',
      details: [
        {
          path: 'body/ruleSet/rules/0/then/destinations/0',
          message: '"con_nope" is not a destination connection',
        },
      ],
    });
    expect(
      (await api('PUT', '/v1/routes', { baseVersion: 0, ruleSet: ruleSet() }, operator)).statusCode,
    ).toBe(403);

    const saved = await api('PUT', '/v1/routes', { baseVersion: 0, ruleSet: ruleSet(), note: 'split A/B' });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json()).toMatchObject({ version: 1, savedBy: 'ORDERHUB_ADMIN_KEY', note: 'split A/B' });
    const stale = await api('PUT', '/v1/routes', { baseVersion: 0, ruleSet: ruleSet() });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('ROUTING_VERSION_CONFLICT');
    const current = (await api('GET', '/v1/routes', undefined, operator)).json();
    expect(current).toMatchObject({
      version: 1,
      savedBy: 'ORDERHUB_ADMIN_KEY',
      ruleSet: { mode: 'first-match' },
    });
    expect(typeof current.savedAt).toBe('string');
    const log = await t.hub.store.listAudit('routes:v00000001', 5);
    expect(log.map((e) => [e.action, e.actor])).toEqual([['routes.save', 'ORDERHUB_ADMIN_KEY']]);
  });

  it('a split order reaches two warehouses with only their lines; the ERP gets all of it', async () => {
    await enter(phoneOrder('PH-0002'));
    const [a] = await waitFor(() => at(sinks.a, 'PH-0002').length === 1 && at(sinks.a, 'PH-0002'));
    const [b] = await waitFor(() => at(sinks.b, 'PH-0002').length === 1 && at(sinks.b, 'PH-0002'));
    const [erp] = await waitFor(() => at(sinks.erp, 'PH-0002').length === 1 && at(sinks.erp, 'PH-0002'));
    expect(a?.lines.map((l) => [l.sku, l.quantity])).toEqual([['A-1', 2]]);
    expect(b?.lines.map((l) => [l.sku, l.quantity])).toEqual([['B-1', 1]]);
    expect(erp?.lines.map((l) => l.sku)).toEqual(['A-1', 'B-1']);
    expect(a?.id).toBe(erp?.id);
    expect(a?.attributes?.['orderhub.split']).toBe('1/2');
    expect(b?.totals).toMatchObject({ subtotal: '5.00', shipping: '0.00', total: '5.00' });
    expect(a?.totals).toMatchObject({ subtotal: '20.00', shipping: '4.00', total: '24.00' });
    expect(
      dec(a?.totals.total ?? '0')
        .plus(b?.totals.total ?? '0')
        .toFixed(2),
    ).toBe(erp?.totals.total);
  });

  it('holds an unpaid order, lists it with its reason, and delivers it only after release', async () => {
    const id = await enter(phoneOrder('PH-0003', { payment: { status: 'pending', method: 'invoice' } }));
    const held = await waitFor(async () => {
      const list = (await api('GET', '/v1/holds')).json<{
        items: { orderId: string; reasons: { code: string; message: string }[] }[];
      }>();
      return list.items.find((i) => i.orderId === id);
    });
    expect(held.reasons).toEqual([
      expect.objectContaining({ code: 'HOLD_UNPAID', message: 'unpaid: wait for payment' }),
    ]);
    expect((await t.hub.store.getOrder(id))?.state).toBe('held');
    expect((await t.hub.store.listDeliveries({ orderId: id, limit: 10 })).items).toEqual([]);

    expect((await api('POST', `/v1/holds/${id}/release`, {}, operator)).statusCode).toBe(400);
    const released = await api('POST', `/v1/holds/${id}/release`, { note: 'paid by phone' }, operator);
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json()).toMatchObject({ released: ['unpaid'] });
    await waitFor(() => at(sinks.a, 'PH-0003').length === 1 && at(sinks.b, 'PH-0003').length === 1);
    await waitFor(() => at(sinks.erp, 'PH-0003').length === 1);
    expect((await t.hub.store.getOrder(id))?.state).toBe('active');
    const log = await t.hub.store.listAudit(id, 5);
    expect(log.map((e) => [e.action, e.actor, e.detail.note])).toEqual([
      ['hold.release', 'operator', 'paid by phone'],
    ]);
    expect(
      (await api('GET', '/v1/holds')).json().items.map((i: { orderId: string }) => i.orderId),
    ).not.toContain(id);

    // Routing the released revision again does not hold it again on the same rule …
    const order = await t.hub.store.getOrder(id);
    if (!order) throw new Error('order gone');
    await routeOrder(t.hub, order);
    expect((await t.hub.store.getOrder(id))?.state).toBe('active');
    // … but a new revision is judged again.
    await enter(
      phoneOrder('PH-0003', {
        payment: { status: 'pending', method: 'invoice' },
        updatedAt: '2024-05-01T11:00:00+02:00',
        note: 'edited',
      }),
    );
    await waitFor(
      async () =>
        (await t.hub.store.getOrder(id))?.revision === 2 &&
        (await t.hub.store.getOrder(id))?.state === 'held',
    );
  });

  it('cancels a held order: never sent, not even a later revision; the audit log says who and why', async () => {
    const id = await enter(
      phoneOrder('PH-0004', {
        lines: [{ sku: 'A-9', name: 'Gold box', quantity: 1, unitPrice: '900.00', taxRate: '0.19' }],
      }),
    );
    const held = await waitFor(async () => {
      const list = (await api('GET', '/v1/holds')).json<{
        items: { orderId: string; reasons: { code: string }[] }[];
      }>();
      return list.items.find((i) => i.orderId === id);
    });
    expect(held.reasons.map((r) => r.code)).toEqual(['HOLD_HIGH_VALUE']);
    const cancelled = await api('POST', `/v1/holds/${id}/cancel`, { note: 'fraud suspected' }, operator);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect((await api('POST', `/v1/holds/${id}/release`, { note: 'oops' }, operator)).json().error.code).toBe(
      'HOLD_CANCELLED',
    );
    expect(
      (await api('GET', '/v1/holds?cancelled=true')).json().items.map((i: { orderId: string }) => i.orderId),
    ).toContain(id);
    await enter(
      phoneOrder('PH-0004', {
        updatedAt: '2024-05-01T12:00:00+02:00',
        lines: [{ sku: 'A-9', name: 'Gold box', quantity: 1, unitPrice: '90.00', taxRate: '0.19' }],
      }),
    );
    await waitFor(async () => (await t.hub.store.getOrder(id))?.revision === 2);
    expect((await t.hub.store.getOrder(id))?.state).toBe('held');
    expect((await t.hub.store.listDeliveries({ orderId: id, limit: 10 })).items).toEqual([]);
    expect(Object.values(sinks).flatMap((s) => at(s, 'PH-0004'))).toEqual([]);
    const log = await t.hub.store.listAudit(id, 5);
    expect(log.map((e) => [e.action, e.actor, e.detail.note])).toEqual([
      ['hold.cancel', 'operator', 'fraud suspected'],
    ]);
  });

  it('dry-runs a candidate rule set against stored orders and writes nothing', async () => {
    const before = {
      deliveries: (await t.hub.store.listDeliveries({ limit: 500 })).items.length,
      versions: (await t.hub.store.listDocs({ kind: 'routes', limit: 50 })).items.length,
    };
    const candidate = {
      ...ruleSet(),
      rules: [{ id: 'all-to-a', then: { destinations: [ids.a] } }],
      holds: [],
    };
    const res = await api('POST', '/v1/routes/dry-run', { ruleSet: candidate, limit: 10 }, operator);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ activeVersion: 1, candidate: 'body' });
    const split = body.items.find((i: { orderNumber: string }) => i.orderNumber === 'PH-0002');
    expect(split.active.destinations).toEqual(
      expect.arrayContaining([
        { destinationId: ids.a, lines: [{ id: '1', sku: 'A-1', quantity: 2 }], ruleIds: ['warehouses'] },
        { destinationId: ids.b, lines: [{ id: '2', sku: 'B-1', quantity: 1 }], ruleIds: ['warehouses'] },
      ]),
    );
    expect(split.candidate.destinations).toEqual([
      { destinationId: ids.a, lines: 'all', ruleIds: ['all-to-a'] },
    ]);
    expect(split.diff).toMatchObject({
      removed: expect.arrayContaining([ids.b, ids.erp]),
      linesChanged: [ids.a],
    });
    expect(split.changed).toBe(true);
    const active = (await api('POST', '/v1/routes/dry-run', { limit: 10 }, operator)).json();
    expect(active.changed).toBe(0);
    const invalid = await api(
      'POST',
      '/v1/routes/dry-run',
      { ruleSet: { ...candidate, noMatch: {} } },
      operator,
    );
    expect(invalid.statusCode).toBe(400);
    expect((await t.hub.store.listDeliveries({ limit: 500 })).items.length).toBe(before.deliveries);
    expect((await t.hub.store.listDocs({ kind: 'routes', limit: 50 })).items.length).toBe(before.versions);
  });
});
