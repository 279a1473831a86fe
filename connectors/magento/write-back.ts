/**
 * Shipments back to Magento: one shipment document per hub shipment (`POST /V1/order/{id}/ship`) with the shipped
 * order items, the track (carrier_code, title, number) and a comment carrying the hub's shipment key.
 */
import {
  authError,
  ConnectorError,
  isJsonObject,
  lookup,
  rejectedError,
  transientError,
  type ConnectorContext,
  type FulfillmentRequest,
  type HttpResponse,
  type JsonObject,
  type RemoteRef,
  type WriteBackSpec,
} from '../../src/sdk';
import { RATE_BUCKET, get, restUrl, searchParams } from './client';
import type { MagentoConfig } from './config';

type Ctx = ConnectorContext<MagentoConfig>;

/** Lookup table: carrier as the hub reports it → Magento track `carrier_code`. */
export const CARRIER_TABLE = 'magento-carriers';

const WRITE_REMEDY =
  'In the Magento admin open System → Extensions → Integrations → the integration → API → Resource Access and grant Sales → Operations → Orders → Actions → Ship and Sales → Operations → Shipments (besides Orders), save, reactivate the integration and store its new Access Token in the connection.';

/** The comment written on each shipment; a retry finds its own shipment by it. */
export const shipmentMarker = (shipmentKey: string): string => `OrderHub shipment ${shipmentKey}`;

/** The track carrier_code of a carrier; a carrier without an entry is refused, never guessed. */
export function magentoCarrier(ctx: Ctx, carrier: string): string {
  const code = lookup(ctx.tables, CARRIER_TABLE, carrier);
  if (code === undefined || code === '') {
    throw rejectedError(`carrier "${carrier}" has no entry in lookup table ${CARRIER_TABLE}`, {
      code: 'MAGENTO_CARRIER_UNMAPPED',
      remedy: `Add "${carrier}": "<Magento carrier_code, e.g. ups or custom>" to mappings/${CARRIER_TABLE}.json, then retry the shipment.`,
    });
  }
  return code;
}

/** Access failures of write-back name the Ship and Shipments resources. */
function writeBackError(error: unknown): unknown {
  if (error instanceof ConnectorError && error.kind === 'auth') {
    return authError('the integration may not create or read shipments', {
      code: 'MAGENTO_SHIP_PERMISSION_MISSING',
      ...(error.status === undefined ? {} : { status: error.status }),
      remedy: WRITE_REMEDY,
    });
  }
  return error;
}

async function read(ctx: Ctx, resource: string, params: Record<string, string | number>, missingOk = false) {
  try {
    return await get(ctx, resource, params, missingOk);
  } catch (error) {
    throw writeBackError(error);
  }
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Items of the order by item_id, with what is left to ship (ordered − shipped − refunded − canceled). */
function shippable(order: JsonObject): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of Array.isArray(order['items']) ? order['items'] : []) {
    if (!isJsonObject(item) || typeof item['item_id'] !== 'number') continue;
    const left =
      num(item['qty_ordered']) -
      num(item['qty_shipped']) -
      num(item['qty_refunded']) -
      num(item['qty_canceled']);
    out.set(String(item['item_id']), left);
  }
  return out;
}

/** The shipment an earlier attempt created: it carries our comment, or the same tracking number. */
function findExisting(shipments: unknown[], request: FulfillmentRequest): JsonObject | undefined {
  const marker = shipmentMarker(request.shipmentKey);
  const number = request.shipment.trackingNumber;
  return shipments.filter(isJsonObject).find((s) => {
    const comments = Array.isArray(s['comments']) ? s['comments'] : [];
    if (
      comments.some(
        (c) => isJsonObject(c) && typeof c['comment'] === 'string' && c['comment'].includes(marker),
      )
    )
      return true;
    const tracks = Array.isArray(s['tracks']) ? s['tracks'] : [];
    return (
      number !== undefined &&
      number !== '' &&
      tracks.some((t) => isJsonObject(t) && t['track_number'] === number)
    );
  });
}

const REFUSED_STATES: Record<string, { code: string; message: string; remedy: string }> = {
  canceled: {
    code: 'MAGENTO_ORDER_CANCELLED',
    message: 'the order is canceled in Magento',
    remedy: 'A canceled order cannot be shipped. Check with the store why goods shipped for it.',
  },
  closed: {
    code: 'MAGENTO_ORDER_CLOSED',
    message: 'the order is closed (refunded) in Magento',
    remedy: 'A closed order cannot be shipped. Check with the store why goods shipped for it.',
  },
  holded: {
    code: 'MAGENTO_ORDER_ON_HOLD',
    message: 'the order is on hold in Magento',
    remedy: 'Release the hold (Sales → Orders → the order → Unhold), then retry the shipment.',
  },
  payment_review: {
    code: 'MAGENTO_ORDER_IN_PAYMENT_REVIEW',
    message: 'the order is in payment review in Magento',
    remedy: 'Accept or deny the payment in the Magento admin, then retry the shipment.',
  },
};

function checkOrder(order: JsonObject, request: FulfillmentRequest): void {
  const state = typeof order['state'] === 'string' ? order['state'] : '';
  const refused = REFUSED_STATES[state];
  if (refused) throw rejectedError(refused.message, { code: refused.code, remedy: refused.remedy });
  const left = shippable(order);
  for (const line of request.lines) {
    const remaining = left.get(line.lineId);
    if (remaining === undefined) {
      throw rejectedError(`order item ${line.lineId} is not on the Magento order`, {
        code: 'MAGENTO_LINE_UNKNOWN',
        remedy: 'Compare the order in the Magento admin with the shipment the warehouse reported.',
      });
    }
    if (line.quantity > remaining) {
      throw rejectedError(`Magento already shipped order item ${line.lineId} (or less is left to ship)`, {
        code: 'MAGENTO_ALREADY_SHIPPED',
        remedy:
          'Someone shipped these items in Magento already, or the shipment reports more than is left. Compare the order in the Magento admin with the warehouse shipment; nothing is written.',
      });
    }
  }
}

function refusal(res: HttpResponse): ConnectorError {
  const message =
    isJsonObject(res.data) && typeof res.data['message'] === 'string' ? res.data['message'] : 'refused';
  const text = message.replace(/\s+/g, ' ').trim().slice(0, 200);
  if (res.status === 401 || res.status === 403) {
    return authError('the integration may not create shipments', {
      code: 'MAGENTO_SHIP_PERMISSION_MISSING',
      status: res.status,
      remedy: WRITE_REMEDY,
    });
  }
  return rejectedError(`Magento refused the shipment: ${text}`, {
    code: res.status === 404 ? 'MAGENTO_ORDER_NOT_FOUND' : 'MAGENTO_SHIPMENT_REFUSED',
    status: res.status,
    remedy:
      'Open the order in the Magento admin: it may be fully shipped, on hold, or canceled, or an item may not ship on its own (bundle or configurable parent). Fix it there, then retry the shipment.',
  });
}

function orderIdOf(request: FulfillmentRequest): string {
  const id = request.order.channel.externalId;
  if (!/^\d+$/.test(id)) {
    throw new ConnectorError('bug', 'Magento order id is not numeric', { code: 'MAGENTO_ORDER_ID_INVALID' });
  }
  return id;
}

/** Creates the shipment of one hub shipment; a retry of one Magento already has returns that shipment. */
export async function createFulfillment(ctx: Ctx, request: FulfillmentRequest): Promise<RemoteRef> {
  const orderId = orderIdOf(request);
  const carrierCode = magentoCarrier(ctx, request.carrier);
  const orderRes = await read(ctx, `orders/${orderId}`, {}, true);
  if (orderRes.status === 404 || !isJsonObject(orderRes.data)) {
    throw rejectedError('Magento no longer has this order', {
      code: 'MAGENTO_ORDER_NOT_FOUND',
      remedy: 'The order was deleted in Magento; there is nothing to ship.',
    });
  }
  const search = await read(
    ctx,
    'shipments',
    searchParams([{ field: 'order_id', value: orderId, condition: 'eq' }], ['entity_id'], 100),
  );
  const items =
    isJsonObject(search.data) && Array.isArray(search.data['items']) ? search.data['items'] : null;
  if (items === null && !(isJsonObject(search.data) && search.data['total_count'] === 0)) {
    throw transientError('Magento answered the shipment search without a result', {
      code: 'MAGENTO_UNEXPECTED_RESPONSE',
      status: search.status,
    });
  }
  const existing = findExisting(items ?? [], request);
  if (existing) {
    ctx.log.info({ shipmentId: existing['entity_id'] }, 'magento shipment already exists for this shipment');
    return { remoteId: String(existing['entity_id']), status: 'existing' };
  }
  checkOrder(orderRes.data, request);
  const number = request.shipment.trackingNumber;
  const body = {
    items: request.lines.map((l) => ({ order_item_id: Number(l.lineId), qty: l.quantity })),
    notify: ctx.config.notifyCustomer ?? false,
    appendComment: true,
    comment: { comment: shipmentMarker(request.shipmentKey), is_visible_on_front: 0 },
    tracks:
      number === undefined || number === ''
        ? []
        : [{ track_number: number, title: request.carrier, carrier_code: carrierCode }],
  };
  await ctx.rate.take(RATE_BUCKET);
  const res = await ctx.http.request({
    method: 'POST',
    url: restUrl(ctx.config, `order/${orderId}/ship`),
    headers: { authorization: `Bearer ${ctx.config.accessToken}`, accept: 'application/json' },
    body,
    okStatuses: [400, 401, 403, 404],
  });
  if (res.status >= 300) throw refusal(res);
  const id =
    typeof res.data === 'number'
      ? String(res.data)
      : typeof res.data === 'string'
        ? res.data.replace(/"/g, '').trim()
        : '';
  if (!/^\d+$/.test(id)) {
    throw transientError('Magento answered the shipment without its id', {
      code: 'MAGENTO_UNEXPECTED_RESPONSE',
      status: res.status,
    });
  }
  return { remoteId: id, status: 'created' };
}

/** The write-back spec of the Magento source. Core Magento cannot cancel a shipment, so there is no cancel. */
export const writeBack: WriteBackSpec<MagentoConfig> = { createFulfillment };
