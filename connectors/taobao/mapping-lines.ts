import {
  dec,
  lookup,
  missingField,
  money,
  own,
  unknownValue,
  type Discount,
  type JsonObject,
  type Line,
  type LookupTables,
  type ShippingLine,
} from '../../src/sdk';
import { absent, amount, id, int, obj, requiredText, text, wrappedList } from './raw';

/**
 * Lookup table turning `shipping_type` into the shipping line title destinations see (and the `carrier` table
 * keys on). Ops edit it per business; a type missing from it stops the order instead of shipping it untitled.
 */
export const SHIPPING_TYPE_TABLE = 'taobao-shipping-types';

/** Where a sub-order's refund stands, from its `refund_status`. */
export type LineRefund = 'none' | 'pending' | 'refunded';

const REFUND_STATUS: Readonly<Record<string, LineRefund>> = {
  NO_REFUND: 'none',
  WAIT_SELLER_AGREE: 'pending',
  WAIT_BUYER_RETURN_GOODS: 'pending',
  WAIT_SELLER_CONFIRM_GOODS: 'pending',
  // The seller refused and the buyer has not escalated: nothing is being refunded now.
  SELLER_REFUSE_BUYER: 'none',
  CLOSED: 'none',
  SUCCESS: 'refunded',
};

/** One mapped sub-order and where its refund stands. */
export interface MappedLine {
  line: Line;
  refund: LineRefund;
}

/**
 * Maps one sub-order (`orders.order[i]`). The line total is what the buyer paid for it after every discount
 * (`divide_order_fee`, which includes the share of order-level promotions; `payment` when TOP leaves it out), so
 * the line discount is `price × num − paid`. A seller's upward price change makes that discount negative.
 */
export function mapSubOrder(value: unknown, i: number): MappedLine {
  const p = `/orders/order/${i}`;
  const o = obj(value, p);
  const rawRefund = requiredText(o['refund_status'], `${p}/refund_status`);
  const refund = own(REFUND_STATUS, rawRefund);
  if (refund === undefined) throw unknownValue(`${p}/refund_status`, 'refund_status');
  const quantity = int(o['num'], `${p}/num`, 1);
  const unitPrice = amount(o['price'], `${p}/price`);
  const paid = absent(o['divide_order_fee'])
    ? amount(o['payment'], `${p}/payment`)
    : amount(o['divide_order_fee'], `${p}/divide_order_fee`);
  const line: Line = {
    id: id(o['oid'], `${p}/oid`),
    sku: text(o['outer_sku_id'], `${p}/outer_sku_id`) ?? text(o['outer_iid'], `${p}/outer_iid`),
    name: requiredText(o['title'], `${p}/title`),
    variantName: text(o['sku_properties_name'], `${p}/sku_properties_name`),
    productId: id(o['num_iid'], `${p}/num_iid`),
    quantity,
    unitPrice,
    discount: money(dec(unitPrice).times(quantity).minus(paid), 'CNY'),
    tax: '0.00',
    total: paid,
  };
  const skuId = text(o['sku_id'], `${p}/sku_id`);
  if (skuId !== null) line.variantId = skuId;
  if (refund === 'refunded') line.refundedQuantity = quantity;
  if (rawRefund !== 'NO_REFUND') line.properties = [{ name: 'refund_status', value: rawRefund }];
  return { line, refund };
}

/** Maps every sub-order; a trade without any is refused. */
export function mapSubOrders(trade: JsonObject): MappedLine[] {
  const raw = wrappedList(trade['orders'], 'order', '/orders');
  if (raw.length === 0) throw missingField('/orders');
  return raw.map((o, i) => mapSubOrder(o, i));
}

/** The shipping line from `shipping_type` and `post_fee`; none for a free trade with no shipping type. */
export function mapShipping(trade: JsonObject, tables: LookupTables): ShippingLine[] {
  const postFee = absent(trade['post_fee']) ? '0.00' : amount(trade['post_fee'], '/post_fee');
  const type = text(trade['shipping_type'], '/shipping_type');
  if (type === null) {
    if (dec(postFee).isZero()) return [];
    throw missingField('/shipping_type');
  }
  const title = lookup(tables, SHIPPING_TYPE_TABLE, type);
  if (title === undefined) {
    throw unknownValue('/shipping_type', `shipping_type (add it to the ${SHIPPING_TYPE_TABLE} table)`);
  }
  return [{ code: type, title, carrier: null, price: postFee, discount: '0.00', tax: '0.00' }];
}

/** `promotion_details`: each promotion the trade used, with what it took off. */
export function mapPromotions(trade: JsonObject): Discount[] {
  return wrappedList(trade['promotion_details'], 'promotion_detail', '/promotion_details').map((v, i) => {
    const p = `/promotion_details/promotion_detail/${i}`;
    const d = obj(v, p);
    return {
      code: text(d['promotion_id'], `${p}/promotion_id`),
      title: text(d['promotion_name'], `${p}/promotion_name`),
      type: 'other',
      amount: amount(d['discount_fee'], `${p}/discount_fee`),
    };
  });
}
