import { beforeAll, describe, expect, it } from 'vitest';
import { MappingError, mappingFailure, type LookupTables } from '../../src/sdk';
import { loadTables } from '../../src/pipeline/tables';
import amazon from './index';
import { mappingContext, rawRecord } from './test-helpers';

let tables: LookupTables;
beforeAll(async () => {
  tables = await loadTables();
});

function map(record: unknown) {
  return amazon.toCanonical(record, mappingContext(tables));
}

const mappingError = (record: unknown): MappingError => mappingFailure(() => map(record));

describe('amazon-sp mapping', () => {
  it('identifies by AmazonOrderId with LastUpdateDate as revision', () => {
    expect(amazon.identify(rawRecord('us-unshipped-facilitator-tax'))).toEqual({
      externalId: '113-4821907-5519432',
      revision: '2026-03-02T18:12:44Z',
    });
  });

  it('derives the unit price from ItemPrice (all units) without losing cents', () => {
    const record = rawRecord('us-unshipped-facilitator-tax');
    const item = record.items[1];
    if (!item) throw new Error('fixture changed');
    record.items[1] = { ...item, QuantityOrdered: 3, ItemPrice: { CurrencyCode: 'USD', Amount: '10.00' } };
    record.order['OrderTotal'] = { CurrencyCode: 'USD', Amount: '54.72' };
    const line = map(record).lines[1];
    expect(line).toMatchObject({ quantity: 3, unitPrice: '3.333333', total: '10.00' });
  });

  it('books marketplace-facilitator tax as collected by the marketplace', () => {
    const draft = map(rawRecord('us-unshipped-facilitator-tax'));
    expect(draft.totals).toMatchObject({ tax: '3.75', marketplaceTax: '3.75' });
    expect(draft.taxLines).toEqual([{ title: 'Tax', amount: '3.75', collectedBy: 'marketplace' }]);
  });

  it('keeps seller-collected VAT as merchant tax, inside the prices of a VAT marketplace', () => {
    const draft = map(rawRecord('de-vat-inclusive-gift-wrap'));
    expect(draft.taxesIncluded).toBe(true);
    expect(draft.totals.marketplaceTax).toBeUndefined();
    expect(draft.totals.fees).toBe('3.50');
  });

  it('marks address and buyer withheld when the order was read without a Restricted Data Token', () => {
    const draft = map(rawRecord('us-shipped-without-pii-free-line'));
    expect(draft.customer).toEqual({ email: null, name: null, pii: 'redacted' });
    expect(draft.shippingAddress).toMatchObject({
      name: null,
      line1: null,
      city: 'SAINT PAUL',
      pii: 'redacted',
    });
  });

  it('treats cash on delivery as unpaid until shipped', () => {
    expect(map(rawRecord('jp-cod-partially-shipped')).status).toEqual({
      order: 'open',
      payment: 'pending',
      fulfillment: 'partial',
    });
  });

  it('maps Unfulfillable (MCF) as cancelled with a reason', () => {
    const record = rawRecord('us-canceled-business');
    record.order['OrderStatus'] = 'Unfulfillable';
    expect(map(record).status).toMatchObject({
      order: 'cancelled',
      cancelReason: expect.stringMatching(/Unfulfillable/),
    });
  });

  it('refuses Pending orders with the reason, instead of inventing prices', () => {
    const record = rawRecord('us-unshipped-facilitator-tax');
    record.order['OrderStatus'] = 'PendingAvailability';
    const error = mappingError(record);
    expect(error).toMatchObject({ code: 'MAPPING_FAILED', path: '/order/OrderStatus' });
    expect(error.message).toMatch(/no prices/);
  });

  it('refuses an item without ItemPrice rather than pricing it at zero', () => {
    const record = rawRecord('us-unshipped-facilitator-tax');
    const item = record.items[0];
    if (!item) throw new Error('fixture changed');
    delete item['ItemPrice'];
    expect(mappingError(record)).toMatchObject({ code: 'MAPPING_MISSING_FIELD', path: '/items/0/ItemPrice' });
  });

  it('refuses a record without the rdt flag (not a composite this connector stored)', () => {
    const { order, items } = rawRecord('us-unshipped-facilitator-tax');
    expect(mappingError({ order, items })).toMatchObject({ code: 'MAPPING_MISSING_FIELD', path: '/rdt' });
  });
});
