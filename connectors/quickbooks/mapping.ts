import {
  channelCustomer,
  dec,
  jsonNumber,
  localDay,
  missingField,
  MappingError,
  requireLookup,
  requireLookupFirst,
  sum,
  taxLookupKey,
  type Address,
  type CanonicalOrder,
  type MappingContext,
} from '../../src/sdk';
import { TABLES, type QuickBooksConfig } from './config';

export type Ref = { value: string };

/** One transaction line: an item sale or the order's discount. */
export type QboLine =
  | {
      DetailType: 'SalesItemLineDetail';
      Amount: number;
      Description: string;
      SalesItemLineDetail: {
        ItemRef: Ref;
        Qty: number;
        UnitPrice: number;
        TaxCodeRef: Ref;
        TaxInclusiveAmt?: number;
      };
    }
  | {
      DetailType: 'DiscountLineDetail';
      Amount: number;
      Description: string;
      DiscountLineDetail: { PercentBased: false };
    };

export interface QboAddress {
  Line1?: string;
  Line2?: string;
  Line3?: string;
  Line4?: string;
  Line5?: string;
  City?: string;
  CountrySubDivisionCode?: string;
  PostalCode?: string;
  Country: string;
}

/** Invoice / SalesReceipt fields we set; `CustomerRef` is added at delivery, once the customer is known. */
export interface QboTransaction {
  DocNumber: string;
  TxnDate: string;
  CurrencyRef: Ref;
  PrivateNote: string;
  Line: QboLine[];
  GlobalTaxCalculation?: 'TaxInclusive' | 'TaxExcluded';
  TxnTaxDetail?: { TotalTax: number };
  BillEmail?: { Address: string };
  ShipAddr?: QboAddress;
  BillAddr?: QboAddress;
  PaymentMethodRef?: Ref;
  DepositToAccountRef?: Ref;
}

/** Who the transaction is for: a known customer id, or a buyer to find or create by display name. */
export type QboCustomer =
  | { id: string }
  | { displayName: string; givenName?: string; familyName?: string; email?: string; phone?: string };

/** What `fromCanonical` hands to `deliver`. */
export interface QboPayload {
  entity: 'Invoice' | 'SalesReceipt';
  /** The order's identity in QuickBooks across revisions (DocNumber holds 21 characters). */
  docNumber: string;
  revision: number;
  cancelled: boolean;
  customer: QboCustomer;
  transaction: QboTransaction;
}

/** `OH-` + 18 of the order id's 26 base32 characters (90 bits): unique in practice, and within 21 characters. */
export function docNumberOf(orderId: string): string {
  return `OH-${orderId.slice(4, 22)}`;
}

function address(a: Address | null): QboAddress | undefined {
  if (!a) return undefined;
  const name = a.name ?? ([a.firstName, a.lastName].filter(Boolean).join(' ') || null);
  const lines = [name, a.company, a.line1, a.line2, a.district].filter((v): v is string => Boolean(v));
  const out: QboAddress = { Country: a.countryCode };
  (['Line1', 'Line2', 'Line3', 'Line4', 'Line5'] as const).forEach((k, i) => {
    const v = lines[i];
    if (v) out[k] = v;
  });
  if (a.city) out.City = a.city;
  if (a.provinceCode ?? a.province) out.CountrySubDivisionCode = a.provinceCode ?? a.province ?? undefined;
  if (a.postalCode) out.PostalCode = a.postalCode;
  return out;
}

/** QuickBooks display names may not hold `:` (it separates sub-customers) nor tabs or line breaks. */
function cleanName(value: string): string {
  return value
    .replace(/[:\t\r\n]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100);
}

function customerOf(order: CanonicalOrder, ctx: MappingContext<QuickBooksConfig>): QboCustomer {
  if (ctx.config.customerId) return { id: ctx.config.customerId };
  const found = channelCustomer(order, ctx.tables, TABLES.customer);
  if ('id' in found) return { id: found.id };
  const c = order.customer;
  return {
    displayName: cleanName(found.name),
    ...(c.firstName ? { givenName: c.firstName } : {}),
    ...(c.lastName ? { familyName: c.lastName } : {}),
    ...(c.email ? { email: c.email } : {}),
    ...(c.phone ? { phone: c.phone } : {}),
  };
}

/**
 * Builds the QuickBooks transaction. Pure: items, tax codes and customers come from config or lookup tables; a
 * missing one is a MappingError naming table and key. Line amounts are before discount (QuickBooks checks
 * Amount = Qty × UnitPrice); the order's goods discount is one discount line.
 */
export function toQboPayload(order: CanonicalOrder, ctx: MappingContext<QuickBooksConfig>): QboPayload {
  const { config, tables } = ctx;
  const us = config.taxModel === 'us';
  const inclusive = order.taxesIncluded;
  if (us && inclusive)
    throw new MappingError(
      'MAPPING_FAILED',
      '/taxesIncluded',
      'US QuickBooks companies take no tax-inclusive prices',
    );
  const taxCode = (taxLines: Parameters<typeof taxLookupKey>[0], tax: string, path: string): Ref => ({
    value: us
      ? dec(tax).isZero()
        ? 'NON'
        : 'TAX'
      : requireLookup(tables, TABLES.taxCode, taxLookupKey(taxLines, tax, path), `${path}/taxLines`),
  });
  const lines: QboLine[] = order.lines.map((l, i) => {
    const path = `/lines/${i}`;
    if (!l.sku) throw missingField(`${path}/sku`);
    const amount = jsonNumber(dec(l.unitPrice).times(l.quantity));
    return {
      DetailType: 'SalesItemLineDetail',
      Amount: amount,
      Description: (l.variantName ? `${l.name} - ${l.variantName}` : l.name).slice(0, 4000),
      SalesItemLineDetail: {
        ItemRef: { value: requireLookup(tables, TABLES.item, l.sku, `${path}/sku`) },
        Qty: l.quantity,
        UnitPrice: jsonNumber(l.unitPrice),
        TaxCodeRef: taxCode(l.taxLines, l.tax, path),
        ...(inclusive ? { TaxInclusiveAmt: amount } : {}),
      },
    };
  });
  const discount = sum(order.lines.map((l) => l.discount));
  if (!discount.isZero())
    lines.push({
      DetailType: 'DiscountLineDetail',
      Amount: jsonNumber(discount),
      Description: 'Discounts',
      DiscountLineDetail: { PercentBased: false },
    });
  order.shippingLines.forEach((s, i) => {
    const path = `/shippingLines/${i}`;
    const net = dec(s.price).minus(s.discount);
    if (net.isZero()) return;
    const item = requireLookupFirst(
      tables,
      TABLES.item,
      [`shipping:${s.code ?? s.title}`, `shipping:${s.title}`, 'shipping:*'],
      `${path}/code`,
    );
    lines.push({
      DetailType: 'SalesItemLineDetail',
      Amount: jsonNumber(net),
      Description: s.title,
      SalesItemLineDetail: {
        ItemRef: { value: item },
        Qty: 1,
        UnitPrice: jsonNumber(net),
        TaxCodeRef: taxCode(s.taxLines, s.tax, path),
        ...(inclusive ? { TaxInclusiveAmt: jsonNumber(net) } : {}),
      },
    });
  });
  const salesReceipt = config.transactionType === 'salesReceipt';
  const ship = address(order.shippingAddress);
  const bill = address(order.billingAddress);
  const merchantTax = dec(order.totals.tax).minus(order.totals.marketplaceTax ?? '0');
  const transaction: QboTransaction = {
    DocNumber: docNumberOf(order.id),
    TxnDate: localDay(order.placedAt, order.originalOffset),
    CurrencyRef: { value: order.currency },
    PrivateNote: `${order.channel.connector} order ${order.channel.orderNumber} (${order.id})`,
    Line: lines,
    ...(us
      ? { TxnTaxDetail: { TotalTax: jsonNumber(merchantTax) } }
      : { GlobalTaxCalculation: inclusive ? 'TaxInclusive' : 'TaxExcluded' }),
    ...(order.customer.email && (order.customer.pii ?? 'none') === 'none'
      ? { BillEmail: { Address: order.customer.email } }
      : {}),
    ...(ship ? { ShipAddr: ship } : {}),
    ...(bill ? { BillAddr: bill } : {}),
    ...(salesReceipt && config.paymentMethodId
      ? { PaymentMethodRef: { value: config.paymentMethodId } }
      : {}),
    ...(salesReceipt && config.depositAccountId
      ? { DepositToAccountRef: { value: config.depositAccountId } }
      : {}),
  };
  return {
    entity: salesReceipt ? 'SalesReceipt' : 'Invoice',
    docNumber: transaction.DocNumber,
    revision: order.revision,
    cancelled: order.status.order === 'cancelled',
    customer: customerOf(order, ctx),
    transaction,
  };
}
