import {
  authError,
  configError,
  ConnectorError,
  isJsonObject,
  lookup,
  parseRetryAfter,
  rateLimitedError,
  rejectedError,
  transientError,
  type CanonicalOrder,
  type ConnectorContext,
  type FulfillmentRequest,
  type HttpResponse,
  type RemoteRef,
  type WriteBackSpec,
} from '../../src/sdk';
import { DEFAULT_RETRY_AFTER_MS, ebayRequest } from './client';
import { API_ORIGINS, WRITE_SCOPE, type EbayConfig } from './config';

/** Lookup table: carrier as the hub reports it → eBay `shippingCarrierCode`. */
export const CARRIER_TABLE = 'ebay-carriers';

type Json = Record<string, unknown>;

function refuse(code: string, message: string, remedy: string, status?: number): ConnectorError {
  return rejectedError(message, { code, remedy, ...(status === undefined ? {} : { status }) });
}

function errorId(res: HttpResponse): string {
  const errors = isJsonObject(res.data) ? res.data['errors'] : undefined;
  const first: unknown = Array.isArray(errors) ? errors[0] : undefined;
  const id = isJsonObject(first) ? first['errorId'] : undefined;
  return typeof id === 'number' || typeof id === 'string' ? String(id) : '';
}

/** Fulfillment write failures, classified for the write-back queue. */
function failure(res: HttpResponse, operation: string): ConnectorError {
  const o = { status: res.status };
  const id = errorId(res);
  switch (res.status) {
    case 429:
      return rateLimitedError(`${operation}: eBay's call limit is reached`, {
        ...o,
        code: 'EBAY_RATE_LIMITED',
        retryAfterMs: parseRetryAfter(res.headers['retry-after']) ?? DEFAULT_RETRY_AFTER_MS,
      });
    case 401:
      return authError(`${operation}: eBay refused the access token`, {
        ...o,
        code: 'EBAY_TOKEN_INVALID',
        remedy: 'Have the seller consent again and save the new refresh token.',
      });
    case 403:
      return authError(`${operation}: the token may not write fulfilments`, {
        ...o,
        code: 'EBAY_WRITE_SCOPE_MISSING',
        remedy: `Have the seller consent again with the scope ${WRITE_SCOPE} (not readonly) and save the new refresh token.`,
      });
    case 404:
      return refuse(
        'EBAY_ORDER_NOT_FOUND',
        `${operation}: eBay does not know this order`,
        'Check the environment (sandbox orders do not exist in production); record the shipment in Seller Hub by hand if needed.',
        404,
      );
    default:
      return refuse(
        'EBAY_FULFILLMENT_REFUSED',
        `${operation}: eBay refused the fulfilment (${id ? `error ${id}` : res.status})`,
        'Compare the shipped line items, quantities, carrier code and ship date with the order in Seller Hub; a line may already be shipped or the order cancelled.',
        res.status,
      );
  }
}

function orderUrl(ctx: ConnectorContext<EbayConfig>, orderId: string): string {
  return `${API_ORIGINS[ctx.config.environment]}/sell/fulfillment/v1/order/${encodeURIComponent(orderId)}/shipping_fulfillment`;
}

function lineItems(order: CanonicalOrder, request: FulfillmentRequest) {
  if (request.lines.length === 0) {
    throw refuse('EBAY_NO_LINES', 'the shipment names no lines', 'Report the lines shipped.');
  }
  return request.lines.map((l) => {
    if (!order.lines.some((x) => x.id === l.lineId) || !Number.isSafeInteger(l.quantity) || l.quantity < 1) {
      throw refuse(
        'EBAY_LINE_INVALID',
        'a shipped line is not on the order or has no whole quantity',
        'Report shipped lines by the order’s lineItemIds with whole quantities of at least 1.',
      );
    }
    return { lineItemId: l.lineId, quantity: l.quantity };
  });
}

async function listFulfillments(ctx: ConnectorContext<EbayConfig>, orderId: string): Promise<Json[]> {
  const res = await ebayRequest(ctx, { url: orderUrl(ctx, orderId) }, (r) =>
    failure(r, 'getShippingFulfillments'),
  );
  const list = isJsonObject(res.data) ? res.data['fulfillments'] : undefined;
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    throw transientError('getShippingFulfillments answered an unexpected body', {
      code: 'EBAY_UNEXPECTED_RESPONSE',
      status: res.status,
    });
  }
  return list.filter(isJsonObject);
}

function linesOf(fulfillment: Json): Map<string, number> {
  const out = new Map<string, number>();
  const list = fulfillment['lineItems'];
  for (const item of Array.isArray(list) ? list : []) {
    if (!isJsonObject(item)) continue;
    const id = item['lineItemId'];
    const qty = item['quantity'];
    if (typeof id === 'string' && typeof qty === 'number') out.set(id, (out.get(id) ?? 0) + qty);
  }
  return out;
}

/**
 * The fulfilment a previous attempt created: the same tracking number, or (for an untracked shipment) an
 * untracked fulfilment of exactly the same line items and quantities.
 */
function findExisting(
  fulfillments: Json[],
  tracking: string | undefined,
  items: { lineItemId: string; quantity: number }[],
): Json | undefined {
  return fulfillments.find((f) => {
    const number = f['shipmentTrackingNumber'];
    if (tracking) return number === tracking;
    if (typeof number === 'string' && number !== '') return false;
    const lines = linesOf(f);
    return lines.size === items.length && items.every((i) => lines.get(i.lineItemId) === i.quantity);
  });
}

function assertNotFulfilled(
  order: CanonicalOrder,
  fulfillments: Json[],
  items: { lineItemId: string; quantity: number }[],
) {
  const done = new Map<string, number>();
  for (const f of fulfillments) for (const [id, qty] of linesOf(f)) done.set(id, (done.get(id) ?? 0) + qty);
  for (const item of items) {
    const ordered = order.lines.find((l) => l.id === item.lineItemId)?.quantity ?? 0;
    if ((done.get(item.lineItemId) ?? 0) + item.quantity > ordered) {
      throw refuse(
        'EBAY_ALREADY_FULFILLED',
        'eBay already has fulfilments for these units',
        'Another fulfilment (Seller Hub or another tool) covers these lines; check the order in Seller Hub and void the duplicate shipment report.',
      );
    }
  }
}

/** The id eBay gives the new fulfilment: the last segment of the `Location` header. */
function fulfillmentIdFrom(res: HttpResponse): string | undefined {
  const location = res.headers['location'];
  const id = location?.split('?')[0]?.split('/').filter(Boolean).pop();
  return id === undefined || id === '' ? undefined : decodeURIComponent(id);
}

/**
 * Creates one eBay shipping fulfilment for the shipped line items. Idempotent: the order's fulfilments are read
 * first and one with the same tracking number is returned as is.
 */
export async function createFulfillment(
  ctx: ConnectorContext<EbayConfig>,
  request: FulfillmentRequest,
): Promise<RemoteRef> {
  if (ctx.config.writeBack !== true) {
    throw configError('write-back is off for this eBay connection', {
      code: 'EBAY_WRITE_BACK_DISABLED',
      remedy: `Set writeBack to true and save a refresh token consented with the scope ${WRITE_SCOPE}.`,
    });
  }
  const order = request.order;
  if (order.status.order === 'cancelled') {
    throw refuse(
      'EBAY_ORDER_CANCELLED',
      'the order is cancelled on eBay',
      'Do not ship cancelled orders; if the parcel left anyway, contact the buyer through Seller Hub.',
    );
  }
  const items = lineItems(order, request);
  const carrierCode = lookup(ctx.tables, CARRIER_TABLE, request.carrier);
  if (carrierCode === undefined) {
    throw refuse(
      'EBAY_CARRIER_UNMAPPED',
      `carrier "${request.carrier}" is not in the ${CARRIER_TABLE} table`,
      `Add "${request.carrier}" to mappings/${CARRIER_TABLE}.json with its eBay shippingCarrierCode.`,
    );
  }
  const shippedMs = Date.parse(request.shipment.shippedAt);
  if (Number.isNaN(shippedMs)) {
    throw refuse(
      'EBAY_SHIPPED_AT_INVALID',
      'the ship time is unreadable',
      'Report shippedAt as ISO 8601 with an offset.',
    );
  }
  const orderId = order.channel.externalId;
  const tracking = request.shipment.trackingNumber?.trim();

  const fulfillments = await listFulfillments(ctx, orderId);
  const existing = findExisting(fulfillments, tracking, items)?.['fulfillmentId'];
  if (typeof existing === 'string' && existing !== '') {
    ctx.log.info({ orderId, fulfillmentId: existing }, 'ebay fulfilment already recorded; not created again');
    return { remoteId: existing, status: 'already recorded' };
  }
  assertNotFulfilled(order, fulfillments, items);

  const res = await ebayRequest(
    ctx,
    {
      method: 'POST',
      url: orderUrl(ctx, orderId),
      body: {
        lineItems: items,
        shippedDate: new Date(shippedMs).toISOString(),
        shippingCarrierCode: carrierCode,
        ...(tracking ? { trackingNumber: tracking } : {}),
      },
    },
    (r) => failure(r, 'createShippingFulfillment'),
  );
  const id = fulfillmentIdFrom(res);
  if (id === undefined) {
    // The fulfilment exists; the retry reads the list first and finds it by its tracking number.
    throw transientError('createShippingFulfillment answered without a Location', {
      code: 'EBAY_UNEXPECTED_RESPONSE',
      status: res.status,
    });
  }
  return { remoteId: id, status: request.final ? 'shipped' : 'partially shipped' };
}

/** Shipments back to eBay; the Fulfillment API cannot delete a fulfilment, so there is no cancel. */
export const writeBack: WriteBackSpec<EbayConfig> = { createFulfillment };
