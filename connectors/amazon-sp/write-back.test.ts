import { describe, expect, it } from 'vitest';
import {
  connectorFailure,
  createTestContext,
  fixedClock,
  storedOrderFixture,
  type CanonicalOrder,
  type FulfillmentRequest,
} from '../../src/sdk';
import { loadTables } from '../../src/pipeline/tables';
import amazon, { RATE_LIMITS } from './index';
import { ACCESS_TOKEN, JSON_HEADERS, TEST_CONFIG, body, lwaOk, sp } from './test-helpers';
import { CARRIER_TABLE, packageReferenceId } from './write-back';

const writeBack = amazon.writeBack!;
const tables = await loadTables();
const KEY_FULL = 'shp_01hz9a3c5e7g9j1l3n5p7r9t1v';
const KEY_PARTIAL = 'shp_01hz9a6d8f0h2k4m6p8r0t2v4x';
const confirm = (orderId: string) => `/orders/v0/orders/${orderId}/shipmentConfirmation`;

/** A canonical fixture completed as the hub stores it (schemaVersion, id, revision). */
const order = (name: string): CanonicalOrder =>
  storedOrderFixture('amazon-sp', name, { id: 'ord_01hz9a0000000000000000az01', revision: 2 });

function fullShipment(over: Partial<FulfillmentRequest> = {}): FulfillmentRequest {
  const o = order('us-unshipped-facilitator-tax');
  return {
    shipmentKey: KEY_FULL,
    order: o,
    shipment: {
      orderId: o.id,
      shipmentId: 'WH-88301',
      shippedAt: '2026-03-03T09:40:00-08:00',
      carrier: 'UPS',
      service: 'UPS Ground',
      trackingNumber: '1Z7Y3E410355820914',
    },
    lines: o.lines.map((l) => ({ lineId: l.id, sku: l.sku, quantity: l.quantity })),
    carrier: 'UPS',
    final: true,
    ...over,
  };
}

function partialShipment(): FulfillmentRequest {
  const o = order('jp-cod-partially-shipped');
  return {
    shipmentKey: KEY_PARTIAL,
    order: o,
    shipment: {
      orderId: o.id,
      shipmentId: 'WH-88350',
      shippedAt: '2026-05-07T12:15:00+09:00',
      carrier: 'Local courier',
      trackingNumber: 'LC-2026-0507-0042',
    },
    lines: [{ lineId: '77104829301567', sku: 'REST-CERAMIC', quantity: 1 }],
    carrier: 'Local courier',
    final: true,
  };
}

function context(timeoutMs = 2_000) {
  return createTestContext(TEST_CONFIG, {
    clock: fixedClock('2026-03-03T18:00:00Z'),
    rateLimits: RATE_LIMITS,
    tables,
    timeoutMs,
  });
}

describe('createFulfillment', () => {
  it('confirms the whole order as one package with carrier code, method and tracking number', async () => {
    lwaOk();
    sp(ACCESS_TOKEN)
      .post(confirm('113-4821907-5519432'), body('write-back/confirm-113-full.request.json'))
      .reply(204);
    const ref = await writeBack.createFulfillment(context(), fullShipment());
    expect(ref).toEqual({ remoteId: '1722643457600721', status: 'shipment confirmed' });
  });

  it('confirms only the named items of a partial shipment; carrier Other sends the name as written', async () => {
    lwaOk();
    sp(ACCESS_TOKEN)
      .post(confirm('503-2749156-8810437'), body('write-back/confirm-503-partial-other-carrier.request.json'))
      .reply(204);
    const ref = await writeBack.createFulfillment(context(), partialShipment());
    expect(ref.remoteId).toBe(packageReferenceId(KEY_PARTIAL));
  });

  it('sends the same package again when retried after a timeout, so nothing new is created', async () => {
    const sent: unknown[] = [];
    lwaOk();
    sp(ACCESS_TOKEN)
      .post(confirm('113-4821907-5519432'), (b: unknown) => sent.push(b) > 0)
      .delay(400)
      .reply(204)
      .post(confirm('113-4821907-5519432'), (b: unknown) => sent.push(b) > 0)
      .reply(204);
    const ctx = context(100);
    const first = await connectorFailure(writeBack.createFulfillment(ctx, fullShipment()));
    expect(first.kind).toBe('transient');
    const retry = await writeBack.createFulfillment(ctx, fullShipment());
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    expect(retry.remoteId).toBe(packageReferenceId(KEY_FULL));
  });

  it('refuses a carrier missing from the carrier table, naming the table and the key', async () => {
    const error = await connectorFailure(
      writeBack.createFulfillment(context(), fullShipment({ carrier: 'Pony Express' })),
    );
    expect(error).toMatchObject({ kind: 'rejected', code: 'AMAZON_SP_CARRIER_UNMAPPED' });
    expect(error.message).toContain(CARRIER_TABLE);
    expect(error.message).toContain('Pony Express');
  });

  it('refuses before calling Amazon: cancelled, fulfilled by Amazon, no tracking number', async () => {
    const base = fullShipment();
    const status: CanonicalOrder['status'] = { ...base.order.status, order: 'cancelled' };
    const afn = { ...base.order.attributes, fulfillmentChannel: 'AFN' };
    const { trackingNumber: _omitted, ...untracked } = base.shipment;
    await expect(
      writeBack.createFulfillment(context(), { ...base, order: { ...base.order, status } }),
    ).rejects.toMatchObject({ kind: 'rejected', code: 'AMAZON_SP_ORDER_CANCELLED' });
    await expect(
      writeBack.createFulfillment(context(), { ...base, order: { ...base.order, attributes: afn } }),
    ).rejects.toMatchObject({ kind: 'rejected', code: 'AMAZON_SP_FULFILLED_BY_AMAZON' });
    await expect(
      writeBack.createFulfillment(context(), { ...base, shipment: untracked }),
    ).rejects.toMatchObject({
      kind: 'rejected',
      code: 'AMAZON_SP_TRACKING_MISSING',
    });
  });

  it.each([
    ['write-back/error-400-already-shipped.json', 'AMAZON_SP_ALREADY_SHIPPED'],
    ['write-back/error-400-canceled.json', 'AMAZON_SP_ORDER_CANCELLED'],
    ['http/error-400-invalid-input.json', 'AMAZON_SP_SHIPMENT_REFUSED'],
  ])('rejects what Amazon refuses (%s)', async (file, code) => {
    lwaOk();
    sp(ACCESS_TOKEN).post(confirm('113-4821907-5519432')).reply(400, body(file), JSON_HEADERS);
    const error = await connectorFailure(writeBack.createFulfillment(context(), fullShipment()));
    expect(error).toMatchObject({ kind: 'rejected', code, status: 400 });
    expect(error.remedy).toBeTruthy();
  });

  it('names the role when Amazon denies the write, after renewing a cached token once', async () => {
    lwaOk(2);
    sp(ACCESS_TOKEN)
      .post(confirm('113-4821907-5519432'))
      .times(3)
      .reply(403, body('http/error-403-unauthorized.json'), JSON_HEADERS);
    const ctx = context();
    const first = await connectorFailure(writeBack.createFulfillment(ctx, fullShipment()));
    expect(first).toMatchObject({ kind: 'auth', code: 'AMAZON_SP_WRITE_ACCESS_DENIED' });
    expect(first.remedy).toMatch(/Inventory and Order Tracking/);
    const again = await connectorFailure(writeBack.createFulfillment(ctx, fullShipment()));
    expect(again.kind).toBe('auth');
  });

  it('waits on 429 and retries on 5xx', async () => {
    lwaOk();
    sp(ACCESS_TOKEN)
      .post(confirm('113-4821907-5519432'))
      .reply(429, body('http/error-429-quota.json'), { ...JSON_HEADERS, 'x-amzn-ratelimit-limit': '2.0' })
      .post(confirm('113-4821907-5519432'))
      .reply(500, body('write-back/error-500.json'), JSON_HEADERS);
    const ctx = context();
    await expect(writeBack.createFulfillment(ctx, fullShipment())).rejects.toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 500,
    });
    await expect(writeBack.createFulfillment(ctx, fullShipment())).rejects.toMatchObject({
      kind: 'transient',
    });
  });

  it('derives a positive numeric package reference from the shipment key, stable across calls', () => {
    expect(packageReferenceId(KEY_FULL)).toMatch(/^[1-9]\d*$/);
    expect(packageReferenceId(KEY_FULL)).toBe(packageReferenceId(KEY_FULL));
    expect(packageReferenceId(KEY_FULL)).not.toBe(packageReferenceId(KEY_PARTIAL));
    expect(amazon.writeBack?.cancelFulfillment).toBeUndefined();
  });
});
