import {
  dec,
  isDecimalString,
  missingField,
  money,
  moneyTotal,
  own,
  unknownValue,
  type Discount,
  type JsonObject,
  type Line,
  type Refund,
  type ShippingLine,
  type TaxLine,
} from '../../src/sdk';
import { absent, amount, gmt, id, integer, list, obj, optionalId, requiredText, text } from './raw';

/** How amounts are read: WooCommerce stores every line net of tax; tax-inclusive shops get tax added back. */
export interface Money {
  currency: string;
  /** `prices_include_tax` of the order. */
  inclusive: boolean;
}

/** `net + tax` when the shop shows prices with tax, else `net`. */
function gross(m: Money, net: string, tax: string): string {
  return m.inclusive ? money(dec(net).plus(tax), m.currency) : net;
}

/** Maps line item `i`; `refunded` holds refunded quantities per line id. Quantities must be whole and ≥ 1. */
export function mapLine(raw: unknown, i: number, m: Money, refunded: ReadonlyMap<string, number>): Line {
  const p = `/order/line_items/${i}`;
  const l = obj(raw, p);
  const lineId = id(l['id'], `${p}/id`);
  const quantity = integer(l['quantity'], `${p}/quantity`);
  if (quantity < 1) throw unknownValue(`${p}/quantity`, 'quantity (below 1)');
  const subtotal = amount(l['subtotal'], `${p}/subtotal`, m.currency);
  const subtotalTax = amount(l['subtotal_tax'], `${p}/subtotal_tax`, m.currency);
  const net = amount(l['total'], `${p}/total`, m.currency);
  const tax = amount(l['total_tax'], `${p}/total_tax`, m.currency);
  const before = gross(m, subtotal, subtotalTax);
  const after = gross(m, net, tax);
  // `subtotal` is the row before coupons; `price` is after them, so it cannot be the unit price.
  const line: Line = {
    id: lineId,
    sku: text(l['sku'], `${p}/sku`),
    name: requiredText(l['name'], `${p}/name`),
    variantName: null,
    quantity,
    refundedQuantity: refunded.get(lineId) ?? 0,
    unitPrice: money(dec(before).dividedBy(quantity), m.currency),
    discount: money(dec(before).minus(after), m.currency),
    tax,
    total: after,
    properties: mapMeta(l['meta_data'], `${p}/meta_data`),
  };
  const productId = optionalId(l['product_id'], `${p}/product_id`);
  if (productId !== undefined) line.productId = productId;
  const variantId = optionalId(l['variation_id'], `${p}/variation_id`);
  if (variantId !== undefined) line.variantId = variantId;
  return line;
}

/** Visible line meta (variation attributes, add-on choices); keys starting with `_` are WooCommerce internals. */
function mapMeta(value: unknown, path: string): { name: string; value: string }[] {
  return list(value, path).flatMap((raw, i) => {
    const m = obj(raw, `${path}/${i}`);
    const key = m['display_key'] ?? m['key'];
    const v = m['display_value'] ?? m['value'];
    if (typeof key !== 'string' || key === '' || key.startsWith('_')) return [];
    if (typeof v !== 'string' && typeof v !== 'number') return [];
    return [{ name: key, value: String(v) }];
  });
}

/** Maps shipping line `i`. Free-shipping coupons lower `total` itself, so there is no separate discount. */
export function mapShippingLine(raw: unknown, i: number, m: Money): ShippingLine {
  const p = `/order/shipping_lines/${i}`;
  const s = obj(raw, p);
  const net = amount(s['total'], `${p}/total`, m.currency);
  const tax = amount(s['total_tax'], `${p}/total_tax`, m.currency);
  return {
    id: id(s['id'], `${p}/id`),
    code: text(s['method_id'], `${p}/method_id`),
    title: text(s['method_title'], `${p}/method_title`) ?? requiredText(s['method_id'], `${p}/method_id`),
    carrier: null,
    price: gross(m, net, tax),
    discount: money(0, m.currency),
    tax,
  };
}

/** Σ fee lines (gift wrap, COD, surcharges); negative fees are discounts some plugins add as fees. */
export function mapFees(order: JsonObject, m: Money): string | undefined {
  const fees = list(order['fee_lines'], '/order/fee_lines').map((raw, i) => {
    const p = `/order/fee_lines/${i}`;
    const f = obj(raw, p);
    return gross(
      m,
      amount(f['total'], `${p}/total`, m.currency),
      amount(f['total_tax'], `${p}/total_tax`, m.currency),
    );
  });
  return fees.length === 0 ? undefined : moneyTotal(fees, m.currency);
}

const COUPON_TYPES: Readonly<Record<string, Discount['type']>> = {
  percent: 'percentage',
  fixed_cart: 'fixed_amount',
  fixed_product: 'fixed_amount',
};

/** Maps `coupon_lines`. `discount_type` and `nominal_amount` come with WooCommerce 8.3+; older sites omit them. */
export function mapCoupons(order: JsonObject, m: Money): Discount[] {
  return list(order['coupon_lines'], '/order/coupon_lines').map((raw, i) => {
    const p = `/order/coupon_lines/${i}`;
    const c = obj(raw, p);
    const rawType = text(c['discount_type'], `${p}/discount_type`);
    const type = rawType === null ? 'other' : own(COUPON_TYPES, rawType);
    if (!type) throw unknownValue(`${p}/discount_type`, 'coupon discount_type');
    const discount: Discount = {
      code: requiredText(c['code'], `${p}/code`),
      title: null,
      type,
      amount: gross(
        m,
        amount(c['discount'], `${p}/discount`, m.currency),
        amount(c['discount_tax'], `${p}/discount_tax`, m.currency),
      ),
    };
    const nominal = c['nominal_amount'];
    const value = typeof nominal === 'number' && Number.isFinite(nominal) ? dec(nominal).toFixed() : nominal;
    if (isDecimalString(value)) discount.value = value;
    return discount;
  });
}

/** Maps `tax_lines` (one per tax rate); each amount is its goods and shipping tax together. */
export function mapTaxLines(order: JsonObject, currency: string): TaxLine[] {
  return list(order['tax_lines'], '/order/tax_lines').map((raw, i) => {
    const p = `/order/tax_lines/${i}`;
    const t = obj(raw, p);
    const line: TaxLine = {
      title: text(t['label'], `${p}/label`) ?? requiredText(t['rate_code'], `${p}/rate_code`),
      amount: moneyTotal(
        [
          amount(t['tax_total'], `${p}/tax_total`, currency),
          amount(t['shipping_tax_total'], `${p}/shipping_tax_total`, currency),
        ],
        currency,
      ),
      collectedBy: 'merchant',
    };
    const percent = t['rate_percent'];
    if (typeof percent === 'number' && Number.isFinite(percent))
      line.rate = dec(percent).dividedBy(100).toFixed();
    return line;
  });
}

function refundedItemId(meta: unknown, path: string): string {
  for (const [i, raw] of list(meta, path).entries()) {
    const m = obj(raw, `${path}/${i}`);
    if (m['key'] === '_refunded_item_id') return id(m['value'], `${path}/${i}/value`);
  }
  throw missingField(`${path}/_refunded_item_id`);
}

/**
 * Maps the full refund objects of the composite (`/refunds`). The order itself lists only `{id, reason, total}`
 * per refund, without a date; a refund it lists that the composite lacks is a missing field, never skipped.
 */
export function mapRefunds(order: JsonObject, refunds: unknown[], currency: string): Refund[] {
  const mapped = refunds.map((raw, i) => {
    const p = `/refunds/${i}`;
    const r = obj(raw, p);
    return {
      id: id(r['id'], `${p}/id`),
      createdAt: gmt(r['date_created_gmt'], `${p}/date_created_gmt`),
      amount: amount(r['amount'], `${p}/amount`, currency),
      note: text(r['reason'], `${p}/reason`),
      lines: list(r['line_items'], `${p}/line_items`).map((rawLine, j) => {
        const lp = `${p}/line_items/${j}`;
        const l = obj(rawLine, lp);
        const quantity = Math.abs(integer(l['quantity'], `${lp}/quantity`));
        return {
          lineId: refundedItemId(l['meta_data'], `${lp}/meta_data`),
          quantity,
          amount: money(dec(amount(l['total'], `${lp}/total`, currency)).abs(), currency),
          tax: money(dec(amount(l['total_tax'], `${lp}/total_tax`, currency)).abs(), currency),
        };
      }),
    };
  });
  const have = new Set(mapped.map((r) => r.id));
  list(order['refunds'], '/order/refunds').forEach((raw, i) => {
    const listed = obj(raw, `/order/refunds/${i}`);
    if (!have.has(id(listed['id'], `/order/refunds/${i}/id`))) throw missingField(`/refunds/${i}`);
  });
  if (!absent(order['refunds']) && mapped.length > list(order['refunds'], '/order/refunds').length) {
    throw unknownValue('/refunds', 'refund the order does not list');
  }
  return mapped;
}

/** Quantity refunded per line id over all refunds. */
export function refundedQuantities(refunds: Refund[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of refunds) for (const l of r.lines) out.set(l.lineId, (out.get(l.lineId) ?? 0) + l.quantity);
  return out;
}
