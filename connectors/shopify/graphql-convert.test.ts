import { describe, expect, it } from 'vitest';
import { mappingFailure, readFixture } from '../../src/sdk';
import { FULFILLMENT_DISPLAY_TABLE, graphqlToRest } from './graphql-convert';
import shopify from './index';
import { mappingContext, rawOrder } from './test-helpers';

function map(raw: unknown, tables = {}) {
  return shopify.toCanonical(raw, mappingContext(tables));
}

/** What legitimately differs between the two APIs: the timestamp notation and the REST-only restock flag. */
function comparable(raw: unknown) {
  const { channel, originalOffset: _offset, refunds, ...rest } = map(raw);
  const { revision: _revision, ...sameChannel } = channel;
  return { ...rest, channel: sameChannel, refunds: refunds.map(({ restock: _r, ...r }) => r) };
}

describe('GraphQL → REST converter', () => {
  it.each([
    ['graphql-partial-refund', 'rest-partial-refund'],
    ['graphql-full-refund-shipping', 'rest-full-refund-shipping'],
  ])('%s maps like its REST twin %s', (graphql, rest) => {
    const fromGraphql = comparable(rawOrder(graphql));
    const fromRest = comparable(rawOrder(rest));
    // REST keeps the percentage as written ("10.0"); both are the same decimal.
    expect({ ...fromGraphql, discounts: [] }).toEqual({ ...fromRest, discounts: [] });
    expect(fromGraphql.discounts.map((d) => Number(d.value))).toEqual(
      fromRest.discounts.map((d) => Number(d.value)),
    );
  });

  it('writes REST names, lower-case enums and numeric ids', () => {
    const rest = graphqlToRest(rawOrder('graphql-full-refund-shipping'), {});
    expect(rest).toMatchObject({
      id: '6100000000606',
      financial_status: 'refunded',
      fulfillment_status: null,
      cancel_reason: 'customer',
      total_price: '40.95',
      line_items: [{ id: '14200000000061', product_id: '8800000000021', price: '30.00' }],
      discount_applications: [
        { type: 'discount_code', value_type: 'percentage', value: 10, code: 'WELCOME10' },
      ],
    });
  });

  it('refuses a read cut short by a nested page size instead of mapping half an order', () => {
    const raw = rawOrder('graphql-partial-refund');
    const lineItems = raw['lineItems'] as Record<string, unknown>;
    const error = mappingFailure(() =>
      map({ ...raw, lineItems: { ...lineItems, pageInfo: { hasNextPage: true } } }),
    );
    expect([error.code, error.path]).toEqual(['MAPPING_FAILED', '/lineItems/pageInfo/hasNextPage']);
    const full = Array.from({ length: 10 }, () => (raw['refunds'] as unknown[])[0]);
    expect(mappingFailure(() => map({ ...raw, refunds: full })).path).toBe('/refunds');
  });

  it('holds display fulfilment statuses without a REST equivalent until the ops table names them', () => {
    const raw = { ...rawOrder('graphql-partial-refund'), displayFulfillmentStatus: 'ON_HOLD' };
    const error = mappingFailure(() => map(raw));
    expect([error.code, error.path]).toEqual(['MAPPING_UNKNOWN_VALUE', '/displayFulfillmentStatus']);
    expect(map(raw, { [FULFILLMENT_DISPLAY_TABLE]: { ON_HOLD: 'unfulfilled' } }).status.fulfillment).toBe(
      'unfulfilled',
    );
    const bad = { [FULFILLMENT_DISPLAY_TABLE]: { ON_HOLD: 'held' } };
    expect(mappingFailure(() => map(raw, bad)).path).toBe('/displayFulfillmentStatus');
  });

  it('refuses an id that is not an Order gid of Shopify', () => {
    const raw = rawOrder('graphql-partial-refund');
    const lineItems = raw['lineItems'] as { nodes: Record<string, unknown>[] };
    const nodes = lineItems.nodes.map((n, i) => (i === 0 ? { ...n, id: 'gid://shopify/Product/1' } : n));
    const error = mappingFailure(() => map({ ...raw, lineItems: { ...lineItems, nodes } }));
    expect(error.path).toBe('/lineItems/nodes/0/id');
  });

  it('refuses discount applications out of index order', () => {
    const raw = rawOrder('graphql-full-refund-shipping');
    const apps = raw['discountApplications'] as { nodes: Record<string, unknown>[] };
    const moved = { ...apps, nodes: apps.nodes.map((n) => ({ ...n, index: 1 })) };
    expect(mappingFailure(() => map({ ...raw, discountApplications: moved })).path).toBe(
      '/discountApplications/nodes/0/index',
    );
  });
});

describe('refunds', () => {
  it('partial refund: the refunded line and quantity, the money paid back, the rest untouched', () => {
    for (const name of ['graphql-partial-refund', 'rest-partial-refund']) {
      const draft = map(rawOrder(name));
      expect(draft.status.payment).toBe('partially_refunded');
      expect(draft.refunds).toEqual([
        expect.objectContaining({
          amount: '19.44',
          lines: [{ lineId: '14200000000051', quantity: 1, amount: '18.00', tax: '1.44' }],
        }),
      ]);
      expect(draft.lines.map((l) => l.refundedQuantity)).toEqual([1, 0]);
      expect(draft.totals.refunded).toBe('19.44');
    }
  });

  it('full refund with shipping: only the successful refund transaction counts, shipping included', () => {
    for (const name of ['graphql-full-refund-shipping', 'rest-full-refund-shipping']) {
      const draft = map(rawOrder(name));
      expect(draft.status).toMatchObject({ order: 'cancelled', payment: 'refunded' });
      // Line 27.00 + 1.35 tax, shipping 12.00 + 0.60 tax; the failed attempt of the same amount is not counted.
      expect(draft.totals.refunded).toBe('40.95');
      expect(draft.totals.refunded).toBe(draft.totals.total);
      expect(draft.lines[0]?.refundedQuantity).toBe(1);
    }
  });

  it('takes the shop-currency amount of a GraphQL refund on a multi-currency order', () => {
    const raw = rawOrder('graphql-partial-refund');
    const swap = JSON.stringify(raw).replace(
      /"presentmentMoney":\{"amount":"19\.44","currencyCode":"USD"\}/,
      '"presentmentMoney":{"amount":"26.31","currencyCode":"CAD"}',
    );
    const draft = map(JSON.parse(swap));
    expect(draft.refunds[0]?.amount).toBe('19.44');
  });

  it('still refuses a REST refund paid only in the presentment currency', () => {
    const error = mappingFailure(() =>
      map(readFixture('shopify', 'rejects/refund-in-presentment-currency.json')),
    );
    expect(error.path).toBe('/refunds/0/transactions/0/currency');
  });
});
