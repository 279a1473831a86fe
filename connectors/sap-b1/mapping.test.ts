import { describe, expect, it } from 'vitest';
import { mappingFailure } from '../../src/sdk';
import sapB1 from './index';
import { canonical, payloadOf, tables, TEST_CONFIG } from './test-helpers';

describe('sap-b1 mapping', () => {
  it('uses the hub order id as NumAtCard and the channel-local day as DocDate', () => {
    const p = payloadOf('cn-address');
    expect(p.numAtCard).toBe('ord_2a44zt4ndxt763dkdv2zw0hqha');
    expect(p.document.NumAtCard).toBe(p.numAtCard);
    expect(p.document.DocDate).toBe('2026-01-05');
    // Placed 23:30 UTC = the next day in Shanghai.
    const late = payloadOf('cn-address', (o) => ({ ...o, placedAt: '2026-01-05T23:30:00.000Z' }));
    expect(late.document.DocDate).toBe('2026-01-06');
    expect(p.document.AddressExtension).toMatchObject({ ShipToBlock: '南山区', ShipToCity: '深圳市' });
  });

  it('config cardCode and warehouseCode win over the lookup tables', () => {
    const p = sapB1.fromCanonical(canonical('us-web'), {
      connectionId: 'con_test',
      config: { ...TEST_CONFIG, cardCode: 'C99999', warehouseCode: 'WH9', dueDays: 14 },
      tables,
    });
    expect(p.document.CardCode).toBe('C99999');
    expect(p.document.DocumentLines.every((l) => l.WarehouseCode === 'WH9')).toBe(true);
    expect(p.document.DocDueDate).toBe('2026-01-19');
  });

  it('a SKU missing from sap-b1-item is a MappingError naming table and key', () => {
    const error = mappingFailure(() =>
      payloadOf('us-web', (o) => ({
        ...o,
        lines: o.lines.map((l, i) => (i === 1 ? { ...l, sku: 'NEW-SKU-1' } : l)),
      })),
    );
    expect(error.code).toBe('MAPPING_UNKNOWN_VALUE');
    expect(error.path).toBe('/lines/1/sku');
    expect(error.message).toContain('"NEW-SKU-1" in lookup table sap-b1-item');
  });

  it('a line without SKU, an unknown currency or tax title, or a taxed line without breakdown are refused', () => {
    expect(
      mappingFailure(() =>
        payloadOf('us-web', (o) => ({ ...o, lines: o.lines.map((l) => ({ ...l, sku: null })) })),
      ).code,
    ).toBe('MAPPING_MISSING_FIELD');
    expect(mappingFailure(() => payloadOf('us-web', (o) => ({ ...o, currency: 'CHF' }))).message).toContain(
      'sap-b1-currency',
    );
    const noBreakdown = mappingFailure(() =>
      payloadOf('us-web', (o) => ({ ...o, lines: o.lines.map((l) => ({ ...l, taxLines: [] })) })),
    );
    expect(noBreakdown.path).toBe('/lines/0/taxLines');
    const unknownTax = mappingFailure(() =>
      payloadOf('eu-multi-currency', (o) => ({
        ...o,
        lines: o.lines.map((l) => ({
          ...l,
          taxLines: (l.taxLines ?? []).map((t) => ({ ...t, title: 'MwSt 19%' })),
        })),
      })),
    );
    expect(unknownTax.message).toContain('"MwSt 19%" in lookup table sap-b1-tax-code');
  });

  it('no customer for the channel: a MappingError listing every key tried', () => {
    const error = mappingFailure(() =>
      payloadOf('us-web', (o) => ({
        ...o,
        channel: { ...o.channel, connector: 'woocommerce', storeId: 'de' },
      })),
    );
    expect(error.message).toBe(
      'no entry for any of "con_test", "woocommerce/de", "woocommerce", "*" in lookup table sap-b1-customer',
    );
  });

  it('tax-inclusive orders carry gross prices after discount; exclusive ones net price and discount percent', () => {
    const incl = payloadOf('eu-tax-inclusive').document;
    expect(incl.DocumentLines.every((l) => l.PriceAfterVAT !== undefined && l.UnitPrice === undefined)).toBe(
      true,
    );
    expect(incl.DocumentAdditionalExpenses).toEqual([{ ExpenseCode: 1, LineGross: 14.9, TaxCode: 'S20' }]);
    const excl = payloadOf('us-shipping-discount').document;
    expect(excl.DocumentLines[1]).toMatchObject({ UnitPrice: 35, DiscountPercent: 10 });
    // The fully discounted shipping line adds nothing; the taxed one keeps its own tax code.
    expect(excl.DocumentAdditionalExpenses).toEqual([{ ExpenseCode: 1, LineTotal: 25, TaxCode: 'PA' }]);
  });

  it('marks a cancelled order so delivery cancels it in B1', () => {
    expect(
      payloadOf('us-web', (o) => ({ ...o, status: { ...o.status, order: 'cancelled' } })).cancelled,
    ).toBe(true);
  });
});
