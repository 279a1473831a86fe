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
import type { NetSuiteConfig } from './config';

/** A reference to another record by internal id. */
export interface Ref {
  id: string;
}

/** Address subrecord of a sales order. */
export interface NetSuiteAddress {
  addressee?: string;
  attention?: string;
  addr1?: string;
  addr2?: string;
  addr3?: string;
  city?: string;
  state?: string;
  zip?: string;
  country: Ref;
  addrPhone?: string;
}

/** One line of the `item` sublist. */
export interface NetSuiteItemLine {
  item: Ref;
  quantity: number;
  /** Custom price level (`-1`), so NetSuite keeps our amount instead of pricing from its price list. */
  price: Ref;
  /** Net line amount after line discounts (and without tax for tax-inclusive orders). */
  amount: number;
  description: string;
  taxCode: Ref;
  /** Set on every line when the order is cancelled: a sales order with all lines closed is Closed. */
  isClosed?: boolean;
}

/** The sales order record as the REST record service takes it. */
export interface NetSuiteSalesOrder {
  externalId: string;
  entity: Ref;
  subsidiary?: Ref;
  location?: Ref;
  currency: Ref;
  tranDate: string;
  otherRefNum: string;
  memo: string;
  email?: string;
  shipMethod?: Ref;
  shippingCost: number;
  shippingAddress?: NetSuiteAddress;
  billingAddress?: NetSuiteAddress;
  discountItem?: Ref;
  discountRate?: number;
  item: { items: NetSuiteItemLine[] };
}

/** What `deliver` sends: the upsert key and the record. */
export interface NetSuitePayload {
  externalId: string;
  record: NetSuiteSalesOrder;
}

/** Lookup tables, each `mappings/<name>.json`. */
export const TABLES = {
  item: 'netsuite-item',
  customer: 'netsuite-customer',
  currency: 'netsuite-currency',
  shipMethod: 'netsuite-ship-method',
  taxCode: 'netsuite-tax-code',
} as const;

/** Looks a key up or throws a MappingError naming the table and key (never a default). */
export function need(tables: LookupTables, table: string, key: string, path: string): string {
  const value = lookup(tables, table, key);
  if (value === undefined || value === '') {
    throw new MappingError(
      'MAPPING_UNKNOWN_VALUE',
      path,
      `no entry "${key}" in lookup table ${table} (add it to mappings/${table}.json)`,
    );
  }
  return value;
}

/** The line's tax-code key: its tax-line titles joined with ` + `, or `none` for an untaxed line. */
export function taxKey(line: Pick<Line, 'tax' | 'taxLines'>, path: string): string {
  const titles = (line.taxLines ?? []).map((t) => t.title);
  if (titles.length === 0) {
    if (!dec(line.tax).isZero()) throw missingField(`${path}/taxLines`);
    return 'none';
  }
  return titles.join(' + ');
}

const text = (v: string | null | undefined): string | undefined => (v ? v : undefined);

function address(a: Address): NetSuiteAddress {
  const name = text(a.name) ?? (text([a.firstName, a.lastName].filter(Boolean).join(' ')) || undefined);
  const company = text(a.company);
  const fields: Omit<NetSuiteAddress, 'country'> = {
    addressee: company ?? name,
    attention: company ? name : undefined,
    addr1: text(a.line1),
    addr2: text(a.line2),
    addr3: text(a.district),
    city: text(a.city),
    state: text(a.provinceCode) ?? text(a.province),
    zip: text(a.postalCode),
    addrPhone: text(a.phone),
  };
  const out: NetSuiteAddress = { country: { id: a.countryCode } };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) Object.assign(out, { [k]: v });
  return out;
}

function customerId(order: CanonicalOrder, ctx: MappingContext<NetSuiteConfig>): string {
  if (ctx.config.customerId) return ctx.config.customerId;
  const { connector, storeId } = order.channel;
  const specific = storeId ? lookup(ctx.tables, TABLES.customer, `${connector}:${storeId}`) : undefined;
  return specific || need(ctx.tables, TABLES.customer, connector, '/channel/connector');
}

/**
 * Builds the sales order. Pure. Every reference (customer, currency, items, ship method, tax codes) comes from
 * config or a lookup table; a missing entry throws a MappingError naming the table and key.
 */
export function toSalesOrder(order: CanonicalOrder, ctx: MappingContext<NetSuiteConfig>): NetSuitePayload {
  const { tables, config } = ctx;
  const net = (total: string, tax: string) => (order.taxesIncluded ? dec(total).minus(tax) : dec(total));
  const items = order.lines.map((line, i): NetSuiteItemLine => {
    const path = `/lines/${i}`;
    if (!line.sku) throw missingField(`${path}/sku`);
    return {
      item: { id: need(tables, TABLES.item, line.sku, `${path}/sku`) },
      quantity: line.quantity,
      price: { id: '-1' },
      amount: net(line.total, line.tax).toNumber(),
      description: line.variantName ? `${line.name} – ${line.variantName}` : line.name,
      taxCode: { id: need(tables, TABLES.taxCode, taxKey(line, path), `${path}/taxLines`) },
    };
  });
  const shipping = sum(order.shippingLines.map((s) => net(dec(s.price).minus(s.discount).toString(), s.tax)));
  const methodKey =
    order.fulfillment?.requestedService ?? order.shippingLines[0]?.code ?? order.shippingLines[0]?.title;
  const allocated = sum([
    ...order.lines.map((l) => l.discount),
    ...order.shippingLines.map((s) => s.discount),
  ]);
  const unallocated = dec(order.totals.discount).minus(allocated);
  if (unallocated.isPositive() && !unallocated.isZero() && !config.discountItemId) {
    throw new MappingError(
      'MAPPING_UNKNOWN_VALUE',
      '/totals/discount',
      'the order has a discount not spread over its lines: set discountItemId on the NetSuite connection',
    );
  }
  const record: NetSuiteSalesOrder = {
    externalId: order.id,
    entity: { id: customerId(order, ctx) },
    ...(config.subsidiaryId ? { subsidiary: { id: config.subsidiaryId } } : {}),
    ...(config.locationId ? { location: { id: config.locationId } } : {}),
    currency: { id: need(tables, TABLES.currency, order.currency, '/currency') },
    tranDate: localDay(order.placedAt, order.originalOffset),
    otherRefNum: order.channel.orderNumber,
    memo: `${order.channel.connector} order ${order.channel.orderNumber}`,
    ...(order.customer.email ? { email: order.customer.email } : {}),
    ...(methodKey
      ? { shipMethod: { id: need(tables, TABLES.shipMethod, methodKey, '/fulfillment/requestedService') } }
      : {}),
    shippingCost: shipping.toNumber(),
    ...(order.shippingAddress ? { shippingAddress: address(order.shippingAddress) } : {}),
    ...(order.billingAddress ? { billingAddress: address(order.billingAddress) } : {}),
    ...(unallocated.isPositive() && !unallocated.isZero() && config.discountItemId
      ? { discountItem: { id: config.discountItemId }, discountRate: unallocated.negated().toNumber() }
      : {}),
    item: { items },
  };
  return { externalId: order.id, record };
}
