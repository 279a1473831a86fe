import { describe, expect, it } from 'vitest';
import shipstation, { type ShipStationOrder } from './index';
import { api, canonical, context, failure, http, info, JSON_HEADERS, mappingContext } from './test-helpers';

const order = canonical('us-web');
const payload = shipstation.fromCanonical(order, mappingContext());
const PATH = '/orders/createorder';

function isOrderBody(body: unknown): body is ShipStationOrder {
  return typeof body === 'object' && body !== null && 'orderKey' in body && 'orderStatus' in body;
}

describe('shipstation deliver', () => {
  it('creates the order with Basic credentials and returns ShipStation’s order id', async () => {
    let sent: unknown;
    api()
      .post(PATH, (body: unknown) => {
        sent = body;
        return true;
      })
      .reply(200, http('createorder-200'), JSON_HEADERS);
    const ref = await shipstation.deliver(context(), payload, info(order));
    expect(ref).toEqual({ remoteId: '987654321', status: 'awaiting_shipment' });
    expect(sent).toEqual(payload);
  });

  it('creates one remote order when the first attempt timed out after ShipStation accepted it', async () => {
    // A fake ShipStation keyed by orderKey, as V1 upserts: the first answer is lost in a timeout.
    const remote = new Map<string, number>();
    let calls = 0;
    const upsert = (_uri: string, body: unknown) => {
      calls += 1;
      if (!isOrderBody(body)) return [400, http('error-400-validation')];
      const id = remote.get(body.orderKey) ?? 900_000 + remote.size;
      remote.set(body.orderKey, id);
      return [200, { orderId: id, orderKey: body.orderKey, orderStatus: body.orderStatus }];
    };
    api().post(PATH).delay(1_000).reply(upsert);
    api().post(PATH).reply(upsert);
    const ctx = context({}, 200);
    const first = await failure(shipstation.deliver(ctx, payload, info(order)));
    expect(first.kind).toBe('transient');
    const retry = await shipstation.deliver(ctx, payload, info(order));
    expect(calls).toBe(2);
    expect(remote.size).toBe(1);
    expect(retry).toEqual({ remoteId: String(remote.get(order.id)), status: 'awaiting_shipment' });
  });

  it('cancels by sending the same order with orderStatus cancelled', async () => {
    let status: unknown;
    api()
      .post(PATH, (body: unknown) => {
        status = isOrderBody(body) ? body.orderStatus : undefined;
        return true;
      })
      .reply(200, http('createorder-cancelled'), JSON_HEADERS);
    const ref = await shipstation.deliver(context(), payload, info(order, 'cancel'));
    expect(status).toBe('cancelled');
    expect(ref).toEqual({ remoteId: '987654321', status: 'cancelled' });
  });

  it('rejects a cancel of a shipped order with SHIPSTATION_ALREADY_SHIPPED', async () => {
    api().post(PATH).reply(200, http('createorder-shipped'), JSON_HEADERS);
    const error = await failure(shipstation.deliver(context(), payload, info(order, 'cancel')));
    expect(error).toMatchObject({ kind: 'rejected', code: 'SHIPSTATION_ALREADY_SHIPPED' });
    expect(error.remedy).toMatch(/void the label/i);
  });

  it('treats an upsert of an order the channel cancelled like a cancel', async () => {
    const cancelled = { ...order, status: { ...order.status, order: 'cancelled' as const } };
    const body = shipstation.fromCanonical(cancelled, mappingContext());
    expect(body.orderStatus).toBe('cancelled');
    api().post(PATH).reply(200, http('createorder-shipped'), JSON_HEADERS);
    const error = await failure(shipstation.deliver(context(), body, info(cancelled)));
    expect(error.code).toBe('SHIPSTATION_ALREADY_SHIPPED');
  });

  it('records a revision of a shipped order as delivered without changes', async () => {
    api().post(PATH).reply(200, http('createorder-shipped'), JSON_HEADERS);
    const ref = await shipstation.deliver(context(), payload, info(order));
    expect(ref).toEqual({ remoteId: '987654321', status: 'shipped (revision not applied)' });
  });

  it('rejects an update of an order cancelled in ShipStation', async () => {
    api().post(PATH).reply(200, http('createorder-cancelled'), JSON_HEADERS);
    const error = await failure(shipstation.deliver(context(), payload, info(order)));
    expect(error).toMatchObject({ kind: 'rejected', code: 'SHIPSTATION_ORDER_CANCELLED' });
  });

  it('rejects a validation error with ShipStation’s message and no order data', async () => {
    api().post(PATH).reply(400, http('error-400-validation'), JSON_HEADERS);
    const error = await failure(shipstation.deliver(context(), payload, info(order)));
    expect(error).toMatchObject({ kind: 'rejected', code: 'SHIPSTATION_VALIDATION', status: 400 });
    expect(error.message).toContain('Please use a 2 character country code');
    expect(error.message).not.toContain('Carlos');
    expect(error.message).not.toContain('example.com');
  });

  it('classifies 401 as auth with a remedy', async () => {
    api().post(PATH).reply(401, http('error-401'), JSON_HEADERS);
    const ctx = context();
    const error = await failure(shipstation.deliver(ctx, payload, info(order)));
    expect(error).toMatchObject({ kind: 'auth', code: 'SHIPSTATION_CREDENTIALS_INVALID' });
    expect(error.remedy).toContain('API Settings');
    expect(JSON.stringify(ctx.log.lines)).not.toContain('ss-fixture-secret');
  });

  it('classifies 429 as rate_limited until X-Rate-Limit-Reset', async () => {
    api()
      .post(PATH)
      .reply(429, http('error-429'), {
        ...JSON_HEADERS,
        'x-rate-limit-limit': '40',
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': '17',
      });
    const error = await failure(shipstation.deliver(context(), payload, info(order)));
    expect(error).toMatchObject({
      kind: 'rate_limited',
      code: 'SHIPSTATION_RATE_LIMITED',
      retryAfterMs: 17_000,
    });
  });

  it('classifies 5xx as transient', async () => {
    api().post(PATH).reply(500, http('error-500'), JSON_HEADERS);
    const error = await failure(shipstation.deliver(context(), payload, info(order)));
    expect(error).toMatchObject({ kind: 'transient', status: 500 });
  });

  it('pauses until the window resets when the last call of the window was spent', async () => {
    api()
      .post(PATH)
      .reply(200, http('createorder-200'), {
        ...JSON_HEADERS,
        'x-rate-limit-limit': '40',
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': '5',
      });
    const ctx = context();
    await shipstation.deliver(ctx, payload, info(order));
    expect(ctx.sleeps).toEqual([5_000]);
  });

  it('takes from a 40-a-minute bucket, so the 41st call in a burst waits', async () => {
    expect(shipstation.rateLimits).toEqual({ api: { ratePerSecond: 40 / 60, burst: 40 } });
    api().post(PATH).times(41).reply(200, http('createorder-200'), JSON_HEADERS);
    const ctx = context();
    for (let i = 0; i < 41; i += 1) await shipstation.deliver(ctx, payload, info(order));
    expect(ctx.sleeps).toEqual([1_500]);
  });
});
