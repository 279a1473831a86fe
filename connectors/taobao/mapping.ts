import {
  dec,
  money,
  own,
  sum,
  unknownValue,
  type CanonicalDraft,
  type JsonObject,
  type MappingContext,
  type OrderIdentity,
  type Status,
} from '../../src/sdk';
import { CONNECTOR_ID } from './config';
import { mapPromotions, mapShipping, mapSubOrders, type MappedLine } from './mapping-lines';
import { mapAddress, mapCustomer } from './mapping-parties';
import { absent, amount, chinaTime, id, obj, optionalChinaTime, requiredText, text } from './raw';

/** Every TOP amount is in yuan: the platform has no other currency. */
const CURRENCY = 'CNY';

type Base = Pick<Status, 'order' | 'payment' | 'fulfillment'> & { cancelReason?: string };

/**
 * Trade `status` → canonical status. Two closed states depend on facts the trade carries: a trade closed after
 * payment was refunded (and may have shipped first), one closed before payment was never paid.
 */
const TRADE_STATUS: Readonly<Record<string, (t: JsonObject) => Base>> = {
  TRADE_NO_CREATE_PAY: () => ({ order: 'open', payment: 'pending', fulfillment: 'unfulfilled' }),
  WAIT_BUYER_PAY: () => ({ order: 'open', payment: 'pending', fulfillment: 'unfulfilled' }),
  PAY_PENDING: () => ({ order: 'open', payment: 'pending', fulfillment: 'unfulfilled' }),
  WAIT_PRE_AUTH_CONFIRM: () => ({ order: 'open', payment: 'authorized', fulfillment: 'unfulfilled' }),
  WAIT_SELLER_SEND_GOODS: () => ({ order: 'open', payment: 'paid', fulfillment: 'unfulfilled' }),
  SELLER_CONSIGNED_PART: () => ({ order: 'open', payment: 'paid', fulfillment: 'partial' }),
  WAIT_BUYER_CONFIRM_GOODS: () => ({ order: 'open', payment: 'paid', fulfillment: 'fulfilled' }),
  TRADE_BUYER_SIGNED: () => ({ order: 'open', payment: 'paid', fulfillment: 'fulfilled' }),
  TRADE_FINISHED: () => ({ order: 'closed', payment: 'paid', fulfillment: 'fulfilled' }),
  TRADE_CLOSED: (t) => ({
    order: 'cancelled',
    payment: absent(t['pay_time']) ? 'voided' : 'refunded',
    fulfillment: absent(t['consign_time']) ? 'unfulfilled' : 'fulfilled',
    cancelReason: absent(t['pay_time']) ? 'closed' : 'refunded after payment',
  }),
  TRADE_CLOSED_BY_TAOBAO: () => ({
    order: 'cancelled',
    payment: 'voided',
    fulfillment: 'unfulfilled',
    cancelReason: 'closed before payment',
  }),
};

/** External id (`tid`) and revision (`modified`, in UTC) of a raw trade. Pure. */
export function identifyTrade(raw: unknown): OrderIdentity {
  const trade = obj(raw, '');
  return { externalId: id(trade['tid'], '/tid'), revision: chinaTime(trade['modified'], '/modified').utc };
}

function mapStatus(trade: JsonObject, lines: MappedLine[]): Status {
  const raw = requiredText(trade['status'], '/status');
  const rule = own(TRADE_STATUS, raw);
  if (!rule) throw unknownValue('/status', 'trade status');
  const { cancelReason, ...base } = rule(trade);
  const status: Status = { ...base };
  if (status.order === 'cancelled') {
    const at = optionalChinaTime(trade['end_time'], '/end_time');
    if (at !== undefined) status.cancelledAt = at;
    if (cancelReason !== undefined) status.cancelReason = cancelReason;
    return status;
  }
  if (status.payment === 'paid' && lines.some((l) => l.refund === 'refunded')) {
    status.payment = lines.every((l) => l.refund === 'refunded') ? 'refunded' : 'partially_refunded';
  }
  // A buyer's open refund request on an unshipped line must stop the warehouse until the seller decides.
  if (status.fulfillment !== 'fulfilled' && lines.some((l) => l.refund === 'pending')) {
    status.fulfillment = 'on_hold';
  }
  return status;
}

/**
 * Maps one TOP `Trade` (an element of `taobao.trades.sold.increment.get` or the trade of
 * `taobao.trade.fullinfo.get`, 64-bit ids as strings) to a canonical draft. Pure. Amounts are CNY and
 * tax-inclusive with no VAT breakdown; times are China time converted to UTC; receiver fields stay masked.
 */
export function mapTrade(raw: unknown, ctx: MappingContext<unknown>): CanonicalDraft {
  const trade = obj(raw, '');
  const identity = identifyTrade(trade);
  if (!absent(trade['order_tax_fee']) && !dec(amount(trade['order_tax_fee'], '/order_tax_fee')).isZero()) {
    // Cross-border (Tmall Global) tax: whether prices include it is not documented; refuse rather than guess.
    throw unknownValue('/order_tax_fee', 'cross-border tax treatment (order_tax_fee is not supported)');
  }
  const lines = mapSubOrders(trade);
  const shippingLines = mapShipping(trade, ctx.tables);
  const subtotal = absent(trade['total_fee'])
    ? money(sum(lines.map((l) => dec(l.line.unitPrice).times(l.line.quantity))), CURRENCY)
    : amount(trade['total_fee'], '/total_fee');
  const shipping = money(sum(shippingLines.map((s) => s.price)), CURRENCY);
  const total = amount(trade['payment'], '/payment');
  const created = chinaTime(trade['created'], '/created');

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
    status: mapStatus(trade, lines),
    customer: mapCustomer(trade),
    shippingAddress: mapAddress(trade),
    billingAddress: null,
    lines: lines.map((l) => l.line),
    shippingLines,
    taxLines: [],
    discounts: mapPromotions(trade),
    refunds: [],
    totals: {
      subtotal,
      // What came off the goods, order-level promotions and seller price changes included: list minus paid.
      discount: money(dec(subtotal).minus(total).plus(shipping), CURRENCY),
      shipping,
      tax: '0.00',
      total,
    },
    note: text(trade['buyer_message'], '/buyer_message'),
  };
  const sourceName = text(trade['trade_from'], '/trade_from');
  if (sourceName !== null) draft.channel.sourceName = sourceName;
  const seller = text(trade['seller_nick'], '/seller_nick');
  if (seller !== null) draft.channel.storeId = seller;
  const paidAt = optionalChinaTime(trade['pay_time'], '/pay_time');
  const alipayNo = text(trade['alipay_no'], '/alipay_no');
  if (paidAt !== undefined || alipayNo !== null) {
    draft.payment = {
      ...(alipayNo === null ? {} : { gateways: ['alipay'] }),
      ...(paidAt === undefined ? {} : { paidAt }),
    };
  }
  const attributes: Record<string, string> = {};
  for (const key of ['type', 'oaid', 'alipay_no', 'seller_memo']) {
    const v = text(trade[key], `/${key}`);
    if (v !== null) attributes[key] = v;
  }
  draft.attributes = attributes;
  return draft;
}
