import {
  compileSchema,
  dec,
  MappingError,
  minorUnits,
  money,
  sum,
  toUtc,
  type CanonicalDraft,
  type MappingContext,
} from '../../src/sdk';
import { PHONE_ORDER_SCHEMA, type PhoneAddress, type PhoneOrder } from './input-schema';
import type { PhoneOrderConfig } from './config';

const validate = compileSchema<PhoneOrder>(PHONE_ORDER_SCHEMA);

/** Validates a raw record (the route checked it too; replays and the CLI come this way only). */
export function readPhoneOrder(raw: unknown): PhoneOrder {
  const checked = validate(raw);
  if (!checked.ok) {
    const first = checked.errors[0];
    throw new MappingError(
      'MAPPING_FAILED',
      first?.path ?? '',
      `not a phone-order.v1 record: ${checked.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
    );
  }
  return checked.value;
}

function utc(value: string, path: string): { utc: string; offset: string } {
  const t = toUtc(value);
  if (!t) throw new MappingError('MAPPING_FAILED', path, `${path} is not a timestamp with an offset`);
  return t;
}

function address(a: PhoneAddress | undefined) {
  if (!a) return null;
  return {
    name: a.name,
    company: a.company ?? null,
    line1: a.line1,
    line2: a.line2 ?? null,
    district: a.district ?? null,
    city: a.city,
    province: a.province ?? null,
    postalCode: a.postalCode ?? null,
    countryCode: a.countryCode,
    phone: a.phone ?? null,
    pii: 'none' as const,
  };
}

/** Tax in an amount, rounded half-up to the currency's minor unit: on top of it, or contained in it. */
function taxOf(base: ReturnType<typeof dec>, rate: string, included: boolean, currency: string) {
  const r = dec(rate);
  const tax = included ? base.minus(base.dividedBy(r.plus(1))) : base.times(r);
  return tax.toDecimalPlaces(minorUnits(currency));
}

/** Maps one phone order to a canonical draft. Pure. */
export function toCanonical(raw: unknown, ctx: MappingContext<PhoneOrderConfig>): CanonicalDraft {
  const o = readPhoneOrder(raw);
  const { currency, taxesIncluded, sourceType } = ctx.config;
  const placed = utc(o.placedAt, '/placedAt');
  const byRate = new Map<string, ReturnType<typeof dec>>();
  const addTax = (rate: string, amount: ReturnType<typeof dec>) =>
    byRate.set(rate, (byRate.get(rate) ?? dec(0)).plus(amount));

  const lines = o.lines.map((l, i) => {
    const gross = dec(l.unitPrice).times(l.quantity);
    const discount = dec(l.discount ?? '0');
    if (discount.gt(gross))
      throw new MappingError(
        'MAPPING_FAILED',
        `/lines/${i}/discount`,
        'a line discount exceeds the line price',
      );
    const tax = taxOf(gross.minus(discount), l.taxRate, taxesIncluded, currency);
    addTax(l.taxRate, tax);
    return {
      id: String(i + 1),
      sku: l.sku,
      name: l.name,
      quantity: l.quantity,
      unitPrice: money(l.unitPrice, currency),
      discount: money(discount, currency),
      tax: money(tax, currency),
      total: money(gross.minus(discount), currency),
      taxLines: [{ title: taxTitle(l.taxRate), rate: l.taxRate, amount: money(tax, currency) }],
      requiresShipping: o.fulfillment === 'ship',
    };
  });

  const shippingLines = o.shipping
    ? [o.shipping].map((s) => {
        const tax = taxOf(dec(s.price), s.taxRate, taxesIncluded, currency);
        addTax(s.taxRate, tax);
        return {
          title: s.title,
          price: money(s.price, currency),
          discount: money(0, currency),
          tax: money(tax, currency),
          taxLines: [{ title: taxTitle(s.taxRate), rate: s.taxRate, amount: money(tax, currency) }],
        };
      })
    : [];

  const subtotal = sum(o.lines.map((l) => dec(l.unitPrice).times(l.quantity)));
  const discount = sum(o.lines.map((l) => l.discount ?? '0'));
  const shipping = sum(shippingLines.map((s) => s.price));
  const tax = sum([...byRate.values()]);
  const taxLines = [...byRate.entries()]
    .filter(([rate]) => !dec(rate).isZero())
    .sort(([a], [b]) => dec(a).comparedTo(dec(b)))
    .map(([rate, amount]) => ({ title: taxTitle(rate), rate, amount: money(amount, currency) }));

  return {
    channel: {
      connector: 'phone-order',
      connectionId: ctx.connectionId,
      externalId: o.reference,
      orderNumber: o.reference,
      sourceType,
      revision: o.updatedAt,
    },
    placedAt: placed.utc,
    updatedAt: utc(o.updatedAt, '/updatedAt').utc,
    originalOffset: placed.offset,
    currency,
    taxesIncluded,
    status: {
      order: o.status,
      payment: o.payment.status,
      fulfillment: 'unfulfilled',
      ...(o.status === 'cancelled' ? { cancelledAt: utc(o.updatedAt, '/updatedAt').utc } : {}),
    },
    customer: {
      email: o.customer.email ?? null,
      phone: o.customer.phone,
      name: o.customer.name,
      pii: 'none',
    },
    shippingAddress: o.fulfillment === 'ship' ? address(o.shippingAddress) : null,
    billingAddress: address(o.billingAddress),
    lines,
    shippingLines,
    taxLines,
    discounts: discount.isZero()
      ? []
      : [{ type: 'fixed_amount', title: 'Discount given on the phone', amount: money(discount, currency) }],
    refunds: [],
    totals: {
      subtotal: money(subtotal, currency),
      discount: money(discount, currency),
      shipping: money(shipping, currency),
      tax: money(tax, currency),
      total: money(
        subtotal
          .minus(discount)
          .plus(shipping)
          .plus(taxesIncluded ? 0 : tax),
        currency,
      ),
    },
    payment: { method: o.payment.method },
    ...(o.fulfillment === 'pickup' ? { fulfillment: { requestedService: 'pickup' } } : {}),
    note: o.note ?? null,
    attributes: o.enteredBy ? { enteredBy: o.enteredBy } : {},
  };
}

function taxTitle(rate: string): string {
  return `Tax ${dec(rate).times(100).toFixed()}%`;
}
