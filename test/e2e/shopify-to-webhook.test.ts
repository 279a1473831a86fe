import { randomBytes } from 'node:crypto';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyStandardWebhook } from '../../connectors/webhook/signature';
import { inboxEventId } from '../../src/core/ids';
import { pullConnection } from '../../src/pipeline/pull';
import { startTestHub, waitFor, type TestHub } from '../helpers/hub';
import { Sink } from '../helpers/sink';
import {
  connectShopifyToWebhook,
  SHOP,
  SHOPIFY_SECRET,
  shopifyOrder,
  signedShopifyWebhook,
} from '../helpers/shopify';

const signingSecret = `whsec_${randomBytes(32).toString('base64')}`;
let t: TestHub;
let sink: Sink;
let shopId: string;

async function post(body: unknown, topic = 'orders/create', secret = SHOPIFY_SECRET) {
  const { payload, headers } = signedShopifyWebhook(body, topic, secret);
  return t.app.inject({ method: 'POST', url: `/v1/webhooks/${shopId}`, headers, payload });
}

beforeAll(async () => {
  t = await startTestHub();
  sink = await new Sink().start();
  ({ shopId } = await connectShopifyToWebhook(t.hub, sink.url, signingSecret));
  t.startWorkers();
});

afterAll(async () => {
  await t.close();
  await sink.stop();
});

describe('Shopify webhook → canonical order → signed webhook delivery', () => {
  it('delivers a signed Shopify webhook exactly once, with the canonical totals, signed for the receiver', async () => {
    const sent = signedShopifyWebhook(shopifyOrder(1));
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/webhooks/${shopId}`,
      headers: sent.headers,
      payload: sent.payload,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ received: 1, stored: 1, duplicates: 0 });
    // The inbox keeps the channel's own bytes, not a re-serialisation.
    const received = await t.hub.store.getInbox(
      inboxEventId(shopId, '450789470', '2024-05-01T10:00:00-05:00'),
    );
    expect(received?.raw).toBe(sent.payload);

    const [delivered] = await waitFor(
      () => sink.accepted().length === 1 && sink.accepted(),
      15_000,
      'delivery',
    );
    expect(delivered).toBeDefined();
    if (!delivered) return;
    expect(verifyStandardWebhook(signingSecret, delivered.headers, delivered.body).ok).toBe(true);
    const body = JSON.parse(delivered.body);
    expect(body.type).toBe('order.upserted');
    expect(body.data).toMatchObject({
      schemaVersion: 1,
      revision: 1,
      channel: { connector: 'shopify', connectionId: shopId, externalId: '450789470', orderNumber: '#1002' },
      currency: 'USD',
      totals: { subtotal: '597.00', discount: '10.00', shipping: '0.00', tax: '11.94', total: '598.94' },
    });
    // The receiver has it; the hub records the answer a moment later.
    const order = await waitFor(async () => {
      const res = await t.app.inject({ url: `/v1/orders/${body.data.id}`, headers: t.auth });
      return res.json().deliveries[0]?.state === 'delivered' && res;
    });
    expect(order.json().deliveries).toHaveLength(1);
    expect(order.json().deliveries[0]).toMatchObject({
      id: delivered.headers['webhook-id'],
      state: 'delivered',
      attempts: 1,
    });
    expect(order.json().timeline.map((e: { event: string }) => e.event)).toEqual([
      'received',
      'normalized',
      'delivered',
    ]);
  });

  it('gives the same webhook sent again, and the same order seen by polling, no second effect', async () => {
    const order = shopifyOrder(2);
    expect((await post(order)).json()).toMatchObject({ stored: 1 });
    await waitFor(() =>
      sink.accepted().some((r) => JSON.parse(r.body).data.channel.externalId === '450789471'),
    );
    const before = sink.requests.length;

    expect((await post(order)).json()).toEqual({ received: 1, stored: 0, duplicates: 1 });
    const api = `https://${SHOP}`;
    nock(api)
      .get(/\/admin\/api\/2026-10\/orders\.json/)
      .query(true)
      .reply(200, { orders: [order] }, { 'x-shopify-shop-api-call-limit': '1/40' });
    const pulled = await pullConnection(t.hub, shopId, 1);
    expect(pulled).toMatchObject({ records: 1, stored: 0, duplicates: 1 });

    // A genuinely newer revision is a new effect, with its own delivery key.
    const updated = { ...order, updated_at: '2024-05-02T10:00:00-05:00', note: 'leave at the door' };
    expect((await post(updated, 'orders/updated')).json()).toMatchObject({ stored: 1 });
    await waitFor(() => sink.requests.length === before + 1, 15_000, 'revision 2 delivery');
    const last = JSON.parse(sink.requests.at(-1)?.body ?? '{}');
    expect(last.data).toMatchObject({ revision: 2, note: 'leave at the door' });
    // An older revision arriving late changes nothing.
    expect(
      (await post({ ...order, updated_at: '2024-04-30T10:00:00-05:00' }, 'orders/updated')).json(),
    ).toMatchObject({ stored: 1 });
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.requests.length).toBe(before + 1);
    const ids = sink.accepted().map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('answers a bad or missing signature with 401 and stores nothing', async () => {
    const bad = await post(shopifyOrder(3), 'orders/create', 'wrong-secret');
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    const { payload, headers } = signedShopifyWebhook(shopifyOrder(3));
    const { 'x-shopify-hmac-sha256': _dropped, ...unsigned } = headers;
    const missing = await t.app.inject({
      method: 'POST',
      url: `/v1/webhooks/${shopId}`,
      headers: unsigned,
      payload,
    });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error.code).toBe('WEBHOOK_SIGNATURE_MISSING');
    const orders = await t.hub.store.listOrders({ externalId: '450789472', limit: 5 });
    expect(orders.items).toHaveLength(0);
  });

  it('quarantines an order it cannot map, with the reason, and delivers it after an edited replay', async () => {
    const broken = { ...shopifyOrder(4), financial_status: 'sort_of_paid' };
    expect((await post(broken)).statusCode).toBe(200);
    const exception = await waitFor(async () => {
      const list = await t.app.inject({ url: '/v1/exceptions?kind=quarantined', headers: t.auth });
      return list.json().items.find((e: { payload: { id: number } }) => e.payload.id === 450789473);
    });
    expect(exception).toMatchObject({ kind: 'quarantined', code: 'MAPPING_UNKNOWN_VALUE', state: 'open' });
    expect(exception.message).toContain('/financial_status');

    const replay = await t.app.inject({
      method: 'POST',
      url: `/v1/exceptions/${exception.id}/replay`,
      headers: t.auth,
      payload: { payload: { ...broken, financial_status: 'paid' }, note: 'channel sent a typo' },
    });
    expect(replay.statusCode).toBe(202);
    await waitFor(
      () => sink.accepted().some((r) => JSON.parse(r.body).data.channel.externalId === '450789473'),
      15_000,
      'replayed delivery',
    );
    const after = await t.hub.store.getException(exception.id);
    expect(after?.state).toBe('resolved');
    expect((await t.hub.store.listAudit(exception.id, 5))[0]).toMatchObject({
      action: 'exception.replay',
      detail: { edited: true },
    });
  });

  it('gets an order through 429 with Retry-After, then 500s, then 200 — once', async () => {
    sink.respond({ status: 429, headers: { 'retry-after': '1' } }, { status: 500 }, { status: 500 });
    const start = sink.requests.length;
    await post(shopifyOrder(5));
    await waitFor(
      () => sink.requests.length >= start + 4 && sink.requests.at(-1)?.status === 200,
      20_000,
      'fourth attempt',
    );
    const mine = sink.requests.slice(start);
    expect(mine.map((r) => r.status)).toEqual([429, 500, 500, 200]);
    expect(new Set(mine.map((r) => r.headers['webhook-id'])).size).toBe(1);
    const deliveryId = String(mine[0]?.headers['webhook-id']);
    await waitFor(
      async () => (await t.hub.store.getDelivery(deliveryId))?.state === 'delivered',
      10_000,
      'delivered state',
    );
    const attempts = await t.hub.store.listAttempts(deliveryId);
    expect(attempts.map((a) => a.outcome)).toEqual(['rate_limited', 'transient', 'transient', 'delivered']);
    expect((await t.hub.store.getDelivery(deliveryId))?.state).toBe('delivered');
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.requests.length).toBe(start + 4);
  });
});
