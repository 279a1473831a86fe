import {
  authError,
  ConnectorError,
  isJsonObject,
  lookup,
  rejectedError,
  transientError,
  type CanonicalOrder,
  type ConnectorContext,
  type FulfillmentRequest,
  type HttpResponse,
  type JsonObject,
  type RemoteRef,
  type WriteBackSpec,
} from '../../src/sdk';
import { bigcommerceError, send } from './client';
import type { BigCommerceConfig } from './config';

/** Lookup table: carrier as the hub reports it → BigCommerce `shipping_provider` or `tracking_carrier` code. */
export const CARRIER_TABLE = 'bigcommerce-carriers';

/**
 * The shipping-provider modules BigCommerce accepts in `shipping_provider`; any other table value is a
 * tracking-carrier code and goes in `tracking_carrier` (with an empty provider, which BigCommerce needs so
 * that it does not default to `custom` and drop the tracking link).
 */
export const SHIPPING_PROVIDERS: ReadonlySet<string> = new Set([
  'auspost',
  'canadapost',
  'endicia',
  'usps',
  'fedex',
  'ups',
  'upsready',
  'upsonline',
  'shipperhq',
]);

/** Largest page of an order's shipments. */
const SHIPMENTS_LIMIT = 250;

/** Written into the shipment's comments so a retry without a tracking number still finds its shipment. */
export function shipmentMarker(shipmentKey: string): string {
  return `[orderhub:${shipmentKey}]`;
}

function refuse(code: string, message: string, remedy: string, status?: number): ConnectorError {
  return rejectedError(message, { code, remedy, ...(status === undefined ? {} : { status }) });
}

/** Write failures with write-back remedies; rate limits and 5xx stay as `send` classified them. */
function writeError(error: unknown, what: string): unknown {
  const e = bigcommerceError(error);
  if (!(e instanceof ConnectorError) || e.status === undefined) return e;
  if (e.status === 403) {
    return authError(`the access token may not ${what}`, {
      code: 'BIGCOMMERCE_WRITE_SCOPE_MISSING',
      status: 403,
      cause: e,
      remedy:
        'Shipments back to BigCommerce need the OAuth scope Orders: modify. Edit the API account under Settings → Store-level API accounts and raise Orders from read-only to modify; the token stays the same.',
    });
  }
  if (e.status === 404) {
    return refuse(
      'BIGCOMMERCE_ORDER_NOT_FOUND',
      `BigCommerce has no such order (${what})`,
      'The order was deleted or archived in BigCommerce; record the shipment there by hand if it is still needed.',
      404,
    );
  }
  if (e.kind === 'rejected' || e.kind === 'conflict') {
    return refuse(
      'BIGCOMMERCE_SHIPMENT_REFUSED',
      `BigCommerce refused to ${what} (${e.status})`,
      'Compare the shipped lines and quantities with the order in the control panel (Orders → the order → Shipments); a line may already be shipped or removed.',
      e.status,
    );
  }
  return e;
}

function digits(value: string, what: string): string {
  if (!/^\d+$/.test(value)) {
    throw refuse(
      'BIGCOMMERCE_ID_INVALID',
      `${what} is not a BigCommerce id`,
      'The order did not come from this BigCommerce connection; route its shipments to the right one.',
    );
  }
  return value;
}

/** The shipped lines as BigCommerce shipment items, with the one shipping address they go to. */
function itemsAndAddress(order: CanonicalOrder, request: FulfillmentRequest) {
  if (request.lines.length === 0) {
    throw refuse('BIGCOMMERCE_NO_LINES', 'the shipment names no lines', 'Report the lines shipped.');
  }
  const addresses = new Set<string>();
  const items = request.lines.map((l) => {
    const line = order.lines.find((x) => x.id === l.lineId);
    if (line === undefined || !Number.isSafeInteger(l.quantity) || l.quantity < 1) {
      throw refuse(
        'BIGCOMMERCE_LINE_INVALID',
        'a shipped line is not on the order or has no whole quantity',
        'Report shipped lines by the order’s line ids with whole quantities of at least 1.',
      );
    }
    const property = line.properties?.find((p) => p.name === 'order_address_id')?.value;
    const single = order.shippingLines.length === 1 ? order.shippingLines[0]?.id : undefined;
    const address = property ?? single;
    if (address === undefined) {
      throw refuse(
        'BIGCOMMERCE_NO_SHIPPING_ADDRESS',
        'the order has no shipping address for this line',
        'Digital and pick-up lines are not shipped; leave them out of the shipment.',
      );
    }
    addresses.add(digits(address, 'the shipping address id'));
    return { order_product_id: Number(digits(l.lineId, 'the line id')), quantity: l.quantity };
  });
  const [address, ...others] = [...addresses];
  if (address === undefined || others.length > 0) {
    throw refuse(
      'BIGCOMMERCE_SHIPMENT_SPANS_ADDRESSES',
      'one shipment names lines for different shipping addresses',
      'BigCommerce records one shipment per shipping address: report one shipment per address (each parcel has its own tracking number).',
    );
  }
  return { items, orderAddressId: Number(address) };
}

/** The table value as BigCommerce's provider/carrier pair; a missing entry is refused, never guessed. */
export function carrierFields(
  ctx: ConnectorContext<BigCommerceConfig>,
  carrier: string,
): { shipping_provider: string; tracking_carrier: string } {
  const code = lookup(ctx.tables, CARRIER_TABLE, carrier);
  if (code === undefined) {
    throw refuse(
      'BIGCOMMERCE_CARRIER_UNMAPPED',
      `carrier "${carrier}" is not in the ${CARRIER_TABLE} table`,
      `Add "${carrier}" to mappings/${CARRIER_TABLE}.json with its BigCommerce shipping_provider or tracking_carrier code.`,
    );
  }
  return SHIPPING_PROVIDERS.has(code)
    ? { shipping_provider: code, tracking_carrier: '' }
    : { shipping_provider: '', tracking_carrier: code };
}

async function listShipments(
  ctx: ConnectorContext<BigCommerceConfig>,
  orderId: string,
): Promise<JsonObject[]> {
  const out: JsonObject[] = [];
  for (let page = 1; ; page += 1) {
    let res: HttpResponse;
    try {
      res = await send(ctx, `/v2/orders/${orderId}/shipments`, { page, limit: SHIPMENTS_LIMIT });
    } catch (error) {
      throw writeError(error, 'list the order’s shipments');
    }
    if (res.status === 204) return out;
    if (!Array.isArray(res.data) || !res.data.every(isJsonObject)) {
      throw transientError('BigCommerce answered the shipments list with an unexpected body', {
        code: 'BIGCOMMERCE_UNEXPECTED_RESPONSE',
        status: res.status,
      });
    }
    out.push(...res.data);
    if (res.data.length < SHIPMENTS_LIMIT) return out;
  }
}

function shipmentId(shipment: JsonObject): string | undefined {
  const id = shipment['id'];
  return typeof id === 'number' && Number.isSafeInteger(id) ? String(id) : undefined;
}

/** The shipment a previous attempt created: same tracking number, or our marker in the comments. */
function findExisting(shipments: JsonObject[], request: FulfillmentRequest): JsonObject | undefined {
  const tracking = request.shipment.trackingNumber?.trim();
  const marker = shipmentMarker(request.shipmentKey);
  return shipments.find((s) => {
    const number = s['tracking_number'];
    const comments = s['comments'];
    return (
      (tracking !== undefined && tracking !== '' && number === tracking) ||
      (typeof comments === 'string' && comments.includes(marker))
    );
  });
}

/** Refuses quantities beyond what the order still has unshipped (BigCommerce would over-ship silently). */
function assertNotShipped(
  order: CanonicalOrder,
  shipments: JsonObject[],
  items: { order_product_id: number; quantity: number }[],
) {
  const shipped = new Map<number, number>();
  for (const s of shipments) {
    const list = Array.isArray(s['items']) ? s['items'] : [];
    for (const item of list) {
      if (!isJsonObject(item)) continue;
      const id = item['order_product_id'];
      const qty = item['quantity'];
      if (typeof id === 'number' && typeof qty === 'number') shipped.set(id, (shipped.get(id) ?? 0) + qty);
    }
  }
  for (const item of items) {
    const ordered = order.lines.find((l) => l.id === String(item.order_product_id))?.quantity ?? 0;
    if ((shipped.get(item.order_product_id) ?? 0) + item.quantity > ordered) {
      throw refuse(
        'BIGCOMMERCE_ALREADY_SHIPPED',
        'BigCommerce already has shipments for these units',
        'Another shipment (made in the control panel or by another app) covers these lines; check the order’s Shipments tab and void the duplicate shipment report.',
      );
    }
  }
}

/**
 * Creates one BigCommerce shipment for the shipped lines. Idempotent: the order's shipments are read first
 * and one with the same tracking number (or this shipment's marker in its comments) is returned as is.
 */
export async function createFulfillment(
  ctx: ConnectorContext<BigCommerceConfig>,
  request: FulfillmentRequest,
): Promise<RemoteRef> {
  const order = request.order;
  const orderId = digits(order.channel.externalId, 'the order id');
  if (order.status.order === 'cancelled') {
    throw refuse(
      'BIGCOMMERCE_ORDER_CANCELLED',
      'the order is cancelled in BigCommerce',
      'Do not ship cancelled orders; if the parcel left anyway, sort it out with the customer and record it by hand.',
    );
  }
  const { items, orderAddressId } = itemsAndAddress(order, request);
  const carrier = carrierFields(ctx, request.carrier);

  const shipments = await listShipments(ctx, orderId);
  const existing = findExisting(shipments, request);
  const existingId = existing === undefined ? undefined : shipmentId(existing);
  if (existingId !== undefined) {
    ctx.log.info(
      { orderId, shipmentId: existingId },
      'bigcommerce shipment already recorded; not created again',
    );
    return { remoteId: existingId, status: 'already recorded' };
  }
  assertNotShipped(order, shipments, items);

  const tracking = request.shipment.trackingNumber?.trim();
  const body = {
    order_address_id: orderAddressId,
    items,
    ...carrier,
    ...(tracking ? { tracking_number: tracking } : {}),
    ...(request.shipment.trackingUrl ? { tracking_link: request.shipment.trackingUrl } : {}),
    ...(request.shipment.service ? { shipping_method: request.shipment.service } : {}),
    comments: shipmentMarker(request.shipmentKey),
  };
  let res: HttpResponse;
  try {
    res = await send(ctx, `/v2/orders/${orderId}/shipments`, {}, [], { method: 'POST', body });
  } catch (error) {
    throw writeError(error, 'create the shipment');
  }
  const created = isJsonObject(res.data) ? shipmentId(res.data) : undefined;
  if (created === undefined) {
    // The shipment may exist; the retry reads the list first and finds it by tracking number or marker.
    throw transientError('BigCommerce answered the new shipment without its id', {
      code: 'BIGCOMMERCE_UNEXPECTED_RESPONSE',
      status: res.status,
    });
  }
  return { remoteId: created, status: request.final ? 'shipped' : 'partially shipped' };
}

/** Deletes a shipment the hub created; one BigCommerce no longer has counts as deleted. */
export async function cancelFulfillment(
  ctx: ConnectorContext<BigCommerceConfig>,
  request: FulfillmentRequest & { remoteId: string },
): Promise<void> {
  const orderId = digits(request.order.channel.externalId, 'the order id');
  const id = digits(request.remoteId, 'the shipment id');
  let res: HttpResponse;
  try {
    res = await send(ctx, `/v2/orders/${orderId}/shipments/${id}`, {}, [404], { method: 'DELETE' });
  } catch (error) {
    throw writeError(error, 'delete the shipment');
  }
  if (res.status === 404) ctx.log.info({ orderId, shipmentId: id }, 'bigcommerce shipment already gone');
}

/** Shipments back to BigCommerce. */
export const writeBack: WriteBackSpec<BigCommerceConfig> = { createFulfillment, cancelFulfillment };
