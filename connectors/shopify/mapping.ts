import {
  dec,
  isDecimalString,
  lookup,
  missingField,
  money,
  sum,
  unknownValue,
  type Address,
  type CanonicalDraft,
  type Customer,
  type Discount,
  type Line,
  type LookupTables,
  type MappingContext,
  type OrderIdentity,
  type Refund,
  type ShippingLine,
  type SourceType,
  type Status,
  type TaxLine,
  type Totals,
} from '../../src/sdk';
import { CONNECTOR_ID } from './config';
import {
  absent,
  amount,
  bool,
  id,
  int,
  list,
  obj,
  optionalBool,
  optionalId,
  own,
  requiredText,
  shopMoney,
  text,
  timestamp,
  total,
  type Json,
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

const DISCOUNT_VALUE_TYPES: Readonly<Record<string, Discount['type']>> = {
  fixed_amount: 'fixed_amount',
  percentage: 'percentage',
};

const DISCOUNT_CODE_TYPES: Readonly<Record<string, Discount['type']>> = {
  fixed_amount: 'fixed_amount',
  percentage: 'percentage',
  shipping: 'shipping',
};

const RATE_RE = /^-?\d{1,15}(\.\d{1,6})?$/;
const COUNTRY_RE = /^[A-Z]{2}$/;
const CURRENCY_RE = /^[A-Z]{3}$/;

/** External id and revision of a raw REST Order. Pure. */
export function identifyOrder(raw: unknown): OrderIdentity {
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

function mapStatus(order: Json): Status {
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

function mapCustomer(order: Json): Customer {
  const raw = absent(order['customer']) ? null : obj(order['customer'], '/customer');
  const firstName = raw ? text(raw['first_name'], '/customer/first_name') : null;
  const lastName = raw ? text(raw['last_name'], '/customer/last_name') : null;
  const email = text(order['email'], '/email') ?? (raw ? text(raw['email'], '/customer/email') : null);
  const phone = text(order['phone'], '/phone') ?? (raw ? text(raw['phone'], '/customer/phone') : null);
  const name = [firstName, lastName].filter((p) => p !== null).join(' ') || null;
  const customer: Customer = { email, phone, firstName, lastName, name };
  const customerId = raw ? optionalId(raw['id'], '/customer/id') : undefined;
  if (customerId !== undefined) customer.id = customerId;
  const locale = text(order['customer_locale'], '/customer_locale');
  if (locale !== null) customer.locale = locale;
  const taxExempt = optionalBool(order['tax_exempt'], '/tax_exempt');
  if (taxExempt !== undefined) customer.taxExempt = taxExempt;
  // Without protected-customer-data access Shopify sends these as null; only claim "in clear" for what came.
  if ([email, phone, firstName, lastName].some((v) => v !== null)) customer.pii = 'none';
  return customer;
}

function mapAddress(value: unknown, path: string): Address | null {
  if (absent(value)) return null;
  const a = obj(value, path);
  const countryCode = text(a['country_code'], `${path}/country_code`);
  if (countryCode === null) throw missingField(`${path}/country_code`);
  if (!COUNTRY_RE.test(countryCode)) throw unknownValue(`${path}/country_code`, 'country code');
  return {
    name: text(a['name'], `${path}/name`),
    firstName: text(a['first_name'], `${path}/first_name`),
    lastName: text(a['last_name'], `${path}/last_name`),
    company: text(a['company'], `${path}/company`),
    line1: text(a['address1'], `${path}/address1`),
    line2: text(a['address2'], `${path}/address2`),
    city: text(a['city'], `${path}/city`),
    province: text(a['province'], `${path}/province`),
    provinceCode: text(a['province_code'], `${path}/province_code`),
    postalCode: text(a['zip'], `${path}/zip`),
    countryCode,
    phone: text(a['phone'], `${path}/phone`),
    pii: 'none',
  };
}

function mapTaxLines(value: unknown, path: string, currency: string): TaxLine[] {
  return list(value, path).map((raw, i) => {
    const p = `${path}/${i}`;
    const t = obj(raw, p);
    const line: TaxLine = {
      title: requiredText(t['title'], `${p}/title`),
      amount: amount(t['price'], `${p}/price`, currency),
    };
    const rate = t['rate'];
    if (!absent(rate)) {
      const asText = typeof rate === 'number' && Number.isFinite(rate) ? dec(rate).toFixed() : rate;
      if (typeof asText !== 'string' || !RATE_RE.test(asText)) throw unknownValue(`${p}/rate`, 'tax rate');
      line.rate = asText;
    }
    // Shopify marks taxes the selling channel (a marketplace app) must remit; finance must not book those.
    if (t['channel_liable'] === true) line.collectedBy = 'marketplace';
    else if (t['channel_liable'] === false) line.collectedBy = 'merchant';
    return line;
  });
}

/** One discount allocation: which application it came from and how much it took off. */
interface Allocation {
  index: number;
  path: string;
  amount: string;
}

function mapAllocations(value: unknown, path: string, currency: string): Allocation[] {
  return list(value, path).map((raw, i) => {
    const p = `${path}/${i}`;
    const a = obj(raw, p);
    return {
      index: int(a['discount_application_index'], `${p}/discount_application_index`, 0),
      path: `${p}/discount_application_index`,
      amount: amount(a['amount'], `${p}/amount`, currency),
    };
  });
}

function mapProperties(value: unknown, path: string): { name: string; value: string }[] {
  return list(value, path).map((raw, i) => {
    const p = obj(raw, `${path}/${i}`);
    return {
      name: requiredText(p['name'], `${path}/${i}/name`),
      value: text(p['value'], `${path}/${i}/value`) ?? '',
    };
  });
}

function mapLine(
  raw: unknown,
  i: number,
  currency: string,
  refunded: ReadonlyMap<string, number>,
  allocations: Allocation[],
): Line {
  const p = `/line_items/${i}`;
  const l = obj(raw, p);
  const lineId = id(l['id'], `${p}/id`);
  // Shopify documents tip-only fields on line items but not whether tip lines count in the line totals;
  // taking them as goods could double-count the tip, so they wait for a recorded example.
  if (!absent(l['tip_payment_gateway'])) throw unknownValue(`${p}/tip_payment_gateway`, 'tip line item');
  const quantity = int(l['quantity'], `${p}/quantity`, 1);
  const unitPrice = amount(l['price'], `${p}/price`, currency);
  const lineAllocations = mapAllocations(l['discount_allocations'], `${p}/discount_allocations`, currency);
  allocations.push(...lineAllocations);
  const discount = total(
    lineAllocations.map((a) => a.amount),
    currency,
  );
  const taxLines = mapTaxLines(l['tax_lines'], `${p}/tax_lines`, currency);
  const line: Line = {
    id: lineId,
    sku: text(l['sku'], `${p}/sku`),
    name: text(l['name'], `${p}/name`) ?? requiredText(l['title'], `${p}/title`),
    variantName: text(l['variant_title'], `${p}/variant_title`),
    quantity,
    refundedQuantity: refunded.get(lineId) ?? 0,
    unitPrice,
    discount,
    tax: total(
      taxLines.map((t) => t.amount),
      currency,
    ),
    total: money(dec(unitPrice).times(quantity).minus(discount), currency),
    taxLines,
    properties: mapProperties(l['properties'], `${p}/properties`),
  };
  const productId = optionalId(l['product_id'], `${p}/product_id`);
  if (productId !== undefined) line.productId = productId;
  const variantId = optionalId(l['variant_id'], `${p}/variant_id`);
  if (variantId !== undefined) line.variantId = variantId;
  const requiresShipping = optionalBool(l['requires_shipping'], `${p}/requires_shipping`);
  if (requiresShipping !== undefined) line.requiresShipping = requiresShipping;
  const giftCard = optionalBool(l['gift_card'], `${p}/gift_card`);
  if (giftCard !== undefined) line.giftCard = giftCard;
  if (!absent(l['grams'])) line.weightGrams = int(l['grams'], `${p}/grams`, 0);
  return line;
}

function mapShippingLine(raw: unknown, i: number, currency: string, allocations: Allocation[]): ShippingLine {
  const p = `/shipping_lines/${i}`;
  const s = obj(raw, p);
  const shippingAllocations = mapAllocations(
    s['discount_allocations'],
    `${p}/discount_allocations`,
    currency,
  );
  allocations.push(...shippingAllocations);
  const taxLines = mapTaxLines(s['tax_lines'], `${p}/tax_lines`, currency);
  const code = text(s['code'], `${p}/code`);
  const line: ShippingLine = {
    code,
    title: text(s['title'], `${p}/title`) ?? requiredText(s['code'], `${p}/code`),
    // `source` names the rate's provider (a carrier such as `usps`, or `shopify` for the shop's own rates).
    carrier: text(s['source'], `${p}/source`),
    price: amount(s['price'], `${p}/price`, currency),
    discount: total(
      shippingAllocations.map((a) => a.amount),
      currency,
    ),
    tax: total(
      taxLines.map((t) => t.amount),
      currency,
    ),
    taxLines,
  };
  const lineId = optionalId(s['id'], `${p}/id`);
  if (lineId !== undefined) line.id = lineId;
  return line;
}

function mapDiscounts(order: Json, allocations: Allocation[], currency: string): Discount[] {
  const applications = list(order['discount_applications'], '/discount_applications');
  for (const a of allocations) {
    if (a.index >= applications.length) throw unknownValue(a.path, 'discount application index');
  }
  if (applications.length === 0) {
    // Orders without applications still list the codes used, with the amount each took off.
    return list(order['discount_codes'], '/discount_codes').map((raw, i) => {
      const p = `/discount_codes/${i}`;
      const c = obj(raw, p);
      const type = own(DISCOUNT_CODE_TYPES, requiredText(c['type'], `${p}/type`));
      if (!type) throw unknownValue(`${p}/type`, 'discount code type');
      return {
        code: requiredText(c['code'], `${p}/code`),
        title: null,
        type,
        amount: amount(c['amount'], `${p}/amount`, currency),
      };
    });
  }
  return applications.map((raw, i) => {
    const p = `/discount_applications/${i}`;
    const a = obj(raw, p);
    const target = requiredText(a['target_type'], `${p}/target_type`);
    if (target !== 'line_item' && target !== 'shipping_line')
      throw unknownValue(`${p}/target_type`, 'target type');
    const valueType = own(DISCOUNT_VALUE_TYPES, requiredText(a['value_type'], `${p}/value_type`));
    if (!valueType) throw unknownValue(`${p}/value_type`, 'discount value type');
    const rawValue = a['value'];
    const value =
      typeof rawValue === 'number' && Number.isFinite(rawValue) ? dec(rawValue).toFixed() : rawValue;
    if (!isDecimalString(value)) throw unknownValue(`${p}/value`, 'discount value');
    return {
      code: text(a['code'], `${p}/code`),
      title: text(a['title'], `${p}/title`) ?? text(a['description'], `${p}/description`),
      type: target === 'shipping_line' ? 'shipping' : valueType,
      value,
      amount: total(
        allocations.filter((x) => x.index === i).map((x) => x.amount),
        currency,
      ),
    };
  });
}

function mapRefunds(order: Json, currency: string): Refund[] {
  return list(order['refunds'], '/refunds').map((raw, i) => {
    const p = `/refunds/${i}`;
    const r = obj(raw, p);
    const paidBack = list(r['transactions'], `${p}/transactions`).flatMap((rawTx, j) => {
      const tp = `${p}/transactions/${j}`;
      const tx = obj(rawTx, tp);
      if (tx['kind'] !== 'refund' || tx['status'] !== 'success') return [];
      // Transactions of multi-currency orders are in the buyer's currency and carry no shop-currency amount;
      // converting at a guessed rate would book wrong money, so such a refund waits for a person.
      const txCurrency = text(tx['currency'], `${tp}/currency`);
      if (txCurrency !== null && txCurrency !== currency) {
        throw unknownValue(`${tp}/currency`, 'refund currency other than the shop currency');
      }
      return [amount(tx['amount'], `${tp}/amount`, currency)];
    });
    const refund: Refund = {
      id: id(r['id'], `${p}/id`),
      createdAt: timestamp(r['created_at'], `${p}/created_at`).utc,
      amount: total(paidBack, currency),
      note: text(r['note'], `${p}/note`),
      lines: list(r['refund_line_items'], `${p}/refund_line_items`).map((rawLine, j) => {
        const lp = `${p}/refund_line_items/${j}`;
        const l = obj(rawLine, lp);
        const line: Refund['lines'][number] = {
          lineId: id(l['line_item_id'], `${lp}/line_item_id`),
          quantity: int(l['quantity'], `${lp}/quantity`, 0),
        };
        if (!absent(l['subtotal'])) line.amount = amount(l['subtotal'], `${lp}/subtotal`, currency);
        if (!absent(l['total_tax'])) line.tax = amount(l['total_tax'], `${lp}/total_tax`, currency);
        return line;
      }),
    };
    const restock = optionalBool(r['restock'], `${p}/restock`);
    if (restock !== undefined) refund.restock = restock;
    return refund;
  });
}

function refundedQuantities(refunds: Refund[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of refunds) for (const l of r.lines) out.set(l.lineId, (out.get(l.lineId) ?? 0) + l.quantity);
  return out;
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
 * Maps one REST Admin `Order` (the `orders/*` webhook body, or one element of `orders.json`) to a canonical
 * draft. Pure. Every amount is in the shop currency; totals are as placed (not the `current_*` values after
 * edits and refunds), and refunds are listed on their own. Throws `MappingError` on anything it has no rule for.
 */
export function mapOrder(raw: unknown, ctx: MappingContext<unknown>): CanonicalDraft {
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
    discount: total(
      lines.map((l) => l.discount),
      currency,
    ),
    shipping: money(sum(shippingLines.map((s) => dec(s.price).minus(s.discount))), currency),
    tax: absent(order['total_tax'])
      ? total(
          taxLines.map((t) => t.amount),
          currency,
        )
      : amount(order['total_tax'], '/total_tax', currency),
    total: amount(order['total_price'], '/total_price', currency),
    refunded: total(
      refunds.map((r) => r.amount),
      currency,
    ),
  };
  const marketplaceTax = taxLines.filter((t) => t.collectedBy === 'marketplace').map((t) => t.amount);
  if (marketplaceTax.length > 0) totals.marketplaceTax = total(marketplaceTax, currency);
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
