import {
  dec,
  isDecimalString,
  money,
  moneyTotal,
  own,
  unknownValue,
  type Discount,
  type JsonObject,
  type Line,
  type ShippingLine,
  type TaxLine,
} from '../../src/sdk';
import { absent, amount, id, int, list, obj, optionalBool, optionalId, requiredText, text } from './raw';

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

/**
 * Maps a `tax_lines` array (of the order, a line item or a shipping line) at `path`. Pure. Throws
 * `MappingError` on a rate that is not a plain decimal.
 */
export function mapTaxLines(value: unknown, path: string, currency: string): TaxLine[] {
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
export interface Allocation {
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

/**
 * Maps a list of `{ name, value }` pairs at `path`; a missing value becomes `''`. Pure. Line item
 * `properties` and the order's `note_attributes` share this shape.
 */
export function mapProperties(value: unknown, path: string): { name: string; value: string }[] {
  return list(value, path).map((raw, i) => {
    const p = obj(raw, `${path}/${i}`);
    return {
      name: requiredText(p['name'], `${path}/${i}/name`),
      value: text(p['value'], `${path}/${i}/value`) ?? '',
    };
  });
}

/**
 * Maps line item `i` of `/line_items`. `refunded` holds the quantity refunded per line id. The line's
 * discount allocations are appended to `allocations`, so that `mapDiscounts` can total each application
 * once every line and shipping line has been read. Throws `MappingError` on tip line items.
 */
export function mapLine(
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
  const discount = moneyTotal(
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
    tax: moneyTotal(
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

/**
 * Maps shipping line `i` of `/shipping_lines`. Like `mapLine`, it appends its discount allocations to
 * `allocations` for `mapDiscounts`.
 */
export function mapShippingLine(
  raw: unknown,
  i: number,
  currency: string,
  allocations: Allocation[],
): ShippingLine {
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
    discount: moneyTotal(
      shippingAllocations.map((a) => a.amount),
      currency,
    ),
    tax: moneyTotal(
      taxLines.map((t) => t.amount),
      currency,
    ),
    taxLines,
  };
  const lineId = optionalId(s['id'], `${p}/id`);
  if (lineId !== undefined) line.id = lineId;
  return line;
}

/**
 * Maps the order's discounts. Each `discount_applications` entry becomes one discount whose amount is the
 * sum of the `allocations` that point at it; orders without applications fall back to `discount_codes`.
 * Throws `MappingError` on an allocation that points past the applications, or on an unknown target or type.
 */
export function mapDiscounts(order: JsonObject, allocations: Allocation[], currency: string): Discount[] {
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
      amount: moneyTotal(
        allocations.filter((x) => x.index === i).map((x) => x.amount),
        currency,
      ),
    };
  });
}
