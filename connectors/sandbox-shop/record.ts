/**
 * The sandbox shop's own order record: the JSON its "API" returns and its webhooks carry (README: "Record
 * shape"). Amounts are decimal strings in `currency`; timestamps are ISO 8601 with the store's UTC offset.
 */

/** Order lifecycle values the sandbox shop documents. Anything else is unknown to the connector. */
export type SandboxStatus = 'pending' | 'authorized' | 'paid' | 'fulfilled' | 'completed' | 'cancelled';

/** Currencies the sandbox shop sells or presents in. */
export const SANDBOX_CURRENCIES: ReadonlySet<string> = new Set(['USD', 'EUR', 'CNY', 'SEK', 'DKK', 'PLN']);

/** Where an order was taken. */
export type SandboxSource = 'web' | 'phone' | 'pos';

/** One tax component (state, city, VAT rate). */
export interface SandboxTax {
  title: string;
  /** Fraction, e.g. `"0.08875"`. */
  rate: string;
  amount: string;
}

/** The buyer as the shop knows them; all null for a POS walk-in. */
export interface SandboxCustomer {
  id: string | null;
  email: string | null;
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  name: string | null;
  locale: string;
  /** True when the shop shows personal data masked (`张*`, `138****5678`). */
  masked: boolean;
}

/** A postal address. */
export interface SandboxAddress {
  name: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  /** District / county (区), Chinese addresses. */
  district: string | null;
  city: string | null;
  province: string | null;
  province_code: string | null;
  zip: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string;
  phone: string | null;
  masked: boolean;
}

/** One order line. */
export interface SandboxLine {
  id: string;
  sku: string | null;
  title: string;
  variant_title: string | null;
  product_id: string;
  variant_id: string;
  quantity: number;
  unit_price: string;
  /** Discount allocated to this line, all units. */
  discount: string;
  /** Tax on this line (contained in the price when `prices_include_tax`). */
  tax: string;
  tax_lines: SandboxTax[];
  /** unit_price × quantity − discount. */
  total: string;
  requires_shipping: boolean;
  grams: number;
  gift_card: boolean;
}

/** One shipping charge; an order may have several (a service and a surcharge). */
export interface SandboxShippingLine {
  id: string;
  code: string;
  title: string;
  carrier: string | null;
  price: string;
  discount: string;
  tax: string;
  tax_lines: SandboxTax[];
}

/** A discount code applied to the order. */
export interface SandboxDiscount {
  code: string;
  type: 'percentage' | 'fixed_amount' | 'free_shipping';
  /** Percent for `percentage`, an amount for `fixed_amount`, `"0"` for `free_shipping`. */
  value: string;
  amount: string;
}

/** One order record (see the README for every field). */
export interface SandboxOrder {
  id: string;
  number: string;
  source: SandboxSource;
  store: string;
  /** A `SandboxStatus`; with `badOrderRate` some records carry a value outside it, on purpose. */
  status: string;
  currency: string;
  presentment: { currency: string; total: string; exchange_rate: string } | null;
  prices_include_tax: boolean;
  created_at: string;
  updated_at: string;
  cancelled_at: string | null;
  cancel_reason: string | null;
  customer: SandboxCustomer;
  shipping_address: SandboxAddress | null;
  billing_address: SandboxAddress | null;
  lines: SandboxLine[];
  shipping_lines: SandboxShippingLine[];
  discount_codes: SandboxDiscount[];
  tax_lines: SandboxTax[];
  subtotal: string;
  total_discount: string;
  total_shipping: string;
  total_tax: string;
  tip: string;
  total: string;
  payment: { gateway: string; method: string; paid_at: string | null };
  tags: string[];
  note: string | null;
  test: boolean;
}
