import { describe, expect, it } from 'vitest';
import shipbob, { type ShipBobOrder } from './index';
import {
  api,
  canonical,
  context,
  failure,
  http,
  info,
  JSON_HEADERS,
  mappingContext,
  PREFIX,
} from './test-helpers';

const order = canonical('us-web');
const payload = shipbob.fromCanonical(order, mappingContext());
const REF = { ReferenceIds: order.id, Limit: '1' };

function isOrderBody(body: unknown): body is ShipBobOrder {
  return typeof body === 'object' && body !== null && 'reference_id' in body && 'products' in body;
}

describe('shipbob deliver', () => {
  it('creates the order with the token and channel header', async () => {
    let sent: unknown;
    api()
      .post(`${PREFIX}/order`, (body: unknown) => {
        sent = body;
        return true;
      })
      .reply(201, http('order-created'), JSON_HEADERS);
    expect(await shipbob.deliver(context(), payload, info(order))).toEqual({
      remoteId: '318004512',
      status: 'created',
    });
    expect(sent).toEqual(payload);
  });

  it('creates one remote order when the first attempt timed out after ShipBob accepted it', async () => {
    // A fake ShipBob that keeps reference ids unique, as the real one does: the first answer is lost.
    const remote = new Map<string, ShipBobOrder & { id: number; status: string }>();
    let creates = 0;
    const create = (_uri: string, body: unknown) => {
      creates += 1;
      if (!isOrderBody(body)) return [400, http('error-400-validation')];
      if (remote.has(body.reference_id)) return [422, http('error-422-duplicate')];
      const stored = { ...body, id: 318_004_512 + remote.size, status: 'Processing' };
      remote.set(body.reference_id, stored);
      return [201, stored];
    };
    api().post(`${PREFIX}/order`).delay(1_000).reply(create);
    api().post(`${PREFIX}/order`).reply(create);
    api()
      .get(`${PREFIX}/order`)
      .query(REF)
      .reply(() => [200, [...remote.values()]]);
    const ctx = context({}, 200);
    const first = await failure(shipbob.deliver(ctx, payload, info(order)));
    expect(first.kind).toBe('transient');
    const retry = await shipbob.deliver(ctx, payload, info(order));
    expect(creates).toBe(2);
    expect(remote.size).toBe(1);
    expect(retry).toEqual({ remoteId: '318004512', status: 'exists (Processing)' });
  });

  it('returns the existing order on a duplicate reference id', async () => {
    api().post(`${PREFIX}/order`).reply(422, http('error-422-duplicate'), JSON_HEADERS);
    api().get(`${PREFIX}/order`).query(REF).reply(200, http('orders-by-reference'), JSON_HEADERS);
    expect(await shipbob.deliver(context(), payload, info(order))).toEqual({
      remoteId: '318004512',
      status: 'exists (Processing)',
    });
  });

  it('rejects a revision ShipBob cannot apply, and a duplicate of a cancelled order', async () => {
    api().post(`${PREFIX}/order`).reply(422, http('error-422-duplicate'), JSON_HEADERS);
    api().get(`${PREFIX}/order`).query(REF).reply(200, http('orders-by-reference-changed'), JSON_HEADERS);
    const changed = await failure(shipbob.deliver(context(), payload, info(order)));
    expect(changed).toMatchObject({ kind: 'rejected', code: 'SHIPBOB_ORDER_NOT_UPDATABLE' });
    expect(changed.remedy).toMatch(/ShipBob dashboard/);
    api().post(`${PREFIX}/order`).reply(422, http('error-422-duplicate'), JSON_HEADERS);
    api().get(`${PREFIX}/order`).query(REF).reply(200, http('orders-by-reference-cancelled'), JSON_HEADERS);
    const cancelled = await failure(shipbob.deliver(context(), payload, info(order)));
    expect(cancelled).toMatchObject({ kind: 'rejected', code: 'SHIPBOB_ORDER_CANCELLED' });
  });

  it('rejects a 422 that is not a duplicate with ShipBob’s reason', async () => {
    api().post(`${PREFIX}/order`).reply(422, http('error-422-dropship'), JSON_HEADERS);
    api().get(`${PREFIX}/order`).query(REF).reply(200, http('orders-empty'), JSON_HEADERS);
    const error = await failure(shipbob.deliver(context(), payload, info(order)));
    expect(error).toMatchObject({ kind: 'rejected', code: 'SHIPBOB_VALIDATION', status: 422 });
    expect(error.message).toContain('RetailerProgramData');
  });

  it('rejects a 400 with the field and rule, and no order data', async () => {
    api().post(`${PREFIX}/order`).reply(400, http('error-400-validation'), JSON_HEADERS);
    const error = await failure(shipbob.deliver(context(), payload, info(order)));
    expect(error).toMatchObject({ kind: 'rejected', code: 'SHIPBOB_VALIDATION', status: 400 });
    expect(error.message).toContain('Recipient.Address.Country');
    expect(error.message).not.toContain('Carlos');
  });

  it('classifies 401 and 403 as auth with remedies, never logging the token', async () => {
    api().post(`${PREFIX}/order`).reply(401, http('error-401'), JSON_HEADERS);
    const ctx = context();
    expect(await failure(shipbob.deliver(ctx, payload, info(order)))).toMatchObject({
      kind: 'auth',
      code: 'SHIPBOB_TOKEN_INVALID',
    });
    api().post(`${PREFIX}/order`).reply(403, '', JSON_HEADERS);
    const forbidden = await failure(shipbob.deliver(ctx, payload, info(order)));
    expect(forbidden).toMatchObject({ kind: 'auth', code: 'SHIPBOB_CHANNEL_FORBIDDEN' });
    expect(forbidden.remedy).toContain('orders_write');
    expect(JSON.stringify(ctx.log.lines)).not.toContain('sb-fixture-pat');
  });

  it('classifies 429 as rate_limited for x-retry-after seconds, and 5xx as transient', async () => {
    api()
      .post(`${PREFIX}/order`)
      .reply(429, http('error-429'), { ...JSON_HEADERS, 'x-retry-after': '25', 'x-remaining-calls': '0' });
    expect(await failure(shipbob.deliver(context(), payload, info(order)))).toMatchObject({
      kind: 'rate_limited',
      code: 'SHIPBOB_RATE_LIMITED',
      retryAfterMs: 25_000,
    });
    api().post(`${PREFIX}/order`).reply(503, http('error-500'), JSON_HEADERS);
    expect(await failure(shipbob.deliver(context(), payload, info(order)))).toMatchObject({
      kind: 'transient',
      status: 503,
    });
  });

  it('declares a bucket that cannot exceed 150 calls in a minute', () => {
    const limit = shipbob.rateLimits?.['api'];
    expect(limit).toBeDefined();
    if (limit) expect(limit.burst + limit.ratePerSecond * 60).toBeLessThanOrEqual(150);
  });

  it('cancels the order found by reference id', async () => {
    api().get(`${PREFIX}/order`).query(REF).reply(200, http('orders-by-reference'), JSON_HEADERS);
    api().post(`${PREFIX}/order/318004512:cancel`).reply(200, http('cancel-200'), JSON_HEADERS);
    expect(await shipbob.deliver(context(), payload, info(order, 'cancel'))).toEqual({
      remoteId: '318004512',
      status: 'cancelled',
    });
  });

  it('cancels instead of creating when the channel cancelled the order (an upsert delivery)', async () => {
    const cancelled = { ...order, status: { ...order.status, order: 'cancelled' as const } };
    const body = shipbob.fromCanonical(cancelled, mappingContext());
    expect(body.cancelRequested).toBe(true);
    api().get(`${PREFIX}/order`).query(REF).reply(200, http('orders-by-reference'), JSON_HEADERS);
    api().post(`${PREFIX}/order/318004512:cancel`).reply(200, http('cancel-200'), JSON_HEADERS);
    expect(await shipbob.deliver(context(), body, info(cancelled))).toEqual({
      remoteId: '318004512',
      status: 'cancelled',
    });
  });

  it('treats a cancel of an absent or already cancelled order as done', async () => {
    api().get(`${PREFIX}/order`).query(REF).reply(200, http('orders-empty'), JSON_HEADERS);
    expect(await shipbob.deliver(context(), payload, info(order, 'cancel'))).toEqual({
      remoteId: order.id,
      status: 'absent (nothing to cancel)',
    });
    api().get(`${PREFIX}/order`).query(REF).reply(200, http('orders-by-reference-cancelled'), JSON_HEADERS);
    expect(await shipbob.deliver(context(), payload, info(order, 'cancel'))).toEqual({
      remoteId: '318004512',
      status: 'cancelled',
    });
  });

  it('rejects a cancel ShipBob refuses for a labelled shipment', async () => {
    api().get(`${PREFIX}/order`).query(REF).reply(200, http('orders-by-reference'), JSON_HEADERS);
    api().post(`${PREFIX}/order/318004512:cancel`).reply(200, http('cancel-refused'), JSON_HEADERS);
    const error = await failure(shipbob.deliver(context(), payload, info(order, 'cancel')));
    expect(error).toMatchObject({ kind: 'rejected', code: 'SHIPBOB_CANCEL_REFUSED' });
    expect(error.message).toContain('already labeled');
    api().get(`${PREFIX}/order`).query(REF).reply(200, http('orders-by-reference'), JSON_HEADERS);
    api()
      .post(`${PREFIX}/order/318004512:cancel`)
      .reply(422, { title: 'Order is not cancellable' }, JSON_HEADERS);
    expect(await failure(shipbob.deliver(context(), payload, info(order, 'cancel')))).toMatchObject({
      kind: 'rejected',
      code: 'SHIPBOB_NOT_CANCELLABLE',
    });
  });
});
