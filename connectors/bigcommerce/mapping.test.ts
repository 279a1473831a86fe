import { describe, expect, it } from 'vitest';
import { isJsonObject, MappingError, mappingFailure, readFixture, type CanonicalDraft } from '../../src/sdk';
import { completeOrder } from '../../src/core/order';
import { checkTotals } from '../../src/core/totals';
import { validateCanonicalOrder } from '../../src/core/validation';
import bigcommerce from './index';
import { MULTI_ADDRESS_TAG } from './mapping';
import { rfc2822, toRfc2822 } from './raw';
import { fixtureNames, fixtureObject, mappingContext } from './test-helpers';

function map(raw: unknown): CanonicalDraft {
  return bigcommerce.toCanonical(raw, mappingContext());
}

/** A fixture record with its order object changed. */
function withOrder(
  change: Record<string, unknown>,
  name = 'tax-exclusive-coupon-usd',
): Record<string, unknown> {
  const rec = fixtureObject(`orders/${name}.json`);
  const order = rec['order'];
  if (!isJsonObject(order)) throw new Error('fixture without order');
  return { ...rec, order: { ...order, ...change } };
}

function sound(draft: CanonicalDraft): void {
  const order = completeOrder(draft, `ord_${'b'.repeat(26)}`, 1);
  const valid = validateCanonicalOrder(order);
  expect(valid.ok ? [] : valid.errors).toEqual([]);
  expect(checkTotals(order)).toEqual([]);
}

describe('fixtures', () => {
  it.each(fixtureNames('orders'))('%s maps to its expected order, validates and adds up', (name) => {
    const draft = map(readFixture('bigcommerce', `orders/${name}.json`));
    expect(draft).toEqual(readFixture('bigcommerce', `orders/${name}.canonical.json`));
    sound(draft);
  });

  it.each(fixtureNames('rejects'))('%s is refused with the expected code and path', (name) => {
    const expected = fixtureObject(`rejects/${name}.error.json`);
    expect(mappingFailure(() => map(readFixture('bigcommerce', `rejects/${name}.json`)))).toMatchObject(
      expected,
    );
  });

  it('identifies by order id and date_modified in UTC', () => {
    expect(
      bigcommerce.identify(readFixture('bigcommerce', 'orders/tax-inclusive-gbp-shown-in-eur.json')),
    ).toEqual({
      externalId: '2318',
      revision: '2026-04-04T08:17:02.000Z',
    });
    expect(() => bigcommerce.identify({ order: { id: 1 } })).toThrow(MappingError);
  });
});

describe('tricky fields', () => {
  it('prices tax-inclusive stores with *_inc_tax and tax-exclusive ones with *_ex_tax', () => {
    const inc = map(readFixture('bigcommerce', 'orders/tax-inclusive-gbp-shown-in-eur.json'));
    expect(inc).toMatchObject({
      taxesIncluded: true,
      totals: { subtotal: '57.60', shipping: '4.99', total: '61.39' },
    });
    expect(inc.lines[0]).toMatchObject({ unitPrice: '24.00', tax: '8.00' });
    const ex = map(readFixture('bigcommerce', 'orders/tax-exclusive-coupon-usd.json'));
    expect(ex).toMatchObject({ taxesIncluded: false, totals: { subtotal: '131.00', tax: '10.5477' } });
    expect(ex.lines[0]).toMatchObject({ unitPrice: '14.00', discount: '4.20', total: '37.80' });
  });

  it('keeps the transactional currency and gives the display currency as presentment', () => {
    const draft = map(readFixture('bigcommerce', 'orders/tax-inclusive-gbp-shown-in-eur.json'));
    expect(draft.currency).toBe('GBP');
    expect(draft.presentment).toEqual({ currency: 'EUR', total: '71.83', exchangeRate: '1.17' });
  });

  it('sums a coupon over the lines it was applied to', () => {
    const draft = map(readFixture('bigcommerce', 'orders/tax-exclusive-coupon-usd.json'));
    expect(draft.discounts).toEqual([{ code: 'WELCOME10', title: 'Coupon', type: 'other', amount: '13.10' }]);
  });

  it('marks orders to several addresses: one shipping line per consignment, lines tagged with theirs', () => {
    const draft = map(readFixture('bigcommerce', 'orders/manual-two-addresses-partially-shipped.json'));
    expect(draft.tags).toEqual([MULTI_ADDRESS_TAG]);
    expect(draft.shippingLines.map((s) => s.id)).toEqual(['51', '52']);
    expect(draft.lines.map((l) => l.properties?.find((p) => p.name === 'order_address_id')?.value)).toEqual([
      '51',
      '52',
    ]);
    expect(draft.totals.fees).toBe('8.00');
  });

  it('reads the v2 docs’ other spelling of the ex-tax fee cost', () => {
    const fee = {
      id: 1,
      type: 'custom_fee',
      cost_exc_tax: '1.5000',
      cost_inc_tax: '1.5000',
      cost_tax: '0.0000',
    };
    const draft = map(withOrder({ fees: [fee], total_inc_tax: '139.8977' }));
    expect(draft.totals.fees).toBe('3.50');
    sound(draft);
  });

  it.each([
    [0, { order: 'open', payment: 'pending', fulfillment: 'on_hold' }],
    [1, { order: 'open', payment: 'pending', fulfillment: 'unfulfilled' }],
    [2, { order: 'closed', payment: 'paid', fulfillment: 'fulfilled' }],
    [3, { order: 'open', payment: 'paid', fulfillment: 'partial' }],
    [4, { order: 'closed', payment: 'refunded', fulfillment: 'unfulfilled' }],
    [5, { order: 'cancelled', payment: 'voided', fulfillment: 'unfulfilled' }],
    [6, { order: 'cancelled', payment: 'voided', fulfillment: 'unfulfilled' }],
    [7, { order: 'open', payment: 'pending', fulfillment: 'unfulfilled' }],
    [8, { order: 'open', payment: 'paid', fulfillment: 'unfulfilled' }],
    [9, { order: 'open', payment: 'paid', fulfillment: 'unfulfilled' }],
    [10, { order: 'closed', payment: 'paid', fulfillment: 'fulfilled' }],
    [11, { order: 'open', payment: 'paid', fulfillment: 'unfulfilled' }],
    [12, { order: 'open', payment: 'authorized', fulfillment: 'on_hold' }],
    [13, { order: 'open', payment: 'paid', fulfillment: 'on_hold' }],
    [14, { order: 'open', payment: 'partially_refunded', fulfillment: 'unfulfilled' }],
  ])('maps status_id %i explicitly', (statusId, status) => {
    expect(map(withOrder({ status_id: statusId })).status).toEqual(status);
  });

  it('derives shipping from items_shipped where the status does not say, and reads authorised payments', () => {
    expect(map(withOrder({ status_id: 5, items_shipped: 2 })).status.fulfillment).toBe('partial');
    expect(map(withOrder({ status_id: 4, items_shipped: 5 })).status.fulfillment).toBe('fulfilled');
    expect(map(withOrder({ status_id: 11, payment_status: 'authorized' })).status.payment).toBe('authorized');
    expect(mappingFailure(() => map(withOrder({ status_id: -1 }))).path).toBe('/order/status_id');
  });

  it('lets a lookup table classify order sources, and refuses a table value that is not a source type', () => {
    const raw = withOrder({ order_source: 'checkout_api' });
    const tables = { 'bigcommerce-source-types': { checkout_api: 'web', www: 'nonsense' } };
    expect(bigcommerce.toCanonical(raw, mappingContext(tables)).channel.sourceType).toBe('web');
    expect(() => bigcommerce.toCanonical(withOrder({}), mappingContext(tables))).toThrow(/nonsense/);
  });

  it('reads RFC 2822 dates with their offset and writes query dates in UTC', () => {
    expect(rfc2822('Sat, 04 Apr 2026 09:15:30 +0100', '/x')).toEqual({
      utc: '2026-04-04T08:15:30.000Z',
      offset: '+01:00',
    });
    expect(rfc2822('4 Apr 2026 09:15:30 -0530', '/x').utc).toBe('2026-04-04T14:45:30.000Z');
    expect(() => rfc2822('Sat, 04 Apr 2026 09:15:30 GMT', '/x')).toThrow(MappingError);
    expect(toRfc2822(Date.parse('2026-03-18T14:25:39Z') / 1000)).toBe('Wed, 18 Mar 2026 14:25:39 +0000');
  });
});
