import { createHash } from 'node:crypto';
import {
  localDay,
  dec,
  lookup,
  MappingError,
  missingField,
  sum,
  type Address,
  type CanonicalOrder,
  type Line,
  type LookupTables,
  type MappingContext,
} from '../../src/sdk';
import type { BusinessCentralConfig } from './config';

/** One `salesOrderLine`. */
export interface BcLine {
  lineType: 'Item' | 'Account';
  lineObjectNumber: string;
  description: string;
  quantity: number;
  unitPrice: number;
  discountAmount: number;
  taxCode?: string;
}

/** `salesOrder` header with its lines for a deep insert. */
export interface BcSalesOrder {
  externalDocumentNumber: string;
  orderDate: string;
  customerNumber: string;
  currencyCode: string;
  email?: string;
  phoneNumber?: string;
  shipToName?: string;
  shipToContact?: string;
  shipToAddressLine1?: string;
  shipToAddressLine2?: string;
  shipToCity?: string;
  shipToState?: string;
  shipToCountry?: string;
  shipToPostCode?: string;
  discountAmount?: number;
  salesOrderLines: BcLine[];
}

export interface BcPayload {
  /** The lookup key: see `documentNumber`. */
  externalDocumentNumber: string;
  revision: number;
  cancelled: boolean;
  order: BcSalesOrder;
}

export const TABLES = {
  item: 'business-central-item',
  customer: 'business-central-customer',
  currency: 'business-central-currency',
  shipping: 'business-central-shipping-account',
  tax: 'business-central-tax',
} as const;

/** External Document No. is a Code[35]: BC stores it upper-cased and at most 35 characters long. */
export const DOCUMENT_NUMBER_MAX = 35;

/**
 * The order's key in BC: the hub order id upper-cased (`ord_` + 26 base32 characters = 30, so it fits). An id
 * that ever exceeded 35 characters becomes `H` + the first 34 hex digits of its SHA-256, still deterministic.
 */
export function documentNumber(orderId: string): string {
  const upper = orderId.toUpperCase();
  if (upper.length <= DOCUMENT_NUMBER_MAX) return upper;
  return `H${createHash('sha256')
    .update(orderId)
    .digest('hex')
    .slice(0, DOCUMENT_NUMBER_MAX - 1)
    .toUpperCase()}`;
}

/** The hub order id back from an External Document No.; undefined for numbers the hub did not make. */
export function orderIdOf(externalDocumentNumber: string): string | undefined {
  return /^ORD_[0-9A-Z]+$/.test(externalDocumentNumber) ? externalDocumentNumber.toLowerCase() : undefined;
}

function need(tables: LookupTables, table: string, key: string, path: string, allowEmpty = false): string {
  const value = lookup(tables, table, key);
  if (value === undefined || (!allowEmpty && value === '')) {
    throw new MappingError(
      'MAPPING_UNKNOWN_VALUE',
      path,
      `no entry "${key}" in lookup table ${table} (add it to mappings/${table}.json)`,
    );
  }
  return value;
}

const text = (v: string | null | undefined): string | undefined => (v ? v : undefined);

function shipTo(a: Address): Partial<BcSalesOrder> {
  const name = text(a.name) ?? text([a.firstName, a.lastName].filter(Boolean).join(' '));
  const fields: Partial<BcSalesOrder> = {
    shipToName: text(a.company) ?? name,
    shipToContact: a.company ? name : undefined,
    shipToAddressLine1: text(a.line1),
    shipToAddressLine2: text([a.line2, a.district].filter(Boolean).join(', ')),
    shipToCity: text(a.city),
    shipToState: text(a.provinceCode) ?? text(a.province),
    shipToCountry: a.countryCode,
    shipToPostCode: text(a.postalCode),
  };
  const out: Partial<BcSalesOrder> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) Object.assign(out, { [k]: v });
  return out;
}

function taxCode(
  ctx: MappingContext<BusinessCentralConfig>,
  line: Pick<Line, 'tax' | 'taxLines'>,
  path: string,
) {
  if (!ctx.config.mapTaxCodes) return {};
  const titles = (line.taxLines ?? []).map((t) => t.title);
  if (titles.length === 0 && !dec(line.tax).isZero()) throw missingField(`${path}/taxLines`);
  const key = titles.length === 0 ? 'none' : titles.join(' + ');
  return { taxCode: need(ctx.tables, TABLES.tax, key, `${path}/taxLines`) };
}

function customerNumber(order: CanonicalOrder, ctx: MappingContext<BusinessCentralConfig>): string {
  if (ctx.config.customerNumber) return ctx.config.customerNumber;
  const { connector, storeId } = order.channel;
  const specific = storeId ? lookup(ctx.tables, TABLES.customer, `${connector}:${storeId}`) : undefined;
  return specific || need(ctx.tables, TABLES.customer, connector, '/channel/connector');
}

/**
 * Builds the sales order with its lines for one deep insert. Pure. Amounts are as the channel gave them
 * (gross for tax-inclusive orders: the BC customer must have Prices Including VAT).
 */
export function toSalesOrder(order: CanonicalOrder, ctx: MappingContext<BusinessCentralConfig>): BcPayload {
  const { tables } = ctx;
  const lines: BcLine[] = order.lines.map((line, i) => {
    const path = `/lines/${i}`;
    if (!line.sku) throw missingField(`${path}/sku`);
    return {
      lineType: 'Item',
      lineObjectNumber: need(tables, TABLES.item, line.sku, `${path}/sku`),
      description: (line.variantName ? `${line.name} – ${line.variantName}` : line.name).slice(0, 100),
      quantity: line.quantity,
      unitPrice: dec(line.unitPrice).toNumber(),
      discountAmount: dec(line.discount).toNumber(),
      ...taxCode(ctx, line, path),
    };
  });
  order.shippingLines.forEach((s, i) => {
    const path = `/shippingLines/${i}`;
    lines.push({
      lineType: 'Account',
      lineObjectNumber: need(tables, TABLES.shipping, s.code ?? s.title, `${path}/code`),
      description: s.title.slice(0, 100),
      quantity: 1,
      unitPrice: dec(s.price).toNumber(),
      discountAmount: dec(s.discount).toNumber(),
      ...taxCode(ctx, s, path),
    });
  });
  const spread = sum([...order.lines.map((l) => l.discount), ...order.shippingLines.map((s) => s.discount)]);
  const unspread = dec(order.totals.discount).minus(spread);
  const address = order.shippingAddress ?? order.billingAddress;
  const externalDocumentNumber = documentNumber(order.id);
  return {
    externalDocumentNumber,
    revision: order.revision,
    cancelled: order.status.order === 'cancelled',
    order: {
      externalDocumentNumber,
      orderDate: localDay(order.placedAt, order.originalOffset),
      customerNumber: customerNumber(order, ctx),
      currencyCode: need(tables, TABLES.currency, order.currency, '/currency', true),
      ...(order.customer.email ? { email: order.customer.email } : {}),
      ...(order.customer.phone ? { phoneNumber: order.customer.phone.slice(0, 30) } : {}),
      ...(address ? shipTo(address) : {}),
      ...(unspread.greaterThan(0) ? { discountAmount: unspread.toNumber() } : {}),
      salesOrderLines: lines,
    },
  };
}
