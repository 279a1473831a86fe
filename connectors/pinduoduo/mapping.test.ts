import { describe, expect, it } from 'vitest';
import { readFixture } from '../../src/sdk';
import pinduoduo from './index';
import { TEST_CONFIG } from './test-helpers';

function order(name: string): Record<string, unknown> {
  const value = readFixture('pinduoduo', `orders/${name}.json`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
  return { ...value };
}

const map = (raw: unknown) =>
  pinduoduo.toCanonical(raw, { connectionId: 'con_test', config: TEST_CONFIG, tables: {} });

describe('Pinduoduo order mapping', () => {
  it('keeps receiver ciphertext exactly, marks it encrypted, and shows only the masks', () => {
    const raw = order('awaiting-shipment-encrypted');
    const o = map(raw);
    expect(o.shippingAddress).toMatchObject({
      name: raw['receiver_name'],
      phone: raw['receiver_phone'],
      line1: raw['receiver_address'],
      province: '北京市',
      city: '北京市',
      district: '朝阳区',
      countryCode: 'CN',
      pii: 'encrypted',
    });
    expect(o.customer).toEqual({ email: null, name: '周*', phone: '1*********8', pii: 'masked' });
    expect(o.attributes?.['receiver_address_mask']).toBe('建国路**号院*号楼');
  });

  it('reads yuan amounts sent as JSON numbers and keeps who funded each discount', () => {
    const o = map(order('awaiting-shipment-encrypted'));
    expect(o.totals).toMatchObject({ subtotal: '198.00', discount: '30.00', total: '168.00' });
    expect(o.discounts.map((d) => [d.code, d.amount])).toEqual([
      ['platform_discount', '10.00'],
      ['seller_discount', '20.00'],
    ]);
  });

  it('shares an order discount over lines by value, in whole fen', () => {
    const o = map(order('shipped-two-items-receiver-withheld'));
    expect(o.lines.map((l) => [l.discount, l.total])).toEqual([
      ['3.00', '56.90'],
      ['2.00', '37.80'],
    ]);
    expect(o.shippingAddress?.pii).toBe('redacted');
  });

  it('converts China times to UTC with the +08:00 offset', () => {
    const o = map(order('awaiting-shipment-encrypted'));
    expect(o.placedAt).toBe('2026-03-08T12:11:05.000Z');
    expect(o.originalOffset).toBe('+08:00');
    expect(pinduoduo.identify(order('awaiting-shipment-encrypted')).revision).toBe(
      '2026-03-08T12:12:40.000Z',
    );
  });

  it.each([
    [1, 1, 1, { order: 'open', payment: 'paid', fulfillment: 'unfulfilled' }],
    [2, 1, 1, { order: 'open', payment: 'paid', fulfillment: 'fulfilled' }],
    [3, 1, 1, { order: 'closed', payment: 'paid', fulfillment: 'fulfilled' }],
    [1, 2, 1, { order: 'open', payment: 'paid', fulfillment: 'on_hold' }],
    [1, 3, 1, { order: 'open', payment: 'paid', fulfillment: 'on_hold' }],
    [2, 4, 1, { order: 'open', payment: 'refunded', fulfillment: 'fulfilled' }],
    [1, 1, 0, { order: 'open', payment: 'paid', fulfillment: 'on_hold' }],
  ])('order_status %i, refund_status %i, confirm_status %i map explicitly', (os, rs, cs, status) => {
    const raw = {
      ...order('awaiting-shipment-encrypted'),
      order_status: os,
      refund_status: rs,
      confirm_status: cs,
    };
    expect(map(raw).status).toEqual(status);
  });

  it('cancels an order refunded before shipping, and one Pinduoduo cancelled', () => {
    expect(map(order('refunded-before-shipping-price-change')).status).toMatchObject({
      order: 'cancelled',
      payment: 'refunded',
    });
    const cancelled = { ...order('awaiting-shipment-encrypted'), confirm_status: 2 };
    expect(map(cancelled).status.order).toBe('cancelled');
  });

  it('holds an order risk control is reviewing', () => {
    const raw = { ...order('awaiting-shipment-encrypted'), risk_control_status: 1 };
    expect(map(raw).status.fulfillment).toBe('on_hold');
  });
});
