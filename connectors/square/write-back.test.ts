import nock from 'nock';
import { describe, expect, it } from 'vitest';
import {
  connectorFailure,
  createTestContext,
  isJsonObject,
  mappedOrderFixture,
  type CanonicalOrder,
  type FulfillmentRequest,
  type LookupTables,
} from '../../src/sdk';
import square from './index';
import { API, TABLES, TEST_CONFIG, fixtureObject, mappingContext } from './test-helpers';
import { idempotencyKey, writeBack } from './write-back';

const json = { 'content-type': 'application/json' };
const ORDER_ID = 'Zp8sWq1nX4rT6yUv2bC9mKdH3jLAY';
const PATH = `/v2/orders/${ORDER_ID}`;
const SHIPMENT_KEY = 'shp_01J9ZK4Q7W2M8N3P5R6T';
const CARRIERS: LookupTables = { ...TABLES, 'square-carriers': { UPS: 'UPS' } };

function api() {
  return nock(API, {
    reqheaders: { authorization: `Bearer ${TEST_CONFIG.accessToken}`, 'square-version': '2026-09-16' },
  });
}

function context(tables: LookupTables = CARRIERS, timeoutMs?: number) {
  return createTestContext(TEST_CONFIG, {
    rateLimits: square.rateLimits,
    tables,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
}

/** The canonical order of a fixture, completed as the hub stores it (schemaVersion, id, revision). */
function order(name: string): CanonicalOrder {
  return mappedOrderFixture(square, name, mappingContext(), { id: 'ord_0000000000000000000000sq01' });
}

function request(
  overrides: Partial<FulfillmentRequest> = {},
  name = 'online-shipment-service-charge',
): FulfillmentRequest {
  const o = order(name);
  return {
    shipmentKey: SHIPMENT_KEY,
    order: o,
    shipment: {
      orderId: o.id,
      shipmentId: 'wh-shipment-7781',
      shippedAt: '2026-04-02T09:40:00-07:00',
      carrier: 'UPS',
      trackingNumber: '1Z999AA10123456784',
      trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
    },
    lines: o.lines.map((l) => ({ lineId: l.id, sku: l.sku, quantity: l.quantity })),
    carrier: 'UPS',
    final: true,
    ...overrides,
  };
}

function sentFulfillment(body: unknown): Record<string, unknown> {
  const o = isJsonObject(body) && isJsonObject(body['order']) ? body['order'] : {};
  const list = Array.isArray(o['fulfillments']) ? o['fulfillments'] : [];
  const first: unknown = list[0];
  return isJsonObject(first) ? first : {};
}

describe('square write-back', () => {
  it('completes the shipment fulfilment with carrier and tracking on a full shipment', async () => {
    let sent: unknown;
    api().get(PATH).reply(200, fixtureObject('write-back/retrieve-order-reserved.json'), json);
    api()
      .put(PATH, (body: unknown) => {
        sent = body;
        return true;
      })
      .reply(200, fixtureObject('write-back/update-order-completed.json'), json);
    const ref = await writeBack.createFulfillment(context(), request());
    expect(ref).toEqual({ remoteId: 'ful-ship-1', status: 'COMPLETED' });
    expect(sent).toMatchObject({
      idempotency_key: idempotencyKey(SHIPMENT_KEY, 3),
      order: { location_id: 'LONLINE5WEB01', version: 3 },
    });
    expect(sentFulfillment(sent)).toEqual({
      uid: 'ful-ship-1',
      state: 'COMPLETED',
      metadata: { orderhub_shipment: SHIPMENT_KEY },
      shipment_details: {
        carrier: 'UPS',
        tracking_number: '1Z999AA10123456784',
        tracking_url: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
        shipped_at: '2026-04-02T16:40:00.000Z',
      },
    });
  });

  it('adds tracking without completing on a partial shipment', async () => {
    let sent: unknown;
    api().get(PATH).reply(200, fixtureObject('write-back/retrieve-order-reserved.json'), json);
    api()
      .put(PATH, (body: unknown) => {
        sent = body;
        return true;
      })
      .reply(200, fixtureObject('write-back/retrieve-order-version-4.json'), json);
    const partial = request({ final: false, lines: [{ lineId: 'li-soil', sku: 'SOIL-8QT', quantity: 2 }] });
    await expect(writeBack.createFulfillment(context(), partial)).resolves.toEqual({
      remoteId: 'ful-ship-1',
      status: 'tracking added',
    });
    expect(sentFulfillment(sent)).not.toHaveProperty('state');
    expect(sentFulfillment(sent)).toMatchObject({
      shipment_details: { tracking_number: '1Z999AA10123456784' },
    });
  });

  it('refuses a carrier missing from square-carriers, naming table and key, without calling Square', async () => {
    const error = await connectorFailure(writeBack.createFulfillment(context(TABLES), request()));
    expect(error).toMatchObject({ kind: 'rejected', code: 'SQUARE_CARRIER_UNMAPPED' });
    expect(error.message).toContain('square-carriers');
    expect(error.remedy).toContain('"UPS"');
  });

  it('creates nothing new when retried after a timeout that Square had accepted', async () => {
    api().get(PATH).reply(200, fixtureObject('write-back/retrieve-order-reserved.json'), json);
    api().put(PATH).delay(400).reply(200, fixtureObject('write-back/update-order-completed.json'), json);
    const first = await connectorFailure(writeBack.createFulfillment(context(CARRIERS, 100), request()));
    expect(first.kind).toBe('transient');
    // The retry reads the order, finds its own write (shipment key and tracking) and sends no update.
    api().get(PATH).reply(200, fixtureObject('write-back/retrieve-order-completed.json'), json);
    await expect(writeBack.createFulfillment(context(), request())).resolves.toEqual({
      remoteId: 'ful-ship-1',
      status: 'already COMPLETED',
    });
  });

  it('re-reads and retries once on VERSION_MISMATCH, then gives up as transient', async () => {
    const mismatch = fixtureObject('write-back/error-version-mismatch.json');
    let keys: unknown[] = [];
    const record = (body: unknown) => {
      keys = [...keys, isJsonObject(body) ? body['idempotency_key'] : undefined];
      return true;
    };
    api().get(PATH).reply(200, fixtureObject('write-back/retrieve-order-reserved.json'), json);
    api().put(PATH, record).reply(400, mismatch, json);
    api().get(PATH).reply(200, fixtureObject('write-back/retrieve-order-version-4.json'), json);
    api().put(PATH, record).reply(200, fixtureObject('write-back/update-order-completed.json'), json);
    await expect(writeBack.createFulfillment(context(), request())).resolves.toMatchObject({
      status: 'COMPLETED',
    });
    expect(keys).toEqual([idempotencyKey(SHIPMENT_KEY, 3), idempotencyKey(SHIPMENT_KEY, 4)]);

    api().get(PATH).times(2).reply(200, fixtureObject('write-back/retrieve-order-reserved.json'), json);
    api().put(PATH).reply(400, mismatch, json);
    api().put(PATH).reply(409, mismatch, json);
    const error = await connectorFailure(writeBack.createFulfillment(context(), request()));
    expect(error).toMatchObject({ kind: 'transient', code: 'SQUARE_VERSION_CONFLICT' });
  });

  it.each([
    ['retrieve-order-pickup.json', 'pickup-jpy-tax-inclusive-authorized', 'SQUARE_NOT_A_SHIPMENT', /pickup/],
    ['retrieve-order-canceled.json', 'online-shipment-service-charge', 'SQUARE_ORDER_CANCELED', /cancelled/],
  ])('refuses %s as rejected with a remedy', async (file, name, code, remedy) => {
    const body = fixtureObject(`write-back/${file}`);
    const id = isJsonObject(body['order']) ? String(body['order']['id']) : '';
    api().get(`/v2/orders/${id}`).reply(200, body, json);
    const error = await connectorFailure(writeBack.createFulfillment(context(), request({}, name)));
    expect(error).toMatchObject({ kind: 'rejected', code });
    expect(error.remedy).toMatch(remedy);
  });

  it('refuses a shipment fulfilment Square already completed with other tracking', async () => {
    api().get(PATH).reply(200, fixtureObject('write-back/retrieve-order-completed.json'), json);
    const other = request({ shipmentKey: 'shp_other' });
    other.shipment = { ...other.shipment, trackingNumber: '1Z999AA10999999999' };
    const error = await connectorFailure(writeBack.createFulfillment(context(), other));
    expect(error).toMatchObject({ kind: 'rejected', code: 'SQUARE_ALREADY_FULFILLED' });
  });

  it('classifies validation, unknown order, missing scope, rate limit and outages', async () => {
    api().get(PATH).reply(200, fixtureObject('write-back/retrieve-order-reserved.json'), json);
    api().put(PATH).reply(400, fixtureObject('write-back/error-400-tracking-url.json'), json);
    await expect(connectorFailure(writeBack.createFulfillment(context(), request()))).resolves.toMatchObject({
      kind: 'rejected',
      code: 'SQUARE_FULFILLMENT_REFUSED',
    });

    api().get(PATH).reply(404, fixtureObject('write-back/error-404-order.json'), json);
    await expect(connectorFailure(writeBack.createFulfillment(context(), request()))).resolves.toMatchObject({
      kind: 'rejected',
      code: 'SQUARE_ORDER_NOT_FOUND',
    });

    api().get(PATH).reply(200, fixtureObject('write-back/retrieve-order-reserved.json'), json);
    api().put(PATH).reply(403, fixtureObject('write-back/error-403-orders-write.json'), json);
    const auth = await connectorFailure(writeBack.createFulfillment(context(), request()));
    expect(auth).toMatchObject({ kind: 'auth', code: 'SQUARE_WRITE_SCOPE_MISSING' });
    expect(auth.remedy).toContain('ORDERS_WRITE');

    api()
      .get(PATH)
      .reply(429, fixtureObject('http/error-429.json'), { ...json, 'retry-after': '7' });
    await expect(connectorFailure(writeBack.createFulfillment(context(), request()))).resolves.toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 7000,
    });

    api().get(PATH).reply(200, fixtureObject('write-back/retrieve-order-reserved.json'), json);
    api().put(PATH).reply(503, 'unavailable');
    await expect(connectorFailure(writeBack.createFulfillment(context(), request()))).resolves.toMatchObject({
      kind: 'transient',
    });
  });

  it('is declared on the connector', () => {
    expect(square.writeBack?.createFulfillment).toBe(writeBack.createFulfillment);
  });
});
