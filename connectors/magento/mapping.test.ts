import { describe, expect, it } from 'vitest';
import { MappingError, readFixture } from '../../src/sdk';
import magento from './index';

const ctx = {
  connectionId: 'con_test',
  config: { baseUrl: 'https://store.example.com', accessToken: 'x' },
  tables: {},
};

function composite(name: string): { order: Record<string, unknown>; creditmemos: unknown[] } {
  const v = readFixture('magento', `orders/${name}.json`);
  if (typeof v !== 'object' || v === null || !('order' in v) || !('creditmemos' in v))
    throw new Error('shape');
  const { order, creditmemos } = v;
  if (typeof order !== 'object' || order === null || !Array.isArray(creditmemos)) throw new Error('shape');
  return { order: { ...order }, creditmemos };
}

describe('mapping', () => {
  it('counts a configurable product once, on its priced parent, with the child as variant', () => {
    const draft = magento.toCanonical(composite('us-configurable-coupon-guest'), ctx);
    expect(draft.lines.map((l) => l.id)).toEqual(['101', '103']);
    expect(draft.lines[0]).toMatchObject({ variantId: '705', variantName: 'Hooded Sweatshirt-M-Blue' });
  });

  it('counts a dynamic bundle on its priced children, not the parent too', () => {
    const draft = magento.toCanonical(composite('bundle-partial-refund'), ctx);
    expect(draft.lines.map((l) => l.id)).toEqual(['302', '303']);
    expect(draft.totals.subtotal).toBe('55.00');
    expect(draft.refunds[0]?.lines).toEqual([{ lineId: '302', quantity: 1, amount: '10.00', tax: '0.00' }]);
  });

  it('books base currency and shows the order currency as presentment', () => {
    const draft = magento.toCanonical(composite('eur-base-gbp-order-tax-inclusive-discount'), ctx);
    expect(draft.currency).toBe('EUR');
    expect(draft.presentment).toEqual({ currency: 'GBP', total: '96.09', exchangeRate: '0.85' });
  });

  it('takes the tax hidden in a tax-inclusive discount out of the discount, so the net order adds up', () => {
    const draft = magento.toCanonical(composite('eur-base-gbp-order-tax-inclusive-discount'), ctx);
    expect(draft.lines[0]).toMatchObject({
      unitPrice: '100.00',
      discount: '10.00',
      tax: '17.10',
      total: '90.00',
    });
    expect(draft.totals).toMatchObject({
      subtotal: '100.00',
      discount: '10.00',
      shipping: '5.00',
      tax: '18.05',
      total: '113.05',
    });
  });

  it('reads updated_at as UTC and refuses other formats', () => {
    expect(magento.identify(composite('virtual-canceled-jpy'))).toEqual({
      externalId: '3004',
      revision: '2026-04-03T09:00:00Z',
    });
    const c = composite('virtual-canceled-jpy');
    expect(() =>
      magento.identify({ ...c, order: { ...c.order, updated_at: '2026-04-03T09:00:00Z' } }),
    ).toThrow(MappingError);
  });

  it('derives payment and fulfilment from paid, refunded and shipped amounts', () => {
    const c = composite('eur-base-gbp-order-tax-inclusive-discount');
    const unpaid = { ...c, order: { ...c.order, base_total_paid: 0 } };
    expect(magento.toCanonical(unpaid, ctx).status.payment).toBe('authorized');
    const held = { ...c, order: { ...c.order, state: 'holded', status: 'holded' } };
    expect(magento.toCanonical(held, ctx).status.fulfillment).toBe('on_hold');
  });
});
