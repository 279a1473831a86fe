import {
  dec,
  isDecimalString,
  lookup,
  money,
  own,
  sum,
  unknownValue,
  type Discount,
  type JsonObject,
  type Line,
  type LookupTables,
  type TaxLine,
} from '../../src/sdk';
import { list, obj, optionalMoney, requiredText, squareMoney, text, wholeQuantity } from './raw';

/** Lookup table from a line's `catalog_object_id` (the item variation) to the SKU destinations know it by. */
export const SKU_TABLE = 'square-skus';

const ITEM_TYPES: Readonly<Record<string, { giftCard: boolean }>> = {
  ITEM: { giftCard: false },
  CUSTOM_AMOUNT: { giftCard: false },
  GIFT_CARD: { giftCard: true },
};

const DISCOUNT_TYPES: Readonly<Record<string, Discount['type']>> = {
  FIXED_PERCENTAGE: 'percentage',
  VARIABLE_PERCENTAGE: 'percentage',
  FIXED_AMOUNT: 'fixed_amount',
  VARIABLE_AMOUNT: 'fixed_amount',
};

/** Tax declarations of the order by uid, for lines that reference them. */
export type TaxIndex = ReadonlyMap<string, { name: string; rate?: string }>;

/** Square percentages are strings such as `"8.875"`; the canonical rate is a fraction. */
function rate(value: unknown, path: string): string | undefined {
  const t = text(value, path);
  if (t === null) return undefined;
  if (!/^\d+(\.\d+)?$/.test(t)) throw unknownValue(path, 'percentage');
  return dec(t).dividedBy(100).toDecimalPlaces(6).toFixed();
}

/** Order-level taxes as the canonical breakdown, plus an index for the lines. */
export function mapTaxes(order: JsonObject, currency: string): { taxLines: TaxLine[]; index: TaxIndex } {
  const index = new Map<string, { name: string; rate?: string }>();
  const taxLines = list(order['taxes'], '/taxes').map((raw, i) => {
    const path = `/taxes/${i}`;
    const t = obj(raw, path);
    const name = text(t['name'], `${path}/name`) ?? 'Tax';
    const r = rate(t['percentage'], `${path}/percentage`);
    index.set(requiredText(t['uid'], `${path}/uid`), r === undefined ? { name } : { name, rate: r });
    const line: TaxLine = {
      title: name,
      amount: squareMoney(t['applied_money'], `${path}/applied_money`, currency),
    };
    if (r !== undefined) line.rate = r;
    return line;
  });
  return { taxLines, index };
}

/**
 * Maps one line item. The unit price is the variation's price plus its modifiers, before discounts and as the
 * catalogue lists it (tax-inclusive where taxes are INCLUSIVE): `gross_sales_money` is not used because in the
 * US, Canada and Japan Square deducts inclusive tax from it, elsewhere not.
 */
export function mapLine(
  raw: unknown,
  index: number,
  currency: string,
  taxes: TaxIndex,
  tables: LookupTables,
): Line {
  const path = `/line_items/${index}`;
  const l = obj(raw, path);
  const quantity = wholeQuantity(l['quantity'], `${path}/quantity`);
  const itemType = text(l['item_type'], `${path}/item_type`) ?? 'ITEM';
  const kind = own(ITEM_TYPES, itemType);
  if (!kind) throw unknownValue(`${path}/item_type`, 'item_type');

  const modifiers = list(l['modifiers'], `${path}/modifiers`).map((m, i) => obj(m, `${path}/modifiers/${i}`));
  const gross = sum([
    squareMoney(l['variation_total_price_money'], `${path}/variation_total_price_money`, currency),
    ...modifiers.map((m, i) =>
      optionalMoney(m['total_price_money'], `${path}/modifiers/${i}/total_price_money`, currency),
    ),
  ]);
  const unitPrice = money(gross.dividedBy(quantity), currency);
  const discount = optionalMoney(l['total_discount_money'], `${path}/total_discount_money`, currency);

  const taxLines = list(l['applied_taxes'], `${path}/applied_taxes`).map((a, i) => {
    const ap = `${path}/applied_taxes/${i}`;
    const applied = obj(a, ap);
    const uid = requiredText(applied['tax_uid'], `${ap}/tax_uid`);
    const declared = taxes.get(uid);
    if (!declared) throw unknownValue(`${ap}/tax_uid`, 'tax uid (not declared in the order’s taxes)');
    const t: TaxLine = {
      title: declared.name,
      amount: squareMoney(applied['applied_money'], `${ap}/applied_money`, currency),
    };
    if (declared.rate !== undefined) t.rate = declared.rate;
    return t;
  });

  const properties = modifiers.map((m, i) => ({
    name: 'modifier',
    value: requiredText(m['name'], `${path}/modifiers/${i}/name`),
  }));
  const note = text(l['note'], `${path}/note`);
  if (note !== null) properties.push({ name: 'note', value: note });

  const catalogId = text(l['catalog_object_id'], `${path}/catalog_object_id`);
  const line: Line = {
    id: requiredText(l['uid'], `${path}/uid`),
    sku: catalogId === null ? null : (lookup(tables, SKU_TABLE, catalogId) ?? null),
    name: requiredText(l['name'], `${path}/name`),
    variantName: text(l['variation_name'], `${path}/variation_name`),
    quantity,
    unitPrice,
    discount,
    tax: optionalMoney(l['total_tax_money'], `${path}/total_tax_money`, currency),
    total: money(dec(unitPrice).times(quantity).minus(discount), currency),
    giftCard: kind.giftCard,
    requiresShipping: !kind.giftCard,
  };
  if (catalogId !== null) line.variantId = catalogId;
  if (taxLines.length > 0) line.taxLines = taxLines;
  if (properties.length > 0) line.properties = properties;
  return line;
}

/** Order-level discounts with what each took off the order. Square discounts carry no coupon code. */
export function mapDiscounts(order: JsonObject, currency: string): Discount[] {
  return list(order['discounts'], '/discounts').map((raw, i) => {
    const path = `/discounts/${i}`;
    const d = obj(raw, path);
    const squareType = requiredText(d['type'], `${path}/type`);
    const type = own(DISCOUNT_TYPES, squareType);
    if (!type) throw unknownValue(`${path}/type`, 'discount type');
    const discount: Discount = {
      code: null,
      title: text(d['name'], `${path}/name`),
      type,
      amount: squareMoney(d['applied_money'], `${path}/applied_money`, currency),
    };
    if (type === 'percentage') {
      const pct = text(d['percentage'], `${path}/percentage`);
      if (pct !== null) {
        if (!isDecimalString(pct)) throw unknownValue(`${path}/percentage`, 'percentage');
        discount.value = pct;
      }
    } else if (d['amount_money'] !== undefined) {
      discount.value = squareMoney(d['amount_money'], `${path}/amount_money`, currency);
    }
    return discount;
  });
}
