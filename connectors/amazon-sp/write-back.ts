import { createHash } from 'node:crypto';
import {
  authError,
  ConnectorError,
  isJsonObject,
  lookup,
  rateLimitedError,
  rejectedError,
  type ConnectorContext,
  type FulfillmentRequest,
  type HttpResponse,
  type RemoteRef,
  type WriteBackSpec,
} from '../../src/sdk';
import { accessToken, forgetAccessToken } from './auth';
import { retryAfterMs } from './client';
import { baseUrl, type AmazonSpConfig } from './config';

/** Lookup table: carrier as the hub reports it → Amazon `CarrierCode`. */
export const CARRIER_TABLE = 'amazon-sp-carriers';

/** The rate bucket of confirmShipment (documented 2 requests/s, burst 10). */
export const CONFIRM_BUCKET = 'confirmShipment';

/** Amazon's carrier code for carriers outside its list; `carrierName` must then name the carrier. */
const OTHER = 'Other';

/**
 * The package reference of one hub shipment: Amazon wants a positive number, unique within the order. It is
 * derived from the shipment key (52 bits of its SHA-256, plus one), so a retry confirms the same package
 * instead of adding a second one.
 */
export function packageReferenceId(shipmentKey: string): string {
  const hex = createHash('sha256').update(shipmentKey).digest('hex').slice(0, 13);
  return String(parseInt(hex, 16) + 1);
}

function refuse(code: string, message: string, remedy: string, status?: number): ConnectorError {
  return rejectedError(message, { code, remedy, ...(status === undefined ? {} : { status }) });
}

function amazonError(res: HttpResponse): { code: string; message: string } {
  const errors = isJsonObject(res.data) ? res.data['errors'] : undefined;
  const first: unknown = Array.isArray(errors) ? errors[0] : undefined;
  const text = (key: string) => (isJsonObject(first) && typeof first[key] === 'string' ? first[key] : '');
  return { code: text('code'), message: text('message') };
}

/** confirmShipment failures, classified for the write-back queue. */
function failure(res: HttpResponse): ConnectorError {
  const o = { status: res.status };
  const amazon = amazonError(res);
  switch (res.status) {
    case 429:
      return rateLimitedError('confirmShipment: Amazon’s quota is used up', {
        ...o,
        code: 'AMAZON_SP_RATE_LIMITED',
        retryAfterMs: retryAfterMs(res.headers, 2),
      });
    case 401:
    case 403:
      return authError(`confirmShipment: Amazon denied access${amazon.code ? ` (${amazon.code})` : ''}`, {
        ...o,
        code: 'AMAZON_SP_WRITE_ACCESS_DENIED',
        remedy:
          'Confirming shipments needs the app role Inventory and Order Tracking with the seller’s authorisation covering it. Add the role in Developer Central → Edit App, have the seller authorise the app again, and save the new refresh token.',
      });
    case 404:
      return refuse(
        'AMAZON_SP_ORDER_NOT_FOUND',
        'confirmShipment: Amazon does not know this order',
        'Check that the order belongs to this seller and region; record the shipment in Seller Central by hand if needed.',
        404,
      );
    default: {
      const said = amazon.message.toLowerCase();
      if (said.includes('cancel')) {
        return refuse(
          'AMAZON_SP_ORDER_CANCELLED',
          `confirmShipment: Amazon says the order is cancelled (${amazon.code || res.status})`,
          'The buyer or Amazon cancelled the order; stop the parcel if you still can and do not confirm it.',
          res.status,
        );
      }
      if (said.includes('shipped') || said.includes('fulfilled')) {
        return refuse(
          'AMAZON_SP_ALREADY_SHIPPED',
          `confirmShipment: Amazon says these items are already shipped (${amazon.code || res.status})`,
          'Another tool or Seller Central confirmed these items; check the order in Seller Central and void the duplicate shipment report.',
          res.status,
        );
      }
      return refuse(
        'AMAZON_SP_SHIPMENT_REFUSED',
        `confirmShipment: Amazon refused the shipment (${amazon.code || res.status})`,
        'Check the carrier code, tracking number, ship date and item quantities against the order in Seller Central.',
        res.status,
      );
    }
  }
}

/** The confirmShipment body: one package with the shipped items, Amazon's carrier code and tracking. */
export function confirmationBody(ctx: ConnectorContext<AmazonSpConfig>, request: FulfillmentRequest) {
  const order = request.order;
  if (order.status.order === 'cancelled') {
    throw refuse(
      'AMAZON_SP_ORDER_CANCELLED',
      'the order is cancelled on Amazon',
      'Do not ship cancelled orders; if the parcel left anyway, contact the buyer through Seller Central.',
    );
  }
  if (order.attributes?.['fulfillmentChannel'] === 'AFN') {
    throw refuse(
      'AMAZON_SP_FULFILLED_BY_AMAZON',
      'Amazon fulfils this order (AFN); it cannot be confirmed by the seller',
      'Route FBA orders away from your warehouse (attribute fulfillmentChannel = AFN) instead of shipping them.',
    );
  }
  const marketplaceId = order.channel.storeId;
  const trackingNumber = request.shipment.trackingNumber?.trim();
  if (!trackingNumber) {
    throw refuse(
      'AMAZON_SP_TRACKING_MISSING',
      'confirmShipment needs a tracking number',
      'Report the shipment with its tracking number; untracked shipments are confirmed in Seller Central or by order-fulfilment feed.',
    );
  }
  if (marketplaceId === undefined || marketplaceId === '') {
    throw refuse(
      'AMAZON_SP_MARKETPLACE_MISSING',
      'the order does not say its marketplace',
      'Re-import the order from Amazon; its channel.storeId carries the marketplace id.',
    );
  }
  const carrierCode = lookup(ctx.tables, CARRIER_TABLE, request.carrier);
  if (carrierCode === undefined) {
    throw refuse(
      'AMAZON_SP_CARRIER_UNMAPPED',
      `carrier "${request.carrier}" is not in the ${CARRIER_TABLE} table`,
      `Add "${request.carrier}" to mappings/${CARRIER_TABLE}.json with its Amazon CarrierCode (or Other to send the name as written).`,
    );
  }
  const shipMs = Date.parse(request.shipment.shippedAt);
  if (request.lines.length === 0 || Number.isNaN(shipMs)) {
    throw refuse(
      'AMAZON_SP_SHIPMENT_INVALID',
      'the shipment has no lines or no readable ship date',
      'Report the shipped lines and the ship time with its offset.',
    );
  }
  const orderItems = request.lines.map((l) => {
    if (!order.lines.some((x) => x.id === l.lineId) || !Number.isSafeInteger(l.quantity) || l.quantity < 1) {
      throw refuse(
        'AMAZON_SP_LINE_INVALID',
        'a shipped line is not on the order or has no whole quantity',
        'Report shipped lines by the order’s OrderItemIds with whole quantities of at least 1.',
      );
    }
    return { orderItemId: l.lineId, quantity: l.quantity };
  });
  return {
    marketplaceId,
    packageDetail: {
      packageReferenceId: packageReferenceId(request.shipmentKey),
      carrierCode,
      ...(carrierCode === OTHER ? { carrierName: request.carrier } : {}),
      ...(request.shipment.service ? { shippingMethod: request.shipment.service } : {}),
      trackingNumber,
      shipDate: new Date(shipMs).toISOString(),
      orderItems,
    },
  };
}

/**
 * Confirms one package of the order. Orders v0 has no idempotency key and no way to list packages, so the
 * package reference is derived from the shipment key: a retry after a timeout sends the very same package,
 * which Amazon takes as that package again rather than a new one.
 */
export async function createFulfillment(
  ctx: ConnectorContext<AmazonSpConfig>,
  request: FulfillmentRequest,
): Promise<RemoteRef> {
  const body = confirmationBody(ctx, request);
  const orderId = encodeURIComponent(request.order.channel.externalId);
  for (let attempt = 0; ; attempt += 1) {
    const access = await accessToken(ctx, attempt > 0);
    await ctx.rate.take(CONFIRM_BUCKET);
    const res = await ctx.http.request({
      method: 'POST',
      url: `${baseUrl(ctx.config)}/orders/v0/orders/${orderId}/shipmentConfirmation`,
      headers: { 'x-amz-access-token': access.token, accept: 'application/json' },
      body,
      okStatuses: [400, 401, 403, 404, 409, 422, 429],
    });
    if (res.status >= 200 && res.status < 300) {
      return {
        remoteId: body.packageDetail.packageReferenceId,
        status: request.final ? 'shipment confirmed' : 'partial shipment confirmed',
      };
    }
    if ((res.status === 401 || res.status === 403) && access.cached && attempt === 0) {
      await forgetAccessToken(ctx);
      continue;
    }
    throw failure(res);
  }
}

/** Shipments back to Amazon; confirmShipment cannot be undone, so there is no cancel. */
export const writeBack: WriteBackSpec<AmazonSpConfig> = { createFulfillment };
