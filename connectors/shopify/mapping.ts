import {
  dec,
  lookup,
  missingField,
  money,
  moneyTotal,
  own,
  sum,
  unknownValue,
  type CanonicalDraft,
  type JsonObject,
  type LookupTables,
  type MappingContext,
  type OrderIdentity,
  type SourceType,
  type Status,
  type Totals,
} from '../../src/sdk';
import { CONNECTOR_ID } from './config';
import { graphqlToRest, isGraphqlOrder, legacyId } from './graphql-convert';
import {
  mapDiscounts,
  mapLine,
  mapProperties,
  mapShippingLine,
  mapTaxLines,
  type Allocation,
} from './mapping-lines';
import { mapAddress, mapCustomer } from './mapping-parties';
import { mapRefunds, refundedQuantities } from './mapping-refunds';
import {
  absent,
  amount,
  bool,
  id,
  list,
  obj,
  optionalBool,
  optionalId,
  requiredText,
  shopMoney,
  text,
  timestamp,
} from './raw';

/**
 * Lookup table ops fill to classify `source_name` values this connector has no rule for (sales-channel apps
 * and API clients name orders with their app id or any string they like). Key: source_name; value: a
 * canonical source type.
 */
export const SOURCE_TYPE_TABLE = 'shopify-source-types';

/**
 * The source names Shopify reserves for its own channels and that have one clear meaning. Draft orders are
 * what staff create in the admin for phone, e-mail and invoice sales, so they are `phone`. `iphone` and
 * `android` are also reserved but undocumented as to which app creates them, so they need a table entry.
 */
const BUILT_IN_SOURCE_TYPES: Readonly<Record<string, SourceType>> = {
  web: 'web',
  pos: 'pos',
  shopify_draft_order: 'phone',
};

const SOURCE_TYPES: readonly SourceType[] = ['web', 'marketplace', 'pos', 'phone', 'import'];

// The REST values; `expired` comes from the same order data through GraphQL and means the same there.
const PAYMENT_STATUS: Readonly<Record<string, Status['payment']>> = {
  pending: 'pending',
  authorized: 'authorized',
  partially_paid: 'partially_paid',
  paid: 'paid',
  partially_refunded: 'partially_refunded',
  refunded: 'refunded',
  voided: 'voided',
  expired: 'expired',
};

// `null` (nothing fulfilled yet) is handled before this table.
const FULFILLMENT_STATUS: Readonly<Record<string, Status['fulfillment']>> = {
  partial: 'partial',
  fulfilled: 'fulfilled',
  restocked: 'restocked',
};

const CURRENCY_RE = /^[A-Z]{3}$/;

/**
 * External id and revision of a raw record: a REST Order, or a GraphQL Order node (its numeric id, so both APIs
 * name the same order alike; `updatedAt` is UTC there). Pure.
 */
export function identifyOrder(raw: unknown): OrderIdentity {
  if (isGraphqlOrder(raw)) {
    const updatedAt = raw['updatedAt'];
    if (typeof updatedAt !== 'string' || updatedAt === '') throw missingField('/updatedAt');
    return { externalId: legacyId(raw['id'], '/id', 'Order'), revision: updatedAt };
  }
  const order = obj(raw, '');
  const updatedAt = order['updated_at'];
  if (typeof updatedAt !== 'string' || updatedAt === '') throw missingField('/updated_at');
  return { externalId: id(order['id'], '/id'), revision: updatedAt };
}

function sourceType(sourceName: string, tables: LookupTables): SourceType {
  const mapped = lookup(tables, SOURCE_TYPE_TABLE, sourceName);
  if (mapped !== undefined) {
    const known = SOURCE_TYPES.find((t) => t === mapped);
    if (!known) throw unknownValue('/source_name', `source type "${mapped}" in table ${SOURCE_TYPE_TABLE}`);
    return known;
  }
  const builtIn = own(BUILT_IN_SOURCE_TYPES, sourceName);
  if (!builtIn) throw unknownValue('/source_name', 'source_name (add it to the shopify-source-types table)');
  return builtIn;
}

function mapStatus(order: JsonObject): Status {
  const financial = requiredText(order['financial_status'], '/financial_status');
  const payment = own(PAYMENT_STATUS, financial);
  if (!payment) throw unknownValue('/financial_status', 'financial_status');

  const rawFulfillment = text(order['fulfillment_status'], '/fulfillment_status');
  const fulfillment = rawFulfillment === null ? 'unfulfilled' : own(FULFILLMENT_STATUS, rawFulfillment);
  if (!fulfillment) throw unknownValue('/fulfillment_status', 'fulfillment_status');

  const status: Status = { order: 'open', payment, fulfillment };
  if (!absent(order['cancelled_at'])) {
    status.order = 'cancelled';
    status.cancelledAt = timestamp(order['cancelled_at'], '/cancelled_at').utc;
    const reason = text(order['cancel_reason'], '/cancel_reason');
    if (reason !== null) status.cancelReason = reason;
  } else if (!absent(order['closed_at'])) {
    timestamp(order['closed_at'], '/closed_at');
    status.order = 'closed';
  }
  return status;
}

function mapTags(value: unknown): string[] {
  const tags = text(value, '/tags');
  if (tags === null) return [];
  return tags
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

function mapAttributes(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name, value: v } of mapProperties(value, '/note_attributes')) out[name] = v;
  return out;
}

/**
 * Maps one raw record to a canonical draft: a GraphQL Order node is first converted to the REST shape
 * (`graphqlToRest`), so there is one mapping. Pure.
 */
export function mapOrder(raw: unknown, ctx: MappingContext<unknown>): CanonicalDraft {
  return mapRestOrder(isGraphqlOrder(raw) ? graphqlToRest(raw, ctx.tables) : raw, ctx);
}

/**
 * Maps one REST Admin `Order` (the `orders/*` webhook body, or one element of `orders.json`) to a canonical
 * draft. Pure. Every amount is in the shop currency; totals are as placed (not the `current_*` values after
 * edits and refunds), and refunds are listed on their own. Throws `MappingError` on anything it has no rule for.
 */
export function mapRestOrder(raw: unknown, ctx: MappingContext<unknown>): CanonicalDraft {
  const order = obj(raw, '');
  const identity = identifyOrder(order);
  const currency = requiredText(order['currency'], '/currency');
  if (!CURRENCY_RE.test(currency)) throw unknownValue('/currency', 'currency');

  const sourceName = requiredText(order['source_name'], '/source_name');
  // processed_at is when the buyer ordered (imports set it in the past); created_at is when Shopify stored it.
  const placed = absent(order['processed_at'])
    ? timestamp(order['created_at'], '/created_at')
    : timestamp(order['processed_at'], '/processed_at');
  const updated = timestamp(order['updated_at'], '/updated_at');

  const refunds = mapRefunds(order, currency);
  const allocations: Allocation[] = [];
  const rawLines = list(order['line_items'], '/line_items');
  if (rawLines.length === 0) throw missingField('/line_items');
  const refunded = refundedQuantities(refunds);
  const lines = rawLines.map((l, i) => mapLine(l, i, currency, refunded, allocations));
  const shippingLines = list(order['shipping_lines'], '/shipping_lines').map((s, i) =>
    mapShippingLine(s, i, currency, allocations),
  );
  const taxLines = mapTaxLines(order['tax_lines'], '/tax_lines', currency);
  const discounts = mapDiscounts(order, allocations, currency);

  const totals: Totals = {
    subtotal: absent(order['total_line_items_price'])
      ? money(sum(lines.map((l) => dec(l.unitPrice).times(l.quantity))), currency)
      : amount(order['total_line_items_price'], '/total_line_items_price', currency),
    discount: moneyTotal(
      lines.map((l) => l.discount),
      currency,
    ),
    shipping: money(sum(shippingLines.map((s) => dec(s.price).minus(s.discount))), currency),
    tax: absent(order['total_tax'])
      ? moneyTotal(
          taxLines.map((t) => t.amount),
          currency,
        )
      : amount(order['total_tax'], '/total_tax', currency),
    total: amount(order['total_price'], '/total_price', currency),
    refunded: moneyTotal(
      refunds.map((r) => r.amount),
      currency,
    ),
  };
  const marketplaceTax = taxLines.filter((t) => t.collectedBy === 'marketplace').map((t) => t.amount);
  if (marketplaceTax.length > 0) totals.marketplaceTax = moneyTotal(marketplaceTax, currency);
  if (!absent(order['total_tip_received'])) {
    totals.tip = amount(order['total_tip_received'], '/total_tip_received', currency);
  }
  // As placed, like every other total; the current_* bag only stands in when the original is missing.
  const duties =
    shopMoney(order['original_total_duties_set'], '/original_total_duties_set', currency) ??
    shopMoney(order['current_total_duties_set'], '/current_total_duties_set', currency);
  if (duties !== undefined) totals.duties = duties;
  const fees =
    shopMoney(order['original_total_additional_fees_set'], '/original_total_additional_fees_set', currency) ??
    shopMoney(order['current_total_additional_fees_set'], '/current_total_additional_fees_set', currency);
  if (fees !== undefined) totals.fees = fees;

  const draft: CanonicalDraft = {
    channel: {
      connector: CONNECTOR_ID,
      connectionId: ctx.connectionId,
      externalId: identity.externalId,
      orderNumber: requiredText(order['name'], '/name'),
      sourceType: sourceType(sourceName, ctx.tables),
      sourceName,
      revision: identity.revision,
    },
    placedAt: placed.utc,
    updatedAt: updated.utc,
    originalOffset: placed.offset,
    currency,
    taxesIncluded: bool(order['taxes_included'], '/taxes_included'),
    status: mapStatus(order),
    customer: mapCustomer(order),
    shippingAddress: mapAddress(order['shipping_address'], '/shipping_address'),
    billingAddress: mapAddress(order['billing_address'], '/billing_address'),
    lines,
    shippingLines,
    taxLines,
    discounts,
    refunds,
    totals,
    tags: mapTags(order['tags']),
    note: text(order['note'], '/note'),
    attributes: mapAttributes(order['note_attributes']),
  };
  const test = optionalBool(order['test'], '/test');
  if (test !== undefined) draft.test = test;

  const presentmentCurrency = text(order['presentment_currency'], '/presentment_currency');
  if (presentmentCurrency !== null && presentmentCurrency !== currency) {
    if (!CURRENCY_RE.test(presentmentCurrency)) throw unknownValue('/presentment_currency', 'currency');
    const bag = obj(order['total_price_set'], '/total_price_set');
    const shown = obj(bag['presentment_money'], '/total_price_set/presentment_money');
    draft.presentment = {
      currency: presentmentCurrency,
      total: amount(shown['amount'], '/total_price_set/presentment_money/amount', presentmentCurrency),
    };
  }
  const gateways = list(order['payment_gateway_names'], '/payment_gateway_names');
  if (gateways.length > 0) {
    draft.payment = { gateways: gateways.map((g, i) => requiredText(g, `/payment_gateway_names/${i}`)) };
  }
  const locationId = optionalId(order['location_id'], '/location_id');
  if (locationId !== undefined) draft.fulfillment = { locationId };
  return draft;
}
