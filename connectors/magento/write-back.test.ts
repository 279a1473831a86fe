import { readFileSync } from 'node:fs';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import {
  connectorFailure,
  createTestContext,
  fixedClock,
  readFixture,
  storedOrderFixture,
  type FulfillmentRequest,
  type LookupTables,
} from '../../src/sdk';
import magento from './index';
import { JSON_HEADERS, ORIGIN, TEST_CONFIG, filtersOf } from './test-helpers';
import { CARRIER_TABLE } from './write-back';

const TRACKING = '1Z999AA10123456784';
const ORDER_PATH = '/rest/default/V1/orders/3001';
const SHIPMENTS_PATH = '/rest/default/V1/shipments';
const SHIP_PATH = '/rest/default/V1/order/3001/ship';

function objectOf(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
  return { ...value };
}
const fixture = (name: string) => objectOf(readFixture('magento', `write-back/${name}.json`));

function tableOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(objectOf(value))) if (typeof v === 'string') out[k] = v;
  return out;
}
const TABLES: LookupTables = {
  [CARRIER_TABLE]: tableOf(
    JSON.parse(readFileSync(new URL('../../mappings/magento-carriers.json', import.meta.url), 'utf8')),
  ),
};

/** The raw order 3001 (configurable hoodie 101 + caps 103, state new), as `GET /V1/orders/3001` answers. */
function rawOrder(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...objectOf(objectOf(readFixture('magento', 'orders/us-configurable-coupon-guest.json'))['order']),
    ...changes,
  };
}

const FULL = [
  { lineId: '101', sku: 'HS-01-M-Blue', quantity: 1 },
  { lineId: '103', sku: 'CAP-CNV', quantity: 2 },
];
const PARTIAL = [{ lineId: '103', sku: 'CAP-CNV', quantity: 2 }];

function request(
  lines: FulfillmentRequest['lines'],
  shipment: Partial<FulfillmentRequest['shipment']> = {},
  carrier = 'UPS',
): FulfillmentRequest {
  const order = storedOrderFixture('magento', 'us-configurable-coupon-guest', {
    id: 'ord_0000000000000000000000mg01',
  });
  return {
    shipmentKey: 'shp_0000000000000000000000mg01',
    order,
    shipment: {
      orderId: order.id,
      shipmentId: 'WH-3001-1',
      shippedAt: '2026-06-11T09:20:00Z',
      carrier,
      trackingNumber: TRACKING,
      ...shipment,
    },
    lines,
    carrier,
    final: lines.length === 2,
  };
}

function ctx(timeoutMs = 2_000) {
  return createTestContext(TEST_CONFIG, {
    clock: fixedClock('2026-06-11T09:30:00Z'),
    rateLimits: magento.rateLimits,
    tables: TABLES,
    timeoutMs,
  });
}
const wb = magento.writeBack;
if (!wb) throw new Error('magento declares write-back');

function store() {
  return nock(ORIGIN, { reqheaders: { authorization: `Bearer ${TEST_CONFIG.accessToken}` } });
}

/** Plans the two reads every write starts with, checking the shipment search filters on order_id. */
function reads(order: object, shipments: object) {
  return store()
    .get(ORDER_PATH)
    .reply(200, order, JSON_HEADERS)
    .get(SHIPMENTS_PATH)
    .query((q) => filtersOf(q).join() === 'order_id eq 3001')
    .reply(200, shipments, JSON_HEADERS);
}

describe('magento write-back', () => {
  it('ships part of the order with items, the mapped track and the key comment', async () => {
    let sent: unknown;
    reads(rawOrder(), fixture('shipments-none'))
      .post(SHIP_PATH, (b: unknown) => (sent = b) !== undefined)
      .reply(200, '8001', JSON_HEADERS);
    await expect(wb.createFulfillment(ctx(), request(PARTIAL))).resolves.toEqual({
      remoteId: '8001',
      status: 'created',
    });
    expect(sent).toEqual(fixture('ship-partial.request'));
  });

  it('ships the whole order; an untracked shipment sends no track; a custom carrier keeps its name as title', async () => {
    let sent: unknown;
    reads(rawOrder(), fixture('shipments-none'))
      .post(SHIP_PATH, (b: unknown) => (sent = b) !== undefined)
      .reply(200, '8002', JSON_HEADERS);
    await wb.createFulfillment(ctx(), request(FULL, { trackingNumber: undefined }));
    expect(sent).toMatchObject({
      items: [
        { order_item_id: 101, qty: 1 },
        { order_item_id: 103, qty: 2 },
      ],
      tracks: [],
    });

    reads(rawOrder(), fixture('shipments-none'))
      .post(SHIP_PATH, (b: unknown) => (sent = b) !== undefined)
      .reply(200, '8003', JSON_HEADERS);
    await wb.createFulfillment(ctx(), request(FULL, { trackingNumber: 'SF1402938475610' }, 'SF'));
    expect(sent).toMatchObject({
      tracks: [{ track_number: 'SF1402938475610', title: 'SF', carrier_code: 'custom' }],
    });
  });

  it('refuses a carrier without an entry in magento-carriers, before any call', async () => {
    const error = await connectorFailure(wb.createFulfillment(ctx(), request(PARTIAL, {}, 'Pigeon Post')));
    expect(error).toMatchObject({ kind: 'rejected', code: 'MAGENTO_CARRIER_UNMAPPED' });
    expect(error.message).toContain('magento-carriers');
  });

  it('is idempotent: a retry after a timed-out ship finds the shipment by its comment', async () => {
    const c = ctx(150);
    reads(rawOrder(), fixture('shipments-none'))
      .post(SHIP_PATH)
      .delay(1_000)
      .reply(200, '8001', JSON_HEADERS);
    expect(
      (await connectorFailure(wb.createFulfillment(c, request(PARTIAL, { trackingNumber: undefined })))).kind,
    ).toBe('transient');
    // Magento shipped meanwhile: the caps are no longer shippable, yet the retry answers with the shipment.
    const shipped = rawOrder();
    reads(shipped, fixture('shipments-one'));
    await expect(wb.createFulfillment(c, request(PARTIAL, { trackingNumber: undefined }))).resolves.toEqual({
      remoteId: '8001',
      status: 'existing',
    });
  });

  it.each([
    ['canceled', 'MAGENTO_ORDER_CANCELLED'],
    ['closed', 'MAGENTO_ORDER_CLOSED'],
    ['holded', 'MAGENTO_ORDER_ON_HOLD'],
  ])('refuses an order in state %s', async (state, code) => {
    reads(rawOrder({ state }), fixture('shipments-none'));
    await expect(wb.createFulfillment(ctx(), request(PARTIAL))).rejects.toMatchObject({
      kind: 'rejected',
      code,
    });
  });

  it('refuses items Magento already shipped', async () => {
    const order = rawOrder();
    const items = (Array.isArray(order['items']) ? order['items'] : []).map((i: unknown) => {
      const item = objectOf(i);
      return item['item_id'] === 103 ? { ...item, qty_shipped: 2 } : item;
    });
    reads({ ...order, items }, fixture('shipments-none'));
    const error = await connectorFailure(wb.createFulfillment(ctx(), request(PARTIAL)));
    expect(error).toMatchObject({ kind: 'rejected', code: 'MAGENTO_ALREADY_SHIPPED' });
  });

  it.each([
    [400, 'error-400-cannot-ship', 'rejected', 'MAGENTO_SHIPMENT_REFUSED'],
    [401, 'error-401-ship', 'auth', 'MAGENTO_SHIP_PERMISSION_MISSING'],
    [429, 'error-400-cannot-ship', 'rate_limited', 'HTTP_429'],
    [503, 'error-400-cannot-ship', 'transient', 'HTTP_503'],
  ])('classifies a %i answer to the ship call', async (status, body, kind, code) => {
    reads(rawOrder(), fixture('shipments-none'))
      .post(SHIP_PATH)
      .reply(status, fixture(body), { ...JSON_HEADERS, 'retry-after': '5' });
    const error = await connectorFailure(wb.createFulfillment(ctx(), request(PARTIAL)));
    expect(error).toMatchObject({ kind, code });
    if (kind === 'auth') expect(error.remedy).toContain('Ship');
    if (kind === 'rate_limited') expect(error.retryAfterMs).toBe(5000);
    if (kind === 'rejected') expect(error.message).toContain('does not allow a shipment');
  });

  it('names the Shipments resource when the shipment search is refused', async () => {
    store()
      .get(ORDER_PATH)
      .reply(200, rawOrder(), JSON_HEADERS)
      .get(SHIPMENTS_PATH)
      .query(true)
      .reply(401, fixture('error-401-ship'), JSON_HEADERS);
    const error = await connectorFailure(wb.createFulfillment(ctx(), request(PARTIAL)));
    expect(error).toMatchObject({ kind: 'auth', code: 'MAGENTO_SHIP_PERMISSION_MISSING' });
    expect(error.remedy).toContain('Shipments');
  });
});
