import {
  dec,
  isDecimalString,
  lookup,
  MappingError,
  missingField,
  money,
  sum,
  toUtc,
  unknownValue,
  type CanonicalDraft,
  type MappingContext,
} from '../../src/sdk';
import type { FileImportConfig } from './config';
import { ORDER_FIELDS, type Field, type ImportRecord } from './fields';
import { readRecord } from './record';

type Row = ImportRecord['rows'][number];

/** The one value every row of the order gives for an order-level field (rows may leave it blank). */
function orderValue(rows: Row[], field: Field): string | undefined {
  const seen = new Map<string, number>();
  for (const r of rows) {
    const v = r.cells[field];
    if (v !== undefined && !seen.has(v)) seen.set(v, r.row);
  }
  if (seen.size > 1) {
    const [a, b] = [...seen.entries()];
    throw new MappingError(
      'MAPPING_FAILED',
      `/rows/*/cells/${field}`,
      `rows ${a?.[1]} and ${b?.[1]} of order give different ${field} ("${a?.[0]}" vs "${b?.[0]}")`,
    );
  }
  return seen.keys().next().value;
}

function amount(value: string | undefined, row: number, field: string): string {
  if (value === undefined) throw missingField(`row ${row}/${field}`);
  if (!isDecimalString(value))
    throw new MappingError(
      'MAPPING_FAILED',
      `row ${row}/${field}`,
      `row ${row}: ${field} "${value}" is not a number like 12.50`,
    );
  return value;
}

const NAIVE = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?$/;

/** A file date: with its own offset, or wall-clock time in the connection's stated offset. */
function instant(value: string, offset: string, row: number): { utc: string; offset: string } {
  const naive = NAIVE.exec(value);
  const time = naive ? `${naive[1]}T${(naive[2] ?? '00:00:00').padEnd(8, ':00')}${offset}` : value;
  const t = toUtc(time);
  if (!t)
    throw new MappingError('MAPPING_FAILED', `row ${row}/placedAt`, `row ${row}: "${value}" is not a date`);
  return t;
}

/** Maps one imported order. Pure. Every error names the file row, so ops can fix the file or the record. */
export function toCanonical(raw: unknown, ctx: MappingContext<FileImportConfig>): CanonicalDraft {
  const rec = readRecord(raw);
  const rows = [...rec.rows].sort((a, b) => a.row - b.row);
  const first = rows[0];
  if (!first) throw missingField('/rows');
  for (const field of ORDER_FIELDS) orderValue(rows, field);
  const order = (field: Field) => orderValue(rows, field);

  const currency = order('currency') ?? ctx.config.currency;
  if (!currency) throw missingField('currency (no currency column and no currency setting)');
  if (!/^[A-Z]{3}$/.test(currency)) throw unknownValue(`row ${first.row}/currency`, `currency "${currency}"`);

  const statusText = order('status');
  if (!statusText) throw missingField(`row ${first.row}/status`);
  const status = lookup(ctx.tables, 'file-import-status', statusText.toLowerCase());
  const [orderStatus, payment, fulfillment] = status?.split('/') ?? [];
  if (
    (orderStatus !== 'open' && orderStatus !== 'cancelled' && orderStatus !== 'closed') ||
    !isPayment(payment) ||
    !isFulfillment(fulfillment)
  )
    // The table is keyed in lower case: name that key first, as the console's link pre-fills the first quoted value.
    throw unknownValue(
      `row ${first.row}/status`,
      `status "${statusText.toLowerCase()}"${statusText === statusText.toLowerCase() ? '' : ` (written "${statusText}")`} (add it to mappings/file-import-status.json)`,
    );

  const placedText = order('placedAt');
  if (!placedText) throw missingField(`row ${first.row}/placedAt`);
  const placed = instant(placedText, ctx.config.timezoneOffset, first.row);

  const lines = rows.map((r, i) => {
    const quantityText = r.cells.quantity ?? '';
    if (!/^[1-9]\d*$/.test(quantityText))
      throw new MappingError(
        'MAPPING_FAILED',
        `row ${r.row}/quantity`,
        `row ${r.row}: quantity "${quantityText}" is not a whole number ≥ 1`,
      );
    const quantity = Number(quantityText);
    const unitPrice = amount(r.cells.unitPrice, r.row, 'unitPrice');
    const discount =
      r.cells.lineDiscount === undefined ? '0' : amount(r.cells.lineDiscount, r.row, 'lineDiscount');
    const tax = amount(r.cells.lineTax, r.row, 'lineTax');
    const name = r.cells.name;
    if (!name) throw missingField(`row ${r.row}/name`);
    return {
      id: String(i + 1),
      sku: r.cells.sku ?? null,
      name,
      quantity,
      unitPrice: money(unitPrice, currency),
      discount: money(discount, currency),
      tax: money(tax, currency),
      total: money(dec(unitPrice).times(quantity).minus(discount), currency),
    };
  });

  const shippingPrice = order('shippingPrice');
  const shippingLines =
    shippingPrice === undefined
      ? []
      : [
          {
            title: order('shippingTitle') ?? 'Shipping',
            price: money(amount(shippingPrice, first.row, 'shippingPrice'), currency),
            discount: money(0, currency),
            tax: money(amount(order('shippingTax'), first.row, 'shippingTax'), currency),
          },
        ];

  const subtotal = sum(lines.map((l) => dec(l.unitPrice).times(l.quantity)));
  const discount = sum(lines.map((l) => l.discount));
  const shipping = sum(shippingLines.map((s) => s.price));
  const tax = sum([...lines.map((l) => l.tax), ...shippingLines.map((s) => s.tax)]);
  const computed = subtotal
    .minus(discount)
    .plus(shipping)
    .plus(ctx.config.taxesIncluded ? 0 : tax);
  const stated = order('orderTotal');
  const country = order('shipCountry');
  const shipFields: Field[] = ['shipName', 'shipLine1', 'shipCity', 'shipPostalCode'];
  if (!country && shipFields.some((f) => order(f) !== undefined))
    throw missingField(`row ${first.row}/shipCountry (the order has an address without a country)`);
  if (country && !/^[A-Z]{2}$/.test(country))
    throw unknownValue(
      `row ${first.row}/shipCountry`,
      `country "${country}" (use ISO 3166 alpha-2 such as DE)`,
    );
  const opt = (f: Field) => order(f) ?? null;

  return {
    channel: {
      connector: 'file-import',
      connectionId: ctx.connectionId,
      externalId: rec.orderNumber,
      orderNumber: rec.orderNumber,
      sourceType: ctx.config.sourceType,
      revision: rec.importedAt,
    },
    placedAt: placed.utc,
    updatedAt: placed.utc,
    originalOffset: placed.offset,
    currency,
    taxesIncluded: ctx.config.taxesIncluded,
    status: { order: orderStatus, payment, fulfillment },
    customer: { email: opt('email'), phone: opt('phone'), name: opt('customerName'), pii: 'none' },
    shippingAddress: country
      ? {
          name: opt('shipName'),
          company: opt('shipCompany'),
          line1: opt('shipLine1'),
          line2: opt('shipLine2'),
          district: opt('shipDistrict'),
          city: opt('shipCity'),
          province: opt('shipProvince'),
          postalCode: opt('shipPostalCode'),
          countryCode: country,
          phone: opt('shipPhone'),
          pii: 'none',
        }
      : null,
    billingAddress: null,
    lines,
    shippingLines,
    taxLines: tax.isZero() ? [] : [{ title: 'Tax', amount: money(tax, currency) }],
    discounts: discount.isZero()
      ? []
      : [{ type: 'other', title: 'Discounts in file', amount: money(discount, currency) }],
    refunds: [],
    totals: {
      subtotal: money(subtotal, currency),
      discount: money(discount, currency),
      shipping: money(shipping, currency),
      tax: money(tax, currency),
      // A stated total is kept as stated: when it disagrees with the lines, the hub holds the order for review.
      total: money(stated === undefined ? computed : amount(stated, first.row, 'orderTotal'), currency),
    },
    note: opt('note'),
    attributes: {},
  };
}

const PAYMENTS = [
  'pending',
  'authorized',
  'partially_paid',
  'paid',
  'partially_refunded',
  'refunded',
  'voided',
  'expired',
] as const;
const FULFILLMENTS = ['unfulfilled', 'partial', 'fulfilled', 'restocked', 'on_hold'] as const;
function isPayment(v: string | undefined): v is (typeof PAYMENTS)[number] {
  return PAYMENTS.some((p) => p === v);
}
function isFulfillment(v: string | undefined): v is (typeof FULFILLMENTS)[number] {
  return FULFILLMENTS.some((p) => p === v);
}
