import {
  dec,
  isJsonObject,
  lookup,
  MappingError,
  missingField,
  money,
  moneyTotal,
  own,
  unknownValue,
  type Address,
  type CanonicalDraft,
  type Customer,
  type JsonObject,
  type MappingContext,
  type OrderIdentity,
  type ShippingLine,
  type Status,
  type TaxLine,
  type Totals,
} from '../../src/sdk';
import { CONNECTOR_ID } from './config';
import { mapItem, type Collector, type ItemParts } from './mapping-lines';
import { absent, amazonMoney, currencyCode, flag, list, obj, requiredText, text, timestamp } from './raw';

/**
 * Lookup table: MarketplaceId → "true" when that marketplace's prices include tax (VAT/GST style), "false" when
 * tax is added on top (US, CA). A marketplace missing from it is refused, never assumed.
 */
export const TAX_INCLUDED_TABLE = 'amazon-sp-tax-included';

/** Canonical status per Amazon `OrderStatus`. Amazon charges the buyer when the seller confirms shipment. */
const STATUS: Readonly<Record<string, Status>> = {
  Unshipped: { order: 'open', payment: 'authorized', fulfillment: 'unfulfilled' },
  PartiallyShipped: { order: 'open', payment: 'partially_paid', fulfillment: 'partial' },
  Shipped: { order: 'open', payment: 'paid', fulfillment: 'fulfilled' },
  // Everything shipped; only the seller's invoice confirmation is outstanding.
  InvoiceUnconfirmed: { order: 'open', payment: 'paid', fulfillment: 'fulfilled' },
  Canceled: { order: 'cancelled', payment: 'voided', fulfillment: 'unfulfilled' },
  // Multi-Channel Fulfillment orders Amazon could not fulfil: nothing ships and nothing is charged.
  Unfulfillable: {
    order: 'cancelled',
    payment: 'voided',
    fulfillment: 'unfulfilled',
    cancelReason: 'Unfulfillable: Amazon could not fulfil this Multi-Channel Fulfillment order',
  },
};

const UNPRICED = new Set(['Pending', 'PendingAvailability']);

function parts(raw: unknown): { order: JsonObject; items: unknown[]; rdt: boolean } {
  const record = obj(raw, '');
  const order = obj(record['order'], '/order');
  const items = list(record['items'], '/items');
  const rdt = flag(record['rdt'], '/rdt');
  if (rdt === undefined) throw missingField('/rdt');
  return { order, items, rdt };
}

/** External id and revision of a composite record. Pure. */
export function identifyOrder(raw: unknown): OrderIdentity {
  const { order } = parts(raw);
  return {
    externalId: requiredText(order['AmazonOrderId'], '/order/AmazonOrderId'),
    revision: requiredText(order['LastUpdateDate'], '/order/LastUpdateDate'),
  };
}

function mapStatus(order: JsonObject): Status {
  const raw = requiredText(order['OrderStatus'], '/order/OrderStatus');
  if (UNPRICED.has(raw)) {
    throw new MappingError(
      'MAPPING_FAILED',
      '/order/OrderStatus',
      `${raw} orders carry no prices until Amazon authorises payment; the pull leaves them and takes the order when Amazon moves it on`,
    );
  }
  const status = own(STATUS, raw);
  if (!status) throw unknownValue('/order/OrderStatus', 'OrderStatus');
  const copy: Status = { ...status };
  // Cash on delivery is collected by the carrier, so nothing is authorised before shipment.
  if (text(order['PaymentMethod'], '/order/PaymentMethod') === 'COD' && copy.order === 'open')
    copy.payment = copy.fulfillment === 'fulfilled' ? 'paid' : 'pending';
  return copy;
}

function taxesIncluded(order: JsonObject, ctx: MappingContext<unknown>): boolean {
  const marketplace = requiredText(order['MarketplaceId'], '/order/MarketplaceId');
  const value = lookup(ctx.tables, TAX_INCLUDED_TABLE, marketplace);
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw unknownValue('/order/MarketplaceId', `marketplace (add it to the ${TAX_INCLUDED_TABLE} table)`);
}

/**
 * The buyer. BuyerInfo is restricted data: without a Restricted Data Token Amazon leaves it out, so the
 * customer is marked withheld. With one, BuyerEmail is Amazon's anonymised relay address, so the customer is
 * marked masked.
 */
function mapCustomer(order: JsonObject, rdt: boolean): Customer {
  const info = isJsonObject(order['BuyerInfo']) ? order['BuyerInfo'] : {};
  const email = text(info['BuyerEmail'], '/order/BuyerInfo/BuyerEmail');
  const name = text(info['BuyerName'], '/order/BuyerInfo/BuyerName');
  return { email, name, pii: rdt ? 'masked' : 'redacted' };
}

/** The shipping address as Amazon gives it; without an RDT only city, region, postcode and country come. */
function mapAddress(order: JsonObject, rdt: boolean): Address | null {
  if (absent(order['ShippingAddress'])) return null;
  const p = '/order/ShippingAddress';
  const a = obj(order['ShippingAddress'], p);
  const countryCode = requiredText(a['CountryCode'], `${p}/CountryCode`);
  if (!/^[A-Z]{2}$/.test(countryCode)) throw unknownValue(`${p}/CountryCode`, 'country code');
  const rest = [text(a['AddressLine2'], `${p}/AddressLine2`), text(a['AddressLine3'], `${p}/AddressLine3`)];
  const line2 = rest.filter((l) => l !== null).join(', ');
  return {
    name: text(a['Name'], `${p}/Name`),
    company: text(a['CompanyName'], `${p}/CompanyName`),
    line1: text(a['AddressLine1'], `${p}/AddressLine1`),
    line2: line2 === '' ? null : line2,
    district: text(a['District'], `${p}/District`) ?? text(a['County'], `${p}/County`),
    city: text(a['City'], `${p}/City`) ?? text(a['Municipality'], `${p}/Municipality`),
    province: text(a['StateOrRegion'], `${p}/StateOrRegion`),
    postalCode: text(a['PostalCode'], `${p}/PostalCode`),
    countryCode,
    phone: text(a['Phone'], `${p}/Phone`),
    pii: rdt ? 'none' : 'redacted',
  };
}

function orderCurrency(order: JsonObject, status: Status): string {
  const ot = order['OrderTotal'];
  if (absent(ot)) {
    throw new MappingError(
      'MAPPING_MISSING_FIELD',
      '/order/OrderTotal',
      status.order === 'cancelled'
        ? 'missing required field /order/OrderTotal: Amazon cancelled the order before pricing it, so there is nothing to fulfil or book'
        : 'missing required field /order/OrderTotal',
    );
  }
  return currencyCode(obj(ot, '/order/OrderTotal')['CurrencyCode'], '/order/OrderTotal/CurrencyCode');
}

// The buyer's own reason is free text and may identify them, so only the fact is passed on.
function buyerCancelled(item: unknown): boolean {
  const request = isJsonObject(item) ? item['BuyerRequestedCancel'] : undefined;
  return (
    isJsonObject(request) && flag(request['IsBuyerRequestedCancel'], '/items/BuyerRequestedCancel') === true
  );
}

function orderTotal(order: JsonObject, currency: string): string {
  const amount = amazonMoney(order['OrderTotal'], '/order/OrderTotal', currency);
  if (amount === undefined) throw missingField('/order/OrderTotal');
  return amount;
}

function taxLines(items: ItemParts[], currency: string): TaxLine[] {
  const by = new Map<Collector, string[]>();
  for (const item of items) by.set(item.collector, [...(by.get(item.collector) ?? []), item.tax]);
  const out: TaxLine[] = [];
  for (const [collectedBy, amounts] of by) {
    const amount = moneyTotal(amounts, currency);
    if (!dec(amount).isZero()) out.push({ title: 'Tax', amount, collectedBy });
  }
  return out;
}

function optionalUtc(order: JsonObject, field: string): string | undefined {
  return absent(order[field]) ? undefined : timestamp(order[field], `/order/${field}`).utc;
}

/**
 * Maps one composite `{ order, items, rdt }` to a canonical draft. Pure. Amounts come from the items (Amazon
 * has no order-level tax or discount totals); the grand total is Amazon's `OrderTotal`. Refunds are not in the
 * Orders API, so `refunds` is always empty.
 */
export function mapOrder(raw: unknown, ctx: MappingContext<unknown>): CanonicalDraft {
  const { order, items: rawItems, rdt } = parts(raw);
  const identity = identifyOrder(raw);
  const status = mapStatus(order);
  const currency = orderCurrency(order, status);
  const included = taxesIncluded(order, ctx);
  if (rawItems.length === 0) throw missingField('/items');
  const items = rawItems.map((item, i) => mapItem(item, i, currency, 'Tax'));
  if (status.order === 'cancelled' && status.cancelReason === undefined && rawItems.some(buyerCancelled))
    status.cancelReason = 'Buyer requested cancellation';
  const lines = items.map((i) => i.line);

  const shippingPrice = moneyTotal(
    items.map((i) => i.shippingPrice),
    currency,
  );
  const shippingDiscount = moneyTotal(
    items.map((i) => i.shippingDiscount),
    currency,
  );
  const shippingLines: ShippingLine[] = [];
  if (!dec(shippingPrice).isZero() || !dec(shippingDiscount).isZero()) {
    const level = text(order['ShipServiceLevel'], '/order/ShipServiceLevel');
    shippingLines.push({
      code: text(order['ShipmentServiceLevelCategory'], '/order/ShipmentServiceLevelCategory'),
      title: level ?? 'Shipping',
      carrier: null,
      price: shippingPrice,
      discount: shippingDiscount,
      tax: moneyTotal(
        items.map((i) => i.shippingTax),
        currency,
      ),
    });
  }
  const taxes = taxLines(items, currency);
  const totals: Totals = {
    subtotal: money(
      items.reduce((acc, i) => acc.plus(dec(i.line.unitPrice).times(i.line.quantity)), dec(0)),
      currency,
    ),
    discount: moneyTotal(
      lines.map((l) => l.discount),
      currency,
    ),
    shipping: money(dec(shippingPrice).minus(shippingDiscount), currency),
    tax: moneyTotal(
      items.map((i) => i.tax),
      currency,
    ),
    total: orderTotal(order, currency),
    refunded: money(0, currency),
  };
  const marketplaceTax = items.filter((i) => i.collector === 'marketplace').map((i) => i.tax);
  if (marketplaceTax.length > 0) totals.marketplaceTax = moneyTotal(marketplaceTax, currency);
  const fees = moneyTotal(
    items.map((i) => i.fees),
    currency,
  );
  if (!dec(fees).isZero()) totals.fees = fees;

  const placed = timestamp(order['PurchaseDate'], '/order/PurchaseDate');
  const marketplaceId = requiredText(order['MarketplaceId'], '/order/MarketplaceId');
  const draft: CanonicalDraft = {
    channel: {
      connector: CONNECTOR_ID,
      connectionId: ctx.connectionId,
      externalId: identity.externalId,
      orderNumber: identity.externalId,
      sourceType: 'marketplace',
      storeId: marketplaceId,
      revision: identity.revision,
    },
    placedAt: placed.utc,
    updatedAt: timestamp(order['LastUpdateDate'], '/order/LastUpdateDate').utc,
    originalOffset: placed.offset,
    currency,
    taxesIncluded: included,
    status,
    customer: mapCustomer(order, rdt),
    shippingAddress: mapAddress(order, rdt),
    billingAddress: null,
    lines,
    shippingLines,
    taxLines: taxes,
    discounts: items.flatMap((i) => i.discounts),
    refunds: [],
    totals,
    attributes: attributes(order),
  };
  const salesChannel = text(order['SalesChannel'], '/order/SalesChannel');
  if (salesChannel !== null) draft.channel.sourceName = salesChannel;
  const method = text(order['PaymentMethod'], '/order/PaymentMethod');
  if (method !== null) draft.payment = { method };
  const fulfillment: NonNullable<CanonicalDraft['fulfillment']> = {};
  const service = text(order['ShipServiceLevel'], '/order/ShipServiceLevel');
  if (service !== null) fulfillment.requestedService = service;
  const shipBy = optionalUtc(order, 'LatestShipDate');
  if (shipBy !== undefined) fulfillment.shipBy = shipBy;
  const deliverBy = optionalUtc(order, 'LatestDeliveryDate');
  if (deliverBy !== undefined) fulfillment.deliverBy = deliverBy;
  if (Object.keys(fulfillment).length > 0) draft.fulfillment = fulfillment;
  return draft;
}

/** Amazon facts worth passing on: who fulfils (AFN = Amazon), Prime, business and replacement orders. */
function attributes(order: JsonObject): Record<string, string> {
  const out: Record<string, string> = {};
  const channel = text(order['FulfillmentChannel'], '/order/FulfillmentChannel');
  if (channel !== null) out['fulfillmentChannel'] = channel;
  const orderType = text(order['OrderType'], '/order/OrderType');
  if (orderType !== null) out['orderType'] = orderType;
  for (const field of ['IsPrime', 'IsBusinessOrder', 'IsReplacementOrder', 'IsPremiumOrder']) {
    if (flag(order[field], `/order/${field}`) === true)
      out[field.charAt(0).toLowerCase() + field.slice(1)] = 'true';
  }
  const replaced = text(order['ReplacedOrderId'], '/order/ReplacedOrderId');
  if (replaced !== null) out['replacedOrderId'] = replaced;
  const sellerOrderId = text(order['SellerOrderId'], '/order/SellerOrderId');
  if (sellerOrderId !== null && sellerOrderId !== order['AmazonOrderId'])
    out['sellerOrderId'] = sellerOrderId;
  return out;
}
