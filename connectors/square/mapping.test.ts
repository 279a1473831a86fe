import { describe, expect, it } from 'vitest';
import { MappingError, mappingFailure, readFixture, type CanonicalDraft } from '../../src/sdk';
import { completeOrder } from '../../src/core/order';
import { checkTotals } from '../../src/core/totals';
import { validateCanonicalOrder } from '../../src/core/validation';
import square from './index';
import { squareMoney } from './raw';
import { fixtureNames, fixtureObject, mappingContext } from './test-helpers';

function map(raw: unknown, tables?: Parameters<typeof mappingContext>[0]): CanonicalDraft {
  return square.toCanonical(raw, mappingContext(tables));
}

function sound(draft: CanonicalDraft): void {
  const order = completeOrder(draft, `ord_${'c'.repeat(26)}`, 1);
  const valid = validateCanonicalOrder(order);
  expect(valid.ok ? [] : valid.errors).toEqual([]);
  expect(checkTotals(order)).toEqual([]);
}

const pos = (): Record<string, unknown> => fixtureObject('orders/pos-counter-sale-offline-upload.json');
const online = (): Record<string, unknown> => fixtureObject('orders/online-shipment-service-charge.json');

describe('fixtures', () => {
  it.each(fixtureNames('orders'))('%s maps to its expected order, validates and adds up', (name) => {
    const draft = map(readFixture('square', `orders/${name}.json`));
    expect(draft).toEqual(readFixture('square', `orders/${name}.canonical.json`));
    sound(draft);
  });

  it.each(fixtureNames('rejects'))('%s is refused with the expected code and path', (name) => {
    expect(mappingFailure(() => map(readFixture('square', `rejects/${name}.json`)))).toMatchObject(
      fixtureObject(`rejects/${name}.error.json`),
    );
  });

  it('identifies by id and version', () => {
    expect(square.identify(pos())).toEqual({ externalId: 'hQ3vR8kLm2Tz9WpXcB4nYdF7aGeZY', revision: '4' });
    expect(() => square.identify({ ...pos(), version: '4' })).toThrow(MappingError);
  });
});

describe('tricky fields', () => {
  it('converts minor units with the currency exponent and refuses a currency without a known one', () => {
    expect(squareMoney({ amount: 1599, currency: 'USD' }, '/m', 'USD')).toBe('15.99');
    expect(squareMoney({ amount: 1910, currency: 'JPY' }, '/m', 'JPY')).toBe('1910');
    expect(squareMoney({ amount: -5, currency: 'GBP' }, '/m', 'GBP')).toBe('-0.05');
    expect(() => squareMoney({ amount: 1, currency: 'XTS' }, '/m', 'XTS')).toThrow(/exponent/);
    expect(() => squareMoney({ amount: 1.5, currency: 'USD' }, '/m', 'USD')).toThrow(MappingError);
  });

  it('keeps the POS order placed days before its upload: placedAt is created_at, the revision its version', () => {
    const draft = map(pos());
    expect(draft.placedAt).toBe('2026-03-21T15:01:40.512Z');
    expect(draft.updatedAt).toBe('2026-03-23T09:12:05.203Z');
    expect(draft.channel).toMatchObject({ sourceType: 'pos', revision: '4' });
    expect(draft.channel.sourceName).toBeUndefined();
  });

  it('reads an empty source object as no source (Square POS sends {} or nothing)', () => {
    expect(map({ ...pos(), source: {} }).channel.sourceType).toBe('pos');
  });

  it('takes SKUs from the square-skus table and leaves unmapped variations without one', () => {
    expect(map(online()).lines.map((l) => l.sku)).toEqual(['PLN-CER-M-SAGE', 'SOIL-8QT']);
    expect(map(online(), {}).lines.map((l) => l.sku)).toEqual([null, null]);
  });

  it('puts service charges and cash rounding into fees', () => {
    expect(map(online()).totals.fees).toBe('5.99');
    const rounded = map({
      ...pos(),
      rounding_adjustment: {
        uid: 'r1',
        name: 'Cash rounding',
        amount_money: { amount: -2, currency: 'USD' },
      },
      total_money: { amount: 1758, currency: 'USD' },
    });
    expect(rounded.totals).toMatchObject({ fees: '-0.02', total: '17.58' });
    sound(rounded);
  });

  it.each([
    ['OPEN', { order: 'open', fulfillment: 'unfulfilled' }],
    ['COMPLETED', { order: 'closed', fulfillment: 'fulfilled' }],
    ['CANCELED', { order: 'cancelled', fulfillment: 'unfulfilled' }],
    ['DRAFT', { order: 'open', fulfillment: 'on_hold' }],
  ])('maps state %s explicitly', (state, status) => {
    expect(map({ ...pos(), state }).status).toMatchObject(status);
  });

  it('derives payment from tenders and refunds', () => {
    const { tenders: _t, ...unpaid } = online();
    expect(map(unpaid).status.payment).toBe('pending');
    const half = {
      ...online(),
      tenders: [{ id: 't', type: 'CASH', amount_money: { amount: 1000, currency: 'USD' } }],
    };
    expect(map(half).status.payment).toBe('partially_paid');
    const refunded = {
      ...online(),
      refunds: [
        {
          id: 'r',
          status: 'APPROVED',
          created_at: '2026-04-01T00:00:00Z',
          amount_money: { amount: 6174, currency: 'USD' },
        },
      ],
    };
    expect(map(refunded).status.payment).toBe('refunded');
    expect(mappingFailure(() => map({ ...refunded, refunds: [{ id: 'r', status: 'LOST' }] })).path).toBe(
      '/refunds/0/status',
    );
  });

  it('derives fulfilment from the fulfilments that still count', () => {
    const f = (state: string) => ({ uid: state, type: 'PICKUP', state, pickup_details: {} });
    expect(map({ ...online(), fulfillments: [f('COMPLETED'), f('PREPARED')] }).status.fulfillment).toBe(
      'partial',
    );
    expect(map({ ...online(), fulfillments: [f('COMPLETED'), f('CANCELED')] }).status.fulfillment).toBe(
      'fulfilled',
    );
    expect(mappingFailure(() => map({ ...online(), fulfillments: [f('LOST')] })).path).toBe(
      '/fulfillments/0/state',
    );
  });

  it('refuses a tax type it has no rule for and a line referencing an undeclared tax', () => {
    const order = online();
    const taxes = [
      { uid: 'tax-ca', name: 'X', type: 'UNKNOWN_TAX', applied_money: { amount: 377, currency: 'USD' } },
    ];
    expect(mappingFailure(() => map({ ...order, taxes })).path).toBe('/taxes/0/type');
    expect(mappingFailure(() => map({ ...order, taxes: [] })).path).toBe(
      '/line_items/0/applied_taxes/0/tax_uid',
    );
  });
});
