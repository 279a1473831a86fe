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
import taobao from './index';
import { SHIPPING_TYPE_TABLE } from './mapping-lines';
import {
  GATEWAY_ORIGIN,
  GATEWAY_PATH,
  TEST_CONFIG,
  formOf,
  mappingContext,
  planCall,
  signedCorrectly,
} from './test-helpers';
import { writeBack } from './write-back';

const TID = '4028815530127731845';
const OID_TEAPOT = '4028815530128731845';
const OID_CUPS = '4028815530129731845';
const CARRIERS: LookupTables = { 'taobao-carriers': { 顺丰速运: 'SF' } };

function context(tables: LookupTables = CARRIERS, timeoutMs?: number) {
  return createTestContext(TEST_CONFIG, {
    clock: fixedClock('2026-03-09T02:00:00Z'),
    rateLimits: taobao.rateLimits,
    tables,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
}

/** Plans one gateway call answering a write-back fixture as raw text (19-digit ids stay exact). */
function plan(fixture: string, seen: Record<string, string>[], delayMs = 0): void {
  nock(GATEWAY_ORIGIN)
    .post(GATEWAY_PATH, (body: unknown) => {
      seen.push(formOf(body));
      return true;
    })
    .delay(delayMs)
    .reply(200, readFixtureText('taobao', `write-back/${fixture}`), {
      'content-type': 'application/json;charset=UTF-8',
    });
}

function order(name = 'paid-two-lines-promotion'): CanonicalOrder {
  const ctx = mappingContext({ [SHIPPING_TYPE_TABLE]: { express: '快递', free: '卖家包邮' } });
  return mappedOrderFixture(taobao, name, ctx, { id: 'ord_0000000000000000000000tb01' });
}

function request(overrides: Partial<FulfillmentRequest> = {}): FulfillmentRequest {
  const o = order();
  return {
    shipmentKey: 'shp_01J9ZTB0000000000000000001',
    order: o,
    shipment: {
      orderId: o.id,
      shipmentId: 'wms-out-20260309-0042',
      shippedAt: '2026-03-09T09:30:00+08:00',
      carrier: '顺丰速运',
      trackingNumber: 'SF1300000000001',
    },
    lines: o.lines.map((l) => ({ lineId: l.id, sku: l.sku, quantity: l.quantity })),
    carrier: '顺丰速运',
    final: true,
    ...overrides,
  };
}

describe('taobao write-back', () => {
  it('reads the logistics orders, then consigns the whole trade offline', async () => {
    const seen: Record<string, string>[] = [];
    plan('logistics-orders-none.json', seen);
    plan('offline-send-success.json', seen);
    await expect(writeBack.createFulfillment(context(), request())).resolves.toEqual({
      remoteId: `${TID}:SF1300000000001`,
      status: 'consigned',
    });
    expect(seen[0]).toMatchObject({ method: 'taobao.logistics.orders.get', tid: TID });
    expect(seen[1]).toMatchObject({
      method: 'taobao.logistics.offline.send',
      tid: TID,
      out_sid: 'SF1300000000001',
      company_code: 'SF',
    });
    expect(seen[1]).not.toHaveProperty('is_split');
    expect(seen.every((f) => signedCorrectly(f))).toBe(true);
  });

  it('consigns a partial shipment as a split naming the sub-orders', async () => {
    const seen: Record<string, string>[] = [];
    plan('logistics-orders-none.json', seen);
    plan('offline-send-success.json', seen);
    const partial = request({ final: false, lines: [{ lineId: OID_CUPS, sku: null, quantity: 1 }] });
    await expect(writeBack.createFulfillment(context(), partial)).resolves.toMatchObject({
      status: 'consigned 1 sub-order(s)',
    });
    expect(seen[1]).toMatchObject({ is_split: '1', sub_tid: OID_CUPS });
  });

  it('refuses part of a sub-order, without calling TOP', async () => {
    const half = request({ lines: [{ lineId: OID_TEAPOT, sku: null, quantity: 1 }] });
    await expect(connectorFailure(writeBack.createFulfillment(context(), half))).resolves.toMatchObject({
      kind: 'rejected',
      code: 'TAOBAO_PARTIAL_SUB_ORDER',
    });
  });

  it('refuses a carrier missing from taobao-carriers, naming table and key', async () => {
    const error = await connectorFailure(writeBack.createFulfillment(context({}), request()));
    expect(error).toMatchObject({ kind: 'rejected', code: 'TAOBAO_CARRIER_UNMAPPED' });
    expect(error.message).toContain('taobao-carriers');
    expect(error.remedy).toContain('"顺丰速运"');
  });

  it('creates nothing new when retried after a timeout that TOP had accepted', async () => {
    const seen: Record<string, string>[] = [];
    plan('logistics-orders-none.json', seen);
    plan('offline-send-success.json', seen, 400);
    const first = await connectorFailure(writeBack.createFulfillment(context(CARRIERS, 100), request()));
    expect(first.kind).toBe('transient');
    plan('logistics-orders-consigned.json', seen);
    await expect(writeBack.createFulfillment(context(), request())).resolves.toEqual({
      remoteId: `${TID}:SF1300000000001`,
      status: 'already consigned',
    });
    expect(seen.map((f) => f['method'])).toEqual([
      'taobao.logistics.orders.get',
      'taobao.logistics.offline.send',
      'taobao.logistics.orders.get',
    ]);
  });

  it('treats B04 as done when the waybill landed meanwhile, else as already shipped', async () => {
    const seen: Record<string, string>[] = [];
    plan('logistics-orders-none.json', seen);
    plan('error-b04-already-shipped.json', seen);
    plan('logistics-orders-consigned.json', seen);
    await expect(writeBack.createFulfillment(context(), request())).resolves.toMatchObject({
      status: 'already consigned',
    });
    plan('logistics-orders-other-split.json', seen);
    plan('error-b04-already-shipped.json', seen);
    plan('logistics-orders-other-split.json', seen);
    const error = await connectorFailure(writeBack.createFulfillment(context(), request()));
    expect(error).toMatchObject({ kind: 'rejected', code: 'TAOBAO_ALREADY_SHIPPED_OR_CLOSED' });
    expect(error.remedy).toMatch(/卖家中心/);
  });

  it('classifies a bad waybill, a missing permission, bans and TOP faults', async () => {
    plan('logistics-orders-none.json', []);
    plan('error-b60-waybill.json', []);
    await expect(connectorFailure(writeBack.createFulfillment(context(), request()))).resolves.toMatchObject({
      kind: 'rejected',
      code: 'TAOBAO_WAYBILL_INVALID',
    });

    plan('error-logistics-permission.json', []);
    const auth = await connectorFailure(writeBack.createFulfillment(context(), request()));
    expect(auth).toMatchObject({ kind: 'auth', code: 'TAOBAO_LOGISTICS_PERMISSION_MISSING' });
    expect(auth.remedy).toContain('taobao.logistics.offline.send');

    planCall('error-app-call-limited.json', []);
    const limited = await connectorFailure(writeBack.createFulfillment(context(), request()));
    expect(limited.kind).toBe('rate_limited');
    expect(limited.retryAfterMs).toBeGreaterThan(0);

    plan('logistics-orders-none.json', []);
    planCall('error-isp-timeout.json', []);
    await expect(connectorFailure(writeBack.createFulfillment(context(), request()))).resolves.toMatchObject({
      kind: 'transient',
    });

    planCall('http-401.json', [], 502);
    await expect(connectorFailure(writeBack.createFulfillment(context(), request()))).resolves.toMatchObject({
      kind: 'transient',
    });
  });

  it('refuses a shipment without a tracking number', async () => {
    const r = request();
    const { trackingNumber: _omit, ...shipment } = r.shipment;
    await expect(
      connectorFailure(writeBack.createFulfillment(context(), { ...r, shipment })),
    ).resolves.toMatchObject({ kind: 'rejected', code: 'TAOBAO_TRACKING_MISSING' });
  });
});
