import {
  authError,
  ConnectorError,
  isJsonObject,
  rejectedError,
  transientError,
  type ConnectorContext,
  type HttpResponse,
  type JsonObject,
} from '../../src/sdk';
import { REST_BUCKET, adminUrl, shopifyError } from './client';
import { apiOf, type ShopifyConfig } from './config';
import { graphql } from './graphql-client';

type Ctx = ConnectorContext<ShopifyConfig>;

/** One fulfilment already on the order, reduced to what idempotency compares. */
export interface ExistingFulfillment {
  /** Numeric id (the REST id, also the tail of the GraphQL gid). */
  id: string;
  /** Lower-case status: `success`, `cancelled`, `error`, `failure`, `open`, `pending`. */
  status: string;
  trackingNumbers: string[];
  /** Order line id → quantity in this fulfilment. */
  lines: Map<string, number>;
}

/** One line of a fulfillment order. */
export interface FulfillmentOrderLine {
  id: string;
  lineItemId: string;
  remaining: number;
}

/** One fulfillment order: the lines one location is to ship. */
export interface FulfillmentOrderState {
  id: string;
  /** Lower-case status: `open`, `in_progress`, `on_hold`, `scheduled`, `closed`, `cancelled`, `incomplete`. */
  status: string;
  locationId: string | null;
  /** True when Shopify lists `create_fulfillment` among the supported actions. */
  canFulfill: boolean;
  lines: FulfillmentOrderLine[];
}

/** What the channel knows about an order's shipping, read before writing. */
export interface OrderShippingState {
  cancelled: boolean;
  fulfillments: ExistingFulfillment[];
  fulfillmentOrders: FulfillmentOrderState[];
}

/** One fulfilment to create: fulfillment order line ids and quantities, and the tracking. */
export interface FulfillmentPlan {
  groups: { fulfillmentOrderId: string; lines: { id: string; quantity: number }[] }[];
  tracking: { company: string; number?: string; url?: string };
  notifyCustomer: boolean;
}

/** Sizes of the nested reads; an order with more is refused rather than judged on half a read. */
export const STATE_LIMITS = { fulfillments: 50, fulfillmentOrders: 20, lines: 100, tracking: 10 } as const;

const WRITE_SCOPES =
  'write_merchant_managed_fulfillment_orders (locations the shop ships from itself), write_third_party_fulfillment_orders (locations of a fulfilment-service app) or write_assigned_fulfillment_orders';

/** Scope failures of write-back name the write scopes instead of `read_orders`. */
function writeBackError(error: unknown): unknown {
  const e = shopifyError(error);
  if (e instanceof ConnectorError && e.code === 'SHOPIFY_SCOPE_MISSING') {
    return authError('the access token lacks a fulfilment scope', {
      code: 'SHOPIFY_WRITE_SCOPE_MISSING',
      ...(e.status === undefined ? {} : { status: e.status }),
      remedy: `Give the custom app ${WRITE_SCOPES}, with the matching read_* scopes, under Configuration → Admin API integration; then reinstall it and save the new token.`,
    });
  }
  return e;
}

const gid = (kind: string, id: string): string => `gid://shopify/${kind}/${id}`;

/** The numeric tail of a gid (`gid://shopify/Fulfillment/123` → `123`), or a numeric REST id as text. */
export function numericId(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const m = /^(?:gid:\/\/shopify\/[A-Za-z]+\/)?(\d+)$/.exec(value);
  return m?.[1];
}

function unexpected(what: string): ConnectorError {
  return transientError(`Shopify answered ${what} in an unexpected shape`, {
    code: 'SHOPIFY_UNEXPECTED_RESPONSE',
  });
}

function nodes(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return isJsonObject(value) && Array.isArray(value['nodes']) ? value['nodes'] : [];
}

function requiredId(value: unknown, what: string): string {
  const id = numericId(value);
  if (id === undefined) throw unexpected(what);
  return id;
}

function quantity(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw unexpected(what);
  return value;
}

// GraphQL ------------------------------------------------------------------------------------------------------

const STATE_QUERY = `query OrderHubFulfillmentState($id: ID!) {
  order(id: $id) {
    id cancelledAt
    fulfillments(first: ${STATE_LIMITS.fulfillments}) {
      id status
      trackingInfo(first: ${STATE_LIMITS.tracking}) { number }
      fulfillmentLineItems(first: ${STATE_LIMITS.lines}) { nodes { quantity lineItem { id } } }
    }
    fulfillmentOrders(first: ${STATE_LIMITS.fulfillmentOrders}) {
      nodes {
        id status
        assignedLocation { location { id } }
        supportedActions { action }
        lineItems(first: ${STATE_LIMITS.lines}) { nodes { id remainingQuantity lineItem { id } } }
      }
    }
  }
}`;

const CREATE_MUTATION = `mutation OrderHubFulfillmentCreate($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) { fulfillment { id status } userErrors { field message } }
}`;

const CANCEL_MUTATION = `mutation OrderHubFulfillmentCancel($id: ID!) {
  fulfillmentCancel(id: $id) { fulfillment { id status } userErrors { field message } }
}`;

function graphqlFulfillment(f: unknown): ExistingFulfillment {
  if (!isJsonObject(f)) throw unexpected('a fulfillment');
  const lines = new Map<string, number>();
  for (const n of nodes(f['fulfillmentLineItems'])) {
    const item = isJsonObject(n) && isJsonObject(n['lineItem']) ? n['lineItem'] : null;
    const id = requiredId(item?.['id'], 'a fulfillment line');
    lines.set(
      id,
      (lines.get(id) ?? 0) + quantity(isJsonObject(n) ? n['quantity'] : null, 'a fulfillment line'),
    );
  }
  const tracking = Array.isArray(f['trackingInfo']) ? f['trackingInfo'] : [];
  return {
    id: requiredId(f['id'], 'a fulfillment'),
    status: typeof f['status'] === 'string' ? f['status'].toLowerCase() : '',
    trackingNumbers: tracking.flatMap((t) =>
      isJsonObject(t) && typeof t['number'] === 'string' ? [t['number']] : [],
    ),
    lines,
  };
}

function graphqlFulfillmentOrder(fo: unknown): FulfillmentOrderState {
  if (!isJsonObject(fo)) throw unexpected('a fulfillment order');
  const assigned = isJsonObject(fo['assignedLocation']) ? fo['assignedLocation'] : {};
  const location = isJsonObject(assigned['location']) ? numericId(assigned['location']['id']) : undefined;
  const actions = Array.isArray(fo['supportedActions']) ? fo['supportedActions'] : [];
  return {
    id: requiredId(fo['id'], 'a fulfillment order'),
    status: typeof fo['status'] === 'string' ? fo['status'].toLowerCase() : '',
    locationId: location ?? null,
    canFulfill: actions.some((a) => isJsonObject(a) && a['action'] === 'CREATE_FULFILLMENT'),
    lines: nodes(fo['lineItems']).map((l) => {
      if (!isJsonObject(l) || !isJsonObject(l['lineItem'])) throw unexpected('a fulfillment order line');
      return {
        id: requiredId(l['id'], 'a fulfillment order line'),
        lineItemId: requiredId(l['lineItem']['id'], 'a fulfillment order line'),
        remaining: quantity(l['remainingQuantity'], 'a fulfillment order line'),
      };
    }),
  };
}

function userErrorsOf(payload: JsonObject, what: string): void {
  const errors = Array.isArray(payload['userErrors']) ? payload['userErrors'] : [];
  if (errors.length === 0) return;
  const first = errors[0];
  const message = isJsonObject(first) && typeof first['message'] === 'string' ? first['message'] : 'refused';
  throw rejectedError(`Shopify refused ${what}: ${message.slice(0, 200)}`, {
    code: 'SHOPIFY_FULFILLMENT_REFUSED',
    remedy:
      'Open the order in the Shopify admin: the lines may already be fulfilled, on hold, or moved to another location. Fix the order there, then retry the shipment.',
  });
}

async function graphqlCall(
  ctx: Ctx,
  kind: string,
  query: string,
  variables: JsonObject,
): Promise<JsonObject> {
  try {
    return (await graphql(ctx, kind, query, variables)).data;
  } catch (error) {
    throw writeBackError(error);
  }
}

async function readStateGraphql(ctx: Ctx, orderId: string): Promise<OrderShippingState | null> {
  const data = await graphqlCall(ctx, 'fulfillment-state', STATE_QUERY, { id: gid('Order', orderId) });
  const order = data['order'];
  if (order === null || order === undefined) return null;
  if (!isJsonObject(order) || !Array.isArray(order['fulfillments'])) throw unexpected('the fulfilment state');
  return {
    cancelled: typeof order['cancelledAt'] === 'string',
    fulfillments: order['fulfillments'].map(graphqlFulfillment),
    fulfillmentOrders: nodes(order['fulfillmentOrders']).map(graphqlFulfillmentOrder),
  };
}

async function createGraphql(ctx: Ctx, plan: FulfillmentPlan): Promise<{ id: string; status: string }> {
  const tracking: JsonObject = { company: plan.tracking.company };
  if (plan.tracking.number !== undefined) tracking['number'] = plan.tracking.number;
  if (plan.tracking.url !== undefined) tracking['url'] = plan.tracking.url;
  const data = await graphqlCall(ctx, 'fulfillment-create', CREATE_MUTATION, {
    fulfillment: {
      notifyCustomer: plan.notifyCustomer,
      trackingInfo: tracking,
      lineItemsByFulfillmentOrder: plan.groups.map((g) => ({
        fulfillmentOrderId: gid('FulfillmentOrder', g.fulfillmentOrderId),
        fulfillmentOrderLineItems: g.lines.map((l) => ({
          id: gid('FulfillmentOrderLineItem', l.id),
          quantity: l.quantity,
        })),
      })),
    },
  });
  const payload = isJsonObject(data['fulfillmentCreate']) ? data['fulfillmentCreate'] : null;
  if (!payload) throw unexpected('fulfillmentCreate');
  userErrorsOf(payload, 'the fulfilment');
  const f = isJsonObject(payload['fulfillment']) ? payload['fulfillment'] : null;
  if (!f) throw unexpected('fulfillmentCreate');
  return { id: requiredId(f['id'], 'fulfillmentCreate'), status: String(f['status'] ?? '').toLowerCase() };
}

async function cancelGraphql(ctx: Ctx, fulfillmentId: string): Promise<void> {
  const data = await graphqlCall(ctx, 'fulfillment-cancel', CANCEL_MUTATION, {
    id: gid('Fulfillment', fulfillmentId),
  });
  const payload = isJsonObject(data['fulfillmentCancel']) ? data['fulfillmentCancel'] : null;
  if (!payload) throw unexpected('fulfillmentCancel');
  userErrorsOf(payload, 'the cancellation');
}

// REST ---------------------------------------------------------------------------------------------------------

async function rest(
  ctx: Ctx,
  method: 'GET' | 'POST',
  resource: string,
  options: { params?: Record<string, string>; body?: JsonObject; okStatuses?: number[] } = {},
): Promise<HttpResponse> {
  await ctx.rate.take(REST_BUCKET);
  try {
    return await ctx.http.request({
      method,
      url: adminUrl(ctx.config.shopDomain, resource),
      headers: { 'x-shopify-access-token': ctx.config.accessToken, accept: 'application/json' },
      ...(options.params ? { params: options.params } : {}),
      ...(options.body ? { body: options.body } : {}),
      ...(options.okStatuses ? { okStatuses: options.okStatuses } : {}),
    });
  } catch (error) {
    throw writeBackError(error);
  }
}

function restFulfillment(f: unknown): ExistingFulfillment {
  if (!isJsonObject(f)) throw unexpected('a fulfillment');
  const lines = new Map<string, number>();
  for (const l of Array.isArray(f['line_items']) ? f['line_items'] : []) {
    const id = requiredId(isJsonObject(l) ? l['id'] : null, 'a fulfillment line');
    lines.set(
      id,
      (lines.get(id) ?? 0) + quantity(isJsonObject(l) ? l['quantity'] : null, 'a fulfillment line'),
    );
  }
  const numbers = Array.isArray(f['tracking_numbers']) ? f['tracking_numbers'] : [f['tracking_number']];
  return {
    id: requiredId(f['id'], 'a fulfillment'),
    status: typeof f['status'] === 'string' ? f['status'].toLowerCase() : '',
    trackingNumbers: numbers.filter((n): n is string => typeof n === 'string' && n !== ''),
    lines,
  };
}

function restFulfillmentOrder(fo: unknown): FulfillmentOrderState {
  if (!isJsonObject(fo)) throw unexpected('a fulfillment order');
  const actions = Array.isArray(fo['supported_actions']) ? fo['supported_actions'] : [];
  return {
    id: requiredId(fo['id'], 'a fulfillment order'),
    status: typeof fo['status'] === 'string' ? fo['status'].toLowerCase() : '',
    locationId: numericId(fo['assigned_location_id']) ?? null,
    canFulfill: actions.includes('create_fulfillment'),
    lines: (Array.isArray(fo['line_items']) ? fo['line_items'] : []).map((l) => {
      if (!isJsonObject(l)) throw unexpected('a fulfillment order line');
      return {
        id: requiredId(l['id'], 'a fulfillment order line'),
        lineItemId: requiredId(l['line_item_id'], 'a fulfillment order line'),
        remaining: quantity(l['fulfillable_quantity'], 'a fulfillment order line'),
      };
    }),
  };
}

async function readStateRest(ctx: Ctx, orderId: string): Promise<OrderShippingState | null> {
  const res = await rest(ctx, 'GET', `orders/${orderId}.json`, {
    params: { fields: 'id,cancelled_at,fulfillments' },
    okStatuses: [404],
  });
  if (res.status === 404) return null;
  const order = isJsonObject(res.data) && isJsonObject(res.data['order']) ? res.data['order'] : null;
  if (!order) throw unexpected('orders/{id}.json');
  const fos = await rest(ctx, 'GET', `orders/${orderId}/fulfillment_orders.json`);
  const list = isJsonObject(fos.data) ? fos.data['fulfillment_orders'] : null;
  if (!Array.isArray(list)) throw unexpected('fulfillment_orders.json');
  return {
    cancelled: typeof order['cancelled_at'] === 'string',
    fulfillments: (Array.isArray(order['fulfillments']) ? order['fulfillments'] : []).map(restFulfillment),
    fulfillmentOrders: list.map(restFulfillmentOrder),
  };
}

function restErrors(res: HttpResponse, what: string): void {
  if (res.status !== 422 && res.status !== 400) return;
  const errors = isJsonObject(res.data) ? res.data['errors'] : undefined;
  const text = typeof errors === 'string' ? errors : JSON.stringify(errors ?? 'refused');
  throw rejectedError(`Shopify refused ${what}: ${text.slice(0, 200)}`, {
    code: 'SHOPIFY_FULFILLMENT_REFUSED',
    status: res.status,
    remedy:
      'Open the order in the Shopify admin: the lines may already be fulfilled, on hold, or moved to another location. Fix the order there, then retry the shipment.',
  });
}

async function createRest(ctx: Ctx, plan: FulfillmentPlan): Promise<{ id: string; status: string }> {
  const tracking: JsonObject = { company: plan.tracking.company };
  if (plan.tracking.number !== undefined) tracking['number'] = plan.tracking.number;
  if (plan.tracking.url !== undefined) tracking['url'] = plan.tracking.url;
  const res = await rest(ctx, 'POST', 'fulfillments.json', {
    okStatuses: [400, 422],
    body: {
      fulfillment: {
        notify_customer: plan.notifyCustomer,
        tracking_info: tracking,
        line_items_by_fulfillment_order: plan.groups.map((g) => ({
          fulfillment_order_id: Number(g.fulfillmentOrderId),
          fulfillment_order_line_items: g.lines.map((l) => ({ id: Number(l.id), quantity: l.quantity })),
        })),
      },
    },
  });
  restErrors(res, 'the fulfilment');
  const f = isJsonObject(res.data) && isJsonObject(res.data['fulfillment']) ? res.data['fulfillment'] : null;
  if (!f) throw unexpected('fulfillments.json');
  return { id: requiredId(f['id'], 'fulfillments.json'), status: String(f['status'] ?? '').toLowerCase() };
}

async function cancelRest(ctx: Ctx, fulfillmentId: string): Promise<void> {
  const res = await rest(ctx, 'POST', `fulfillments/${fulfillmentId}/cancel.json`, {
    okStatuses: [400, 422],
  });
  restErrors(res, 'the cancellation');
}

// Dispatch -----------------------------------------------------------------------------------------------------

/** The order's fulfilments and fulfillment orders, through the connection's API; null when Shopify has no such order. */
export function readShippingState(ctx: Ctx, orderId: string): Promise<OrderShippingState | null> {
  return apiOf(ctx.config) === 'graphql' ? readStateGraphql(ctx, orderId) : readStateRest(ctx, orderId);
}

/** Creates one fulfilment; returns its numeric id and status. */
export function createFulfillmentCall(
  ctx: Ctx,
  plan: FulfillmentPlan,
): Promise<{ id: string; status: string }> {
  return apiOf(ctx.config) === 'graphql' ? createGraphql(ctx, plan) : createRest(ctx, plan);
}

/** Cancels one fulfilment by numeric id. */
export function cancelFulfillmentCall(ctx: Ctx, fulfillmentId: string): Promise<void> {
  return apiOf(ctx.config) === 'graphql' ? cancelGraphql(ctx, fulfillmentId) : cancelRest(ctx, fulfillmentId);
}
