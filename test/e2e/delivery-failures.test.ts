import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, waitFor, type TestHub } from '../helpers/hub';
import { Sink } from '../helpers/sink';
import { connectShopifyToWebhook, shopifyOrder, signedShopifyWebhook } from '../helpers/shopify';

let t: TestHub;
let sink: Sink;
let shopId: string;
let erpId: string;
let n = 300;

beforeAll(async () => {
  t = await startTestHub({}, { ORDERHUB_DELIVERY_MAX_ATTEMPTS: '3' });
  sink = await new Sink().start();
  ({ shopId, erpId } = await connectShopifyToWebhook(t.hub, sink.url));
  t.startWorkers();
});

afterAll(async () => {
  await t.close();
  await sink.stop();
});

/** Sends one new order and waits until its delivery row reaches one of `states`. */
async function sendAndSettle(states: string[], order: Record<string, unknown> = shopifyOrder(n++)) {
  const { payload, headers } = signedShopifyWebhook(order);
  expect(
    (await t.app.inject({ method: 'POST', url: `/v1/webhooks/${shopId}`, headers, payload })).statusCode,
  ).toBe(200);
  return waitFor(
    async () => {
      const list = await t.hub.store.listDeliveries({ limit: 200 });
      return list.items.find(
        (d) => d.orderId.length > 0 && states.includes(d.state) && !seen.has(d.id) && (seen.add(d.id), true),
      );
    },
    20_000,
    `a delivery in ${states.join('/')}`,
  );
}
const seen = new Set<string>();

describe('delivery failures are steered by kind and never lost', () => {
  it('dead-letters after the last transient failure and delivers on a manual retry', async () => {
    sink.respond({ status: 500 }, { status: 502 }, { status: 503 });
    const dead = await sendAndSettle(['dead']);
    expect(dead.attempts).toBe(3);
    const exc = (await t.hub.store.listExceptions({ kind: 'dead_lettered', limit: 10 })).items.find(
      (e) => e.deliveryId === dead.id,
    );
    expect(exc).toMatchObject({ code: 'DELIVERY_DEAD_LETTERED', state: 'open', orderId: dead.orderId });

    const retry = await t.app.inject({
      method: 'POST',
      url: `/v1/deliveries/${dead.id}/retry`,
      headers: t.auth,
    });
    expect(retry.statusCode).toBe(202);
    await waitFor(
      async () => (await t.hub.store.getDelivery(dead.id))?.state === 'delivered',
      15_000,
      'retried delivery',
    );
    expect((await t.hub.store.getException(exc?.id ?? ''))?.state).toBe('resolved');
    expect(
      (await t.app.inject({ method: 'POST', url: `/v1/deliveries/${dead.id}/retry`, headers: t.auth })).json()
        .error.code,
    ).toBe('API_CONFLICT');
  });

  it('stops a rejected order with the receiver’s reason and lets the others through', async () => {
    sink.respond({ status: 422, body: '{"error":"unknown sku"}' });
    const rejected = await sendAndSettle(['rejected']);
    expect(rejected).toMatchObject({
      attempts: 1,
      lastErrorKind: 'rejected',
      lastErrorCode: 'WEBHOOK_HTTP_422',
    });
    const ok = await sendAndSettle(['delivered']);
    expect(ok.orderId).not.toBe(rejected.orderId);
  });

  it('records a 409 from the receiver as delivered: it already has the order', async () => {
    sink.respond({ status: 409 });
    const d = await sendAndSettle(['delivered']);
    expect((await t.hub.store.listAttempts(d.id)).map((a) => a.outcome)).toEqual(['delivered']);
  });

  it('blocks deliveries on refused credentials and marks the connection with a remedy', async () => {
    sink.respond({ status: 401 });
    const blocked = await sendAndSettle(['blocked']);
    expect(blocked.lastErrorKind).toBe('auth');
    const conn = await t.app.inject({ url: `/v1/connections/${erpId}`, headers: t.auth });
    expect(conn.json().health).toMatchObject({ state: 'error' });
    const exc = (await t.hub.store.listExceptions({ kind: 'blocked', limit: 10 })).items.find(
      (e) => e.deliveryId === blocked.id,
    );
    expect(exc?.code).toBe('DELIVERY_AUTH_FAILED');
    // Fixed on the receiver's side: replaying the exception delivers it.
    const replay = await t.app.inject({
      method: 'POST',
      url: `/v1/exceptions/${exc?.id}/replay`,
      headers: t.auth,
      payload: {},
    });
    expect(replay.json()).toEqual({ action: 'delivery-retried' });
    await waitFor(
      async () => (await t.hub.store.getDelivery(blocked.id))?.state === 'delivered',
      15_000,
      'unblocked delivery',
    );
    // The delivery that got through clears the connection's error mark.
    await waitFor(async () => (await t.hub.store.getConnection(erpId))?.health === 'ok', 5_000, 'health ok');
  });

  it('holds an order whose parts do not add up, and sends it on when released', async () => {
    const held = {
      ...shopifyOrder(n++),
      total_price: '600.00',
      total_price_set: {
        shop_money: { amount: '600.00', currency_code: 'USD' },
        presentment_money: { amount: '600.00', currency_code: 'USD' },
      },
    };
    const { payload, headers } = signedShopifyWebhook(held);
    await t.app.inject({ method: 'POST', url: `/v1/webhooks/${shopId}`, headers, payload });
    const exc = await waitFor(
      async () => (await t.hub.store.listExceptions({ kind: 'held', limit: 10 })).items[0],
      15_000,
      'held order',
    );
    expect(exc).toMatchObject({ code: 'ORDER_TOTALS_MISMATCH' });
    expect(exc.message).toContain('order_total at /totals/total: expected 598.94, got 600.00');
    const order = await t.hub.store.getOrder(exc.orderId ?? '');
    expect(order?.state).toBe('held');
    expect((await t.hub.store.listDeliveries({ orderId: order?.id, limit: 5 })).items).toHaveLength(0);

    const release = await t.app.inject({
      method: 'POST',
      url: `/v1/exceptions/${exc.id}/replay`,
      headers: t.auth,
      payload: { release: true, note: 'checked with the shop' },
    });
    expect(release.json()).toEqual({ action: 'order-released' });
    await waitFor(
      async () =>
        (await t.hub.store.listDeliveries({ orderId: order?.id, state: 'delivered', limit: 5 })).items
          .length === 1,
      15_000,
      'released delivery',
    );
    expect((await t.hub.store.listAudit(order?.id ?? '', 5))[0]).toMatchObject({
      action: 'order.release',
      detail: { note: 'checked with the shop' },
    });
  });
});
