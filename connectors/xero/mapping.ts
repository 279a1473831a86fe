import {
  channelCustomer,
  addDays,
  dec,
  jsonNumber,
  localDay,
  missingField,
  requireLookup,
  taxLookupKey,
  type CanonicalOrder,
  type MappingContext,
} from '../../src/sdk';
import { TABLES, type XeroConfig } from './config';

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
  const found = channelCustomer(order, ctx.tables, TABLES.contact);
  if ('id' in found) return { id: found.id };
  const c = order.customer;
  // Xero contact names are unique: the e-mail in the display name keeps two buyers of the same name apart.
  return {
    name: found.name.replace(/\s+/g, ' ').trim().slice(0, 255),
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
      UnitAmount: jsonNumber(l.unitPrice),
      ItemCode: requireLookup(tables, TABLES.item, l.sku, `${path}/sku`),
      AccountCode: requireLookup(
        tables,
        TABLES.account,
        l.giftCard ? 'gift_card' : 'sales',
        `${path}/giftCard`,
      ),
      TaxType: requireLookup(
        tables,
        TABLES.taxType,
        taxLookupKey(l.taxLines, l.tax, path),
        `${path}/taxLines`,
      ),
      ...(dec(l.discount).isZero() ? {} : { DiscountAmount: jsonNumber(l.discount) }),
      LineAmount: jsonNumber(l.total),
    };
  });
  order.shippingLines.forEach((s, i) => {
    const path = `/shippingLines/${i}`;
    const net = dec(s.price).minus(s.discount);
    if (net.isZero()) return;
    items.push({
      Description: s.title,
      Quantity: 1,
      UnitAmount: jsonNumber(s.price),
      AccountCode: requireLookup(tables, TABLES.account, 'shipping', path),
      TaxType: requireLookup(
        tables,
        TABLES.taxType,
        taxLookupKey(s.taxLines, s.tax, path),
        `${path}/taxLines`,
      ),
      ...(dec(s.discount).isZero() ? {} : { DiscountAmount: jsonNumber(s.discount) }),
      LineAmount: jsonNumber(net),
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
