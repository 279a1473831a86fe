import {
  dec,
  isJsonObject,
  MappingError,
  money,
  moneyTotal,
  own,
  sum,
  unknownValue,
  type CanonicalDraft,
  type Discount,
  type JsonObject,
  type MappingContext,
  type OrderIdentity,
  type Status,
  type Totals,
} from '../../src/sdk';
import { CONNECTOR_ID } from './config';
import { mapLines, mapRefunds, mapShipping, mapTaxLines, type CountedLine } from './mapping-lines';
import { mapAddress, mapCustomer, shippingAssignment } from './mapping-parties';
import { amount, currencyCode, id, list, obj, optionalAmount, requiredText, text, utc } from './raw';

/** The fixed order states; a shop's own statuses (labels) are each assigned to one of these. */
const STATES: Readonly<Record<string, Status['order']>> = {
  new: 'open',
  pending_payment: 'open',
  payment_review: 'open',
  processing: 'open',
  holded: 'open',
  complete: 'closed',
  closed: 'closed',
  canceled: 'cancelled',
};

/**
 * Payments Adobe Commerce takes off `grand_total` (gift cards, store credit, reward points). The canonical order
 * has no field for them, so the totals would not add up; such orders wait for a rule instead of a guess.
 */
const TENDERS_OFF_TOTAL = [
  'base_gift_cards_amount',
  'base_customer_balance_amount',
  'base_reward_currency_amount',
];

/** The `{ order, creditmemos }` composite every raw record is. */
export function parts(raw: unknown): { order: JsonObject; creditmemos: unknown[] } {
  const c = obj(raw, '');
  return { order: obj(c['order'], '/order'), creditmemos: list(c['creditmemos'], '/creditmemos') };
}

/** External id (`entity_id`) and revision (`updated_at` as UTC ISO) of a composite. Pure. */
export function identifyOrder(raw: unknown): OrderIdentity {
  const { order } = parts(raw);
  return {
    externalId: id(order['entity_id'], '/order/entity_id'),
    revision: utc(order['updated_at'], '/order/updated_at'),
  };
}

function paymentStatus(order: JsonObject, state: string, currency: string): Status['payment'] {
  const paid = dec(optionalAmount(order['base_total_paid'], '/order/base_total_paid', currency));
  const refunded = dec(optionalAmount(order['base_total_refunded'], '/order/base_total_refunded', currency));
  const grand = dec(amount(order['base_grand_total'], '/order/base_grand_total', currency));
  if (refunded.gt(0)) return refunded.gte(paid) ? 'refunded' : 'partially_refunded';
  if (paid.gte(grand) && (paid.gt(0) || state === 'complete' || state === 'processing')) return 'paid';
  if (paid.gt(0)) return 'partially_paid';
  if (state === 'canceled') return 'voided';
  // Processing without an invoice: the payment was authorised, not captured.
  return state === 'processing' ? 'authorized' : 'pending';
}

function fulfillmentStatus(state: string, lines: CountedLine[]): Status['fulfillment'] {
  if (state === 'holded' || state === 'payment_review') return 'on_hold';
  if (state === 'complete') return 'fulfilled';
  const physical = lines.filter((l) => !l.virtual);
  const shipped = physical.reduce((n, l) => n + Math.min(l.shipped, l.line.quantity), 0);
  const ordered = physical.reduce((n, l) => n + l.line.quantity, 0);
  if (shipped === 0) return 'unfulfilled';
  return shipped >= ordered ? 'fulfilled' : 'partial';
}

function mapStatus(order: JsonObject, lines: CountedLine[], currency: string): Status {
  const state = requiredText(order['state'], '/order/state');
  const rule = own(STATES, state);
  if (!rule) throw unknownValue('/order/state', 'order state');
  return {
    order: rule,
    payment: paymentStatus(order, state, currency),
    fulfillment: fulfillmentStatus(state, lines),
  };
}

function refuseOffTotalTenders(order: JsonObject): void {
  const ext = isJsonObject(order['extension_attributes']) ? order['extension_attributes'] : {};
  for (const field of TENDERS_OFF_TOTAL) {
    const found: [string, unknown][] = [
      [`/order/${field}`, order[field]],
      [`/order/extension_attributes/${field}`, ext[field]],
    ];
    for (const [where, value] of found) {
      if (typeof value === 'number' && value !== 0) {
        throw new MappingError(
          'MAPPING_UNKNOWN_VALUE',
          where,
          `unknown tender at ${where}: gift card, store credit or reward points paid part of the order`,
        );
      }
    }
  }
}

/**
 * Maps one `{ order, creditmemos }` composite to a canonical draft. Pure. Amounts are in the base currency
 * (`base_*`, what the merchant books); the order currency the buyer saw becomes `presentment`. Prices are taken
 * net of tax, which Magento stores for every store whatever its catalog setting, with the tax it hides in
 * tax-inclusive discounts taken out of the discount, so the order adds up in both tax modes.
 */
export function mapOrder(raw: unknown, ctx: MappingContext<unknown>): CanonicalDraft {
  const { order, creditmemos } = parts(raw);
  const identity = identifyOrder(raw);
  const currency = currencyCode(order['base_currency_code'], '/order/base_currency_code');
  const orderCurrency = currencyCode(order['order_currency_code'], '/order/order_currency_code');
  refuseOffTotalTenders(order);

  const counted = mapLines(order, currency);
  const lines = counted.map((c) => c.line);
  const shippingLines = mapShipping(order, currency);
  const refunds = mapRefunds(order, creditmemos, new Set(lines.map((l) => l.id)), currency);
  const discount = moneyTotal(
    lines.map((l) => l.discount),
    currency,
  );
  const shippingDiscount = moneyTotal(
    shippingLines.map((s) => s.discount),
    currency,
  );

  const totals: Totals = {
    subtotal: amount(order['base_subtotal'], '/order/base_subtotal', currency),
    discount,
    shipping: money(sum(shippingLines.map((s) => dec(s.price).minus(s.discount))), currency),
    tax: optionalAmount(order['base_tax_amount'], '/order/base_tax_amount', currency),
    total: amount(order['base_grand_total'], '/order/base_grand_total', currency),
    refunded: moneyTotal(
      refunds.map((r) => r.amount),
      currency,
    ),
  };

  const discounts: Discount[] = [];
  const code = text(order['coupon_code'], '/order/coupon_code');
  const title = text(order['discount_description'], '/order/discount_description');
  if (!dec(discount).isZero()) discounts.push({ code, title, type: 'other', amount: discount });
  if (!dec(shippingDiscount).isZero())
    discounts.push({ code, title, type: 'shipping', amount: shippingDiscount });

  const shipping = shippingAssignment(order);
  const draft: CanonicalDraft = {
    channel: {
      connector: CONNECTOR_ID,
      connectionId: ctx.connectionId,
      externalId: identity.externalId,
      orderNumber: requiredText(order['increment_id'], '/order/increment_id'),
      // Core Magento does not record whether staff or the buyer placed an order.
      sourceType: 'web',
      storeId: id(order['store_id'], '/order/store_id'),
      revision: identity.revision,
    },
    placedAt: utc(order['created_at'], '/order/created_at'),
    updatedAt: identity.revision,
    currency,
    taxesIncluded: false,
    status: mapStatus(order, counted, currency),
    customer: mapCustomer(order),
    shippingAddress: shipping
      ? mapAddress(shipping['address'], '/order/extension_attributes/shipping_assignments/0/shipping/address')
      : null,
    billingAddress: mapAddress(order['billing_address'], '/order/billing_address'),
    lines,
    shippingLines,
    taxLines: mapTaxLines(order, currency),
    discounts,
    refunds,
    totals,
    tags: [],
    note: text(order['customer_note'], '/order/customer_note'),
  };
  const status = text(order['status'], '/order/status');
  if (status !== null) draft.attributes = { magentoStatus: status };
  if (orderCurrency !== currency) {
    const rate = order['base_to_order_rate'];
    draft.presentment = {
      currency: orderCurrency,
      total: amount(order['grand_total'], '/order/grand_total', orderCurrency),
      ...(typeof rate === 'number' && rate > 0 ? { exchangeRate: dec(rate).toFixed() } : {}),
    };
  }
  if (isJsonObject(order['payment'])) {
    const method = text(order['payment']['method'], '/order/payment/method');
    if (method !== null) draft.payment = { gateways: [method] };
  }
  return draft;
}
