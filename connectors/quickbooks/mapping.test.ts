import { describe, expect, it } from 'vitest';
import { mappingFailure } from '../../src/sdk';
import { docNumberOf } from './mapping';
import { payloadOf } from './test-helpers';

describe('quickbooks mapping', () => {
  it('DocNumber is derived from the order id, stable across revisions and within 21 characters', () => {
    const a = payloadOf('us-web');
    const b = payloadOf('us-web', (o) => ({ ...o, revision: 5 }));
    expect(a.docNumber).toBe(docNumberOf('ord_gd0p6yatnfpdjegqqzvrzzt15n'));
    expect(a.docNumber).toBe(b.docNumber);
    expect(a.docNumber.length).toBeLessThanOrEqual(21);
  });

  it('lines are before discount; the discount is one line; free shipping is left out', () => {
    const p = payloadOf('us-shipping-discount');
    const kinds = p.transaction.Line.map((l) => [l.DetailType, l.Amount]);
    expect(kinds).toEqual([
      ['SalesItemLineDetail', 420],
      ['SalesItemLineDetail', 70],
      ['DiscountLineDetail', 7],
      ['SalesItemLineDetail', 25],
    ]);
  });

  it('tax-inclusive orders: GlobalTaxCalculation TaxInclusive and TaxInclusiveAmt on lines', () => {
    const p = payloadOf('eu-tax-inclusive');
    expect(p.transaction.GlobalTaxCalculation).toBe('TaxInclusive');
    const first = p.transaction.Line[0];
    expect(first?.DetailType === 'SalesItemLineDetail' && first.SalesItemLineDetail.TaxInclusiveAmt).toBe(
      first?.Amount,
    );
  });

  it('US tax model: TAX/NON codes and the order’s tax as TotalTax; tax-inclusive refused', () => {
    const p = payloadOf('us-web', (o) => o, { taxModel: 'us' });
    expect(p.transaction.GlobalTaxCalculation).toBeUndefined();
    expect(p.transaction.TxnTaxDetail).toEqual({ TotalTax: 5.58 });
    const codes = p.transaction.Line.flatMap((l) =>
      l.DetailType === 'SalesItemLineDetail' ? [l.SalesItemLineDetail.TaxCodeRef.value] : [],
    );
    expect(codes).toEqual(['TAX', 'TAX', 'NON', 'NON']);
    expect(mappingFailure(() => payloadOf('eu-tax-inclusive', (o) => o, { taxModel: 'us' })).path).toBe(
      '/taxesIncluded',
    );
  });

  it('sales receipts carry payment method and deposit account', () => {
    const p = payloadOf('us-web', (o) => o, {
      transactionType: 'salesReceipt',
      paymentMethodId: '3',
      depositAccountId: '4',
    });
    expect(p.entity).toBe('SalesReceipt');
    expect(p.transaction).toMatchObject({
      PaymentMethodRef: { value: '3' },
      DepositToAccountRef: { value: '4' },
    });
  });

  it('customers: config id, channel table, else the buyer by display name (colons removed)', () => {
    expect(payloadOf('us-web', (o) => o, { customerId: '9' }).customer).toEqual({ id: '9' });
    expect(payloadOf('cn-address').customer).toEqual({ id: '58' });
    const named = payloadOf('us-web', (o) => ({ ...o, customer: { ...o.customer, name: 'Acme: West' } }));
    expect(named.customer).toMatchObject({ displayName: 'Acme West (carlos.rodriguez65@example.com)' });
  });

  it('a masked buyer without a channel customer is a MappingError naming the table', () => {
    const error = mappingFailure(() =>
      payloadOf('cn-address', (o) => ({ ...o, channel: { ...o.channel, storeId: 'cn-2' } })),
    );
    expect(error.message).toContain('personal data masked');
    expect(error.message).toContain('quickbooks-customer');
  });

  it('unknown SKU or tax title names table and key', () => {
    const sku = mappingFailure(() =>
      payloadOf('us-web', (o) => ({ ...o, lines: o.lines.map((l) => ({ ...l, sku: 'NOPE' })) })),
    );
    expect(sku.message).toBe('no entry "NOPE" in lookup table quickbooks-item');
    const tax = mappingFailure(() =>
      payloadOf('eu-tax-inclusive', (o) => ({
        ...o,
        shippingLines: o.shippingLines.map((s) => ({
          ...s,
          taxLines: [{ title: 'IVA 21%', amount: s.tax }],
        })),
      })),
    );
    expect(tax.message).toBe('no entry "IVA 21%" in lookup table quickbooks-tax-code');
  });
});
