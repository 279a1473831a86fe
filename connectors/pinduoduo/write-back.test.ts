import nock from 'nock';
import { describe, expect, it } from 'vitest';
import {
  connectorFailure,
  createTestContext,
  fixedClock,
  mappedOrderFixture,
  readFixtureText,
  type CanonicalOrder,
  type FulfillmentRequest,
  type LookupTables,
} from '../../src/sdk';
import pinduoduo from './index';
import {
  GATEWAY_ORIGIN,
  GATEWAY_PATH,
  TEST_CONFIG,
  planCall,
  planText,
  signedCorrectly,
} from './test-helpers';
import { writeBack } from './write-back';

const ORDER_SN = '260308-417722016330145';
const TRACKING = 'ZT73000000000101';
const CARRIERS: LookupTables = { 'pinduoduo-carriers': { 中通快递: '115' } };

function context(tables: LookupTables = CARRIERS, timeoutMs?: number) {
  return createTestContext(TEST_CONFIG, {
    clock: fixedClock('2026-03-08T13:10:00Z'),
    rateLimits: pinduoduo.rateLimits,
    tables,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
}

function plan(fixture: string, seen: Record<string, string>[]): void {
  planText(readFixtureText('pinduoduo', `write-back/${fixture}`), seen);
}

function order(name = 'awaiting-shipment-encrypted'): CanonicalOrder {
  const ctx = { connectionId: 'con_test', config: TEST_CONFIG, tables: {} };
  return mappedOrderFixture(pinduoduo, name, ctx, { id: 'ord_0000000000000000000000pd01' });
}

function request(overrides: Partial<FulfillmentRequest> = {}): FulfillmentRequest {
  const o = order();
  return {
    shipmentKey: 'shp_01J9ZPD0000000000000000001',
    order: o,
    shipment: {
      orderId: o.id,
      shipmentId: 'wms-out-20260308-0107',
      shippedAt: '2026-03-08T21:05:00+08:00',
      carrier: '中通快递',
      trackingNumber: TRACKING,
    },
    lines: o.lines.map((l) => ({ lineId: l.id, sku: l.sku, quantity: l.quantity })),
    carrier: '中通快递',
    final: true,
    ...overrides,
  };
}

describe('pinduoduo write-back', () => {
  it('checks the order, then ships it whole with the numeric logistics id', async () => {
    const seen: Record<string, string>[] = [];
    plan('order-information-awaiting.json', seen);
    plan('online-send-success.json', seen);
    await expect(writeBack.createFulfillment(context(), request())).resolves.toEqual({
      remoteId: `${ORDER_SN}:${TRACKING}`,
      status: 'shipped',
    });
    expect(seen[0]).toMatchObject({ type: 'pdd.order.information.get', order_sn: ORDER_SN });
    expect(seen[1]).toMatchObject({
      type: 'pdd.logistics.online.send',
      order_sn: ORDER_SN,
      logistics_id: '115',
      tracking_number: TRACKING,
    });
    expect(seen.every((f) => signedCorrectly(f))).toBe(true);
  });

  it('refuses a partial shipment with a remedy, without calling Pinduoduo', async () => {
    const o = order();
    const line = o.lines[0];
    if (line === undefined) throw new Error('fixture has no line');
    const partial = request({ final: false, lines: [{ lineId: line.id, sku: line.sku, quantity: 1 }] });
    const error = await connectorFailure(writeBack.createFulfillment(context(), partial));
    expect(error).toMatchObject({ kind: 'rejected', code: 'PINDUODUO_PARTIAL_SHIPMENT' });
    expect(error.remedy).toMatch(/one tracking number per order/);
  });

  it('refuses a carrier missing from pinduoduo-carriers, naming table and key', async () => {
    const error = await connectorFailure(writeBack.createFulfillment(context({}), request()));
    expect(error).toMatchObject({ kind: 'rejected', code: 'PINDUODUO_CARRIER_UNMAPPED' });
    expect(error.message).toContain('pinduoduo-carriers');
    expect(error.remedy).toContain('"中通快递"');
  });

  it('creates nothing new when retried after a timeout that Pinduoduo had accepted', async () => {
    const seen: Record<string, string>[] = [];
    plan('order-information-awaiting.json', seen);
    nock(GATEWAY_ORIGIN)
      .post(GATEWAY_PATH)
      .delay(400)
      .reply(200, readFixtureText('pinduoduo', 'write-back/online-send-success.json'), {
        'content-type': 'application/json',
      });
    const first = await connectorFailure(writeBack.createFulfillment(context(CARRIERS, 100), request()));
    expect(first.kind).toBe('transient');
    plan('order-information-shipped.json', seen);
    await expect(writeBack.createFulfillment(context(), request())).resolves.toEqual({
      remoteId: `${ORDER_SN}:${TRACKING}`,
      status: 'already shipped',
    });
    expect(seen.map((f) => f['type'])).toEqual(['pdd.order.information.get', 'pdd.order.information.get']);
  });

  it('refuses an order shipped with another tracking number, or refunded', async () => {
    plan('order-information-shipped.json', []);
    const other = request();
    other.shipment = { ...other.shipment, trackingNumber: 'ZT73000000000999' };
    await expect(connectorFailure(writeBack.createFulfillment(context(), other))).resolves.toMatchObject({
      kind: 'rejected',
      code: 'PINDUODUO_ALREADY_SHIPPED',
    });
    plan('order-information-refunded.json', []);
    await expect(connectorFailure(writeBack.createFulfillment(context(), request()))).resolves.toMatchObject({
      kind: 'rejected',
      code: 'PINDUODUO_ORDER_REFUNDED',
    });
  });

  it('classifies refusals, expired tokens, missing permission, call limits and outages', async () => {
    plan('order-information-awaiting.json', []);
    plan('error-send-invalid-tracking.json', []);
    await expect(connectorFailure(writeBack.createFulfillment(context(), request()))).resolves.toMatchObject({
      kind: 'rejected',
      code: 'PINDUODUO_API_50000',
    });

    planCall('error-token-expired.json', []);
    await expect(connectorFailure(writeBack.createFulfillment(context(), request()))).resolves.toMatchObject({
      kind: 'auth',
      code: 'PINDUODUO_TOKEN_EXPIRED',
    });

    plan('order-information-awaiting.json', []);
    planCall('http-401.json', [], 403);
    const auth = await connectorFailure(writeBack.createFulfillment(context(), request()));
    expect(auth).toMatchObject({ kind: 'auth', code: 'PINDUODUO_LOGISTICS_PERMISSION_MISSING' });
    expect(auth.remedy).toContain('pdd.logistics.online.send');

    planCall('error-rate-limited.json', []);
    const limited = await connectorFailure(writeBack.createFulfillment(context(), request()));
    expect(limited).toMatchObject({ kind: 'rate_limited', retryAfterMs: 5000 });

    planCall('http-401.json', [], 503);
    await expect(connectorFailure(writeBack.createFulfillment(context(), request()))).resolves.toMatchObject({
      kind: 'transient',
    });
  });
});
