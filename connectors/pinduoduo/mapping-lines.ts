import { dec, missingField, money, sum, type Discount, type JsonObject, type Line } from '../../src/sdk';
import { absent, amount, id, int, obj, requiredText, text } from './raw';

const CURRENCY = 'CNY';

/** Order amounts as Pinduoduo states them, in yuan. */
export interface OrderAmounts {
  /** Σ goods_price × goods_count: the list value of the goods. */
  subtotal: string;
  /** `goods_amount`: list value after the seller's price change (改价). */
  goods: string;
  /** `discount_amount`: platform + seller + group-leader discounts. */
  discount: string;
  postage: string;
  /** `pay_amount`: what the buyer paid. */
  paid: string;
}

/** One `item_list` entry, read and checked. */
export interface RawLine {
  productId: string;
  variantId: string;
  sku: string | null;
  name: string;
  variantName: string | null;
  quantity: number;
  unitPrice: string;
}

function readLine(value: unknown, i: number): RawLine {
  const p = `/item_list/${i}`;
  const item = obj(value, p);
  return {
    productId: id(item['goods_id'], `${p}/goods_id`),
    variantId: id(item['sku_id'], `${p}/sku_id`),
    sku: text(item['outer_id'], `${p}/outer_id`) ?? text(item['outer_goods_id'], `${p}/outer_goods_id`),
    name: requiredText(item['goods_name'], `${p}/goods_name`),
    variantName: text(item['goods_spec'], `${p}/goods_spec`),
    quantity: int(item['goods_count'], `${p}/goods_count`, 1),
    unitPrice: amount(item['goods_price'], `${p}/goods_price`),
  };
}

/**
 * Shares `total` (in yuan) over lines in proportion to their list value, in whole fen, the remainder to the
 * last line with value, so the shares add up exactly.
 */
function allocate(total: string, values: string[]): string[] {
  const totalFen = dec(total).times(100).round();
  const base = sum(values);
  if (base.isZero()) return values.map((_, i) => money(i === values.length - 1 ? total : 0, CURRENCY));
  const lastWithValue = values.reduce((at, v, i) => (dec(v).isZero() ? at : i), 0);
  let given = dec(0);
  return values.map((v, i) => {
    const fen = i === lastWithValue ? totalFen.minus(given) : totalFen.times(v).dividedBy(base).floor();
    if (i !== lastWithValue) given = given.plus(fen);
    return money(fen.dividedBy(100), CURRENCY);
  });
}

/** Reads `item_list`; an order without items is refused. */
export function readItems(order: JsonObject): RawLine[] {
  const raw = order['item_list'];
  if (absent(raw) || !Array.isArray(raw) || raw.length === 0) throw missingField('/item_list');
  return raw.map((v, i) => readLine(v, i));
}

/** Σ goods_price × goods_count: the list value of the goods. */
export function listValue(items: RawLine[]): string {
  return money(sum(items.map((l) => dec(l.unitPrice).times(l.quantity))), CURRENCY);
}

/**
 * Maps the items. Pinduoduo gives discounts per order only, so every discount on goods (the price change plus
 * `discount_amount`) is shared over the lines by list value, and each line total is what its goods cost the buyer.
 */
export function mapLines(items: RawLine[], amounts: OrderAmounts): Line[] {
  const values = items.map((l) => money(dec(l.unitPrice).times(l.quantity), CURRENCY));
  const goodsDiscount = dec(amounts.subtotal).minus(amounts.goods).plus(amounts.discount);
  const shares = allocate(money(goodsDiscount, CURRENCY), values);
  const seen = new Map<string, number>();
  return items.map((l, i) => {
    // Two lines of one SKU are possible (e.g. a gift line); suffix repeats so line ids stay unique.
    const n = seen.get(l.variantId) ?? 0;
    seen.set(l.variantId, n + 1);
    const discount = shares[i] ?? '0.00';
    return {
      id: n === 0 ? l.variantId : `${l.variantId}-${n + 1}`,
      sku: l.sku,
      name: l.name,
      variantName: l.variantName,
      productId: l.productId,
      variantId: l.variantId,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discount,
      tax: '0.00',
      total: money(dec(values[i] ?? '0').minus(discount), CURRENCY),
    };
  });
}

/** Each discount with its funder kept in `code`, so finance can tell platform subsidies from seller ones. */
export function mapDiscounts(order: JsonObject, amounts: OrderAmounts): Discount[] {
  const out: Discount[] = [];
  const priceChange = dec(amounts.subtotal).minus(amounts.goods);
  if (!priceChange.isZero()) {
    out.push({
      code: 'seller_price_change',
      title: '商家改价',
      type: 'fixed_amount',
      amount: money(priceChange, CURRENCY),
    });
  }
  const funded: [string, string, Discount['type']][] = [
    ['platform_discount', '平台优惠', 'other'],
    ['seller_discount', '店铺优惠', 'fixed_amount'],
    ['capital_free_discount', '团长免单', 'other'],
  ];
  for (const [key, title, type] of funded) {
    if (absent(order[key])) continue;
    const value = amount(order[key], `/${key}`);
    if (!dec(value).isZero()) out.push({ code: key, title, type, amount: value });
  }
  return out;
}
