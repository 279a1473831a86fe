import {
  dec,
  isJsonObject,
  missingField,
  money,
  unknownValue,
  type JsonObject,
  type Line,
  type Refund,
  type ShippingLine,
  type TaxLine,
} from '../../src/sdk';
import {
  absent,
  amount,
  flag,
  id,
  integer,
  list,
  obj,
  optionalAmount,
  optionalId,
  requiredText,
  text,
  utc,
} from './raw';
import { shippingAssignment } from './mapping-parties';

/** A line the order is counted by, with the order item it came from (for shipped quantities). */
export interface CountedLine {
  line: Line;
  shipped: number;
  virtual: boolean;
}

/** Discount net of the tax Magento hides in it when discounts apply to tax-inclusive prices. */
function netDiscount(discount: string, compensation: string, currency: string): string {
  return money(dec(discount).minus(compensation), currency);
}

function mapItem(
  item: JsonObject,
  index: number,
  currency: string,
  parent: JsonObject | undefined,
  variantOf?: JsonObject,
): CountedLine {
  const p = `/order/items/${index}`;
  const quantity = integer(item['qty_ordered'], `${p}/qty_ordered`);
  if (quantity < 1) throw unknownValue(`${p}/qty_ordered`, 'quantity (below 1)');
  const unitPrice = amount(item['base_price'], `${p}/base_price`, currency);
  const discount = netDiscount(
    optionalAmount(item['base_discount_amount'], `${p}/base_discount_amount`, currency),
    optionalAmount(
      item['base_discount_tax_compensation_amount'],
      `${p}/base_discount_tax_compensation_amount`,
      currency,
    ),
    currency,
  );
  const line: Line = {
    id: id(item['item_id'], `${p}/item_id`),
    sku: text(item['sku'], `${p}/sku`),
    name: requiredText(item['name'], `${p}/name`),
    variantName: null,
    quantity,
    refundedQuantity: absent(item['qty_refunded']) ? 0 : integer(item['qty_refunded'], `${p}/qty_refunded`),
    unitPrice,
    discount,
    tax: optionalAmount(item['base_tax_amount'], `${p}/base_tax_amount`, currency),
    total: money(dec(unitPrice).times(quantity).minus(discount), currency),
    requiresShipping: !flag(item['is_virtual'], `${p}/is_virtual`),
    properties: [],
  };
  const productId = optionalId(item['product_id'], `${p}/product_id`);
  if (productId !== undefined) line.productId = productId;
  if (variantOf !== undefined) {
    const variantId = optionalId(variantOf['product_id'], `${p}/product_id`);
    if (variantId !== undefined) line.variantId = variantId;
    line.variantName = text(variantOf['name'], `${p}/name`);
  }
  if (parent !== undefined) {
    line.properties = [
      { name: 'bundle', value: text(parent['sku'], `${p}/sku`) ?? requiredText(parent['name'], `${p}/name`) },
    ];
  }
  const shipped = absent(item['qty_shipped']) ? 0 : integer(item['qty_shipped'], `${p}/qty_shipped`);
  return { line, shipped, virtual: !line.requiresShipping };
}

/**
 * Picks the order items that carry the money. Configurable products come as a priced parent and an unpriced
 * child (the chosen variant): the parent is the line. Bundles with dynamic prices carry the money on their
 * children: the children are the lines. Counting both would double the goods.
 */
export function mapLines(order: JsonObject, currency: string): CountedLine[] {
  const items = list(order['items'], '/order/items').map((raw, i) => ({
    item: obj(raw, `/order/items/${i}`),
    index: i,
  }));
  if (items.length === 0) throw missingField('/order/items');
  const byParent = new Map<string, { item: JsonObject; index: number }[]>();
  for (const x of items) {
    const parentId = optionalId(x.item['parent_item_id'], `/order/items/${x.index}/parent_item_id`);
    if (parentId !== undefined) byParent.set(parentId, [...(byParent.get(parentId) ?? []), x]);
  }
  const known = new Set(items.map((x) => id(x.item['item_id'], `/order/items/${x.index}/item_id`)));
  for (const [parentId, kids] of byParent) {
    if (!known.has(parentId))
      throw unknownValue(`/order/items/${kids[0]?.index ?? 0}/parent_item_id`, 'parent item');
  }
  return items.flatMap(({ item, index }) => {
    if (!absent(item['parent_item_id'])) return [];
    const kids = byParent.get(id(item['item_id'], `/order/items/${index}/item_id`)) ?? [];
    const kidsPriced = kids.some(
      (k) =>
        !dec(
          optionalAmount(k.item['base_row_total'], `/order/items/${k.index}/base_row_total`, currency),
        ).isZero(),
    );
    if (kidsPriced) return kids.map((k) => mapItem(k.item, k.index, currency, item));
    return [mapItem(item, index, currency, undefined, kids.length === 1 ? kids[0]?.item : undefined)];
  });
}

/** The order's shipping as one line; virtual orders have none. */
export function mapShipping(order: JsonObject, currency: string): ShippingLine[] {
  const shipping = shippingAssignment(order);
  const method = shipping
    ? text(shipping['method'], '/order/extension_attributes/shipping_assignments/0/shipping/method')
    : null;
  const description = text(order['shipping_description'], '/order/shipping_description');
  if (method === null && description === null) {
    if (!flag(order['is_virtual'], '/order/is_virtual')) throw missingField('/order/shipping_description');
    return [];
  }
  const price = optionalAmount(order['base_shipping_amount'], '/order/base_shipping_amount', currency);
  // Magento truncates this one column name to `…_amnt`; newer payloads may spell it out.
  const compensation =
    order['base_shipping_discount_tax_compensation_amnt'] ??
    order['base_shipping_discount_tax_compensation_amount'];
  return [
    {
      code: method,
      title: description ?? method ?? '',
      // Method codes are `<carrier>_<method>` (`ups_GND`, `tablerate_bestway`).
      carrier: method === null ? null : (method.split('_')[0] ?? null),
      price,
      discount: netDiscount(
        optionalAmount(
          order['base_shipping_discount_amount'],
          '/order/base_shipping_discount_amount',
          currency,
        ),
        optionalAmount(compensation, '/order/base_shipping_discount_tax_compensation_amnt', currency),
        currency,
      ),
      tax: optionalAmount(order['base_shipping_tax_amount'], '/order/base_shipping_tax_amount', currency),
    },
  ];
}

/** `extension_attributes.applied_taxes`: one entry per rate with its base-currency amount, when Magento sends it. */
export function mapTaxLines(order: JsonObject, currency: string): TaxLine[] {
  const ext = isJsonObject(order['extension_attributes']) ? order['extension_attributes'] : {};
  return list(ext['applied_taxes'], '/order/extension_attributes/applied_taxes').map((raw, i) => {
    const p = `/order/extension_attributes/applied_taxes/${i}`;
    const t = obj(raw, p);
    const line: TaxLine = {
      title: text(t['title'], `${p}/title`) ?? requiredText(t['code'], `${p}/code`),
      amount: amount(t['base_amount'], `${p}/base_amount`, currency),
      collectedBy: 'merchant',
    };
    if (typeof t['percent'] === 'number' && Number.isFinite(t['percent']))
      line.rate = dec(t['percent']).dividedBy(100).toFixed();
    return line;
  });
}

/**
 * Maps the composite's credit memos to refunds, in base currency. Memo items of configurable children are left
 * out (their parent line carries the quantity); a refunded order without memos is a missing field.
 */
export function mapRefunds(
  order: JsonObject,
  memos: unknown[],
  lineIds: ReadonlySet<string>,
  currency: string,
): Refund[] {
  const refunded = optionalAmount(order['base_total_refunded'], '/order/base_total_refunded', currency);
  if (!dec(refunded).isZero() && memos.length === 0) throw missingField('/creditmemos');
  return memos.map((raw, i) => {
    const p = `/creditmemos/${i}`;
    const m = obj(raw, p);
    return {
      id: id(m['entity_id'], `${p}/entity_id`),
      createdAt: utc(m['created_at'], `${p}/created_at`),
      amount: amount(m['base_grand_total'], `${p}/base_grand_total`, currency),
      note: text(m['customer_note'], `${p}/customer_note`),
      lines: list(m['items'], `${p}/items`).flatMap((rawItem, j) => {
        const ip = `${p}/items/${j}`;
        const it = obj(rawItem, ip);
        const lineId = id(it['order_item_id'], `${ip}/order_item_id`);
        const quantity = integer(it['qty'], `${ip}/qty`);
        if (!lineIds.has(lineId) || quantity === 0) return [];
        return [
          {
            lineId,
            quantity,
            amount: optionalAmount(it['base_row_total'], `${ip}/base_row_total`, currency),
            tax: optionalAmount(it['base_tax_amount'], `${ip}/base_tax_amount`, currency),
          },
        ];
      }),
    };
  });
}
