import { beforeAll, describe, expect, it } from 'vitest';
import { MappingError, readFixture, type LookupTables } from '../../src/sdk';
import { loadTables } from '../../src/pipeline/tables';
import ebay from './index';
import { TEST_CONFIG } from './test-helpers';

let tables: LookupTables;
beforeAll(async () => {
  tables = await loadTables();
});

function fixture(name: string): Record<string, unknown> {
  const value: unknown = JSON.parse(JSON.stringify(readFixture('ebay', `orders/${name}.json`)));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(name);
  return { ...value };
}

const map = (raw: unknown) =>
  ebay.toCanonical(raw, { connectionId: 'con_test', config: TEST_CONFIG, tables });

describe('ebay mapping', () => {
  it('counts collect-and-remit tax once although eBay lists it in taxes and ebayCollectAndRemitTaxes', () => {
    const draft = map(fixture('us-paid-collect-and-remit'));
    expect(draft.lines.map((l) => l.tax)).toEqual(['3.62', '0.87']);
    expect(draft.totals).toMatchObject({ tax: '4.49', marketplaceTax: '4.49' });
    expect(draft.taxesIncluded).toBe(false);
  });

  it('keeps seller-collected VAT as merchant tax inside VAT-inclusive prices', () => {
    const draft = map(fixture('de-seller-vat-in-progress'));
    expect(draft.taxesIncluded).toBe(true);
    expect(draft.taxLines).toEqual([{ title: 'Tax', amount: '5.10', collectedBy: 'merchant' }]);
    expect(draft.totals.marketplaceTax).toBeUndefined();
    expect(draft.totals.fees).toBe('-1.00');
  });

  it('gives the buyer’s pre-conversion total as presentment', () => {
    const draft = map(fixture('gb-buyer-converted-currency'));
    expect(draft.currency).toBe('USD');
    expect(draft.presentment).toEqual({ currency: 'GBP', total: '25.00' });
  });

  it('maps a completed cancellation with its date, reason and refund', () => {
    const draft = map(fixture('us-cancelled-refunded'));
    expect(draft.status).toMatchObject({
      order: 'cancelled',
      payment: 'refunded',
      cancelledAt: '2026-04-23T10:01:57.000Z',
    });
    expect(draft.totals.refunded).toBe('19.75');
  });

  it('leaves an order open while a cancellation request is pending', () => {
    const draft = map(fixture('de-seller-vat-in-progress'));
    expect(draft.status.order).toBe('open');
    expect(draft.attributes).toMatchObject({ cancelState: 'IN_PROGRESS' });
  });

  it('refuses a refund status it does not know', () => {
    const raw = fixture('us-cancelled-refunded');
    const summary = raw['paymentSummary'];
    if (
      typeof summary !== 'object' ||
      summary === null ||
      !('refunds' in summary) ||
      !Array.isArray(summary.refunds)
    )
      throw new Error('fixture changed');
    summary.refunds[0] = { ...summary.refunds[0], refundStatus: 'REVERSED' };
    expect(() => map(raw)).toThrow(MappingError);
  });

  it('identifies by orderId with lastModifiedDate as revision', () => {
    expect(ebay.identify(fixture('us-paid-collect-and-remit'))).toEqual({
      externalId: '21-13579-24680',
      revision: '2026-05-01T14:05:40.512Z',
    });
  });
});
