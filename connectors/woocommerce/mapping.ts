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
import {
  mapCoupons,
  mapFees,
  mapLine,
  mapRefunds,
  mapShippingLine,
  mapTaxLines,
  refundedQuantities,
  type Money,
} from './mapping-lines';
import { mapAddress, mapCustomer } from './mapping-parties';
import { absent, amount, bool, currencyCode, gmt, id, list, obj, offsetOf, requiredText, text } from './raw';

/** Ops table: a custom order status slug (from a status plugin) → the built-in status it behaves like. */
export const STATUS_TABLE = 'woocommerce-statuses';

/** Ops table: a `created_via` value this connector has no rule for → a canonical source type. */
export const SOURCE_TYPE_TABLE = 'woocommerce-source-types';

type StatusRule = Pick<Status, 'order' | 'payment' | 'fulfillment'>;

/**
 * The core statuses. `on-hold`, `failed` and `checkout-draft` are orders nobody has paid for yet that must not
 * ship, so they are held; `trash` is an order an admin deleted.
 */
const STATUSES: Readonly<Record<string, StatusRule>> = {
  pending: { order: 'open', payment: 'pending', fulfillment: 'unfulfilled' },
  processing: { order: 'open', payment: 'paid', fulfillment: 'unfulfilled' },
  'on-hold': { order: 'open', payment: 'pending', fulfillment: 'on_hold' },
  completed: { order: 'closed', payment: 'paid', fulfillment: 'fulfilled' },
  cancelled: { order: 'cancelled', payment: 'voided', fulfillment: 'unfulfilled' },
  refunded: { order: 'closed', payment: 'refunded', fulfillment: 'unfulfilled' },
  failed: { order: 'open', payment: 'pending', fulfillment: 'on_hold' },
  'checkout-draft': { order: 'open', payment: 'pending', fulfillment: 'on_hold' },
  trash: { order: 'cancelled', payment: 'voided', fulfillment: 'unfulfilled' },
};

/** `created_via` values WooCommerce core writes. */
const SOURCE_TYPES: Readonly<Record<string, SourceType>> = {
  checkout: 'web',
  'store-api': 'web',
  admin: 'phone',
  'rest-api': 'import',
};

const CANONICAL_SOURCE_TYPES: readonly SourceType[] = ['web', 'marketplace', 'pos', 'phone', 'import'];

/** The `{ order, refunds }` composite every raw record is. */
export function parts(raw: unknown): { order: JsonObject; refunds: unknown[] } {
  const c = obj(raw, '');
  return { order: obj(c['order'], '/order'), refunds: list(c['refunds'], '/refunds') };
}

/** External id and revision (`date_modified_gmt` as UTC ISO) of a composite record. Pure. */
export function identifyOrder(raw: unknown): OrderIdentity {
  const { order } = parts(raw);
  return {
    externalId: id(order['id'], '/order/id'),
    revision: gmt(order['date_modified_gmt'], '/order/date_modified_gmt'),
  };
}

function mapStatus(order: JsonObject, tables: LookupTables, refunded: boolean): Status {
  const raw = requiredText(order['status'], '/order/status');
  // A custom status maps onto the built-in status it behaves like; only ops know what a plugin's status means.
  const builtIn = own(STATUSES, raw) ? raw : lookup(tables, STATUS_TABLE, raw);
  if (builtIn === undefined)
    throw unknownValue('/order/status', `order status (add it to the ${STATUS_TABLE} table)`);
  const rule = own(STATUSES, builtIn);
  if (!rule) throw unknownValue('/order/status', `status "${builtIn}" in table ${STATUS_TABLE}`);
  const status: Status = { ...rule };
  if (status.payment === 'paid' && refunded) status.payment = 'partially_refunded';
  if (raw === 'refunded' && !absent(order['date_completed_gmt'])) status.fulfillment = 'fulfilled';
  if (raw === 'trash') status.cancelReason = 'deleted (moved to trash) in WooCommerce';
  return status;
}

function sourceType(createdVia: string, tables: LookupTables): SourceType {
  const mapped = lookup(tables, SOURCE_TYPE_TABLE, createdVia);
  if (mapped !== undefined) {
    const known = CANONICAL_SOURCE_TYPES.find((t) => t === mapped);
    if (!known)
      throw unknownValue('/order/created_via', `source type "${mapped}" in table ${SOURCE_TYPE_TABLE}`);
    return known;
  }
  const builtIn = own(SOURCE_TYPES, createdVia);
  if (!builtIn)
    throw unknownValue('/order/created_via', `created_via (add it to the ${SOURCE_TYPE_TABLE} table)`);
  return builtIn;
}

/**
 * Maps one `{ order, refunds }` composite to a canonical draft. Pure. Amounts are in the order currency
 * (WooCommerce has one per order); with `prices_include_tax` the line, shipping, fee and coupon amounts get
 * their tax added back, since WooCommerce stores them net. Throws `MappingError` on anything it has no rule for.
 */
export function mapOrder(raw: unknown, ctx: MappingContext<unknown>): CanonicalDraft {
  const { order, refunds: rawRefunds } = parts(raw);
  const identity = identifyOrder(raw);
  const currency = currencyCode(order['currency'], '/order/currency');
  const m: Money = { currency, inclusive: bool(order['prices_include_tax'], '/order/prices_include_tax') };

  const refunds = mapRefunds(order, rawRefunds, currency);
  const refunded = refundedQuantities(refunds);
  const rawLines = list(order['line_items'], '/order/line_items');
  if (rawLines.length === 0) throw missingField('/order/line_items');
  const lines = rawLines.map((l, i) => mapLine(l, i, m, refunded));
  const shippingLines = list(order['shipping_lines'], '/order/shipping_lines').map((s, i) =>
    mapShippingLine(s, i, m),
  );

  const totals: Totals = {
    subtotal: money(sum(lines.map((l) => dec(l.total).plus(l.discount))), currency),
    discount: moneyTotal(
      lines.map((l) => l.discount),
      currency,
    ),
    shipping: moneyTotal(
      shippingLines.map((s) => s.price),
      currency,
    ),
    tax: amount(order['total_tax'], '/order/total_tax', currency),
    total: amount(order['total'], '/order/total', currency),
    refunded: moneyTotal(
      refunds.map((r) => r.amount),
      currency,
    ),
  };
  const fees = mapFees(order, m);
  if (fees !== undefined) totals.fees = fees;

  const createdVia = requiredText(order['created_via'], '/order/created_via');
  const offset = offsetOf(order['date_created'], order['date_created_gmt'], '/order/date_created');
  const draft: CanonicalDraft = {
    channel: {
      connector: CONNECTOR_ID,
      connectionId: ctx.connectionId,
      externalId: identity.externalId,
      orderNumber: requiredText(order['number'], '/order/number'),
      sourceType: sourceType(createdVia, ctx.tables),
      sourceName: createdVia,
      revision: identity.revision,
    },
    placedAt: gmt(order['date_created_gmt'], '/order/date_created_gmt'),
    updatedAt: identity.revision,
    ...(offset === undefined ? {} : { originalOffset: offset }),
    currency,
    taxesIncluded: m.inclusive,
    status: mapStatus(order, ctx.tables, refunds.length > 0),
    customer: mapCustomer(order),
    shippingAddress: mapAddress(order['shipping'], '/order/shipping'),
    billingAddress: mapAddress(order['billing'], '/order/billing'),
    lines,
    shippingLines,
    taxLines: mapTaxLines(order, currency),
    discounts: mapCoupons(order, m),
    refunds,
    totals,
    tags: [],
    note: text(order['customer_note'], '/order/customer_note'),
  };
  const gateway = text(order['payment_method'], '/order/payment_method');
  const method = text(order['payment_method_title'], '/order/payment_method_title');
  if (gateway !== null || method !== null || !absent(order['date_paid_gmt'])) {
    draft.payment = {};
    if (gateway !== null) draft.payment.gateways = [gateway];
    if (method !== null) draft.payment.method = method;
    if (!absent(order['date_paid_gmt']))
      draft.payment.paidAt = gmt(order['date_paid_gmt'], '/order/date_paid_gmt');
  }
  return draft;
}
