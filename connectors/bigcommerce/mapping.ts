import {
  dec,
  isDecimalString,
  lookup,
  missingField,
  money,
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
import { mapDiscounts, mapLine, mapRefunds, mapShippingLine, type AppliedDiscount } from './mapping-lines';
import { mapAddress, mapCustomer } from './mapping-parties';
import { absent, amount, bool, id, int, list, obj, optionalAmount, requiredText, rfc2822, text } from './raw';

/** Lookup table mapping v2 `order_source` values to canonical source types; overrides the built-ins. */
export const SOURCE_TYPE_TABLE = 'bigcommerce-source-types';

/** Order sources with one clear meaning: the storefront, and orders staff key in the control panel. */
const BUILT_IN_SOURCE_TYPES: Readonly<Record<string, SourceType>> = { www: 'web', manual: 'phone' };
const SOURCE_TYPES: readonly SourceType[] = ['web', 'marketplace', 'pos', 'phone', 'import'];

/** Tag added when the order ships to several addresses, so a hold rule can catch it. */
export const MULTI_ADDRESS_TAG = 'multiple-shipping-addresses';

type FulfillmentRule = Status['fulfillment'] | 'by-items-shipped';
interface StatusRule {
  order: Status['order'];
  payment: Status['payment'];
  fulfillment: FulfillmentRule;
}

/**
 * The fixed v2 status ids (GET /v2/order_statuses). Stores can rename statuses (`custom_status`) but not add
 * ids, so any other id is refused. Where a status says nothing about shipping, `items_shipped` decides.
 */
const STATUS_RULES: Readonly<Record<string, StatusRule>> = {
  // Incomplete: checkout abandoned after the order row was made; nothing may ship.
  '0': { order: 'open', payment: 'pending', fulfillment: 'on_hold' },
  '1': { order: 'open', payment: 'pending', fulfillment: 'unfulfilled' }, // Pending
  '2': { order: 'closed', payment: 'paid', fulfillment: 'fulfilled' }, // Shipped
  '3': { order: 'open', payment: 'paid', fulfillment: 'partial' }, // Partially Shipped
  '4': { order: 'closed', payment: 'refunded', fulfillment: 'by-items-shipped' }, // Refunded
  '5': { order: 'cancelled', payment: 'voided', fulfillment: 'by-items-shipped' }, // Cancelled
  '6': { order: 'cancelled', payment: 'voided', fulfillment: 'unfulfilled' }, // Declined
  '7': { order: 'open', payment: 'pending', fulfillment: 'unfulfilled' }, // Awaiting Payment
  '8': { order: 'open', payment: 'paid', fulfillment: 'unfulfilled' }, // Awaiting Pickup
  '9': { order: 'open', payment: 'paid', fulfillment: 'unfulfilled' }, // Awaiting Shipment
  '10': { order: 'closed', payment: 'paid', fulfillment: 'fulfilled' }, // Completed
  '11': { order: 'open', payment: 'paid', fulfillment: 'unfulfilled' }, // Awaiting Fulfillment
  // Manual Verification Required: fraud review; hold until staff release it.
  '12': { order: 'open', payment: 'authorized', fulfillment: 'on_hold' },
  '13': { order: 'open', payment: 'paid', fulfillment: 'on_hold' }, // Disputed
  '14': { order: 'open', payment: 'partially_refunded', fulfillment: 'by-items-shipped' }, // Partially Refunded
};

const CURRENCY_RE = /^[A-Z]{3}$/;

/** Narrows a composite record, naming the part that is missing. */
export function parts(raw: unknown): {
  order: JsonObject;
  products: unknown[];
  addresses: unknown[];
  refunds: unknown;
} {
  const record = obj(raw, '');
  const order = obj(record['order'], '/order');
  if (!Array.isArray(record['products'])) throw missingField('/products');
  if (!Array.isArray(record['shippingAddresses'])) throw missingField('/shippingAddresses');
  return {
    order,
    products: record['products'],
    addresses: record['shippingAddresses'],
    refunds: record['refunds'],
  };
}

/** External id and revision (`date_modified` in UTC) of a composite record. Pure. */
export function identifyOrder(raw: unknown): OrderIdentity {
  const { order } = parts(raw);
  return {
    externalId: id(order['id'], '/order/id'),
    revision: rfc2822(order['date_modified'], '/order/date_modified').utc,
  };
}

function sourceType(source: string, tables: LookupTables): SourceType {
  const mapped = lookup(tables, SOURCE_TYPE_TABLE, source);
  if (mapped !== undefined) {
    const known = SOURCE_TYPES.find((t) => t === mapped);
    if (!known)
      throw unknownValue('/order/order_source', `source type "${mapped}" in table ${SOURCE_TYPE_TABLE}`);
    return known;
  }
  const builtIn = own(BUILT_IN_SOURCE_TYPES, source);
  if (!builtIn)
    throw unknownValue('/order/order_source', `order_source (add it to the ${SOURCE_TYPE_TABLE} table)`);
  return builtIn;
}

function mapStatus(order: JsonObject): Status {
  const statusId = String(int(order['status_id'], '/order/status_id', 0));
  const rule = own(STATUS_RULES, statusId);
  if (!rule) throw unknownValue('/order/status_id', 'status_id');
  let fulfillment: Status['fulfillment'];
  if (rule.fulfillment === 'by-items-shipped') {
    const shipped = int(order['items_shipped'], '/order/items_shipped', 0);
    const total = int(order['items_total'], '/order/items_total', 0);
    fulfillment = shipped === 0 ? 'unfulfilled' : shipped >= total ? 'fulfilled' : 'partial';
  } else {
    fulfillment = rule.fulfillment;
  }
  // A paid-looking status whose payment was only authorised (not captured) says so in payment_status.
  const paymentStatus = text(order['payment_status'], '/order/payment_status');
  const payment = rule.payment === 'paid' && paymentStatus === 'authorized' ? 'authorized' : rule.payment;
  return { order: rule.order, payment, fulfillment };
}

/** Handling, gift wrapping and custom fees, on the order's tax basis. */
function fees(order: JsonObject, currency: string, taxesIncluded: boolean): string {
  const basis = taxesIncluded ? 'inc_tax' : 'ex_tax';
  const parts = [
    optionalAmount(order[`handling_cost_${basis}`], `/order/handling_cost_${basis}`, currency),
    optionalAmount(order[`wrapping_cost_${basis}`], `/order/wrapping_cost_${basis}`, currency),
  ];
  list(order['fees'], '/order/fees').forEach((f, i) => {
    const fee = obj(f, `/order/fees/${i}`);
    // The v2 docs spell the ex-tax fee cost both `cost_ex_tax` and `cost_exc_tax`.
    const key = taxesIncluded ? 'cost_inc_tax' : absent(fee['cost_ex_tax']) ? 'cost_exc_tax' : 'cost_ex_tax';
    parts.push(amount(fee[key], `/order/fees/${i}/${key}`, currency));
  });
  return money(sum(parts), currency);
}

function currencyCode(value: unknown, path: string): string {
  const code = requiredText(value, path);
  if (!CURRENCY_RE.test(code)) throw unknownValue(path, 'currency');
  return code;
}

/**
 * Maps one composite record `{ order, products, shippingAddresses, refunds? }` to a canonical draft. Pure.
 * Amounts are in the transactional currency (`default_currency_code`, what the shopper paid in).
 */
export function mapOrder(raw: unknown, ctx: MappingContext<unknown>): CanonicalDraft {
  const { order, products, addresses, refunds: rawRefunds } = parts(raw);
  const identity = identifyOrder(raw);
  const currency = currencyCode(order['default_currency_code'], '/order/default_currency_code');
  const taxesIncluded = bool(order['is_tax_inclusive_pricing'], '/order/is_tax_inclusive_pricing');
  const placed = rfc2822(order['date_created'], '/order/date_created');
  const source = requiredText(order['order_source'], '/order/order_source');

  if (products.length === 0) throw missingField('/products');
  const multiAddress = addresses.length > 1;
  const seen: AppliedDiscount[] = [];
  const lines = products.map((p, i) => mapLine(p, i, currency, taxesIncluded, multiAddress, seen));
  const shippingLines = addresses.map((a, i) => mapShippingLine(a, i, currency, taxesIncluded));
  const refunded = dec(optionalAmount(order['refunded_amount'], '/order/refunded_amount', currency));
  if (refunded.gt(0) && absent(rawRefunds)) throw missingField('/refunds');
  const refunds = mapRefunds(rawRefunds, currency);

  const subtotalField = taxesIncluded ? 'subtotal_inc_tax' : 'subtotal_ex_tax';
  const totals: Totals = {
    subtotal: amount(order[subtotalField], `/order/${subtotalField}`, currency),
    discount: money(sum(lines.map((l) => l.discount)), currency),
    shipping: money(sum(shippingLines.map((s) => dec(s.price).minus(s.discount))), currency),
    tax: amount(order['total_tax'], '/order/total_tax', currency),
    fees: fees(order, currency, taxesIncluded),
    total: amount(order['total_inc_tax'], '/order/total_inc_tax', currency),
  };
  if (refunds.length > 0) totals.refunded = money(sum(refunds.map((r) => r.amount)), currency);

  const attributes: Record<string, string> = {};
  const billing = absent(order['billing_address'])
    ? null
    : obj(order['billing_address'], '/order/billing_address');
  list(billing?.['form_fields'], '/order/billing_address/form_fields').forEach((f, i) => {
    const field = obj(f, `/order/billing_address/form_fields/${i}`);
    attributes[requiredText(field['name'], `/order/billing_address/form_fields/${i}/name`)] =
      text(field['value'], `/order/billing_address/form_fields/${i}/value`) ?? '';
  });
  const staffNotes = text(order['staff_notes'], '/order/staff_notes');
  if (staffNotes !== null) attributes['staff_notes'] = staffNotes;
  const externalOrderId = text(order['external_order_id'], '/order/external_order_id');
  if (externalOrderId !== null) attributes['external_order_id'] = externalOrderId;

  const firstAddress = addresses[0];
  const draft: CanonicalDraft = {
    channel: {
      connector: CONNECTOR_ID,
      connectionId: ctx.connectionId,
      externalId: identity.externalId,
      orderNumber: identity.externalId,
      sourceType: sourceType(source, ctx.tables),
      sourceName: source,
      revision: identity.revision,
    },
    placedAt: placed.utc,
    updatedAt: identity.revision,
    originalOffset: placed.offset,
    currency,
    taxesIncluded,
    status: mapStatus(order),
    customer: mapCustomer(order),
    shippingAddress: firstAddress === undefined ? null : mapAddress(firstAddress, '/shippingAddresses/0'),
    billingAddress: billing === null ? null : mapAddress(billing, '/order/billing_address'),
    lines,
    shippingLines,
    taxLines: [],
    discounts: mapDiscounts(seen, currency),
    refunds,
    totals,
    tags: multiAddress ? [MULTI_ADDRESS_TAG] : [],
    note: text(order['customer_message'], '/order/customer_message'),
    attributes,
  };
  if (!absent(order['channel_id'])) draft.channel.storeId = id(order['channel_id'], '/order/channel_id');

  const display = text(order['currency_code'], '/order/currency_code');
  if (display !== null && display !== currency) {
    currencyCode(display, '/order/currency_code');
    // currency_exchange_rate is store default → display; divide out store default → transactional.
    const toDisplay = exchangeRate(order['currency_exchange_rate'], '/order/currency_exchange_rate');
    const toTransactional = absent(order['store_default_to_transactional_exchange_rate'])
      ? dec(1)
      : exchangeRate(
          order['store_default_to_transactional_exchange_rate'],
          '/order/store_default_to_transactional_exchange_rate',
        );
    const rate = toDisplay.dividedBy(toTransactional);
    draft.presentment = {
      currency: display,
      total: dec(totals.total).times(rate).toFixed(minorDigits(display)),
      exchangeRate: rate.toDecimalPlaces(6).toFixed(),
    };
  }
  const method = text(order['payment_method'], '/order/payment_method');
  if (method !== null) draft.payment = { gateways: [method], method };
  return draft;
}

/** A positive exchange rate, read exactly (v2 sends ten decimals). */
function exchangeRate(value: unknown, path: string): ReturnType<typeof dec> {
  const t = requiredText(value, path);
  if (!isDecimalString(t) || dec(t).lte(0)) throw unknownValue(path, 'exchange rate');
  return dec(t);
}

function minorDigits(currency: string): number {
  return money(0, currency).split('.')[1]?.length ?? 0;
}
