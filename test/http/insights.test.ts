import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../helpers/hub';
import { putOrder } from '../store/order-fixtures';

// The hub's clock: 12:20, so the 3-hour chart covers 10:00–13:00 (the current hour is the last slot).
const NOW = new Date('2024-05-01T12:20:00.000Z');
const iso = (hhmmss: string): string => `2024-05-01T${hhmmss}Z`;

let t: TestHub;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestHub({}, {}, undefined, () => NOW);
  const plan = [
    { key: 'early', connectionId: 'con_a', at: iso('09:59:59.999'), email: 'early@example.com' },
    { key: 'a1', connectionId: 'con_a', at: iso('10:00:00.000'), skus: ['CAP-NVY'] },
    {
      key: 'a2',
      connectionId: 'con_a',
      at: iso('10:30:00.000'),
      skus: ['CAP-NVY'],
      payment: 'pending' as const,
    },
    { key: 'b1', connectionId: 'con_b', at: iso('12:10:00.000'), email: 'Jane@Example.com' },
    { key: 'a3', connectionId: 'con_a', at: iso('12:59:59.999'), skus: ['TEE-L'] },
  ];
  for (const { key, ...spec } of plan)
    ids[key] = (await putOrder(t.hub.store, { externalId: key, ...spec })).id;
});

afterAll(async () => {
  await t.close();
});

const get = async (url: string) => {
  const res = await t.app.inject({ method: 'GET', url, headers: t.auth });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Record<string, unknown>>();
};

describe('GET /v1/insights/orders-per-hour', () => {
  it('counts every order per connection and hour of the window, from the store', async () => {
    const body = await get('/v1/insights/orders-per-hour?hours=3');
    expect(body).toEqual({
      from: iso('10:00:00.000'),
      to: iso('13:00:00.000'),
      hours: [iso('10:00:00.000'), iso('11:00:00.000'), iso('12:00:00.000')],
      series: [
        { connectionId: 'con_a', counts: [2, 0, 1] },
        { connectionId: 'con_b', counts: [0, 0, 1] },
      ],
    });
  });
});

describe('GET /v1/insights/orders/search', () => {
  it('finds orders by e-mail and SKU, newest first, with a status, without saying capped', async () => {
    const byEmail = await get('/v1/insights/orders/search?q=jane%40example.com');
    expect(byEmail).toEqual({ items: [expect.objectContaining({ id: ids.b1, connectionId: 'con_b' })] });
    const bySku = await get('/v1/insights/orders/search?q=cap-nvy');
    expect((bySku.items as { id: string }[]).map((o) => o.id)).toEqual([ids.a2, ids.a1]);
    const pending = await get('/v1/insights/orders/search?q=CAP-NVY&status=pending');
    expect(pending.items).toEqual([
      expect.objectContaining({
        id: ids.a2,
        orderNumber: '#a2',
        state: 'active',
        status: expect.objectContaining({ payment: 'pending' }),
        total: '5.00',
        currency: 'EUR',
      }),
    ]);
    expect((await get('/v1/insights/orders/search?q=nobody%40example.com')).items).toEqual([]);
  });

  it('lists the newest orders without a term, up to the limit', async () => {
    const body = await get('/v1/insights/orders/search?limit=2');
    expect((body.items as { id: string }[]).map((o) => o.id)).toEqual([ids.a3, ids.b1]);
    expect(Object.keys(body)).toEqual(['items']);
  });
});
