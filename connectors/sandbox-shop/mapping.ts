import {
  dec,
  isDecimalString,
  MappingError,
  unknownValue,
  type Address,
  type CanonicalDraft,
  type Customer,
  type Discount,
  type Line,
  type MappingContext,
  type OrderIdentity,
  type ShippingLine,
  type SourceType,
  type Status,
  type TaxLine,
} from '../../src/sdk';
import { amount, arr, bool, int, obj, optObj, optStr, optTimestamp, str, timestamp, type Obj } from './read';
import { SANDBOX_CURRENCIES } from './record';

type StatusTriple = Pick<Status, 'order' | 'payment' | 'fulfillment'>;

/** The sandbox shop's one `status` field, spelled out as the canonical triple (README: "Statuses"). */
const STATUSES: Readonly<Record<string, StatusTriple>> = {
  pending: { order: 'open', payment: 'pending', fulfillment: 'unfulfilled' },
  authorized: { order: 'open', payment: 'authorized', fulfillment: 'unfulfilled' },
  paid: { order: 'open', payment: 'paid', fulfillment: 'unfulfilled' },
  fulfilled: { order: 'open', payment: 'paid', fulfillment: 'fulfilled' },
  completed: { order: 'closed', payment: 'paid', fulfillment: 'fulfilled' },
  // The sandbox shop only cancels orders it has not captured, voiding the authorization.
  cancelled: { order: 'cancelled', payment: 'voided', fulfillment: 'unfulfilled' },
};

const SOURCES: Readonly<Record<string, SourceType>> = { web: 'web', phone: 'phone', pos: 'pos' };
const DISCOUNT_TYPES: Readonly<Record<string, Discount['type']>> = {
  percentage: 'percentage',
  fixed_amount: 'fixed_amount',
  free_shipping: 'shipping',
};

function known<T>(table: Readonly<Record<string, T>>, value: string, path: string, what: string): T {
  const hit = Object.hasOwn(table, value) ? table[value] : undefined;
  if (hit === undefined) throw unknownValue(path, what);
  return hit;
}

function currency(o: Obj, key: string, path: string): string {
  const value = str(o, key, path);
  if (!SANDBOX_CURRENCIES.has(value)) throw unknownValue(`${path}/${key}`, 'currency');
  return value;
}

function rate(o: Obj, key: string, path: string): string {
  const value = str(o, key, path);
  if (!isDecimalString(value))
    throw new MappingError('MAPPING_FAILED', `${path}/${key}`, `expected a decimal at ${path}/${key}`);
  return value;
}

function taxLines(value: unknown, path: string, cur: string): TaxLine[] {
  return arr(value, path).map((raw, i) => {
    const p = `${path}/${i}`;
    const t = obj(raw, p);
    return { title: str(t, 'title', p), rate: rate(t, 'rate', p), amount: amount(t, 'amount', p, cur) };
  });
}

function address(value: unknown, path: string): Address | null {
  const a = optObj(value, path);
  if (!a) return null;
  const country = str(a, 'country', path);
  if (!/^[A-Z]{2}$/.test(country)) throw unknownValue(`${path}/country`, 'country code');
  return {
    name: optStr(a, 'name', path),
    company: optStr(a, 'company', path),
    line1: optStr(a, 'address1', path),
    line2: optStr(a, 'address2', path),
    district: optStr(a, 'district', path),
    city: optStr(a, 'city', path),
    province: optStr(a, 'province', path),
    provinceCode: optStr(a, 'province_code', path),
    postalCode: optStr(a, 'zip', path),
    countryCode: country,
    phone: optStr(a, 'phone', path),
    pii: bool(a, 'masked', path) ? 'masked' : 'none',
  };
}

function customer(value: unknown): Customer {
  const path = '/customer';
  const c = obj(value, path);
  const id = optStr(c, 'id', path);
  return {
    ...(id === null ? {} : { id }),
    email: optStr(c, 'email', path),
    phone: optStr(c, 'phone', path),
    firstName: optStr(c, 'first_name', path),
    lastName: optStr(c, 'last_name', path),
    name: optStr(c, 'name', path),
    locale: str(c, 'locale', path),
    pii: bool(c, 'masked', path) ? 'masked' : 'none',
  };
}

function line(raw: unknown, i: number, cur: string): Line {
  const path = `/lines/${i}`;
  const l = obj(raw, path);
  return {
    id: str(l, 'id', path),
    sku: optStr(l, 'sku', path),
    name: str(l, 'title', path),
    variantName: optStr(l, 'variant_title', path),
    productId: str(l, 'product_id', path),
    variantId: str(l, 'variant_id', path),
    quantity: int(l, 'quantity', path, 1),
    unitPrice: amount(l, 'unit_price', path, cur),
    discount: amount(l, 'discount', path, cur),
    tax: amount(l, 'tax', path, cur),
    total: amount(l, 'total', path, cur),
    taxLines: taxLines(l['tax_lines'], `${path}/tax_lines`, cur),
    requiresShipping: bool(l, 'requires_shipping', path),
    weightGrams: int(l, 'grams', path, 0),
    giftCard: bool(l, 'gift_card', path),
  };
}

function shippingLine(raw: unknown, i: number, cur: string): ShippingLine {
  const path = `/shipping_lines/${i}`;
  const s = obj(raw, path);
  return {
    id: str(s, 'id', path),
    code: optStr(s, 'code', path),
    title: str(s, 'title', path),
    carrier: optStr(s, 'carrier', path),
    price: amount(s, 'price', path, cur),
    discount: amount(s, 'discount', path, cur),
    tax: amount(s, 'tax', path, cur),
    taxLines: taxLines(s['tax_lines'], `${path}/tax_lines`, cur),
  };
}

function discount(raw: unknown, i: number, cur: string): Discount {
  const path = `/discount_codes/${i}`;
  const d = obj(raw, path);
  return {
    code: str(d, 'code', path),
    type: known(DISCOUNT_TYPES, str(d, 'type', path), `${path}/type`, 'discount type'),
    value: rate(d, 'value', path),
    amount: amount(d, 'amount', path, cur),
  };
}

function strings(value: unknown, path: string): string[] {
  return arr(value, path).map((v, i) => {
    if (typeof v !== 'string')
      throw new MappingError('MAPPING_FAILED', `${path}/${i}`, `expected a string at ${path}/${i}`);
    return v;
  });
}

/**
 * Maps one sandbox-shop record to a canonical draft. Pure. Unknown statuses, sources, currencies and discount
 * types throw `unknownValue`; the stated totals are passed on as given (the hub's totals check verifies them).
 */
export function toCanonical(raw: unknown, ctx: MappingContext<unknown>): CanonicalDraft {
  const o = obj(raw, '');
  const cur = currency(o, 'currency', '');
  const triple = known(STATUSES, str(o, 'status', ''), '/status', 'order status');
  const source = known(SOURCES, str(o, 'source', ''), '/source', 'order source');
  const placed = timestamp(o, 'created_at', '');
  const updated = timestamp(o, 'updated_at', '');
  const cancelledAt = optTimestamp(o, 'cancelled_at', '');
  const cancelReason = optStr(o, 'cancel_reason', '');
  const presentment = optObj(o['presentment'], '/presentment');
  const payment = obj(o['payment'], '/payment');
  const paidAt = optTimestamp(payment, 'paid_at', '/payment');
  const shippingLines = arr(o['shipping_lines'], '/shipping_lines').map((s, i) => shippingLine(s, i, cur));
  const store = str(o, 'store', '');
  const tip = amount(o, 'tip', '', cur);
  const firstShipping = shippingLines[0];

  return {
    channel: {
      connector: 'sandbox-shop',
      connectionId: ctx.connectionId,
      externalId: str(o, 'id', ''),
      orderNumber: str(o, 'number', ''),
      sourceType: source,
      sourceName: str(o, 'source', ''),
      storeId: store,
      revision: updated.utc,
    },
    placedAt: placed.utc,
    updatedAt: updated.utc,
    originalOffset: placed.offset,
    currency: cur,
    ...(presentment
      ? {
          presentment: {
            currency: currency(presentment, 'currency', '/presentment'),
            total: amount(presentment, 'total', '/presentment', str(presentment, 'currency', '/presentment')),
            exchangeRate: rate(presentment, 'exchange_rate', '/presentment'),
          },
        }
      : {}),
    taxesIncluded: bool(o, 'prices_include_tax', ''),
    status: {
      ...triple,
      ...(cancelledAt === undefined ? {} : { cancelledAt }),
      ...(cancelReason === null ? {} : { cancelReason }),
    },
    customer: customer(o['customer']),
    shippingAddress: address(o['shipping_address'], '/shipping_address'),
    billingAddress: address(o['billing_address'], '/billing_address'),
    lines: arr(o['lines'], '/lines').map((l, i) => line(l, i, cur)),
    shippingLines,
    taxLines: taxLines(o['tax_lines'], '/tax_lines', cur),
    discounts: arr(o['discount_codes'], '/discount_codes').map((d, i) => discount(d, i, cur)),
    refunds: [],
    totals: {
      subtotal: amount(o, 'subtotal', '', cur),
      discount: amount(o, 'total_discount', '', cur),
      shipping: amount(o, 'total_shipping', '', cur),
      tax: amount(o, 'total_tax', '', cur),
      ...(dec(tip).isZero() ? {} : { tip }),
      total: amount(o, 'total', '', cur),
    },
    payment: {
      gateways: [str(payment, 'gateway', '/payment')],
      method: str(payment, 'method', '/payment'),
      ...(paidAt === undefined ? {} : { paidAt }),
    },
    ...(source === 'pos'
      ? { fulfillment: { locationId: store } }
      : firstShipping?.code
        ? { fulfillment: { requestedService: firstShipping.code } }
        : {}),
    tags: strings(o['tags'], '/tags'),
    note: optStr(o, 'note', ''),
    test: bool(o, 'test', ''),
  };
}

/** External id and revision (`updated_at`, normalised to UTC) of a raw record. */
export function identify(raw: unknown): OrderIdentity {
  const o = obj(raw, '');
  return { externalId: str(o, 'id', ''), revision: timestamp(o, 'updated_at', '').utc };
}
