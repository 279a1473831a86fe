import { isDeepStrictEqual } from 'node:util';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import {
  connectorFailure,
  createTestContext,
  readFixture,
  storedOrderFixture,
  type CanonicalOrder,
  type FulfillmentRequest,
} from '../../src/sdk';
import { loadTables } from '../../src/pipeline/tables';
import bigcommerce from './index';
import { API, BASE, TEST_CONFIG, body, fixtureObject } from './test-helpers';
import { CARRIER_TABLE } from './write-back';

const writeBack = bigcommerce.writeBack!;
const tables = await loadTables();
const json = { 'content-type': 'application/json' };
const KEY_FULL = 'shp_01hz8k2m4q6s8u0w2y4a6c8e0g';
const KEY_PARTIAL = 'shp_01hz8k7r2t4v6x8z0b2d4f6h8j';

/** A canonical fixture completed as the hub stores it (schemaVersion, id, revision). */
const order = (name: string): CanonicalOrder =>
  storedOrderFixture('bigcommerce', name, { id: 'ord_01hz8k0000000000000000bc01' });

function fullShipment(over: Partial<FulfillmentRequest> = {}): FulfillmentRequest {
  const o = order('tax-exclusive-coupon-usd');
  return {
    shipmentKey: KEY_FULL,
    order: o,
    shipment: {
      orderId: o.id,
      shipmentId: 'WH-77120',
      shippedAt: '2026-03-19T09:04:00-07:00',
      carrier: 'UPS',
      service: 'UPS Ground',
      trackingNumber: '1Z4F82W90312845567',
      trackingUrl: 'https://track.example.com/1Z4F82W90312845567',
    },
    lines: o.lines.map((l) => ({ lineId: l.id, sku: l.sku, quantity: l.quantity })),
    carrier: 'UPS',
    final: true,
    ...over,
  };
}

function partialShipment(lines: FulfillmentRequest['lines'], carrier = 'DHL'): FulfillmentRequest {
  const o = order('manual-two-addresses-partially-shipped');
  return {
    shipmentKey: KEY_PARTIAL,
    order: o,
    shipment: {
      orderId: o.id,
      shipmentId: 'WH-77188',
      shippedAt: '2026-04-10T15:18:00Z',
      carrier,
      trackingNumber: 'JD014600006281230417',
    },
    lines,
    carrier,
    final: true,
  };
}

function context(timeoutMs?: number) {
  return createTestContext(TEST_CONFIG, {
    rateLimits: bigcommerce.rateLimits,
    tables,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
}

function api() {
  return nock(API, { reqheaders: { 'x-auth-token': TEST_CONFIG.accessToken } });
}

/** A request-body matcher: the sent JSON equals the fixture. */
const sameAs = (file: string) => (sent: unknown) => isDeepStrictEqual(sent, readFixture('bigcommerce', file));

const shipments = (id: string) => `${BASE}/v2/orders/${id}/shipments`;
const page1 = { page: '1', limit: '250' };

describe('createFulfillment', () => {
  it('creates a shipment for the whole order with provider, tracking number and link', async () => {
    api()
      .get(shipments('1207'))
      .query(page1)
      .reply(204)
      .post(shipments('1207'), sameAs('write-back/shipment-1207-full.request.json'))
      .reply(201, body('write-back/shipment-1207-full.response.json'), json);
    const ref = await writeBack.createFulfillment(context(), fullShipment());
    expect(ref).toEqual({ remoteId: '914', status: 'shipped' });
  });

  it('ships only the named lines of a partial shipment, to their own address, with a tracking carrier', async () => {
    api()
      .get(shipments('3050'))
      .query(page1)
      .reply(200, body('write-back/shipments-3050-first-box.json'), json)
      .post(shipments('3050'), sameAs('write-back/shipment-3050-partial.request.json'))
      .reply(201, body('write-back/shipment-3050-partial.response.json'), json);
    const request = partialShipment([{ lineId: '521', sku: 'GBX-S', quantity: 1 }]);
    await expect(writeBack.createFulfillment(context(), request)).resolves.toMatchObject({ remoteId: '702' });
  });

  it('creates nothing new when retried after a timeout the store had already accepted', async () => {
    api()
      .get(shipments('1207'))
      .query(page1)
      .reply(204)
      .post(shipments('1207'))
      .delay(400)
      .reply(201, body('write-back/shipment-1207-full.response.json'), json);
    const first = await connectorFailure(writeBack.createFulfillment(context(100), fullShipment()));
    expect(first.kind).toBe('transient');

    api()
      .get(shipments('1207'))
      .query(page1)
      .reply(200, [body('write-back/shipment-1207-full.response.json')], json);
    const retry = await writeBack.createFulfillment(context(100), fullShipment());
    expect(retry).toEqual({ remoteId: '914', status: 'already recorded' });
  });

  it('finds its own shipment by the marker in the comments when there is no tracking number', async () => {
    const created = { ...fixtureObject('write-back/shipment-1207-full.response.json'), tracking_number: '' };
    api().get(shipments('1207')).query(page1).reply(200, [created], json);
    const request = fullShipment();
    const { trackingNumber: _omitted, ...untracked } = request.shipment;
    const ref = await writeBack.createFulfillment(context(), { ...request, shipment: untracked });
    expect(ref.remoteId).toBe('914');
  });

  it('refuses a carrier missing from the carrier table, naming the table and the key', async () => {
    const error = await connectorFailure(
      writeBack.createFulfillment(context(), fullShipment({ carrier: 'Pony Express' })),
    );
    expect(error).toMatchObject({ kind: 'rejected', code: 'BIGCOMMERCE_CARRIER_UNMAPPED' });
    expect(error.message).toContain(CARRIER_TABLE);
    expect(error.message).toContain('Pony Express');
  });

  it('refuses units BigCommerce already has in a shipment', async () => {
    api()
      .get(shipments('3050'))
      .query(page1)
      .reply(200, body('write-back/shipments-3050-first-box.json'), json);
    const request = partialShipment([{ lineId: '520', sku: 'GBX-S', quantity: 1 }], 'UPS');
    const error = await connectorFailure(
      writeBack.createFulfillment(context(), {
        ...request,
        shipment: { ...request.shipment, trackingNumber: '1Z4F82W90300000001' },
      }),
    );
    expect(error).toMatchObject({ kind: 'rejected', code: 'BIGCOMMERCE_ALREADY_SHIPPED' });
  });

  it('refuses a cancelled order and a shipment spanning two addresses before calling BigCommerce', async () => {
    const base = fullShipment();
    const status: CanonicalOrder['status'] = { ...base.order.status, order: 'cancelled' };
    const cancelled = { ...base, order: { ...base.order, status } };
    await expect(writeBack.createFulfillment(context(), cancelled)).rejects.toMatchObject({
      kind: 'rejected',
      code: 'BIGCOMMERCE_ORDER_CANCELLED',
    });
    const both = partialShipment([
      { lineId: '520', sku: 'GBX-S', quantity: 2 },
      { lineId: '521', sku: 'GBX-S', quantity: 1 },
    ]);
    await expect(writeBack.createFulfillment(context(), both)).rejects.toMatchObject({
      code: 'BIGCOMMERCE_SHIPMENT_SPANS_ADDRESSES',
    });
  });

  it('names the Orders modify scope when the token may only read', async () => {
    api().get(shipments('1207')).query(page1).reply(200, [], json);
    api().post(shipments('1207')).reply(403, body('http/error-403.json'), json);
    const error = await connectorFailure(writeBack.createFulfillment(context(), fullShipment()));
    expect(error).toMatchObject({ kind: 'auth', code: 'BIGCOMMERCE_WRITE_SCOPE_MISSING' });
    expect(error.remedy).toMatch(/Orders: modify/);
  });

  it('classifies a refusal, a rate limit and an outage', async () => {
    api()
      .get(shipments('1207'))
      .query(page1)
      .times(3)
      .reply(204)
      .post(shipments('1207'))
      .reply(400, body('write-back/error-400.json'), json)
      .post(shipments('1207'))
      .reply(429, body('http/error-429.json'), { ...json, 'x-rate-limit-time-reset-ms': '12000' })
      .post(shipments('1207'))
      .reply(503, 'unavailable');
    await expect(writeBack.createFulfillment(context(), fullShipment())).rejects.toMatchObject({
      kind: 'rejected',
      code: 'BIGCOMMERCE_SHIPMENT_REFUSED',
    });
    await expect(writeBack.createFulfillment(context(), fullShipment())).rejects.toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 12_000,
    });
    await expect(writeBack.createFulfillment(context(), fullShipment())).rejects.toMatchObject({
      kind: 'transient',
    });
  });
});

describe('cancelFulfillment', () => {
  it('deletes the shipment, and takes one already gone as deleted', async () => {
    api()
      .delete(`${shipments('1207')}/914`)
      .reply(204)
      .delete(`${shipments('1207')}/915`)
      .reply(404);
    const ctx = context();
    await expect(
      writeBack.cancelFulfillment!(ctx, { ...fullShipment(), remoteId: '914' }),
    ).resolves.toBeUndefined();
    await expect(
      writeBack.cancelFulfillment!(ctx, { ...fullShipment(), remoteId: '915' }),
    ).resolves.toBeUndefined();
    expect(ctx.log.lines.some((l) => l.msg === 'bigcommerce shipment already gone')).toBe(true);
  });
});
