import nock from 'nock';
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
import { WRITE_SCOPE, type EbayConfig } from './config';
import ebay, { RATE_LIMITS } from './index';
import { API, JSON_HEADERS, ORDERS, TEST_CONFIG, api, body, tokenOk } from './test-helpers';
import { CARRIER_TABLE } from './write-back';

const writeBack = ebay.writeBack!;
const tables = await loadTables();
const CONFIG: EbayConfig = { ...TEST_CONFIG, writeBack: true };
const fulfillments = (orderId: string) => `${ORDERS}/${orderId}/shipping_fulfillment`;

/** A canonical fixture completed as the hub stores it (schemaVersion, id, revision). */
const order = (name: string): CanonicalOrder =>
  storedOrderFixture('ebay', name, { id: 'ord_01hzeb0000000000000000eb01' });

function fullShipment(over: Partial<FulfillmentRequest> = {}): FulfillmentRequest {
  const o = order('us-paid-collect-and-remit');
  return {
    shipmentKey: 'shp_01hzeb2d4f6h8k0m2p4r6t8v0x',
    order: o,
    shipment: {
      orderId: o.id,
      shipmentId: 'WH-90412',
      shippedAt: '2026-05-02T09:30:00-07:00',
      carrier: 'USPS',
      trackingNumber: '9400111899223344556677',
    },
    lines: o.lines.map((l) => ({ lineId: l.id, sku: l.sku, quantity: l.quantity })),
    carrier: 'USPS',
    final: true,
    ...over,
  };
}

function partialShipment(quantity: number): FulfillmentRequest {
  const o = order('de-seller-vat-in-progress');
  return {
    shipmentKey: 'shp_01hzeb5g7j9l1n3q5s7u9w1y3a',
    order: o,
    shipment: {
      orderId: o.id,
      shipmentId: 'WH-90433',
      shippedAt: '2026-04-28T10:05:00+02:00',
      carrier: 'DHL',
      trackingNumber: '00340434161094015902',
    },
    lines: [{ lineId: '10061234568102', sku: 'BULB-E14-2700', quantity }],
    carrier: 'DHL',
    final: true,
  };
}

function context(config: EbayConfig = CONFIG, timeoutMs = 2_000) {
  return createTestContext(config, {
    clock: fixedClock('2026-05-02T17:00:00Z'),
    rateLimits: RATE_LIMITS,
    tables,
    timeoutMs,
  });
}

const created = (id: string) => ({ location: `${API}${fulfillments('21-13579-24680')}/${id}` });

describe('createFulfillment', () => {
  it('mints the token with sell.fulfillment and creates one fulfilment for the whole order', async () => {
    tokenOk(1, API, WRITE_SCOPE);
    api()
      .get(fulfillments('21-13579-24680'))
      .reply(200, body('write-back/fulfillments-empty.json'), JSON_HEADERS)
      .post(fulfillments('21-13579-24680'), body('write-back/fulfillment-21-full.request.json'))
      .reply(201, '', created('9400111899223344556677'));
    const ref = await writeBack.createFulfillment(context(), fullShipment());
    expect(ref).toEqual({ remoteId: '9400111899223344556677', status: 'shipped' });
  });

  it('fulfils only the named units of a partial shipment', async () => {
    tokenOk(1, API, WRITE_SCOPE);
    api()
      .get(fulfillments('07-55102-33981'))
      .reply(200, body('write-back/fulfillments-07-first-box.json'), JSON_HEADERS)
      .post(fulfillments('07-55102-33981'), body('write-back/fulfillment-07-partial.request.json'))
      .reply(201, '', { location: `${API}${fulfillments('07-55102-33981')}/00340434161094015902` });
    const ref = await writeBack.createFulfillment(context(), partialShipment(2));
    expect(ref.remoteId).toBe('00340434161094015902');
  });

  it('creates nothing new when retried after a timeout eBay had already accepted', async () => {
    tokenOk(1, API, WRITE_SCOPE);
    api()
      .get(fulfillments('21-13579-24680'))
      .reply(200, body('write-back/fulfillments-empty.json'), JSON_HEADERS)
      .post(fulfillments('21-13579-24680'))
      .delay(400)
      .reply(201, '', created('9400111899223344556677'))
      .get(fulfillments('21-13579-24680'))
      .reply(200, body('write-back/fulfillments-21-after-create.json'), JSON_HEADERS);
    const ctx = context(CONFIG, 100);
    const first = await connectorFailure(writeBack.createFulfillment(ctx, fullShipment()));
    expect(first.kind).toBe('transient');
    const retry = await writeBack.createFulfillment(ctx, fullShipment());
    expect(retry).toEqual({ remoteId: '9400111899223344556677', status: 'already recorded' });
  });

  it('refuses a carrier missing from the carrier table, naming the table and the key', async () => {
    const error = await connectorFailure(
      writeBack.createFulfillment(context(), fullShipment({ carrier: 'Pony Express' })),
    );
    expect(error).toMatchObject({ kind: 'rejected', code: 'EBAY_CARRIER_UNMAPPED' });
    expect(error.message).toContain(CARRIER_TABLE);
    expect(error.message).toContain('Pony Express');
  });

  it('refuses units eBay already fulfilled, and cancelled orders', async () => {
    tokenOk(1, API, WRITE_SCOPE);
    api()
      .get(fulfillments('07-55102-33981'))
      .reply(200, body('write-back/fulfillments-07-first-box.json'), JSON_HEADERS);
    await expect(writeBack.createFulfillment(context(), partialShipment(3))).rejects.toMatchObject({
      kind: 'rejected',
      code: 'EBAY_ALREADY_FULFILLED',
    });
    const cancelled = order('us-cancelled-refunded');
    await expect(
      writeBack.createFulfillment(context(), {
        ...fullShipment(),
        order: cancelled,
        lines: [{ lineId: '10061234568001', sku: 'NOTE-A5-DOT', quantity: 1 }],
      }),
    ).rejects.toMatchObject({ kind: 'rejected', code: 'EBAY_ORDER_CANCELLED' });
  });

  it('is a config error while write-back is off', async () => {
    await expect(writeBack.createFulfillment(context(TEST_CONFIG), fullShipment())).rejects.toMatchObject({
      kind: 'config',
      code: 'EBAY_WRITE_BACK_DISABLED',
    });
  });

  it('names the sell.fulfillment scope when the consent lacks it (token grant or 403)', async () => {
    nock(API)
      .post('/identity/v1/oauth2/token')
      .reply(400, body('write-back/token-invalid-scope.json'), JSON_HEADERS);
    const grant = await connectorFailure(writeBack.createFulfillment(context(), fullShipment()));
    expect(grant).toMatchObject({ kind: 'auth', code: 'EBAY_WRITE_SCOPE_MISSING' });
    expect(grant.remedy).toContain(WRITE_SCOPE);

    tokenOk(1, API, WRITE_SCOPE);
    api()
      .get(fulfillments('21-13579-24680'))
      .reply(200, body('write-back/fulfillments-empty.json'), JSON_HEADERS)
      .post(fulfillments('21-13579-24680'))
      .reply(403, body('http/error-403.json'), JSON_HEADERS);
    const denied = await connectorFailure(writeBack.createFulfillment(context(), fullShipment()));
    expect(denied).toMatchObject({ kind: 'auth', code: 'EBAY_WRITE_SCOPE_MISSING' });
    expect(denied.remedy).toMatch(/sell\.fulfillment \(not readonly\)/);
  });

  it('classifies a refusal, the daily limit and an outage', async () => {
    tokenOk(1, API, WRITE_SCOPE);
    api()
      .get(fulfillments('21-13579-24680'))
      .times(3)
      .reply(200, body('write-back/fulfillments-empty.json'), JSON_HEADERS)
      .post(fulfillments('21-13579-24680'))
      .reply(400, body('write-back/error-400-invalid-carrier.json'), JSON_HEADERS)
      .post(fulfillments('21-13579-24680'))
      .reply(429, body('http/error-429.json'), JSON_HEADERS)
      .post(fulfillments('21-13579-24680'))
      .reply(500, body('write-back/error-500.json'), JSON_HEADERS);
    const ctx = context();
    const refused = await connectorFailure(writeBack.createFulfillment(ctx, fullShipment()));
    expect(refused).toMatchObject({ kind: 'rejected', code: 'EBAY_FULFILLMENT_REFUSED' });
    expect(refused.message).toContain('32100');
    await expect(writeBack.createFulfillment(ctx, fullShipment())).rejects.toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 60_000,
    });
    await expect(writeBack.createFulfillment(ctx, fullShipment())).rejects.toMatchObject({
      kind: 'transient',
    });
  });
});

describe('check with write-back on', () => {
  it('asks for sell.fulfillment and says write-back can work', async () => {
    tokenOk(1, API, WRITE_SCOPE);
    api().get(ORDERS).query(true).reply(200, body('http/orders-empty.json'), JSON_HEADERS);
    const result = await ebay.check(context());
    expect(result).toMatchObject({ ok: true });
    if (result.ok) expect(result.detail).toMatch(/written back/);
  });
});
