import { describe, expect, it } from 'vitest';
import { MappingError, mappingFailure, readFixture } from '../../src/sdk';
import { completeOrder, type CanonicalDraft } from '../../src/core/order';
import { checkTotals } from '../../src/core/totals';
import { validateCanonicalOrder } from '../../src/core/validation';
import shopify from './index';
import { SOURCE_TYPE_TABLE } from './mapping';
import { fixtureNames, mappingContext, rawOrder } from './test-helpers';

const ORDER_ID = `ord_${'a'.repeat(26)}`;

function map(raw: unknown, tables = {}): CanonicalDraft {
  return shopify.toCanonical(raw, mappingContext(tables));
}

function expectSound(draft: CanonicalDraft): void {
  expect(checkTotals(draft)).toEqual([]);
  const validated = validateCanonicalOrder(completeOrder(draft, ORDER_ID, 1));
  expect(validated.ok ? [] : validated.errors).toEqual([]);
}

describe('orders fixtures', () => {
  const names = fixtureNames('orders');

  it('has the required cases', () => {
    expect(names).toEqual(
      expect.arrayContaining([
        'doc-example-1001',
        'eu-tax-inclusive-presentment',
        'pos-no-shipping-no-email',
        'two-shipping-lines-shipping-discount',
        'cancelled-draft-order',
      ]),
    );
  });

  it.each(names)('%s maps to its expected canonical order, adds up and validates', (name) => {
    const draft = map(readFixture('shopify', `orders/${name}.json`));
    expect(draft).toEqual(readFixture('shopify', `orders/${name}.canonical.json`));
    expectSound(draft);
  });

  it.each(names.filter((n) => !n.startsWith('graphql-')))('%s identifies by id and updated_at', (name) => {
    const raw = rawOrder(name);
    expect(shopify.identify(raw)).toEqual({ externalId: String(raw['id']), revision: raw['updated_at'] });
  });

  it.each(names.filter((n) => n.startsWith('graphql-')))(
    '%s (GraphQL) identifies by the numeric id inside its gid and updatedAt',
    (name) => {
      const raw = rawOrder(name);
      const identity = shopify.identify(raw);
      expect(`gid://shopify/Order/${identity.externalId}`).toBe(raw['id']);
      expect(identity.revision).toBe(raw['updatedAt']);
    },
  );
});

describe('rejects fixtures', () => {
  it.each(fixtureNames('rejects'))('%s is refused with the expected code and path', (name) => {
    const expected = readFixture('shopify', `rejects/${name}.error.json`);
    const error = mappingFailure(() => map(readFixture('shopify', `rejects/${name}.json`)));
    expect({ code: error.code, path: error.path }).toEqual(expected);
  });
});

describe('source_name', () => {
  it('uses the ops table for names without a built-in rule', () => {
    const raw = { ...rawOrder('doc-example-1001'), source_name: '1424624' };
    const draft = map(raw, { [SOURCE_TYPE_TABLE]: { '1424624': 'marketplace' } });
    expect(draft.channel).toMatchObject({ sourceType: 'marketplace', sourceName: '1424624' });
  });

  it('lets the table override a built-in rule', () => {
    const raw = { ...rawOrder('cancelled-draft-order') };
    expect(map(raw, { [SOURCE_TYPE_TABLE]: { shopify_draft_order: 'import' } }).channel.sourceType).toBe(
      'import',
    );
  });

  it('refuses iphone and android unless the table says what they are', () => {
    const error = mappingFailure(() => map({ ...rawOrder('doc-example-1001'), source_name: 'iphone' }));
    expect([error.code, error.path]).toEqual(['MAPPING_UNKNOWN_VALUE', '/source_name']);
  });

  it('refuses a table value that is not a canonical source type', () => {
    const raw = { ...rawOrder('doc-example-1001'), source_name: 'amazon' };
    const error = mappingFailure(() => map(raw, { [SOURCE_TYPE_TABLE]: { amazon: 'marketplaces' } }));
    expect(error.path).toBe('/source_name');
  });

  it('refuses a missing source_name', () => {
    const error = mappingFailure(() => map({ ...rawOrder('doc-example-1001'), source_name: null }));
    expect([error.code, error.path]).toEqual(['MAPPING_MISSING_FIELD', '/source_name']);
  });
});

describe('amounts and totals', () => {
  it('parses JSON-number refund amounts exactly (doc quirk)', () => {
    const refund = map(rawOrder('doc-example-1001')).refunds[0];
    expect(refund?.lines.map((l) => [l.amount, l.tax])).toEqual([
      ['195.66', '3.98'],
      ['195.67', '3.98'],
    ]);
  });

  it('counts only successful refund transactions', () => {
    const raw = rawOrder('doc-example-1001');
    const [refund] = raw['refunds'] as Record<string, unknown>[];
    const [tx] = refund?.['transactions'] as Record<string, unknown>[];
    raw['refunds'] = [
      {
        ...refund,
        transactions: [
          tx,
          { ...tx, id: 1, amount: '50.00', status: 'failure' },
          { ...tx, id: 2, amount: '1.00', kind: 'capture' },
          { ...tx, id: 3, amount: '0.50', currency: undefined },
        ],
      },
    ];
    const draft = map(raw);
    expect(draft.refunds[0]?.amount).toBe('209.50');
    expect(draft.totals.refunded).toBe('209.50');
  });

  it('adds duties, additional fees and tips, as placed', () => {
    const raw = rawOrder('two-shipping-lines-shipping-discount');
    const usd = (amount: string) => ({
      shop_money: { amount, currency_code: 'USD' },
      presentment_money: { amount, currency_code: 'USD' },
    });
    Object.assign(raw, {
      original_total_duties_set: usd('12.40'),
      current_total_duties_set: usd('0.00'),
      original_total_additional_fees_set: usd('1.60'),
      total_tip_received: '4.00',
      total_price: '556.48',
    });
    const draft = map(raw);
    expect(draft.totals).toMatchObject({ duties: '12.40', fees: '1.60', tip: '4.00', total: '556.48' });
    expect(checkTotals(draft)).toEqual([]);
  });

  it('marks channel-liable tax as marketplace tax', () => {
    const raw = rawOrder('doc-example-1001');
    const [taxLine] = raw['tax_lines'] as Record<string, unknown>[];
    raw['tax_lines'] = [{ ...taxLine, channel_liable: true }];
    const draft = map(raw);
    expect(draft.taxLines[0]?.collectedBy).toBe('marketplace');
    expect(draft.totals.marketplaceTax).toBe('11.94');
  });

  it('falls back to discount_codes when there are no discount applications', () => {
    const raw: Record<string, unknown> = { ...rawOrder('doc-example-1001'), discount_applications: [] };
    raw['line_items'] = (raw['line_items'] as Record<string, unknown>[]).map((l) => ({
      ...l,
      discount_allocations: [],
    }));
    expect(map(raw).discounts).toEqual([
      { code: 'TENOFF', title: null, type: 'fixed_amount', amount: '10.00' },
    ]);
  });

  it('refuses an allocation that points at no discount application', () => {
    const raw = { ...rawOrder('doc-example-1001'), discount_applications: [] };
    const error = mappingFailure(() => map(raw));
    expect(error.path).toBe('/line_items/0/discount_allocations/0/discount_application_index');
  });

  it('refuses an amount given as a float-looking exponent string', () => {
    const error = mappingFailure(() => map({ ...rawOrder('doc-example-1001'), total_price: '5.9894e2' }));
    expect([error.code, error.path]).toEqual(['MAPPING_UNKNOWN_VALUE', '/total_price']);
  });

  it('refuses tip line items until their shape is confirmed', () => {
    const raw = rawOrder('pos-no-shipping-no-email');
    const [first, ...rest] = raw['line_items'] as Record<string, unknown>[];
    raw['line_items'] = [{ ...first, tip_payment_gateway: 'shopify_payments' }, ...rest];
    expect(mappingFailure(() => map(raw)).path).toBe('/line_items/0/tip_payment_gateway');
  });
});

describe('status', () => {
  it('maps closed orders and the GraphQL-only expired status', () => {
    const raw = {
      ...rawOrder('doc-example-1001'),
      closed_at: '2008-01-12T09:00:00-05:00',
      financial_status: 'expired',
    };
    expect(map(raw).status).toEqual({ order: 'closed', payment: 'expired', fulfillment: 'unfulfilled' });
  });

  it('maps restocked fulfillment', () => {
    expect(map({ ...rawOrder('doc-example-1001'), fulfillment_status: 'restocked' }).status.fulfillment).toBe(
      'restocked',
    );
  });

  it('does not let prototype keys pass as statuses', () => {
    const error = mappingFailure(() =>
      map({ ...rawOrder('doc-example-1001'), financial_status: 'constructor' }),
    );
    expect(error.path).toBe('/financial_status');
  });
});

describe('identity and shape', () => {
  it('refuses ids a JSON parser cannot hold exactly', () => {
    const error = mappingFailure(() => map({ ...rawOrder('doc-example-1001'), id: 2 ** 53 + 2 }));
    expect([error.code, error.path]).toEqual(['MAPPING_FAILED', '/id']);
  });

  it('refuses a record without updated_at', () => {
    expect(() => shopify.identify({ id: 1 })).toThrow(MappingError);
  });

  it('refuses an order without line items', () => {
    const error = mappingFailure(() => map({ ...rawOrder('doc-example-1001'), line_items: [] }));
    expect([error.code, error.path]).toEqual(['MAPPING_MISSING_FIELD', '/line_items']);
  });

  it('falls back to created_at when processed_at is absent', () => {
    const raw = { ...rawOrder('pos-no-shipping-no-email'), processed_at: null };
    expect(map(raw).placedAt).toBe('2026-05-02T22:41:09.000Z');
  });

  it('is pure: mapping twice gives the same result and leaves the input alone', () => {
    const raw = rawOrder('eu-tax-inclusive-presentment');
    const before = JSON.stringify(raw);
    expect(map(raw)).toEqual(map(raw));
    expect(JSON.stringify(raw)).toBe(before);
  });
});
