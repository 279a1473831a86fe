import { describe, expect, it } from 'vitest';
import { mappingFailure } from '../../src/sdk';
import { payloadOf } from './test-helpers';

describe('xero mapping', () => {
  it('Reference is the hub order id; LineAmountTypes follows taxesIncluded', () => {
    const us = payloadOf('us-web');
    expect(us.invoice.Reference).toBe('ord_gd0p6yatnfpdjegqqzvrzzt15n');
    expect(us.invoice.LineAmountTypes).toBe('Exclusive');
    expect(payloadOf('eu-tax-inclusive').invoice.LineAmountTypes).toBe('Inclusive');
  });

  it('line discounts as DiscountAmount; a fully discounted shipping line is left out', () => {
    const p = payloadOf('us-shipping-discount');
    expect(p.invoice.LineItems.map((l) => [l.Description, l.LineAmount, l.DiscountAmount])).toEqual([
      ['Standing Desk Frame - Black - Black', 420, undefined],
      ['Desk Lamp', 63, 7],
      ['UPS Freight', 25, undefined],
    ]);
  });

  it('gift cards book to the gift_card account; status and due date follow config', () => {
    const p = payloadOf('eu-multi-currency', (o) => o, { invoiceStatus: 'DRAFT', paymentTermsDays: 30 });
    expect(p.invoice.LineItems[1]).toMatchObject({ ItemCode: 'GC-25', AccountCode: '835' });
    expect(p.invoice).toMatchObject({
      Status: 'DRAFT',
      Date: '2026-01-05',
      DueDate: '2026-02-04',
      CurrencyCode: 'EUR',
    });
  });

  it('masked buyers need a channel contact; unknown lookups name table and key', () => {
    expect(payloadOf('cn-address').contact).toEqual({ id: '6c1f2a4e-8d3b-4f0a-9e27-5b8c1d0e7a31' });
    const masked = mappingFailure(() =>
      payloadOf('cn-address', (o) => ({ ...o, channel: { ...o.channel, storeId: 'x' } })),
    );
    expect(masked.message).toContain('xero-contact');
    const sku = mappingFailure(() =>
      payloadOf('us-web', (o) => ({ ...o, lines: o.lines.map((l) => ({ ...l, sku: 'NOPE' })) })),
    );
    expect(sku.message).toBe('no entry "NOPE" in lookup table xero-item');
  });
});
