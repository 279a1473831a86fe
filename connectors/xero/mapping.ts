import {
  dec,
  lookup,
  missingField,
  MappingError,
  type CanonicalOrder,
  type MappingContext,
} from '../../src/sdk';
import { TABLES, type XeroConfig } from './config';
import { addDays, channelKeys, localDay, num, required, taxKey } from './lookups';

export interface XeroLineItem {
  Description: string;
  Quantity: number;
  UnitAmount: number;
  ItemCode?: string;
  AccountCode: string;
  TaxType: string;
  DiscountAmount?: number;
  /** Quantity × UnitAmount − DiscountAmount, tax-inclusive or not as LineAmountTypes says. */
  LineAmount: number;
}

/** The ACCREC invoice, without `Contact` (resolved at delivery). */
export interface XeroInvoice {
  Type: 'ACCREC';
  Date: string;
  DueDate: string;
  Reference: string;
  CurrencyCode: string;
  LineAmountTypes: 'Inclusive' | 'Exclusive';
  Status: 'AUTHORISED' | 'DRAFT';
  LineItems: XeroLineItem[];
}

export type XeroContact =
  { id: string } | { name: string; firstName?: string; lastName?: string; email?: string };

/** What `fromCanonical` hands to `deliver`. */
export interface XeroPayload {
  /** `Reference`: the hub order id, the invoice's identity in Xero across revisions. */
  reference: string;
  revision: number;
  cancelled: boolean;
  contact: XeroContact;
  invoice: XeroInvoice;
}

function contactOf(order: CanonicalOrder, ctx: MappingContext<XeroConfig>): XeroContact {
  if (ctx.config.contactId) return { id: ctx.config.contactId };
  for (const key of channelKeys(order)) {
    const id = lookup(ctx.tables, TABLES.contact, key);
    if (id !== undefined) return { id };
  }
  const c = order.customer;
  const name = c.name ?? ([c.firstName, c.lastName].filter(Boolean).join(' ') || null);
  const clear = c.pii === undefined || c.pii === 'none';
  // Xero contact names are unique: the e-mail keeps two buyers of the same name apart.
  const display = name && c.email ? `${name} (${c.email})` : (name ?? c.email);
  if (!clear || !display) {
    throw new MappingError(
      'MAPPING_UNKNOWN_VALUE',
      '/customer',
      `the buyer cannot be named (${clear ? 'no name or email' : `personal data ${c.pii}`}) and lookup table ${TABLES.contact} has none of ${channelKeys(
        order,
      )
        .map((k) => `"${k}"`)
        .join(', ')}`,
    );
  }
  return {
    name: display.replace(/\s+/g, ' ').trim().slice(0, 255),
    ...(c.firstName ? { firstName: c.firstName } : {}),
    ...(c.lastName ? { lastName: c.lastName } : {}),
    ...(c.email ? { email: c.email } : {}),
  };
}

/**
 * Builds the Xero sales invoice. Pure: item codes, account codes, tax types and contacts come from config or
 * lookup tables; a missing one is a MappingError naming table and key. Xero computes the tax from TaxType.
 */
export function toXeroPayload(order: CanonicalOrder, ctx: MappingContext<XeroConfig>): XeroPayload {
  const { tables } = ctx;
  const items: XeroLineItem[] = order.lines.map((l, i) => {
    const path = `/lines/${i}`;
    if (!l.sku) throw missingField(`${path}/sku`);
    return {
      Description: (l.variantName ? `${l.name} - ${l.variantName}` : l.name).slice(0, 4000),
      Quantity: l.quantity,
      UnitAmount: num(l.unitPrice),
      ItemCode: required(tables, TABLES.item, l.sku, `${path}/sku`),
      AccountCode: required(tables, TABLES.account, l.giftCard ? 'gift_card' : 'sales', `${path}/giftCard`),
      TaxType: required(tables, TABLES.taxType, taxKey(l.taxLines, l.tax, path), `${path}/taxLines`),
      ...(dec(l.discount).isZero() ? {} : { DiscountAmount: num(l.discount) }),
      LineAmount: num(l.total),
    };
  });
  order.shippingLines.forEach((s, i) => {
    const path = `/shippingLines/${i}`;
    const net = dec(s.price).minus(s.discount);
    if (net.isZero()) return;
    items.push({
      Description: s.title,
      Quantity: 1,
      UnitAmount: num(s.price),
      AccountCode: required(tables, TABLES.account, 'shipping', path),
      TaxType: required(tables, TABLES.taxType, taxKey(s.taxLines, s.tax, path), `${path}/taxLines`),
      ...(dec(s.discount).isZero() ? {} : { DiscountAmount: num(s.discount) }),
      LineAmount: num(net),
    });
  });
  const day = localDay(order.placedAt, order.originalOffset);
  return {
    reference: order.id,
    revision: order.revision,
    cancelled: order.status.order === 'cancelled',
    contact: contactOf(order, ctx),
    invoice: {
      Type: 'ACCREC',
      Date: day,
      DueDate: addDays(day, ctx.config.paymentTermsDays ?? 0),
      Reference: order.id,
      CurrencyCode: order.currency,
      LineAmountTypes: order.taxesIncluded ? 'Inclusive' : 'Exclusive',
      Status: ctx.config.invoiceStatus ?? 'AUTHORISED',
      LineItems: items,
    },
  };
}
