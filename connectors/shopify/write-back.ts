/**
 * Shipments back to Shopify: one fulfilment per shipment, on the fulfillment order line items of the shipped
 * order lines, with the carrier's Shopify name and the tracking number.
 */
import {
  ConnectorError,
  lookup,
  rejectedError,
  type ConnectorContext,
  type FulfillmentRequest,
  type RemoteRef,
  type WriteBackSpec,
} from '../../src/sdk';
import type { ShopifyConfig } from './config';
import {
  cancelFulfillmentCall,
  createFulfillmentCall,
  readShippingState,
  type ExistingFulfillment,
  type FulfillmentOrderState,
  type FulfillmentPlan,
  type OrderShippingState,
} from './write-back-api';

type Ctx = ConnectorContext<ShopifyConfig>;

/** Lookup table: carrier as the hub reports it → the tracking company name Shopify knows. */
export const CARRIER_TABLE = 'shopify-carriers';

/** How long the list of fulfilments seen before a write is kept, to recognise an untracked retry. */
const PENDING_TTL_MS = 7 * 24 * 60 * 60_000;

/** Fulfilment statuses that no longer count as shipped. */
const VOID_STATUSES = new Set(['cancelled', 'error', 'failure']);

const pendingKey = (shipmentKey: string): string => `writeback:${shipmentKey}`;

/** The carrier's Shopify name; a carrier without an entry is refused, never guessed. */
export function shopifyCarrier(ctx: Ctx, carrier: string): string {
  const company = lookup(ctx.tables, CARRIER_TABLE, carrier);
  if (company === undefined || company === '') {
    throw rejectedError(`carrier "${carrier}" has no entry in lookup table ${CARRIER_TABLE}`, {
      code: 'SHOPIFY_CARRIER_UNMAPPED',
      remedy: `Add "${carrier}": "<Shopify tracking company, e.g. UPS>" to mappings/${CARRIER_TABLE}.json, then retry the shipment.`,
    });
  }
  return company;
}

function orderIdOf(request: FulfillmentRequest): string {
  const id = request.order.channel.externalId;
  if (!/^\d+$/.test(id)) {
    throw new ConnectorError('bug', 'Shopify order id is not numeric', { code: 'SHOPIFY_ORDER_ID_INVALID' });
  }
  return id;
}

function sameLines(a: Map<string, number>, lines: FulfillmentRequest['lines']): boolean {
  const want = new Map<string, number>();
  for (const l of lines) want.set(l.lineId, (want.get(l.lineId) ?? 0) + l.quantity);
  if (want.size !== a.size) return false;
  for (const [id, qty] of want) if (a.get(id) !== qty) return false;
  return true;
}

/**
 * The fulfilment an earlier attempt of this shipment created, if any: one carrying the same tracking number, or,
 * for an untracked shipment, one with the same lines that appeared after the attempt started (the ids seen
 * before it are kept in the connection cache).
 */
export async function findExisting(
  ctx: Ctx,
  request: FulfillmentRequest,
  state: OrderShippingState,
): Promise<ExistingFulfillment | undefined> {
  const live = state.fulfillments.filter((f) => !VOID_STATUSES.has(f.status));
  const number = request.shipment.trackingNumber;
  if (number !== undefined && number !== '') return live.find((f) => f.trackingNumbers.includes(number));
  const pending = await ctx.cache.get(pendingKey(request.shipmentKey));
  if (pending === undefined) return undefined;
  const before = new Set(pending.split(','));
  return live.find((f) => !before.has(f.id) && sameLines(f.lines, request.lines));
}

const HELD = new Set(['on_hold', 'scheduled']);

/**
 * Spreads each shipped line over the fulfillment orders that still hold it. All of them must be at one location:
 * a Shopify fulfilment covers one location only.
 */
export function planLines(
  state: OrderShippingState,
  lines: FulfillmentRequest['lines'],
): FulfillmentPlan['groups'] {
  const groups = new Map<string, { id: string; quantity: number }[]>();
  const taken = new Map<string, number>();
  for (const line of lines) {
    let left = line.quantity;
    const holders = state.fulfillmentOrders.filter((fo) =>
      fo.lines.some((l) => l.lineItemId === line.lineId),
    );
    if (holders.length === 0) {
      throw rejectedError(`order line ${line.lineId} is not on any Shopify fulfillment order`, {
        code: 'SHOPIFY_LINE_UNKNOWN',
        remedy:
          'The line was removed by an order edit or does not need shipping; check the order in the Shopify admin and the shipment the warehouse reported.',
      });
    }
    for (const fo of holders.filter((h) => h.canFulfill)) {
      for (const l of fo.lines.filter((x) => x.lineItemId === line.lineId)) {
        const free = l.remaining - (taken.get(l.id) ?? 0);
        const qty = Math.min(free, left);
        if (qty <= 0) continue;
        taken.set(l.id, (taken.get(l.id) ?? 0) + qty);
        groups.set(fo.id, [...(groups.get(fo.id) ?? []), { id: l.id, quantity: qty }]);
        left -= qty;
      }
    }
    if (left > 0) throw shortfall(line.lineId, holders);
  }
  const used = state.fulfillmentOrders.filter((fo) => groups.has(fo.id));
  if (new Set(used.map((fo) => fo.locationId)).size > 1) {
    throw rejectedError('the shipped lines are assigned to different Shopify locations', {
      code: 'SHOPIFY_LINES_SPAN_LOCATIONS',
      remedy:
        'A Shopify fulfilment ships from one location. Move the lines to the shipping location in the Shopify admin (order → ⋯ → Change location), or have the warehouse report one shipment per location.',
    });
  }
  return used.map((fo) => ({ fulfillmentOrderId: fo.id, lines: groups.get(fo.id) ?? [] }));
}

function shortfall(lineId: string, holders: FulfillmentOrderState[]): ConnectorError {
  if (holders.some((fo) => HELD.has(fo.status))) {
    return rejectedError(`order line ${lineId} is on hold or scheduled in Shopify`, {
      code: 'SHOPIFY_FULFILLMENT_ON_HOLD',
      remedy:
        'Release the hold (or the scheduled date) on the order in the Shopify admin, then retry the shipment.',
    });
  }
  return rejectedError(`Shopify already fulfilled order line ${lineId} (or less is left to ship)`, {
    code: 'SHOPIFY_ALREADY_FULFILLED',
    remedy:
      'Someone fulfilled these items in Shopify already, or the shipment reports more than is left. Compare the order in the Shopify admin with the warehouse shipment; nothing is written.',
  });
}

/** Creates the fulfilment of one shipment; a retry of a shipment Shopify already has returns that fulfilment. */
export async function createFulfillment(ctx: Ctx, request: FulfillmentRequest): Promise<RemoteRef> {
  const orderId = orderIdOf(request);
  const company = shopifyCarrier(ctx, request.carrier);
  const state = await readShippingState(ctx, orderId);
  if (state === null) {
    throw rejectedError('Shopify no longer has this order', {
      code: 'SHOPIFY_ORDER_NOT_FOUND',
      remedy: 'The order was deleted in Shopify; there is nothing to fulfil.',
    });
  }
  const existing = await findExisting(ctx, request, state);
  if (existing) {
    ctx.log.info({ fulfillmentId: existing.id }, 'shopify fulfilment already exists for this shipment');
    return { remoteId: existing.id, status: existing.status };
  }
  if (state.cancelled) {
    throw rejectedError('the order is cancelled in Shopify', {
      code: 'SHOPIFY_ORDER_CANCELLED',
      remedy: 'A cancelled order cannot be fulfilled. Check with the shop why goods shipped for it.',
    });
  }
  const groups = planLines(state, request.lines);
  const number = request.shipment.trackingNumber;
  const url = request.shipment.trackingUrl;
  const plan: FulfillmentPlan = {
    groups,
    tracking: {
      company,
      ...(number === undefined || number === '' ? {} : { number }),
      ...(url === undefined || url === '' ? {} : { url }),
    },
    notifyCustomer: ctx.config.notifyCustomer ?? false,
  };
  // Remember what existed before this write: an untracked retry after a timeout then recognises its own result.
  await ctx.cache.set(
    pendingKey(request.shipmentKey),
    state.fulfillments.map((f) => f.id).join(','),
    PENDING_TTL_MS,
  );
  const created = await createFulfillmentCall(ctx, plan);
  return { remoteId: created.id, status: created.status };
}

/** Cancels a fulfilment the hub created; one already cancelled is left as it is. */
export async function cancelFulfillment(
  ctx: Ctx,
  request: FulfillmentRequest & { remoteId: string },
): Promise<void> {
  if (!/^\d+$/.test(request.remoteId)) {
    throw new ConnectorError('bug', 'Shopify fulfilment id is not numeric', {
      code: 'SHOPIFY_FULFILLMENT_ID_INVALID',
    });
  }
  const state = await readShippingState(ctx, orderIdOf(request));
  const current = state?.fulfillments.find((f) => f.id === request.remoteId);
  if (current && VOID_STATUSES.has(current.status)) return;
  await cancelFulfillmentCall(ctx, request.remoteId);
}

/** The write-back spec of the Shopify source. */
export const writeBack: WriteBackSpec<ShopifyConfig> = { createFulfillment, cancelFulfillment };
