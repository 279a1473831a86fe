import {
  addDays,
  channelLookupKeys,
  dec,
  jsonNumber,
  localDay,
  missingField,
  MappingError,
  requireLookup,
  requireLookupFirst,
  taxLookupKey,
  type Address,
  type CanonicalOrder,
  type MappingContext,
} from '../../src/sdk';
import { TABLES, type SapB1Config } from './config';

/** One row of a B1 sales order (RDR1). */
export interface SapDocumentLine {
  ItemCode: string;
  ItemDescription: string;
  Quantity: number;
  /** Net unit price before the row discount (tax-exclusive orders). */
  UnitPrice?: number;
  /** Row discount in percent (tax-exclusive orders). */
  DiscountPercent?: number;
  /** Gross unit price after the row discount (tax-inclusive orders). */
  PriceAfterVAT?: number;
  TaxCode: string;
  WarehouseCode: string;
}

/** A freight charge (RDR3): shipping lines grouped by expense and tax code. */
export interface SapAdditionalExpense {
  ExpenseCode: number;
  /** Net amount (tax-exclusive orders). */
  LineTotal?: number;
  /** Gross amount (tax-inclusive orders). */
  LineGross?: number;
  TaxCode: string;
}

/** Ship-to and bill-to parts of the document. */
export type SapAddressExtension = Partial<Record<string, string>>;

/** The body of `POST /Orders`. */
export interface SapOrderDocument {
  CardCode: string;
  DocDate: string;
  DocDueDate: string;
  TaxDate: string;
  NumAtCard: string;
  DocCurrency: string;
  Comments: string;
  AddressExtension: SapAddressExtension;
  DocumentLines: SapDocumentLine[];
  DocumentAdditionalExpenses: SapAdditionalExpense[];
}

/** What `fromCanonical` hands to `deliver`. */
export interface SapOrderPayload {
  /** `NumAtCard`, the order's identity in B1 across revisions: the hub order id (30 characters). */
  numAtCard: string;
  revision: number;
  /** The canonical order is cancelled: delivering it cancels the B1 order. */
  cancelled: boolean;
  document: SapOrderDocument;
}

/** Percent with 6 places: enough that B1's rounded row total equals the channel's. */
function discountPercent(discount: string, gross: ReturnType<typeof dec>): number | undefined {
  if (dec(discount).isZero() || gross.isZero()) return undefined;
  return jsonNumber(dec(discount).div(gross).times(100).toDecimalPlaces(6));
}

function addressPart(prefix: 'ShipTo' | 'BillTo', a: Address | null, out: SapAddressExtension): void {
  if (!a) return;
  const parts: Record<string, string | null | undefined> = {
    Street: a.line1,
    Building: a.line2,
    Block: a.district,
    City: a.city,
    ZipCode: a.postalCode,
    State: a.provinceCode,
    Country: a.countryCode,
  };
  for (const [k, v] of Object.entries(parts)) if (v) out[`${prefix}${k}`] = v;
}

/**
 * Builds the B1 sales order. Pure: every business-specific code (item, tax, warehouse, customer, currency,
 * freight) comes from config or a lookup table, and a missing one is a MappingError naming table and key.
 */
export function toSapOrder(order: CanonicalOrder, ctx: MappingContext<SapB1Config>): SapOrderPayload {
  const { tables, config } = ctx;
  const inclusive = order.taxesIncluded;
  const warehouse =
    config.warehouseCode ??
    requireLookupFirst(tables, TABLES.warehouse, warehouseKeys(order), '/fulfillment');
  const lines = order.lines.map((line, i): SapDocumentLine => {
    const path = `/lines/${i}`;
    if (!line.sku) throw missingField(`${path}/sku`);
    const row: SapDocumentLine = {
      ItemCode: requireLookup(tables, TABLES.item, line.sku, `${path}/sku`),
      ItemDescription: (line.variantName ? `${line.name} - ${line.variantName}` : line.name).slice(0, 100),
      Quantity: line.quantity,
      TaxCode: requireLookup(
        tables,
        TABLES.taxCode,
        taxLookupKey(line.taxLines, line.tax, path),
        `${path}/taxLines`,
      ),
      WarehouseCode: warehouse,
    };
    if (inclusive) {
      // B1's gross price is after the row discount; 6 places keep the row total exact to the cent.
      row.PriceAfterVAT = jsonNumber(dec(line.total).div(line.quantity).toDecimalPlaces(6));
    } else {
      row.UnitPrice = jsonNumber(line.unitPrice);
      const pct = discountPercent(line.discount, dec(line.unitPrice).times(line.quantity));
      if (pct !== undefined) row.DiscountPercent = pct;
    }
    return row;
  });
  const day = localDay(order.placedAt, order.originalOffset);
  const due = order.fulfillment?.deliverBy
    ? localDay(order.fulfillment.deliverBy, order.originalOffset)
    : addDays(day, config.dueDays ?? 0);
  const address: SapAddressExtension = {};
  addressPart('ShipTo', order.shippingAddress, address);
  addressPart('BillTo', order.billingAddress, address);
  const document: SapOrderDocument = {
    CardCode:
      config.cardCode ?? requireLookupFirst(tables, TABLES.customer, channelLookupKeys(order), '/channel'),
    DocDate: day,
    DocDueDate: due,
    TaxDate: day,
    NumAtCard: order.id,
    DocCurrency: requireLookup(tables, TABLES.currency, order.currency, '/currency'),
    Comments: `${order.channel.connector} order ${order.channel.orderNumber}`.slice(0, 254),
    AddressExtension: address,
    DocumentLines: lines,
    DocumentAdditionalExpenses: freight(order, ctx),
  };
  return {
    numAtCard: order.id,
    revision: order.revision,
    cancelled: order.status.order === 'cancelled',
    document,
  };
}

function warehouseKeys(order: CanonicalOrder): string[] {
  const location = order.fulfillment?.locationId;
  const keys = channelLookupKeys(order);
  return location ? [`${order.channel.connector}/location/${location}`, ...keys] : keys;
}

/** Shipping lines after their discounts, summed per (expense code, tax code); free shipping adds nothing. */
function freight(order: CanonicalOrder, ctx: MappingContext<SapB1Config>): SapAdditionalExpense[] {
  const groups = new Map<string, { code: number; tax: string; amount: ReturnType<typeof dec> }>();
  order.shippingLines.forEach((s, i) => {
    const path = `/shippingLines/${i}`;
    const net = dec(s.price).minus(s.discount);
    if (net.isZero()) return;
    const raw = requireLookupFirst(
      ctx.tables,
      TABLES.freight,
      [s.code ?? s.title, s.title, '*'],
      `${path}/code`,
    );
    if (!/^\d+$/.test(raw))
      throw new MappingError(
        'MAPPING_FAILED',
        `${path}/code`,
        `${TABLES.freight} must map to a numeric ExpenseCode`,
      );
    const tax = requireLookup(
      ctx.tables,
      TABLES.taxCode,
      taxLookupKey(s.taxLines, s.tax, path),
      `${path}/taxLines`,
    );
    const key = `${raw}\u0000${tax}`;
    const g = groups.get(key) ?? { code: Number(raw), tax, amount: dec(0) };
    g.amount = g.amount.plus(net);
    groups.set(key, g);
  });
  return [...groups.values()].map((g) =>
    order.taxesIncluded
      ? { ExpenseCode: g.code, LineGross: jsonNumber(g.amount), TaxCode: g.tax }
      : { ExpenseCode: g.code, LineTotal: jsonNumber(g.amount), TaxCode: g.tax },
  );
}
