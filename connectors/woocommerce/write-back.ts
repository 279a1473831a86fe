/**
 * Shipments back to WooCommerce. Core WooCommerce has no shipment object: each shipment becomes an order note with
 * carrier, tracking and lines (or a tracking item of the Shipment Tracking extension when the connection says it
 * is installed), and the order is set to `completed` once the last shipment is written.
 */
import {
  authError,
  configError,
  ConnectorError,
  isJsonObject,
  lookup,
  rejectedError,
  transientError,
  type ConnectorContext,
  type FulfillmentRequest,
  type HttpResponse,
  type RemoteRef,
  type WriteBackSpec,
} from '../../src/sdk';
import { RATE_BUCKET, basicAuth } from './client';
import { API_VERSION, type WooCommerceConfig } from './config';

type Ctx = ConnectorContext<WooCommerceConfig>;
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Lookup table: carrier as the hub reports it → the carrier name written (a Shipment Tracking provider name). */
export const CARRIER_TABLE = 'woocommerce-carriers';

/** The Shipment Tracking extension's REST namespace. */
export const TRACKING_NAMESPACE = 'wc-shipment-tracking/v3';

/** Order statuses a shipment cannot be written to. */
const REFUSED_STATUSES: Record<string, { code: string; remedy: string }> = {
  cancelled: {
    code: 'WOOCOMMERCE_ORDER_CANCELLED',
    remedy: 'A cancelled order cannot ship; check with the shop.',
  },
  refunded: {
    code: 'WOOCOMMERCE_ORDER_REFUNDED',
    remedy: 'A refunded order cannot ship; check with the shop.',
  },
  failed: {
    code: 'WOOCOMMERCE_ORDER_FAILED',
    remedy: 'The payment failed; check with the shop before shipping.',
  },
  trash: {
    code: 'WOOCOMMERCE_ORDER_TRASHED',
    remedy: 'Restore the order from the trash, then retry the shipment.',
  },
  completed: {
    code: 'WOOCOMMERCE_ALREADY_COMPLETED',
    remedy:
      'Someone completed the order in WooCommerce already. Compare it with the warehouse shipment; nothing is written.',
  },
};

/** The tag that marks a note as this shipment's; a retry finds its own note by it. */
export const shipmentTag = (shipmentKey: string): string => `[OrderHub shipment ${shipmentKey}]`;

/** The carrier name to write; a carrier without an entry is refused, never guessed. */
export function wooCarrier(ctx: Ctx, carrier: string): string {
  const name = lookup(ctx.tables, CARRIER_TABLE, carrier);
  if (name === undefined || name === '') {
    throw rejectedError(`carrier "${carrier}" has no entry in lookup table ${CARRIER_TABLE}`, {
      code: 'WOOCOMMERCE_CARRIER_UNMAPPED',
      remedy: `Add "${carrier}": "<carrier name, e.g. a Shipment Tracking provider such as USPS>" to mappings/${CARRIER_TABLE}.json, then retry the shipment.`,
    });
  }
  return name;
}

function wpCode(res: HttpResponse): string {
  return isJsonObject(res.data) && typeof res.data['code'] === 'string' ? res.data['code'] : '';
}

/** Classifies a refused call; write permissions and the extension's absence get their own remedies. */
function failure(res: HttpResponse, path: string): ConnectorError {
  const code = wpCode(res);
  const o = { status: res.status };
  if (
    (res.status === 401 || res.status === 403) &&
    /^woocommerce_rest_cannot_(create|edit|delete)$/.test(code)
  ) {
    return authError('the REST API key may not write orders', {
      ...o,
      code: 'WOOCOMMERCE_WRITE_PERMISSION_MISSING',
      remedy:
        'Shipment write-back needs a key with Read/Write permission: WooCommerce → Settings → Advanced → REST API → the key → Permissions: Read/Write (user: an administrator or shop manager).',
    });
  }
  if (res.status === 401 || res.status === 403) {
    return authError('WooCommerce refused the REST API key', {
      ...o,
      code: 'WOOCOMMERCE_KEY_INVALID',
      remedy:
        'Create a key with Read/Write permission under WooCommerce → Settings → Advanced → REST API (user: an administrator or shop manager) and save its consumer key and secret in the connection.',
    });
  }
  if (res.status === 404 && code === 'rest_no_route' && path.startsWith(TRACKING_NAMESPACE)) {
    return configError('the Shipment Tracking extension does not answer', {
      ...o,
      code: 'WOOCOMMERCE_TRACKING_EXTENSION_MISSING',
      remedy:
        'Install and activate WooCommerce Shipment Tracking, or set trackingExtension to false in the connection.',
    });
  }
  if (res.status === 404 && code.includes('invalid_id')) {
    return rejectedError('WooCommerce no longer has this order', {
      ...o,
      code: 'WOOCOMMERCE_ORDER_NOT_FOUND',
      remedy: 'The order was deleted in WooCommerce; there is nothing to ship.',
    });
  }
  if (res.status === 404) {
    return configError('no WooCommerce REST API at this address', {
      ...o,
      code: 'WOOCOMMERCE_API_NOT_FOUND',
      remedy: 'Check siteUrl (the WordPress address, without /wp-json) and that WooCommerce is active.',
    });
  }
  if (res.status >= 300 && res.status < 400) {
    return configError('WooCommerce redirected the request', {
      ...o,
      code: 'WOOCOMMERCE_REDIRECTED',
      remedy: 'Set siteUrl to the exact address WordPress uses (Settings → General).',
    });
  }
  return rejectedError(`WooCommerce refused the shipment write (${code || res.status})`, {
    ...o,
    code: 'WOOCOMMERCE_WRITE_REFUSED',
    remedy: 'Open the order in WooCommerce and check it can still be edited, then retry the shipment.',
  });
}

/** One counted call under `wp-json/<path>`; `path` starts with the namespace (`wc/v3/…`). */
async function call(ctx: Ctx, method: Method, path: string, body?: object, params?: Record<string, string>) {
  await ctx.rate.take(RATE_BUCKET);
  const res = await ctx.http.request({
    method,
    url: `${ctx.config.siteUrl.replace(/\/+$/, '')}/wp-json/${path}`,
    headers: { authorization: basicAuth(ctx.config), accept: 'application/json' },
    ...(body ? { body } : {}),
    ...(params ? { params } : {}),
    okStatuses: [301, 302, 307, 308, 400, 401, 403, 404],
  });
  if (res.status >= 300) throw failure(res, path);
  return res;
}

const core = (resource: string): string => `${API_VERSION}/${resource}`;
const tracking = (orderId: string, rest = ''): string =>
  `${TRACKING_NAMESPACE}/orders/${orderId}/shipment-trackings${rest}`;

function list(res: HttpResponse, what: string): unknown[] {
  if (!Array.isArray(res.data)) {
    throw transientError(`WooCommerce answered ${what} without a JSON list`, {
      code: 'WOOCOMMERCE_UNEXPECTED_RESPONSE',
      status: res.status,
    });
  }
  return res.data;
}

function idOf(value: unknown, what: string): string {
  if (
    (typeof value === 'number' && Number.isSafeInteger(value)) ||
    (typeof value === 'string' && value !== '')
  )
    return String(value);
  throw transientError(`WooCommerce answered ${what} without an id`, {
    code: 'WOOCOMMERCE_UNEXPECTED_RESPONSE',
  });
}

/** The note text: carrier, tracking, lines by SKU, and the shipment tag. No customer data. */
export function noteText(request: FulfillmentRequest, carrier: string): string {
  const number = request.shipment.trackingNumber;
  const url = request.shipment.trackingUrl;
  const lines = request.lines.map((l) => `${l.sku ?? `line ${l.lineId}`} × ${l.quantity}`).join(', ');
  return [
    `Shipped with ${carrier}${number ? `, tracking number ${number}` : ''}${url ? ` (${url})` : ''}.`,
    `Items: ${lines}.`,
    shipmentTag(request.shipmentKey),
  ].join('\n');
}

/** The earlier attempt's note or tracking item, if the channel has it. */
async function findExisting(ctx: Ctx, orderId: string, request: FulfillmentRequest, viaTracking: boolean) {
  if (viaTracking) {
    const items = list(await call(ctx, 'GET', tracking(orderId)), 'shipment-trackings');
    const found = items.find(
      (t) => isJsonObject(t) && t['tracking_number'] === request.shipment.trackingNumber,
    );
    return isJsonObject(found) ? `tracking:${idOf(found['tracking_id'], 'a tracking item')}` : undefined;
  }
  const notes = list(
    await call(ctx, 'GET', core(`orders/${orderId}/notes`), undefined, { type: 'any' }),
    'notes',
  );
  const tag = shipmentTag(request.shipmentKey);
  const found = notes.find(
    (n) => isJsonObject(n) && typeof n['note'] === 'string' && n['note'].includes(tag),
  );
  return isJsonObject(found) ? `note:${idOf(found['id'], 'a note')}` : undefined;
}

function orderIdOf(request: FulfillmentRequest): string {
  const id = request.order.channel.externalId;
  if (!/^\d+$/.test(id)) {
    throw new ConnectorError('bug', 'WooCommerce order id is not numeric', {
      code: 'WOOCOMMERCE_ORDER_ID_INVALID',
    });
  }
  return id;
}

/** Writes one shipment; a retry of one WooCommerce already has returns it (and still completes a final order). */
export async function createFulfillment(ctx: Ctx, request: FulfillmentRequest): Promise<RemoteRef> {
  const orderId = orderIdOf(request);
  const carrier = wooCarrier(ctx, request.carrier);
  const number = request.shipment.trackingNumber;
  // A tracking item needs a number; an untracked shipment is written as a note even with the extension.
  const viaTracking = ctx.config.trackingExtension === true && number !== undefined && number !== '';
  const orderRes = await call(ctx, 'GET', core(`orders/${orderId}`));
  const status =
    isJsonObject(orderRes.data) && typeof orderRes.data['status'] === 'string' ? orderRes.data['status'] : '';
  let remoteId = await findExisting(ctx, orderId, request, viaTracking);
  if (remoteId === undefined) {
    const refused = REFUSED_STATUSES[status];
    if (refused)
      throw rejectedError(`the order is ${status} in WooCommerce`, {
        code: refused.code,
        remedy: refused.remedy,
      });
    if (viaTracking) {
      const url = request.shipment.trackingUrl;
      const res = await call(ctx, 'POST', tracking(orderId), {
        tracking_number: number,
        date_shipped: request.shipment.shippedAt.slice(0, 10),
        ...(url
          ? { custom_tracking_provider: carrier, custom_tracking_link: url }
          : { tracking_provider: carrier }),
      });
      remoteId = `tracking:${idOf(isJsonObject(res.data) ? res.data['tracking_id'] : undefined, 'the tracking item')}`;
    } else {
      const res = await call(ctx, 'POST', core(`orders/${orderId}/notes`), {
        note: noteText(request, carrier),
        customer_note: ctx.config.notifyCustomer ?? false,
      });
      remoteId = `note:${idOf(isJsonObject(res.data) ? res.data['id'] : undefined, 'the note')}`;
    }
  } else {
    ctx.log.info({ remoteId }, 'woocommerce shipment already written');
  }
  if (request.final && status !== 'completed') {
    await call(ctx, 'PUT', core(`orders/${orderId}`), { status: 'completed' });
    return { remoteId, status: 'completed' };
  }
  return { remoteId, status: status || 'written' };
}

/** Removes the note or tracking item the hub wrote; one already gone is fine. The order status is left as it is. */
export async function cancelFulfillment(
  ctx: Ctx,
  request: FulfillmentRequest & { remoteId: string },
): Promise<void> {
  const orderId = orderIdOf(request);
  const m = /^(note|tracking):([A-Za-z0-9]+)$/.exec(request.remoteId);
  if (!m?.[1] || !m[2]) {
    throw new ConnectorError('bug', 'unreadable WooCommerce shipment id', {
      code: 'WOOCOMMERCE_REMOTE_ID_INVALID',
    });
  }
  const path = m[1] === 'note' ? core(`orders/${orderId}/notes/${m[2]}`) : tracking(orderId, `/${m[2]}`);
  try {
    await call(ctx, 'DELETE', path, undefined, { force: 'true' });
  } catch (error) {
    if (
      error instanceof ConnectorError &&
      error.status === 404 &&
      error.code !== 'WOOCOMMERCE_TRACKING_EXTENSION_MISSING'
    )
      return;
    throw error;
  }
}

/** The write-back spec of the WooCommerce source. */
export const writeBack: WriteBackSpec<WooCommerceConfig> = { createFulfillment, cancelFulfillment };
