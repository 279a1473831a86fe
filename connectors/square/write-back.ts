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
  type RemoteRef,
  type WriteBackSpec,
} from '../../src/sdk';
import { call, errorCodes } from './client';
import type { SquareConfig } from './config';

/** Lookup table: carrier as the hub reports it → the carrier name Square shows the buyer. */
export const CARRIER_TABLE = 'square-carriers';

/** Fulfilment metadata key holding the hub's shipment key, so a retry finds its own earlier write. */
export const SHIPMENT_KEY_FIELD = 'orderhub_shipment';

/** Square's idempotency keys are at most 192 characters. */
const IDEMPOTENCY_KEY_MAX = 192;

const WRITE_SCOPE_REMEDY =
  'Re-authorise the seller with ORDERS_WRITE (write-back updates the order’s shipment fulfilment) besides ORDERS_READ, then save the new access token.';

/** A fulfilment as RetrieveOrder returns it, with what write-back reads. */
interface SquareFulfillment {
  uid: string;
  type: string;
  state: string;
  trackingNumber: string | undefined;
  shipmentKey: string | undefined;
  lineUids: string[] | undefined;
}

/** The order as write-back needs it. */
interface SquareOrder {
  locationId: string;
  version: number;
  state: string;
  fulfillments: SquareFulfillment[];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function unexpected(what: string, res: HttpResponse): ConnectorError {
  return transientError(`Square answered ${what} with an unexpected body`, {
    code: 'SQUARE_UNEXPECTED_RESPONSE',
    status: res.status,
  });
}

function readFulfillment(value: unknown): SquareFulfillment[] {
  if (!isJsonObject(value)) return [];
  const uid = str(value['uid']);
  if (uid === undefined) return [];
  const details = isJsonObject(value['shipment_details']) ? value['shipment_details'] : {};
  const metadata = isJsonObject(value['metadata']) ? value['metadata'] : {};
  const entries = Array.isArray(value['entries']) ? value['entries'] : [];
  const lineUids = entries.flatMap((e: unknown) => {
    const u = isJsonObject(e) ? str(e['line_item_uid']) : undefined;
    return u === undefined ? [] : [u];
  });
  return [
    {
      uid,
      type: str(value['type']) ?? '',
      state: str(value['state']) ?? '',
      trackingNumber: str(details['tracking_number']),
      shipmentKey: str(metadata[SHIPMENT_KEY_FIELD]),
      lineUids: value['line_item_application'] === 'ENTRY_LIST' ? lineUids : undefined,
    },
  ];
}

/** Re-throws a missing-permission answer with the write scope in the remedy. */
function forWrite(error: unknown): unknown {
  if (error instanceof ConnectorError && error.code === 'SQUARE_SCOPE_MISSING') {
    return authError('the access token may not update orders', {
      code: 'SQUARE_WRITE_SCOPE_MISSING',
      remedy: WRITE_SCOPE_REMEDY,
      ...(error.status === undefined ? {} : { status: error.status }),
    });
  }
  return error;
}

/** RetrieveOrder. An unknown order is refused: the hub has an order id Square does not know. */
async function retrieveOrder(ctx: ConnectorContext<SquareConfig>, orderId: string): Promise<SquareOrder> {
  const res = await call(ctx, 'GET', `/v2/orders/${encodeURIComponent(orderId)}`, undefined, [404]);
  if (res.status === 404) {
    throw rejectedError('Square does not know this order', {
      code: 'SQUARE_ORDER_NOT_FOUND',
      status: 404,
      remedy: 'Check that the order belongs to this seller and environment; it may have been deleted.',
    });
  }
  const order = isJsonObject(res.data) ? res.data['order'] : undefined;
  if (!isJsonObject(order)) throw unexpected('RetrieveOrder', res);
  const locationId = str(order['location_id']);
  const version = order['version'];
  if (locationId === undefined || typeof version !== 'number') throw unexpected('RetrieveOrder', res);
  const fulfillments = Array.isArray(order['fulfillments']) ? order['fulfillments'] : [];
  return {
    locationId,
    version,
    state: str(order['state']) ?? '',
    fulfillments: fulfillments.flatMap(readFulfillment),
  };
}

/** The channel's carrier name from the lookup table; never a guess. */
export function squareCarrier(ctx: ConnectorContext<SquareConfig>, carrier: string): string {
  const mapped = lookup(ctx.tables, CARRIER_TABLE, carrier);
  if (mapped === undefined || mapped === '') {
    throw rejectedError(`carrier "${carrier}" is not in the ${CARRIER_TABLE} table`, {
      code: 'SQUARE_CARRIER_UNMAPPED',
      remedy: `Add "${carrier}" to mappings/${CARRIER_TABLE}.json (carrier as reported → the name Square shows, e.g. "UPS"), then retry the shipment.`,
    });
  }
  return mapped;
}

const INACTIVE = new Set(['CANCELED', 'FAILED']);

/**
 * The SHIPMENT fulfilment this shipment goes on: the one already carrying it (returned as `done`), else the one
 * whose entries cover the shipped lines, else the only active one.
 */
function target(order: SquareOrder, req: FulfillmentRequest): { f: SquareFulfillment; done: boolean } {
  const tracking = req.shipment.trackingNumber;
  const shipments = order.fulfillments.filter((f) => f.type === 'SHIPMENT');
  const mine = shipments.find(
    (f) => f.shipmentKey === req.shipmentKey || (tracking !== undefined && f.trackingNumber === tracking),
  );
  if (mine && (!req.final || mine.state === 'COMPLETED')) return { f: mine, done: true };
  if (mine && !INACTIVE.has(mine.state)) return { f: mine, done: false };
  const active = shipments.filter((f) => !INACTIVE.has(f.state));
  if (active.length === 0) {
    const pickup = order.fulfillments.some((f) => f.type === 'PICKUP' || f.type === 'DELIVERY');
    throw rejectedError('the Square order has no open shipment fulfilment to carry tracking', {
      code: pickup ? 'SQUARE_NOT_A_SHIPMENT' : 'SQUARE_NO_SHIPMENT_FULFILLMENT',
      remedy: pickup
        ? 'This is a pickup or delivery order: Square only takes carrier tracking on SHIPMENT fulfilments. Complete it in Square Point of Sale or the Dashboard, and do not route it to a shipping warehouse.'
        : 'The order has no (or only cancelled) shipment fulfilments; mark it shipped in the Square Dashboard.',
    });
  }
  const lineIds = new Set(req.lines.map((l) => l.lineId));
  const covering = active.filter(
    (f) => f.lineUids !== undefined && f.lineUids.some((uid) => lineIds.has(uid)),
  );
  const chosen = covering.length === 1 ? covering[0] : active.length === 1 ? active[0] : undefined;
  if (chosen === undefined) {
    throw rejectedError('several Square shipment fulfilments could take this shipment', {
      code: 'SQUARE_FULFILLMENT_AMBIGUOUS',
      remedy: 'Enter the tracking on the right fulfilment in the Square Dashboard.',
    });
  }
  if (chosen.state === 'COMPLETED') {
    throw rejectedError('Square already completed this shipment fulfilment with other tracking', {
      code: 'SQUARE_ALREADY_FULFILLED',
      remedy: 'Nothing to write back unless the tracking is wrong; correct it in the Square Dashboard.',
    });
  }
  return { f: chosen, done: false };
}

/** The idempotency key: the shipment key and the version written against (a new version is a new body). */
export function idempotencyKey(shipmentKey: string, version: number): string {
  const suffix = `:v${version}`;
  return `${shipmentKey.slice(0, IDEMPOTENCY_KEY_MAX - suffix.length)}${suffix}`;
}

/** One UpdateOrder; `stale` when Square says another write moved the version on. */
async function update(
  ctx: ConnectorContext<SquareConfig>,
  orderId: string,
  order: SquareOrder,
  f: SquareFulfillment,
  req: FulfillmentRequest,
  carrier: string,
): Promise<'ok' | 'stale'> {
  const s = req.shipment;
  const shippedAt = Date.parse(s.shippedAt);
  if (Number.isNaN(shippedAt)) {
    throw rejectedError('the shipment has no readable shippedAt', {
      code: 'SQUARE_SHIPPED_AT_INVALID',
      remedy: 'The destination reported an unreadable ship time; correct the shipment report.',
    });
  }
  const body = {
    idempotency_key: idempotencyKey(req.shipmentKey, order.version),
    order: {
      location_id: order.locationId,
      version: order.version,
      fulfillments: [
        {
          uid: f.uid,
          ...(req.final ? { state: 'COMPLETED' } : {}),
          metadata: { [SHIPMENT_KEY_FIELD]: req.shipmentKey },
          shipment_details: {
            carrier,
            ...(s.trackingNumber === undefined ? {} : { tracking_number: s.trackingNumber }),
            ...(s.trackingUrl === undefined ? {} : { tracking_url: s.trackingUrl }),
            shipped_at: new Date(shippedAt).toISOString(),
          },
        },
      ],
    },
  };
  const path = `/v2/orders/${encodeURIComponent(orderId)}`;
  const res = await call(ctx, 'PUT', path, body, [400, 404, 409]);
  const codes = errorCodes(res);
  if (res.status === 409 || codes.includes('VERSION_MISMATCH')) return 'stale';
  if (res.status === 200) return 'ok';
  throw rejectedError(`Square refused the fulfilment update (${codes.join(', ') || res.status})`, {
    code: res.status === 404 ? 'SQUARE_ORDER_NOT_FOUND' : 'SQUARE_FULFILLMENT_REFUSED',
    status: res.status,
    remedy:
      'Check the shipment data (tracking URL must be a URL, shippedAt a valid time) and the order in the Square Dashboard.',
  });
}

/**
 * Writes one shipment onto the order's SHIPMENT fulfilment: carrier, tracking and shipped time, and COMPLETED
 * when it is the last. Reads the order first (for its version, and to find an earlier write of the same shipment);
 * a version moved by someone else is re-read and retried once.
 */
export async function createFulfillment(
  ctx: ConnectorContext<SquareConfig>,
  req: FulfillmentRequest,
): Promise<RemoteRef> {
  const carrier = squareCarrier(ctx, req.carrier);
  const orderId = req.order.channel.externalId;
  try {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const order = await retrieveOrder(ctx, orderId);
      if (order.state === 'CANCELED') {
        throw rejectedError('the Square order is cancelled', {
          code: 'SQUARE_ORDER_CANCELED',
          remedy: 'The order was cancelled in Square; stop or recall the shipment.',
        });
      }
      const { f, done } = target(order, req);
      if (done) return { remoteId: f.uid, status: `already ${f.state}` };
      if ((await update(ctx, orderId, order, f, req, carrier)) === 'ok') {
        return { remoteId: f.uid, status: req.final ? 'COMPLETED' : 'tracking added' };
      }
      ctx.log.info({ attempt }, 'square order version moved; re-reading');
    }
  } catch (error) {
    throw forWrite(error);
  }
  throw transientError('the Square order kept changing while writing the shipment', {
    code: 'SQUARE_VERSION_CONFLICT',
  });
}

/** Square write-back: tracking onto the SHIPMENT fulfilment (no cancel: a COMPLETED fulfilment is final). */
export const writeBack: WriteBackSpec<SquareConfig> = { createFulfillment };
