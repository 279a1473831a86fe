import {
  dec,
  money,
  own,
  sum,
  unknownValue,
  type Discount,
  type Line,
  type Refund,
  type ShippingLine,
} from '../../src/sdk';
import { absent, amount, id, int, isoTimestamp, list, obj, optionalAmount, requiredText, text } from './raw';

/** How a product line is shipped, by v2 `type`. Gift certificates are e-mailed, digital goods downloaded. */
const PRODUCT_TYPES: Readonly<Record<string, { requiresShipping: boolean; giftCard: boolean }>> = {
  physical: { requiresShipping: true, giftCard: false },
  digital: { requiresShipping: false, giftCard: false },
  giftcertificate: { requiresShipping: false, giftCard: true },
};

/** v3 refund item types; only PRODUCT items name an order line. */
const REFUND_ITEM_TYPES: ReadonlySet<string> = new Set([
  'PRODUCT',
  'GIFT_WRAPPING',
  'SHIPPING',
  'HANDLING',
  'ORDER',
  'FEE',
]);

/** One discount seen on a product line, before lines are summed into order-level discounts. */
export interface AppliedDiscount {
  id: string;
  name: string | null;
  code: string | null;
  amount: string;
}

/**
 * Maps one v2 order product. In tax-inclusive stores unit prices carry tax (`*_inc_tax`), otherwise they
 * do not (`*_ex_tax`); the line's tax is `total_tax` either way. Discounts are the line's `applied_discounts`.
 */
export function mapLine(
  raw: unknown,
  index: number,
  currency: string,
  taxesIncluded: boolean,
  multiAddress: boolean,
  seen: AppliedDiscount[],
): Line {
  const path = `/products/${index}`;
  const p = obj(raw, path);
  const type = requiredText(p['type'], `${path}/type`);
  const kind = own(PRODUCT_TYPES, type);
  if (!kind) throw unknownValue(`${path}/type`, 'product type');
  const quantity = int(p['quantity'], `${path}/quantity`, 1);
  const priceField = taxesIncluded ? 'price_inc_tax' : 'price_ex_tax';
  const unitPrice = amount(p[priceField], `${path}/${priceField}`, currency);

  const discounts = list(p['applied_discounts'], `${path}/applied_discounts`).map((d, i) => {
    const dp = `${path}/applied_discounts/${i}`;
    const o = obj(d, dp);
    const applied: AppliedDiscount = {
      id: requiredText(o['id'], `${dp}/id`),
      name: text(o['name'], `${dp}/name`),
      code: text(o['code'], `${dp}/code`),
      amount: amount(o['amount'], `${dp}/amount`, currency),
    };
    seen.push(applied);
    return applied.amount;
  });
  const discount = money(sum(discounts), currency);

  const properties = list(p['product_options'], `${path}/product_options`).map((o, i) => {
    const op = `${path}/product_options/${i}`;
    const opt = obj(o, op);
    return {
      name: requiredText(opt['display_name'], `${op}/display_name`),
      value: text(opt['display_value'], `${op}/display_value`) ?? '',
    };
  });
  // Lines going to different addresses can only be told apart by their consignment.
  if (multiAddress) {
    properties.push({
      name: 'order_address_id',
      value: id(p['order_address_id'], `${path}/order_address_id`),
    });
  }
  if (!absent(p['parent_order_product_id'])) {
    properties.push({
      name: 'bundled_in',
      value: id(p['parent_order_product_id'], `${path}/parent_order_product_id`),
    });
  }

  const line: Line = {
    id: id(p['id'], `${path}/id`),
    sku: text(p['sku'], `${path}/sku`),
    name: requiredText(p['name'], `${path}/name`),
    variantName: null,
    quantity,
    refundedQuantity: absent(p['quantity_refunded'])
      ? 0
      : int(p['quantity_refunded'], `${path}/quantity_refunded`, 0),
    unitPrice,
    discount,
    tax: amount(p['total_tax'], `${path}/total_tax`, currency),
    total: money(dec(unitPrice).times(quantity).minus(discount), currency),
    requiresShipping: kind.requiresShipping,
    giftCard: kind.giftCard,
  };
  // Gift certificates and custom items have product_id 0: no catalogue product behind them.
  const productId = absent(p['product_id']) ? '0' : id(p['product_id'], `${path}/product_id`);
  if (productId !== '0') line.productId = productId;
  if (!absent(p['variant_id'])) line.variantId = id(p['variant_id'], `${path}/variant_id`);
  if (properties.length > 0) line.properties = properties;
  return line;
}

/**
 * Order-level discounts, one per discount id, summed over the lines it was applied to. A discount with a code
 * is a coupon. BigCommerce does not say on the line whether a rule was a percentage, so the type is `other`.
 */
export function mapDiscounts(seen: AppliedDiscount[], currency: string): Discount[] {
  const byId = new Map<string, AppliedDiscount[]>();
  for (const d of seen) byId.set(d.id, [...(byId.get(d.id) ?? []), d]);
  return [...byId.values()].map((group) => {
    const first = group[0];
    return {
      code: first?.code ?? null,
      title: first?.name ?? null,
      type: 'other',
      amount: money(sum(group.map((d) => d.amount)), currency),
    };
  });
}

/** One shipping line per consignment (shipping address), priced on the same tax basis as the lines. */
export function mapShippingLine(
  raw: unknown,
  index: number,
  currency: string,
  taxesIncluded: boolean,
): ShippingLine {
  const path = `/shippingAddresses/${index}`;
  const a = obj(raw, path);
  const priceField = taxesIncluded ? 'cost_inc_tax' : 'cost_ex_tax';
  return {
    id: id(a['id'], `${path}/id`),
    code: text(a['shipping_zone_name'], `${path}/shipping_zone_name`),
    title: text(a['shipping_method'], `${path}/shipping_method`) ?? 'Shipping',
    carrier: null,
    price: amount(a[priceField], `${path}/${priceField}`, currency),
    discount: money(0, currency),
    tax: optionalAmount(a['cost_tax'], `${path}/cost_tax`, currency),
  };
}

/** Maps v3 refunds. Amounts there are JSON numbers in the order's transactional currency. */
export function mapRefunds(value: unknown, currency: string): Refund[] {
  return list(value, '/refunds').map((raw, i) => {
    const path = `/refunds/${i}`;
    const r = obj(raw, path);
    const lines = list(r['items'], `${path}/items`).flatMap((it, j) => {
      const ip = `${path}/items/${j}`;
      const item = obj(it, ip);
      const type = requiredText(item['item_type'], `${ip}/item_type`);
      if (!REFUND_ITEM_TYPES.has(type)) throw unknownValue(`${ip}/item_type`, 'refund item type');
      if (type !== 'PRODUCT') return [];
      const line: Refund['lines'][number] = {
        lineId: id(item['item_id'], `${ip}/item_id`),
        quantity: absent(item['quantity']) ? 0 : int(item['quantity'], `${ip}/quantity`, 0),
      };
      if (!absent(item['requested_amount'])) {
        line.amount = amount(item['requested_amount'], `${ip}/requested_amount`, currency);
      }
      return [line];
    });
    return {
      id: id(r['id'], `${path}/id`),
      createdAt: isoTimestamp(r['created'], `${path}/created`),
      amount: amount(r['total_amount'], `${path}/total_amount`, currency),
      note: text(r['reason'], `${path}/reason`),
      lines,
    };
  });
}
