import {
  dec,
  isJsonObject,
  lookup,
  missingField,
  money,
  moneyTotal,
  own,
  unknownValue,
  type Address,
  type CanonicalDraft,
  type Customer,
  type Discount,
  type JsonObject,
  type MappingContext,
  type OrderIdentity,
  type Refund,
  type ShippingLine,
  type Status,
  type TaxLine,
  type Totals,
} from '../../src/sdk';
import { CONNECTOR_ID } from './config';
import { mapLine, type LineParts } from './mapping-lines';
import {
  absent,
  amountOrZero,
  currencyCode,
  ebayAmount,
  list,
  obj,
  requiredText,
  text,
  timestamp,
} from './raw';

/**
 * Lookup table: purchase marketplace (`EBAY_US`, `EBAY_GB`…) → "true" when its listing prices include tax,
 * "false" when tax is added at checkout. Only consulted when eBay collected no tax itself (eBay-collected tax is
 * always added on top of the price, and is part of `pricingSummary.total`).
 */
export const TAX_INCLUDED_TABLE = 'ebay-tax-included';

const PAYMENT: Readonly<Record<string, Status['payment']>> = {
  PENDING: 'pending',
  PAID: 'paid',
  PARTIALLY_REFUNDED: 'partially_refunded',
  FULLY_REFUNDED: 'refunded',
  // The buyer's payment did not go through; nothing is owed to the seller.
  FAILED: 'voided',
};

const FULFILLMENT: Readonly<Record<string, Status['fulfillment']>> = {
  NOT_STARTED: 'unfulfilled',
  IN_PROGRESS: 'partial',
  FULFILLED: 'fulfilled',
};

/** `cancelStatus.cancelState` → whether the order is cancelled. A pending request leaves it open. */
const CANCEL_STATES: Readonly<Record<string, boolean>> = {
  NONE_REQUESTED: false,
  IN_PROGRESS: false,
  CANCELED: true,
};

const REFUND_STATUSES: Readonly<Record<string, boolean>> = { REFUNDED: true, PENDING: false, FAILED: false };

/** External id and revision of a raw eBay `Order`. Pure. */
export function identifyOrder(raw: unknown): OrderIdentity {
  const order = obj(raw, '');
  return {
    externalId: requiredText(order['orderId'], '/orderId'),
    revision: requiredText(order['lastModifiedDate'], '/lastModifiedDate'),
  };
}

function mapStatus(order: JsonObject): Status {
  const paymentRaw = requiredText(order['orderPaymentStatus'], '/orderPaymentStatus');
  const payment = own(PAYMENT, paymentRaw);
  if (!payment) throw unknownValue('/orderPaymentStatus', 'orderPaymentStatus');
  const fulfillmentRaw = requiredText(order['orderFulfillmentStatus'], '/orderFulfillmentStatus');
  const fulfillment = own(FULFILLMENT, fulfillmentRaw);
  if (!fulfillment) throw unknownValue('/orderFulfillmentStatus', 'orderFulfillmentStatus');
  const status: Status = { order: 'open', payment, fulfillment };
  if (absent(order['cancelStatus'])) return status;
  const cancel = obj(order['cancelStatus'], '/cancelStatus');
  const state = requiredText(cancel['cancelState'], '/cancelStatus/cancelState');
  const cancelled = own(CANCEL_STATES, state);
  if (cancelled === undefined) throw unknownValue('/cancelStatus/cancelState', 'cancelState');
  if (!cancelled) return status;
  status.order = 'cancelled';
  const requests = list(cancel['cancelRequests'], '/cancelStatus/cancelRequests').filter(isJsonObject);
  const done = requests.find((r) => !absent(r['cancelCompletedDate']));
  if (done) {
    status.cancelledAt = timestamp(
      done['cancelCompletedDate'],
      '/cancelStatus/cancelRequests/cancelCompletedDate',
    ).utc;
    const reason = text(done['cancelReason'], '/cancelStatus/cancelRequests/cancelReason');
    if (reason !== null) status.cancelReason = reason;
  }
  return status;
}

/** The registered buyer. eBay e-mails are relay addresses (`…@members.ebay.com`), so the buyer is masked. */
function mapCustomer(order: JsonObject): Customer {
  const buyer = isJsonObject(order['buyer']) ? order['buyer'] : {};
  const reg = isJsonObject(buyer['buyerRegistrationAddress']) ? buyer['buyerRegistrationAddress'] : null;
  const phone =
    reg && isJsonObject(reg['primaryPhone'])
      ? text(reg['primaryPhone']['phoneNumber'], '/buyer/buyerRegistrationAddress/primaryPhone/phoneNumber')
      : null;
  const customer: Customer = {
    email: reg ? text(reg['email'], '/buyer/buyerRegistrationAddress/email') : null,
    phone,
    name: reg ? text(reg['fullName'], '/buyer/buyerRegistrationAddress/fullName') : null,
    pii: reg ? 'masked' : 'redacted',
  };
  const username = text(buyer['username'], '/buyer/username');
  if (username !== null) customer.id = username;
  return customer;
}

const INSTRUCTION_TYPES = new Set(['SHIP_TO', 'DIGITAL', 'PREPARE_FOR_PICKUP', 'SELLER_DEFINED']);

function shipStep(order: JsonObject): { step: JsonObject | null; deliverBy: string | null } {
  const all = list(order['fulfillmentStartInstructions'], '/fulfillmentStartInstructions');
  for (const [i, raw] of all.entries()) {
    const p = `/fulfillmentStartInstructions/${i}`;
    const ins = obj(raw, p);
    const type = requiredText(ins['fulfillmentInstructionsType'], `${p}/fulfillmentInstructionsType`);
    if (!INSTRUCTION_TYPES.has(type))
      throw unknownValue(`${p}/fulfillmentInstructionsType`, 'fulfillment instructions type');
    if (type === 'SHIP_TO' && isJsonObject(ins['shippingStep'])) {
      return {
        step: ins['shippingStep'],
        deliverBy: text(ins['maxEstimatedDeliveryDate'], `${p}/maxEstimatedDeliveryDate`),
      };
    }
  }
  return { step: null, deliverBy: null };
}

function mapAddress(step: JsonObject | null): Address | null {
  if (!step || absent(step['shipTo'])) return null;
  const p = '/fulfillmentStartInstructions/shippingStep/shipTo';
  const to = obj(step['shipTo'], p);
  const a = obj(to['contactAddress'], `${p}/contactAddress`);
  const countryCode = requiredText(a['countryCode'], `${p}/contactAddress/countryCode`);
  if (!/^[A-Z]{2}$/.test(countryCode)) throw unknownValue(`${p}/contactAddress/countryCode`, 'country code');
  return {
    name: text(to['fullName'], `${p}/fullName`),
    company: text(to['companyName'], `${p}/companyName`),
    line1: text(a['addressLine1'], `${p}/contactAddress/addressLine1`),
    line2: text(a['addressLine2'], `${p}/contactAddress/addressLine2`),
    district: text(a['county'], `${p}/contactAddress/county`),
    city: text(a['city'], `${p}/contactAddress/city`),
    province: text(a['stateOrProvince'], `${p}/contactAddress/stateOrProvince`),
    postalCode: text(a['postalCode'], `${p}/contactAddress/postalCode`),
    countryCode,
    phone: isJsonObject(to['primaryPhone'])
      ? text(to['primaryPhone']['phoneNumber'], `${p}/primaryPhone/phoneNumber`)
      : null,
    pii: 'none',
  };
}

function mapRefunds(order: JsonObject, currency: string): Refund[] {
  const summary = isJsonObject(order['paymentSummary']) ? order['paymentSummary'] : {};
  const out: Refund[] = [];
  list(summary['refunds'], '/paymentSummary/refunds').forEach((raw, i) => {
    const p = `/paymentSummary/refunds/${i}`;
    const r = obj(raw, p);
    const done = own(REFUND_STATUSES, requiredText(r['refundStatus'], `${p}/refundStatus`));
    if (done === undefined) throw unknownValue(`${p}/refundStatus`, 'refundStatus');
    if (!done) return;
    const amount = ebayAmount(r['amount'], `${p}/amount`, currency);
    if (amount === undefined) throw missingField(`${p}/amount`);
    out.push({
      id: requiredText(r['refundId'], `${p}/refundId`),
      createdAt: timestamp(r['refundDate'], `${p}/refundDate`).utc,
      amount: amount.value,
      lines: [],
    });
  });
  return out;
}

function orderTaxLines(seller: string, marketplace: string): TaxLine[] {
  const out: TaxLine[] = [];
  if (!dec(seller).isZero()) out.push({ title: 'Tax', amount: seller, collectedBy: 'merchant' });
  if (!dec(marketplace).isZero())
    out.push({ title: 'Tax collected by eBay', amount: marketplace, collectedBy: 'marketplace' });
  return out;
}

function taxesIncluded(parts: LineParts[], ctx: MappingContext<unknown>): boolean {
  if (parts.some((p) => !dec(p.marketplaceTax).isZero())) return false;
  const marketplace = parts.find((p) => p.purchaseMarketplaceId !== null)?.purchaseMarketplaceId;
  if (!marketplace) throw missingField('/lineItems/0/purchaseMarketplaceId');
  const value = lookup(ctx.tables, TAX_INCLUDED_TABLE, marketplace);
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw unknownValue(
    '/lineItems/0/purchaseMarketplaceId',
    `marketplace (add it to the ${TAX_INCLUDED_TABLE} table)`,
  );
}

/**
 * Maps one eBay Sell Fulfillment `Order` (a getOrders element or a getOrder body) to a canonical draft. Pure.
 * Amounts are in the seller's currency (`value`/`currency`); when eBay converted from the buyer's currency,
 * the buyer's total becomes `presentment`.
 */
export function mapOrder(raw: unknown, ctx: MappingContext<unknown>): CanonicalDraft {
  const order = obj(raw, '');
  const identity = identifyOrder(order);
  const pricing = obj(order['pricingSummary'], '/pricingSummary');
  const totalAmount = obj(pricing['total'], '/pricingSummary/total');
  const currency = currencyCode(totalAmount['currency'], '/pricingSummary/total/currency');
  const grand = ebayAmount(totalAmount, '/pricingSummary/total', currency);
  if (grand === undefined) throw missingField('/pricingSummary/total');

  const rawLines = list(order['lineItems'], '/lineItems');
  if (rawLines.length === 0) throw missingField('/lineItems');
  const parts = rawLines.map((l, i) => mapLine(l, i, currency, ctx.tables));
  const lines = parts.map((p) => p.line);

  const { step, deliverBy } = shipStep(order);
  const shippingPrice = amountOrZero(pricing['deliveryCost'], '/pricingSummary/deliveryCost', currency);
  const shippingDiscount = money(
    dec(amountOrZero(pricing['deliveryDiscount'], '/pricingSummary/deliveryDiscount', currency)).abs(),
    currency,
  );
  const shippingLines: ShippingLine[] = [];
  if (!dec(shippingPrice).isZero() || !absent(pricing['deliveryCost'])) {
    shippingLines.push({
      code: step
        ? text(step['shippingServiceCode'], '/fulfillmentStartInstructions/shippingStep/shippingServiceCode')
        : null,
      title:
        (step
          ? text(
              step['shippingServiceCode'],
              '/fulfillmentStartInstructions/shippingStep/shippingServiceCode',
            )
          : null) ?? 'Shipping',
      carrier: step
        ? text(step['shippingCarrierCode'], '/fulfillmentStartInstructions/shippingStep/shippingCarrierCode')
        : null,
      price: shippingPrice,
      discount: shippingDiscount,
      tax: money(0, currency),
    });
  }
  const discounts: Discount[] = parts.flatMap((p) => p.discounts);
  if (!dec(shippingDiscount).isZero())
    discounts.push({ code: null, title: null, type: 'shipping', amount: shippingDiscount });

  const sellerTax = moneyTotal(
    parts.map((p) => p.sellerTax),
    currency,
  );
  const marketplaceTax = moneyTotal(
    parts.map((p) => p.marketplaceTax),
    currency,
  );
  const refunds = mapRefunds(order, currency);
  const totals: Totals = {
    subtotal: moneyTotal(
      parts.map((p) => money(dec(p.line.unitPrice).times(p.line.quantity), currency)),
      currency,
    ),
    discount: moneyTotal(
      lines.map((l) => l.discount),
      currency,
    ),
    shipping: money(dec(shippingPrice).minus(shippingDiscount), currency),
    tax: moneyTotal([sellerTax, marketplaceTax], currency),
    total: grand.value,
    refunded: moneyTotal(
      refunds.map((r) => r.amount),
      currency,
    ),
  };
  if (!dec(marketplaceTax).isZero()) totals.marketplaceTax = marketplaceTax;
  // Special fees (recycling levies) and later price adjustments are charges outside item, shipping and tax.
  const fees = dec(amountOrZero(pricing['fee'], '/pricingSummary/fee', currency)).plus(
    amountOrZero(pricing['adjustment'], '/pricingSummary/adjustment', currency),
  );
  if (!fees.isZero()) totals.fees = money(fees, currency);

  const placed = timestamp(order['creationDate'], '/creationDate');
  const sourceName = parts.find((p) => p.purchaseMarketplaceId !== null)?.purchaseMarketplaceId;
  const draft: CanonicalDraft = {
    channel: {
      connector: CONNECTOR_ID,
      connectionId: ctx.connectionId,
      externalId: identity.externalId,
      orderNumber: identity.externalId,
      sourceType: 'marketplace',
      revision: identity.revision,
    },
    placedAt: placed.utc,
    updatedAt: timestamp(order['lastModifiedDate'], '/lastModifiedDate').utc,
    originalOffset: placed.offset,
    currency,
    taxesIncluded: taxesIncluded(parts, ctx),
    status: mapStatus(order),
    customer: mapCustomer(order),
    shippingAddress: mapAddress(step),
    billingAddress: null,
    lines,
    shippingLines,
    taxLines: orderTaxLines(sellerTax, marketplaceTax),
    discounts,
    refunds,
    totals,
    note: text(order['buyerCheckoutNotes'], '/buyerCheckoutNotes'),
    attributes: attributes(order, currency),
  };
  if (sourceName) draft.channel.sourceName = sourceName;
  const sellerId = text(order['sellerId'], '/sellerId');
  if (sellerId !== null) draft.channel.storeId = sellerId;
  if (grand.convertedFrom && grand.convertedFrom.currency !== currency) {
    draft.presentment = { currency: grand.convertedFrom.currency, total: grand.convertedFrom.value };
  }
  const payments = list(
    isJsonObject(order['paymentSummary']) ? order['paymentSummary']['payments'] : undefined,
    '/paymentSummary/payments',
  ).filter(isJsonObject);
  const gateways = payments.map((p, i) =>
    requiredText(p['paymentMethod'], `/paymentSummary/payments/${i}/paymentMethod`),
  );
  const paidAt = payments.find((p) => p['paymentStatus'] === 'PAID' && !absent(p['paymentDate']));
  if (gateways.length > 0) {
    draft.payment = { gateways: [...new Set(gateways)] };
    if (paidAt)
      draft.payment.paidAt = timestamp(paidAt['paymentDate'], '/paymentSummary/payments/paymentDate').utc;
  }
  const shipBy = parts
    .map((p) => p.shipBy)
    .filter((s): s is string => s !== null)
    .sort()[0];
  const fulfillment: NonNullable<CanonicalDraft['fulfillment']> = {};
  if (shipBy !== undefined)
    fulfillment.shipBy = timestamp(shipBy, '/lineItems/lineItemFulfillmentInstructions/shipByDate').utc;
  if (deliverBy !== null)
    fulfillment.deliverBy = timestamp(
      deliverBy,
      '/fulfillmentStartInstructions/maxEstimatedDeliveryDate',
    ).utc;
  if (step) {
    const service = text(
      step['shippingServiceCode'],
      '/fulfillmentStartInstructions/shippingStep/shippingServiceCode',
    );
    if (service !== null) fulfillment.requestedService = service;
  }
  if (Object.keys(fulfillment).length > 0) draft.fulfillment = fulfillment;
  return draft;
}

/** eBay facts worth passing on; the marketplace fee is the seller's cost, not the buyer's, so it is kept here. */
function attributes(order: JsonObject, currency: string): Record<string, string> {
  const out: Record<string, string> = {};
  const record = text(order['salesRecordReference'], '/salesRecordReference');
  if (record !== null) out['salesRecordReference'] = record;
  const legacy = text(order['legacyOrderId'], '/legacyOrderId');
  if (legacy !== null && legacy !== order['orderId']) out['legacyOrderId'] = legacy;
  const fee = ebayAmount(order['totalMarketplaceFee'], '/totalMarketplaceFee', currency);
  if (fee !== undefined) out['totalMarketplaceFee'] = fee.value;
  if (isJsonObject(order['cancelStatus']) && order['cancelStatus']['cancelState'] === 'IN_PROGRESS')
    out['cancelState'] = 'IN_PROGRESS';
  if (order['ebayCollectAndRemitTax'] === true) out['ebayCollectAndRemitTax'] = 'true';
  return out;
}
