import {
  dec,
  money,
  own,
  unknownValue,
  type CanonicalDraft,
  type JsonObject,
  type MappingContext,
  type OrderIdentity,
  type Status,
} from '../../src/sdk';
import { CONNECTOR_ID } from './config';
import { listValue, mapDiscounts, mapLines, readItems, type OrderAmounts } from './mapping-lines';
import { mapAddress, mapCustomer } from './mapping-parties';
import { absent, amount, chinaTime, obj, optionalAmount, optionalChinaTime, requiredText, text } from './raw';

/** Every Pinduoduo amount is in yuan (元): the platform has no other currency. */
const CURRENCY = 'CNY';

type Fulfillment = Status['fulfillment'];

/** `order_status`: 1 待发货, 2 已发货待签收, 3 已签收. */
const ORDER_STATUS: Readonly<Record<string, { fulfillment: Fulfillment; closed: boolean }>> = {
  '1': { fulfillment: 'unfulfilled', closed: false },
  '2': { fulfillment: 'fulfilled', closed: false },
  '3': { fulfillment: 'fulfilled', closed: true },
};

/** `refund_status`: 1 none or closed, 2 after-sales in progress, 3 refunding, 4 refunded. */
const REFUND_STATUS: Readonly<Record<string, 'none' | 'pending' | 'refunded'>> = {
  '1': 'none',
  '2': 'pending',
  '3': 'pending',
  '4': 'refunded',
};

/** `confirm_status`: 0 not yet confirmed (group forming), 1 confirmed, 2 cancelled. */
const CONFIRM_STATUS: Readonly<Record<string, 'forming' | 'confirmed' | 'cancelled'>> = {
  '0': 'forming',
  '1': 'confirmed',
  '2': 'cancelled',
};

/** Optional 0/1-style flags read through an explicit table: an unknown value is refused, absent is "not said". */
function flag<T>(order: JsonObject, key: string, table: Readonly<Record<string, T>>): T | undefined {
  if (absent(order[key])) return undefined;
  const raw = text(order[key], `/${key}`) ?? '';
  const value = own(table, raw);
  if (value === undefined) throw unknownValue(`/${key}`, key);
  return value;
}

function required<T>(order: JsonObject, key: string, table: Readonly<Record<string, T>>): T {
  const raw = requiredText(order[key], `/${key}`);
  const value = own(table, raw);
  if (value === undefined) throw unknownValue(`/${key}`, key);
  return value;
}

/** External id (`order_sn`) and revision (`updated_at`, in UTC) of a raw order. Pure. */
export function identifyOrder(raw: unknown): OrderIdentity {
  const order = obj(raw, '');
  return {
    externalId: requiredText(order['order_sn'], '/order_sn'),
    revision: chinaTime(order['updated_at'], '/updated_at').utc,
  };
}

function mapStatus(order: JsonObject): Status {
  const shipping = required(order, 'order_status', ORDER_STATUS);
  const refund = required(order, 'refund_status', REFUND_STATUS);
  const confirm = required(order, 'confirm_status', CONFIRM_STATUS);
  const underReview = flag(order, 'risk_control_status', { '0': false, '1': true });
  const status: Status = {
    order: shipping.closed ? 'closed' : 'open',
    payment: refund === 'refunded' ? 'refunded' : 'paid',
    fulfillment: shipping.fulfillment,
  };
  if (confirm === 'cancelled' || (refund === 'refunded' && shipping.fulfillment === 'unfulfilled')) {
    status.order = 'cancelled';
    status.cancelReason = confirm === 'cancelled' ? 'cancelled by Pinduoduo' : 'refunded before shipping';
    return status;
  }
  // Nothing may leave the warehouse while the group forms, an after-sales case is open, or risk control reviews.
  if (
    shipping.fulfillment === 'unfulfilled' &&
    (confirm === 'forming' || refund === 'pending' || underReview)
  ) {
    status.fulfillment = 'on_hold';
  }
  return status;
}

function readAmounts(order: JsonObject, lineValue: string): OrderAmounts {
  return {
    subtotal: lineValue,
    goods: amount(order['goods_amount'], '/goods_amount'),
    discount: optionalAmount(order['discount_amount'], '/discount_amount'),
    postage: amount(order['postage'], '/postage'),
    paid: amount(order['pay_amount'], '/pay_amount'),
  };
}

/**
 * Maps one order of `pdd.order.number.list.increment.get` (or `order_info` of `pdd.order.information.get`) to a
 * canonical draft. Pure. Amounts are yuan, tax-inclusive; times are China time converted to UTC; receiver
 * ciphertext is kept as given and never decrypted.
 */
export function mapOrder(raw: unknown, ctx: MappingContext<unknown>): CanonicalDraft {
  const order = obj(raw, '');
  const identity = identifyOrder(order);
  const items = readItems(order);
  const amounts = readAmounts(order, listValue(items));
  const lines = mapLines(items, amounts);
  const created = chinaTime(order['created_time'], '/created_time');
  const lucky = flag(order, 'is_lucky_flag', { '1': false, '2': true });
  const deposit = flag(order, 'trade_type', { '0': false, '1': true });

  const draft: CanonicalDraft = {
    channel: {
      connector: CONNECTOR_ID,
      connectionId: ctx.connectionId,
      externalId: identity.externalId,
      orderNumber: identity.externalId,
      sourceType: 'marketplace',
      revision: identity.revision,
    },
    placedAt: created.utc,
    updatedAt: identity.revision,
    originalOffset: created.offset,
    currency: CURRENCY,
    taxesIncluded: true,
    status: mapStatus(order),
    customer: mapCustomer(order),
    shippingAddress: mapAddress(order),
    billingAddress: null,
    lines,
    shippingLines: [
      { title: '快递', code: null, carrier: null, price: amounts.postage, discount: '0.00', tax: '0.00' },
    ],
    taxLines: [],
    discounts: mapDiscounts(order, amounts),
    refunds: [],
    totals: {
      subtotal: amounts.subtotal,
      discount: money(dec(amounts.subtotal).minus(amounts.goods).plus(amounts.discount), CURRENCY),
      shipping: amounts.postage,
      tax: '0.00',
      total: amounts.paid,
    },
    tags: [...(lucky ? ['lucky-draw'] : []), ...(deposit ? ['deposit'] : [])],
    note: text(order['buyer_memo'], '/buyer_memo'),
  };
  const paidAt = optionalChinaTime(order['pay_time'], '/pay_time');
  const payType = text(order['pay_type'], '/pay_type');
  if (paidAt !== undefined || payType !== null) {
    draft.payment = {
      ...(payType === null ? {} : { gateways: [payType] }),
      ...(paidAt === undefined ? {} : { paidAt }),
    };
  }
  const shipBy = optionalChinaTime(order['last_ship_time'], '/last_ship_time');
  if (shipBy !== undefined) draft.fulfillment = { shipBy };
  const attributes: Record<string, string> = {};
  for (const key of ['receiver_address_mask', 'address_mask', 'pay_no', 'remark', 'after_sales_status']) {
    const v = text(order[key], `/${key}`);
    if (v !== null) attributes[key] = v;
  }
  draft.attributes = attributes;
  return draft;
}
