import { readFileSync } from 'node:fs';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import {
  connectorFailure,
  fixedClock,
  readFixture,
  storedOrderFixture,
  type FulfillmentRequest,
  type LookupTables,
} from '../../src/sdk';
import type { ShopifyConfig } from './config';
import shopify from './index';
import { SHOP_ORIGIN, TEST_CONFIG, testContext } from './test-helpers';
import { CARRIER_TABLE } from './write-back';

const GRAPHQL_PATH = '/admin/api/2026-10/graphql.json';
const REST = '/admin/api/2026-10';
const GQL: ShopifyConfig = { ...TEST_CONFIG, api: 'graphql' };
const json = { 'content-type': 'application/json; charset=utf-8' };
const TRACKING = '1Z999AA10123456784';
const TRACKING_URL = `https://www.ups.com/track?tracknum=${TRACKING}`;

const carriers: unknown = JSON.parse(
  readFileSync(new URL('../../mappings/shopify-carriers.json', import.meta.url), 'utf8'),
);
function tableOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}
const TABLES: LookupTables = { [CARRIER_TABLE]: tableOf(carriers) };

/** A request for the unfulfilled two-line order, built from its canonical fixture as the hub completes it. */
function request(
  lines: FulfillmentRequest['lines'],
  shipment: Partial<FulfillmentRequest['shipment']> = {},
  carrier = 'UPS',
): FulfillmentRequest {
  const order = storedOrderFixture('shopify', 'two-shipping-lines-shipping-discount', {
    id: 'ord_0000000000000000000000wb01',
  });
  return {
    shipmentKey: 'shp_0000000000000000000000wb01',
    order,
    shipment: {
      orderId: order.id,
      shipmentId: 'WH-88123',
      shippedAt: '2026-06-04T13:05:00Z',
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
const FULL = [
  { lineId: '14200000000031', sku: 'SDF-BLK', quantity: 1 },
  { lineId: '14200000000032', sku: 'LAMP-LED-01', quantity: 2 },
];
const PARTIAL = [{ lineId: '14200000000032', sku: 'LAMP-LED-01', quantity: 1 }];

function objectOf(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
  return { ...value };
}
const fixture = (name: string) => objectOf(readFixture('shopify', `write-back/${name}.json`));

interface GraphqlBody {
  query: string;
  variables: Record<string, unknown>;
}
function isBody(value: unknown): value is GraphqlBody {
  return typeof value === 'object' && value !== null && 'query' in value && 'variables' in value;
}

function shop() {
  return nock(SHOP_ORIGIN, { reqheaders: { 'x-shopify-access-token': TEST_CONFIG.accessToken } });
}
function answer(bodies: object[], seen: GraphqlBody[] = []) {
  const scope = shop();
  for (const body of bodies)
    scope.post(GRAPHQL_PATH, (b: unknown) => isBody(b) && seen.push(b) > 0).reply(200, body, json);
  return scope;
}

function ctx(config: ShopifyConfig = GQL, timeoutMs = 2_000) {
  return testContext(config, { clock: fixedClock('2026-06-04T13:10:00Z'), tables: TABLES, timeoutMs });
}
const wb = shopify.writeBack;
if (!wb?.cancelFulfillment) throw new Error('shopify declares write-back with cancel');
const cancel = wb.cancelFulfillment;

describe('write-back (GraphQL)', () => {
  it('fulfils every line of the fulfillment order with the mapped carrier and tracking', async () => {
    const seen: GraphqlBody[] = [];
    answer([fixture('graphql-state-open'), fixture('graphql-fulfillment-create')], seen);
    const ref = await wb.createFulfillment(ctx(), request(FULL));
    expect(ref).toEqual({ remoteId: '5600000000301', status: 'success' });
    expect(seen[0]?.variables).toEqual({ id: 'gid://shopify/Order/6100000000303' });
    expect(seen[1]?.query).toContain('fulfillmentCreate(');
    expect(seen[1]?.variables).toEqual({
      fulfillment: {
        notifyCustomer: false,
        trackingInfo: { company: 'UPS', number: TRACKING, url: TRACKING_URL },
        lineItemsByFulfillmentOrder: [
          {
            fulfillmentOrderId: 'gid://shopify/FulfillmentOrder/7100000000301',
            fulfillmentOrderLineItems: [
              { id: 'gid://shopify/FulfillmentOrderLineItem/7200000000031', quantity: 1 },
              { id: 'gid://shopify/FulfillmentOrderLineItem/7200000000032', quantity: 2 },
            ],
          },
        ],
      },
    });
  });

  it('maps the carrier through shopify-carriers (DHL → DHL Express) and refuses a carrier without an entry', async () => {
    const seen: GraphqlBody[] = [];
    answer([fixture('graphql-state-open'), fixture('graphql-fulfillment-create')], seen);
    await wb.createFulfillment(ctx(), request(PARTIAL, {}, 'DHL'));
    expect(seen[1]?.variables).toMatchObject({ fulfillment: { trackingInfo: { company: 'DHL Express' } } });

    const error = await connectorFailure(wb.createFulfillment(ctx(), request(PARTIAL, {}, 'Pigeon Post')));
    expect(error).toMatchObject({ kind: 'rejected', code: 'SHOPIFY_CARRIER_UNMAPPED' });
    expect(error.message).toContain('shopify-carriers');
    expect(error.remedy).toContain('"Pigeon Post"');
  });

  it('is idempotent: a retry after a timed-out write finds the fulfilment by tracking number', async () => {
    const c = ctx(GQL, 150);
    shop().post(GRAPHQL_PATH).reply(200, fixture('graphql-state-open'), json);
    shop().post(GRAPHQL_PATH).delay(1_000).reply(200, fixture('graphql-fulfillment-create'), json);
    const first = await connectorFailure(wb.createFulfillment(c, request(FULL)));
    expect(first.kind).toBe('transient');

    const seen: GraphqlBody[] = [];
    answer([fixture('graphql-state-fulfilled')], seen);
    await expect(wb.createFulfillment(c, request(FULL))).resolves.toEqual({
      remoteId: '5600000000301',
      status: 'success',
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.query).not.toContain('fulfillmentCreate');
  });

  it.each([
    ['graphql-state-fulfilled', 'SHOPIFY_ALREADY_FULFILLED'],
    ['graphql-state-cancelled', 'SHOPIFY_ORDER_CANCELLED'],
    ['graphql-state-on-hold', 'SHOPIFY_FULFILLMENT_ON_HOLD'],
  ])('refuses with a remedy when the state is %s', async (state, code) => {
    answer([fixture(state)]);
    const error = await connectorFailure(
      wb.createFulfillment(ctx(), request(FULL, { trackingNumber: '9400100000000000000001' })),
    );
    expect(error).toMatchObject({ kind: 'rejected', code });
    expect(error.remedy?.length).toBeGreaterThan(10);
  });

  it('refuses lines spread over two locations', async () => {
    const state = fixture('graphql-state-open');
    const text = JSON.stringify(state).replace(
      '"lineItems":{"nodes":[{"id":"gid://shopify/FulfillmentOrderLineItem/7200000000031","remainingQuantity":1,"lineItem":{"id":"gid://shopify/LineItem/14200000000031"}},',
      '"lineItems":{"nodes":[',
    );
    const parsed = objectOf(JSON.parse(text));
    const second = JSON.stringify({
      id: 'gid://shopify/FulfillmentOrder/7100000000302',
      status: 'OPEN',
      assignedLocation: { location: { id: 'gid://shopify/Location/88000000012' } },
      supportedActions: [{ action: 'CREATE_FULFILLMENT' }],
      lineItems: {
        nodes: [
          {
            id: 'gid://shopify/FulfillmentOrderLineItem/7200000000041',
            remainingQuantity: 1,
            lineItem: { id: 'gid://shopify/LineItem/14200000000031' },
          },
        ],
      },
    });
    answer([objectOf(JSON.parse(JSON.stringify(parsed).replace('}]}}}', `},${second}]}}}`)))]);
    const error = await connectorFailure(wb.createFulfillment(ctx(), request(FULL)));
    expect(error).toMatchObject({ kind: 'rejected', code: 'SHOPIFY_LINES_SPAN_LOCATIONS' });
  });

  it('turns userErrors into rejected, ACCESS_DENIED into auth naming the write scopes, THROTTLED into rate_limited', async () => {
    answer([fixture('graphql-state-open'), fixture('graphql-fulfillment-create-user-error')]);
    await expect(wb.createFulfillment(ctx(), request(FULL))).rejects.toMatchObject({
      kind: 'rejected',
      code: 'SHOPIFY_FULFILLMENT_REFUSED',
    });

    answer([fixture('graphql-state-open'), fixture('graphql-write-access-denied')]);
    const denied = await connectorFailure(wb.createFulfillment(ctx(), request(FULL)));
    expect(denied).toMatchObject({ kind: 'auth', code: 'SHOPIFY_WRITE_SCOPE_MISSING' });
    expect(denied.remedy).toContain('write_merchant_managed_fulfillment_orders');

    answer([objectOf(readFixture('shopify', 'http/graphql-throttled.json'))]);
    const throttled = await connectorFailure(wb.createFulfillment(ctx(), request(FULL)));
    expect(throttled.kind).toBe('rate_limited');
    expect(throttled.retryAfterMs).toBeGreaterThanOrEqual(1000);
  });

  it('cancels a fulfilment with fulfillmentCancel', async () => {
    const seen: GraphqlBody[] = [];
    answer([fixture('graphql-state-fulfilled'), fixture('graphql-fulfillment-cancel')], seen);
    await cancel(ctx(), { ...request(FULL), remoteId: '5600000000301' });
    expect(seen[1]?.variables).toEqual({ id: 'gid://shopify/Fulfillment/5600000000301' });
  });
});

describe('write-back (REST)', () => {
  const REST_CONFIG: ShopifyConfig = { ...TEST_CONFIG, api: 'rest' };
  const readState = (orderFixture: object) =>
    shop()
      .get(`${REST}/orders/6100000000303.json`)
      .query({ fields: 'id,cancelled_at,fulfillments' })
      .reply(200, orderFixture, json)
      .get(`${REST}/orders/6100000000303/fulfillment_orders.json`)
      .reply(200, fixture('rest-fulfillment-orders'), json);

  it('ships part of the order: only the named line and quantity', async () => {
    let sent: unknown;
    readState(fixture('rest-order-fulfillments-none'))
      .post(`${REST}/fulfillments.json`, (b: unknown) => (sent = b) !== undefined)
      .reply(201, fixture('rest-fulfillment-created'), json);
    const ref = await wb.createFulfillment(ctx(REST_CONFIG), request(PARTIAL));
    expect(ref).toEqual({ remoteId: '5600000000302', status: 'success' });
    expect(sent).toEqual(fixture('rest-fulfillment-create.request'));
  });

  it('is idempotent for an untracked shipment: the retry recognises the fulfilment created meanwhile', async () => {
    const c = ctx(REST_CONFIG, 150);
    const untracked = request(PARTIAL, { trackingNumber: undefined, trackingUrl: undefined });
    readState(fixture('rest-order-fulfillments-none'))
      .post(`${REST}/fulfillments.json`)
      .delay(1_000)
      .reply(201, fixture('rest-fulfillment-created'), json);
    expect((await connectorFailure(wb.createFulfillment(c, untracked))).kind).toBe('transient');

    const after = objectOf(
      JSON.parse(JSON.stringify(fixture('rest-order-fulfillments-one')).replaceAll(TRACKING, '')),
    );
    readState(after);
    await expect(wb.createFulfillment(c, untracked)).resolves.toMatchObject({ remoteId: '5600000000302' });
  });

  it.each([
    [422, 'rest-error-422', 'rejected', 'SHOPIFY_FULFILLMENT_REFUSED'],
    [403, 'rest-error-422', 'auth', 'SHOPIFY_WRITE_SCOPE_MISSING'],
    [429, 'rest-error-422', 'rate_limited', 'HTTP_429'],
    [503, 'rest-error-422', 'transient', 'HTTP_503'],
  ])('classifies a %i answer to the write', async (status, body, kind, code) => {
    readState(fixture('rest-order-fulfillments-none'))
      .post(`${REST}/fulfillments.json`)
      .reply(status, fixture(body), { ...json, 'retry-after': '2' });
    const error = await connectorFailure(wb.createFulfillment(ctx(REST_CONFIG), request(PARTIAL)));
    expect(error).toMatchObject({ kind, code });
    if (kind === 'rate_limited') expect(error.retryAfterMs).toBe(2000);
  });

  it('cancels a fulfilment with POST fulfillments/{id}/cancel.json', async () => {
    readState(fixture('rest-order-fulfillments-one'))
      .post(`${REST}/fulfillments/5600000000302/cancel.json`)
      .reply(200, fixture('rest-fulfillment-cancelled'), json);
    await expect(
      cancel(ctx(REST_CONFIG), { ...request(PARTIAL), remoteId: '5600000000302' }),
    ).resolves.toBeUndefined();
  });
});
