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
import type { WooCommerceConfig } from './config';
import woocommerce from './index';
import { BASIC, JSON_HEADERS, ORDERS_PATH, ORIGIN, TEST_CONFIG, composite } from './test-helpers';
import { CARRIER_TABLE } from './write-back';

const TRACKING = '9400111899560000000001';
const TRACKING_URL = `https://tools.usps.com/go/TrackConfirmAction?tLabels=${TRACKING}`;
const ORDER = `${ORDERS_PATH}/5120`;
const NOTES = `${ORDER}/notes`;
const TRACKINGS = '/wp-json/wc-shipment-tracking/v3/orders/5120/shipment-trackings';

function objectOf(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
  return { ...value };
}
function fixture(name: string): Record<string, unknown> | unknown[] {
  const value = readFixture('woocommerce', `write-back/${name}.json`);
  return Array.isArray(value) ? value : objectOf(value);
}
function tableOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(objectOf(value))) if (typeof v === 'string') out[k] = v;
  return out;
}
const TABLES: LookupTables = {
  [CARRIER_TABLE]: tableOf(
    JSON.parse(readFileSync(new URL('../../mappings/woocommerce-carriers.json', import.meta.url), 'utf8')),
  ),
};

const FULL = [
  { lineId: '611', sku: 'MUG-CER-01', quantity: 2 },
  { lineId: '612', sku: 'TOTE-LIN-NAT', quantity: 1 },
];
const PARTIAL = [{ lineId: '612', sku: 'TOTE-LIN-NAT', quantity: 1 }];

function request(
  lines: FulfillmentRequest['lines'],
  shipment: Partial<FulfillmentRequest['shipment']> = {},
  carrier = 'USPS',
): FulfillmentRequest {
  const order = storedOrderFixture('woocommerce', 'us-flat-rate-sales-tax', {
    id: 'ord_0000000000000000000000wc01',
  });
  return {
    shipmentKey: 'shp_0000000000000000000000wc01',
    order,
    shipment: {
      orderId: order.id,
      shipmentId: 'WH-5120-1',
      shippedAt: '2026-03-11T14:50:00Z',
      carrier,
      trackingNumber: TRACKING,
      trackingUrl: TRACKING_URL,
      ...shipment,
    },
    lines,
    carrier,
    final: lines.length === 2,
  };
}

function ctx(config: WooCommerceConfig = TEST_CONFIG, timeoutMs = 2_000) {
  return createTestContext(config, {
    clock: fixedClock('2026-03-11T15:00:00Z'),
    rateLimits: woocommerce.rateLimits,
    tables: TABLES,
    timeoutMs,
  });
}
const wb = woocommerce.writeBack;
if (!wb?.cancelFulfillment) throw new Error('woocommerce declares write-back with cancel');
const cancel = wb.cancelFulfillment;

function site() {
  return nock(ORIGIN, { reqheaders: { authorization: BASIC } });
}
const order = (status = 'processing') => ({ ...composite('us-flat-rate-sales-tax').order, status });

describe('woocommerce write-back (order notes)', () => {
  it('writes a partial shipment as a note naming the lines, leaving the status alone', async () => {
    let sent: unknown;
    site()
      .get(ORDER)
      .reply(200, order(), JSON_HEADERS)
      .get(NOTES)
      .query({ type: 'any' })
      .reply(200, fixture('notes-before'), JSON_HEADERS)
      .post(NOTES, (b: unknown) => (sent = b) !== undefined)
      .reply(201, fixture('note-created'), JSON_HEADERS);
    await expect(wb.createFulfillment(ctx(), request(PARTIAL))).resolves.toEqual({
      remoteId: 'note:2817',
      status: 'processing',
    });
    expect(sent).toEqual(fixture('note-create-partial.request'));
  });

  it('completes the order with the final shipment', async () => {
    let status: unknown;
    site()
      .get(ORDER)
      .reply(200, order(), JSON_HEADERS)
      .get(NOTES)
      .query(true)
      .reply(200, fixture('notes-before'), JSON_HEADERS)
      .post(NOTES)
      .reply(201, fixture('note-created'), JSON_HEADERS)
      .put(ORDER, (b: unknown) => (status = objectOf(b)['status']) !== undefined)
      .reply(200, order('completed'), JSON_HEADERS);
    await expect(wb.createFulfillment(ctx(), request(FULL))).resolves.toEqual({
      remoteId: 'note:2817',
      status: 'completed',
    });
    expect(status).toBe('completed');
  });

  it('refuses a carrier without an entry in woocommerce-carriers, before any call', async () => {
    const error = await connectorFailure(wb.createFulfillment(ctx(), request(PARTIAL, {}, 'Pigeon Post')));
    expect(error).toMatchObject({ kind: 'rejected', code: 'WOOCOMMERCE_CARRIER_UNMAPPED' });
    expect(error.message).toContain('woocommerce-carriers');
  });

  it('is idempotent: after a timed-out note the retry finds it by its tag and only completes the order', async () => {
    const c = ctx(TEST_CONFIG, 150);
    site()
      .get(ORDER)
      .reply(200, order(), JSON_HEADERS)
      .get(NOTES)
      .query(true)
      .reply(200, fixture('notes-before'), JSON_HEADERS)
      .post(NOTES)
      .delay(1_000)
      .reply(201, fixture('note-created'), JSON_HEADERS);
    expect((await connectorFailure(wb.createFulfillment(c, request(FULL)))).kind).toBe('transient');

    site()
      .get(ORDER)
      .reply(200, order(), JSON_HEADERS)
      .get(NOTES)
      .query(true)
      .reply(200, fixture('notes-after'), JSON_HEADERS)
      .put(ORDER)
      .reply(200, order('completed'), JSON_HEADERS);
    await expect(wb.createFulfillment(c, request(FULL))).resolves.toEqual({
      remoteId: 'note:2817',
      status: 'completed',
    });
  });

  it.each([
    ['cancelled', 'WOOCOMMERCE_ORDER_CANCELLED'],
    ['refunded', 'WOOCOMMERCE_ORDER_REFUNDED'],
    ['completed', 'WOOCOMMERCE_ALREADY_COMPLETED'],
  ])('refuses an order that is %s', async (status, code) => {
    site()
      .get(ORDER)
      .reply(200, order(status), JSON_HEADERS)
      .get(NOTES)
      .query(true)
      .reply(200, fixture('notes-before'), JSON_HEADERS);
    await expect(wb.createFulfillment(ctx(), request(PARTIAL))).rejects.toMatchObject({
      kind: 'rejected',
      code,
    });
  });

  it.each([
    [401, 'error-401-cannot-create', 'auth', 'WOOCOMMERCE_WRITE_PERMISSION_MISSING'],
    [400, 'error-400-invalid-param', 'rejected', 'WOOCOMMERCE_WRITE_REFUSED'],
    [429, 'error-400-invalid-param', 'rate_limited', 'HTTP_429'],
    [502, 'error-400-invalid-param', 'transient', 'HTTP_502'],
  ])('classifies a %i answer to the note', async (status, body, kind, code) => {
    site()
      .get(ORDER)
      .reply(200, order(), JSON_HEADERS)
      .get(NOTES)
      .query(true)
      .reply(200, fixture('notes-before'), JSON_HEADERS)
      .post(NOTES)
      .reply(status, fixture(body), { ...JSON_HEADERS, 'retry-after': '30' });
    const error = await connectorFailure(wb.createFulfillment(ctx(), request(PARTIAL)));
    expect(error).toMatchObject({ kind, code });
    if (kind === 'auth') expect(error.remedy).toContain('Read/Write');
    if (kind === 'rate_limited') expect(error.retryAfterMs).toBe(30_000);
  });

  it('cancels by deleting the note', async () => {
    site().delete(`${NOTES}/2817`).query({ force: 'true' }).reply(200, fixture('note-created'), JSON_HEADERS);
    await expect(cancel(ctx(), { ...request(PARTIAL), remoteId: 'note:2817' })).resolves.toBeUndefined();
  });
});

describe('woocommerce write-back (Shipment Tracking extension)', () => {
  const EXT: WooCommerceConfig = { ...TEST_CONFIG, trackingExtension: true };

  it('adds a tracking item; a retry after a timeout finds it by tracking number', async () => {
    const c = ctx(EXT, 150);
    let sent: unknown;
    site()
      .get(ORDER)
      .reply(200, order(), JSON_HEADERS)
      .get(TRACKINGS)
      .reply(200, [], JSON_HEADERS)
      .post(TRACKINGS, (b: unknown) => (sent = b) !== undefined)
      .delay(1_000)
      .reply(201, fixture('tracking-created'), JSON_HEADERS);
    expect(
      (await connectorFailure(wb.createFulfillment(c, request(PARTIAL, { trackingUrl: undefined })))).kind,
    ).toBe('transient');
    expect(sent).toEqual(fixture('tracking-create.request'));

    site()
      .get(ORDER)
      .reply(200, order(), JSON_HEADERS)
      .get(TRACKINGS)
      .reply(200, fixture('trackings-after'), JSON_HEADERS);
    await expect(wb.createFulfillment(c, request(PARTIAL))).resolves.toEqual({
      remoteId: 'tracking:a3f9c1e07b5d4e2f8c6a1b0d9e8f7a61',
      status: 'processing',
    });
  });

  it('says so when the extension is not installed', async () => {
    site()
      .get(ORDER)
      .reply(200, order(), JSON_HEADERS)
      .get(TRACKINGS)
      .reply(404, fixture('error-404-no-route'), JSON_HEADERS);
    await expect(wb.createFulfillment(ctx(EXT), request(PARTIAL))).rejects.toMatchObject({
      kind: 'config',
      code: 'WOOCOMMERCE_TRACKING_EXTENSION_MISSING',
    });
  });
});
