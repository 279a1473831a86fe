/* Generated from schemas/canonical-order.v1.json by `npm run gen:types`. Do not edit by hand. */

/**
 * ISO 4217 code.
 */
export type Currency = string;
/**
 * Exact decimal amount, as a string.
 */
export type Money = string;
export type Decimal = string;
export type UtcTimestamp = string;
/**
 * How the channel gave personal data: in clear, masked (e.g. `张*`, `138****5678`), encrypted by the channel (decrypt with its API), or withheld.
 */
export type PiiProtection = 'none' | 'masked' | 'encrypted' | 'redacted';

/**
 * OrderHub canonical order, version 1. Every amount is an exact decimal string in `currency` (never a float). `lines[].total = unitPrice × quantity − discount`; `totals.total = subtotal − discount + shipping + (taxesIncluded ? 0 : tax) + duties + tip + fees`. Field names listed as fixed in the spine issue never change within v1.
 */
export interface CanonicalOrder {
  /**
   * Major version of this schema.
   */
  schemaVersion: 1;
  /**
   * Hub order id, derived from (connection, external id): the same channel order always has the same id.
   */
  id: string;
  /**
   * Hub revision: grows by one each time a newer channel revision changes the canonical order.
   */
  revision: number;
  channel: Channel;
  /**
   * When the buyer placed the order, in UTC.
   */
  placedAt: string;
  /**
   * The channel's last change to the order, in UTC.
   */
  updatedAt: string;
  /**
   * UTC offset the channel reported `placedAt` in (e.g. `-05:00`, `+08:00`), kept for local-day reporting.
   */
  originalOffset?: string;
  /**
   * Currency of every amount in this order (the shop or settlement currency).
   */
  currency: string;
  /**
   * What the buyer saw when it differs from `currency` (multi-currency shops).
   */
  presentment?: {
    currency: Currency;
    total: Money;
    exchangeRate?: Decimal;
  };
  /**
   * True when unit prices and shipping already contain tax (EU/UK/AU/CN style).
   */
  taxesIncluded: boolean;
  status: Status;
  customer: Customer;
  /**
   * Null for orders with nothing to ship (POS carry-out, digital goods).
   */
  shippingAddress: Address | null;
  billingAddress: Address | null;
  /**
   * @minItems 1
   */
  lines: Line[];
  shippingLines: ShippingLine[];
  /**
   * Order-level tax breakdown; the amounts add up to `totals.tax`.
   */
  taxLines: TaxLine[];
  discounts: Discount[];
  refunds: Refund[];
  totals: Totals;
  payment?: {
    gateways?: string[];
    method?: string;
    paidAt?: UtcTimestamp;
  };
  fulfillment?: {
    locationId?: string;
    requestedService?: string;
    shipBy?: UtcTimestamp;
    deliverBy?: UtcTimestamp;
  };
  tags?: string[];
  note?: string | null;
  /**
   * Channel-specific name/value pairs worth passing on (note attributes, custom fields).
   */
  attributes?: {
    [k: string]: string;
  };
  /**
   * The channel marked this a test order.
   */
  test?: boolean;
}
export interface Channel {
  connector: string;
  connectionId: string;
  /**
   * The channel's own order id.
   */
  externalId: string;
  /**
   * What the buyer and ops call the order (e.g. `#1001`).
   */
  orderNumber: string;
  sourceType: 'web' | 'marketplace' | 'pos' | 'phone' | 'import';
  /**
   * The channel's own sub-channel label (Shopify `source_name`, Amazon `SalesChannel`).
   */
  sourceName?: string;
  /**
   * Shop, marketplace or location id within the channel account.
   */
  storeId?: string;
  /**
   * The channel's revision marker this canonical order was built from.
   */
  revision?: string;
}
export interface Status {
  order: 'open' | 'cancelled' | 'closed';
  payment:
    | 'pending'
    | 'authorized'
    | 'partially_paid'
    | 'paid'
    | 'partially_refunded'
    | 'refunded'
    | 'voided'
    | 'expired';
  fulfillment: 'unfulfilled' | 'partial' | 'fulfilled' | 'restocked' | 'on_hold';
  cancelledAt?: UtcTimestamp;
  cancelReason?: string;
}
export interface Customer {
  id?: string;
  /**
   * Null where the channel has none (POS walk-in, marketplaces that hide it).
   */
  email: string | null;
  phone?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  name?: string | null;
  locale?: string;
  taxExempt?: boolean;
  pii?: PiiProtection;
}
export interface Address {
  name?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  company?: string | null;
  line1?: string | null;
  line2?: string | null;
  /**
   * District / county (区/县) for Chinese and similar addresses.
   */
  district?: string | null;
  city?: string | null;
  /**
   * State, province or region name (省).
   */
  province?: string | null;
  provinceCode?: string | null;
  postalCode?: string | null;
  /**
   * ISO 3166-1 alpha-2.
   */
  countryCode: string;
  phone?: string | null;
  pii?: PiiProtection;
}
export interface Line {
  /**
   * The channel's line id.
   */
  id: string;
  /**
   * Null when the channel line has no SKU; destinations that need one reject the order with a reason.
   */
  sku: string | null;
  name: string;
  variantName?: string | null;
  productId?: string;
  variantId?: string;
  quantity: number;
  refundedQuantity?: number;
  /**
   * Exact decimal amount, as a string.
   */
  unitPrice: string;
  /**
   * Exact decimal amount, as a string.
   */
  discount: string;
  /**
   * Exact decimal amount, as a string.
   */
  tax: string;
  /**
   * Exact decimal amount, as a string.
   */
  total: string;
  taxLines?: TaxLine[];
  requiresShipping?: boolean;
  weightGrams?: number;
  giftCard?: boolean;
  properties?: {
    name: string;
    value: string;
  }[];
}
export interface TaxLine {
  title: string;
  /**
   * Fraction, e.g. `0.06` for 6 %.
   */
  rate?: string;
  amount: Money;
  /**
   * `marketplace` when the marketplace collects and remits it (facilitator tax).
   */
  collectedBy?: 'merchant' | 'marketplace';
}
export interface ShippingLine {
  id?: string;
  code?: string | null;
  title: string;
  carrier?: string | null;
  /**
   * Exact decimal amount, as a string.
   */
  price: string;
  discount: Money;
  tax: Money;
  taxLines?: TaxLine[];
}
export interface Discount {
  code?: string | null;
  title?: string | null;
  type: 'fixed_amount' | 'percentage' | 'shipping' | 'other';
  /**
   * The rule's value: an amount, or a percentage for `percentage`.
   */
  value?: string;
  /**
   * Exact decimal amount, as a string.
   */
  amount: string;
}
export interface Refund {
  id: string;
  createdAt: UtcTimestamp;
  /**
   * Exact decimal amount, as a string.
   */
  amount: string;
  note?: string | null;
  restock?: boolean;
  lines: {
    lineId: string;
    quantity: number;
    amount?: Money;
    tax?: Money;
  }[];
}
export interface Totals {
  /**
   * Exact decimal amount, as a string.
   */
  subtotal: string;
  /**
   * Exact decimal amount, as a string.
   */
  discount: string;
  /**
   * Exact decimal amount, as a string.
   */
  shipping: string;
  /**
   * Exact decimal amount, as a string.
   */
  tax: string;
  /**
   * Exact decimal amount, as a string.
   */
  marketplaceTax?: string;
  duties?: Money;
  tip?: Money;
  /**
   * Exact decimal amount, as a string.
   */
  fees?: string;
  /**
   * Exact decimal amount, as a string.
   */
  total: string;
  /**
   * Exact decimal amount, as a string.
   */
  refunded?: string;
}
