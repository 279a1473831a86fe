import {
  dec,
  lookup,
  MappingError,
  missingField,
  sum,
  type CanonicalOrder,
  type LookupTables,
  type MappingContext,
  type TaxLine,
} from '../../src/sdk';
import type { OdooConfig } from './config';

/** Many2many "replace with these ids" command. */
export type TaxCommand = [6, 0, number[]];

/** Values of one `sale.order.line`. */
export interface OdooLineVals {
  /** Null when `productLookup` is `default_code`: deliver searches it by the line's SKU. */
  product_id: number | null;
  name: string;
  product_uom_qty: number;
  price_unit: number;
  /** Percent, as Odoo takes it. */
  discount: number;
  tax_ids?: TaxCommand[];
  tax_id?: TaxCommand[];
}

/** One2many "create" command. */
export type LineCommand = [0, 0, OdooLineVals];

/** `sale.order` create values, less `partner_id` (found or created by e-mail in deliver). */
export interface OdooOrderVals {
  client_order_ref: string;
  origin: string;
  date_order: string;
  pricelist_id: number;
  warehouse_id?: number;
  order_line: LineCommand[];
}

/** Contact data for the partner search / creation. */
export interface OdooPartnerData {
  name: string;
  email: string | null;
  phone?: string;
  street?: string;
  street2?: string;
  city?: string;
  zip?: string;
  countryCode?: string;
}

/** What `deliver` works from. */
export interface OdooPayload {
  /** The hub order id, stored as `client_order_ref`: the order's identity in Odoo. */
  clientOrderRef: string;
  revision: number;
  cancelled: boolean;
  partner: OdooPartnerData;
  /** SKU per `order_line` entry, for `default_code` searches (null for shipping / discount lines). */
  lineSkus: (string | null)[];
  vals: OdooOrderVals;
}

export const TABLES = {
  product: 'odoo-product',
  shippingProduct: 'odoo-shipping-product',
  tax: 'odoo-tax',
  pricelist: 'odoo-pricelist',
} as const;

function needId(tables: LookupTables, table: string, key: string, path: string): number {
  const value = lookup(tables, table, key);
  if (value === undefined || !/^[1-9][0-9]*$/.test(value)) {
    throw new MappingError(
      'MAPPING_UNKNOWN_VALUE',
      path,
      `no id for "${key}" in lookup table ${table} (add it to mappings/${table}.json)`,
    );
  }
  return Number(value);
}

/** Odoo tax ids of some tax lines; tax-inclusive orders use the `<title> (included)` keys (price-included taxes). */
function taxIds(
  tables: LookupTables,
  lines: TaxLine[] | undefined,
  tax: string,
  included: boolean,
  path: string,
) {
  const list = lines ?? [];
  if (list.length === 0 && !dec(tax).isZero()) throw missingField(`${path}/taxLines`);
  return list.map((t, i) =>
    needId(tables, TABLES.tax, included ? `${t.title} (included)` : t.title, `${path}/taxLines/${i}/title`),
  );
}

/** Discount as a percentage of the gross line amount, to 4 places (Odoo's own precision may round further). */
function percent(discount: string, gross: string): number {
  const base = dec(gross);
  return base.isZero() ? 0 : dec(discount).div(base).times(100).toDecimalPlaces(4).toNumber();
}

const text = (v: string | null | undefined): string | undefined => (v ? v : undefined);

/** Builds the order plan. Pure; ids come from lookup tables or config, a missing one is a MappingError. */
export function toOdooOrder(order: CanonicalOrder, ctx: MappingContext<OdooConfig>): OdooPayload {
  const { tables, config } = ctx;
  const taxField = config.lineTaxField ?? (config.protocol === 'jsonrpc' ? 'tax_id' : 'tax_ids');
  const taxes = (ids: number[]) => ({ [taxField]: [[6, 0, ids] satisfies TaxCommand] });
  const byCode = config.productLookup === 'default_code';
  const lineSkus: (string | null)[] = [];
  const commands: LineCommand[] = order.lines.map((line, i) => {
    const path = `/lines/${i}`;
    if (!line.sku) throw missingField(`${path}/sku`);
    lineSkus.push(line.sku);
    const gross = dec(line.unitPrice).times(line.quantity).toString();
    return [
      0,
      0,
      {
        product_id: byCode ? null : needId(tables, TABLES.product, line.sku, `${path}/sku`),
        name: line.variantName ? `${line.name} – ${line.variantName}` : line.name,
        product_uom_qty: line.quantity,
        price_unit: dec(line.unitPrice).toNumber(),
        discount: percent(line.discount, gross),
        ...taxes(taxIds(tables, line.taxLines, line.tax, order.taxesIncluded, path)),
      },
    ];
  });
  order.shippingLines.forEach((s, i) => {
    const path = `/shippingLines/${i}`;
    lineSkus.push(null);
    commands.push([
      0,
      0,
      {
        product_id: needId(tables, TABLES.shippingProduct, s.code ?? s.title, `${path}/code`),
        name: s.title,
        product_uom_qty: 1,
        price_unit: dec(s.price).toNumber(),
        discount: percent(s.discount, s.price),
        ...taxes(taxIds(tables, s.taxLines, s.tax, order.taxesIncluded, path)),
      },
    ]);
  });
  const spread = sum([...order.lines.map((l) => l.discount), ...order.shippingLines.map((s) => s.discount)]);
  const unspread = dec(order.totals.discount).minus(spread);
  if (unspread.greaterThan(0)) {
    if (!config.discountProductId) {
      throw new MappingError(
        'MAPPING_UNKNOWN_VALUE',
        '/totals/discount',
        'the order has a discount not spread over its lines: set discountProductId on the Odoo connection',
      );
    }
    lineSkus.push(null);
    commands.push([
      0,
      0,
      {
        product_id: config.discountProductId,
        name: 'Discount',
        product_uom_qty: 1,
        price_unit: unspread.negated().toNumber(),
        discount: 0,
        ...taxes([]),
      },
    ]);
  }
  const address = order.shippingAddress ?? order.billingAddress;
  const c = order.customer;
  const name =
    text(c.name) ??
    text([c.firstName, c.lastName].filter(Boolean).join(' ')) ??
    text(address?.name) ??
    `${order.channel.connector} customer`;
  const partner: OdooPartnerData = { name, email: c.email };
  const extra = {
    phone: text(c.phone) ?? text(address?.phone),
    street: text(address?.line1),
    street2: text([address?.line2, address?.district].filter(Boolean).join(', ')),
    city: text(address?.city),
    zip: text(address?.postalCode),
    countryCode: text(address?.countryCode),
  };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) Object.assign(partner, { [k]: v });
  return {
    clientOrderRef: order.id,
    revision: order.revision,
    cancelled: order.status.order === 'cancelled',
    partner,
    lineSkus,
    vals: {
      client_order_ref: order.id,
      origin: `${order.channel.connector} ${order.channel.orderNumber}`,
      date_order: order.placedAt.slice(0, 19).replace('T', ' '),
      pricelist_id: needId(tables, TABLES.pricelist, order.currency, '/currency'),
      ...(config.warehouseId ? { warehouse_id: config.warehouseId } : {}),
      order_line: commands,
    },
  };
}
