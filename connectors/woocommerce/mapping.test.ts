import { describe, expect, it } from 'vitest';
import { MappingError, readFixture } from '../../src/sdk';
import woo from './index';
import { SOURCE_TYPE_TABLE, STATUS_TABLE } from './mapping';
import { composite, mappingContext } from './test-helpers';

function map(raw: unknown, tables = {}) {
  return woo.toCanonical(raw, mappingContext(tables));
}

function withOrder(name: string, change: Record<string, unknown>) {
  const c = composite(name);
  return { order: { ...c.order, ...change }, refunds: c.refunds };
}

describe('mapping', () => {
  it('maps a custom status only through the ops table, onto a core status', () => {
    const raw = withOrder('us-flat-rate-sales-tax', { status: 'awaiting-shipment' });
    expect(() => map(raw)).toThrow(MappingError);
    expect(map(raw, { [STATUS_TABLE]: { 'awaiting-shipment': 'processing' } }).status).toEqual({
      order: 'open',
      payment: 'paid',
      fulfillment: 'unfulfilled',
    });
    expect(() => map(raw, { [STATUS_TABLE]: { 'awaiting-shipment': 'shipped' } })).toThrow(/wooc|status/);
  });

  it('reads *_gmt as UTC and keeps the site offset from the local twin', () => {
    const draft = map(composite('eu-tax-inclusive-coupon-fee'));
    expect(draft).toMatchObject({ placedAt: '2026-02-14T17:03:11Z', originalOffset: '+01:00' });
    expect(() =>
      map(withOrder('us-flat-rate-sales-tax', { date_modified_gmt: '2026-03-10T13:16:05Z' })),
    ).toThrow(MappingError);
  });

  it('adds tax back to net line amounts for tax-inclusive shops, and not otherwise', () => {
    const inclusive = map(composite('eu-tax-inclusive-coupon-fee'));
    expect(inclusive.lines[0]).toMatchObject({
      unitPrice: '59.50',
      discount: '11.90',
      tax: '17.10',
      total: '107.10',
    });
    const net = map(withOrder('eu-tax-inclusive-coupon-fee', { prices_include_tax: false }));
    expect(net.lines[0]).toMatchObject({ unitPrice: '50.00', discount: '10.00', total: '90.00' });
  });

  it('keeps visible line meta and drops WooCommerce internals', () => {
    expect(map(composite('us-flat-rate-sales-tax')).lines[1]?.properties).toEqual([
      { name: 'Color', value: 'Natural' },
    ]);
  });

  it('uses the source-type table for created_via values without a rule', () => {
    const raw = withOrder('jpy-virtual-zero-price-line', { created_via: 'pos-app' });
    expect(map(raw, { [SOURCE_TYPE_TABLE]: { 'pos-app': 'pos' } }).channel.sourceType).toBe('pos');
  });

  it('identifies by id and the GMT modification time', () => {
    expect(woo.identify(readFixture('woocommerce', 'orders/partial-refund-completed.json'))).toEqual({
      externalId: '6002',
      revision: '2026-04-02T15:00:03Z',
    });
  });

  it('refuses an unknown coupon discount_type instead of guessing its kind', () => {
    const c = composite('eu-tax-inclusive-coupon-fee');
    const coupons = [
      { id: 906, code: 'x', discount: '12.00', discount_tax: '2.28', discount_type: 'sign_up_fee' },
    ];
    expect(() => map({ order: { ...c.order, coupon_lines: coupons }, refunds: [] })).toThrow(MappingError);
  });
});
