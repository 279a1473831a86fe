import { describe, expect, it } from 'vitest';
import { readFixture } from '../../src/sdk';
import taobao from './index';
import { SHIPPING_TYPE_TABLE } from './mapping-lines';
import { mappingContext } from './test-helpers';

const TABLES = {
  [SHIPPING_TYPE_TABLE]: { express: '快递', free: '卖家包邮', post: '平邮', virtual: '虚拟发货' },
};

function trade(name: string): Record<string, unknown> {
  const value = readFixture('taobao', `orders/${name}.json`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
  return { ...value };
}

const map = (raw: unknown) => taobao.toCanonical(raw, mappingContext(TABLES));

describe('Taobao trade mapping', () => {
  it('converts naive China times to UTC and keeps the +08:00 offset', () => {
    const order = map(trade('paid-two-lines-promotion'));
    expect(order.placedAt).toBe('2026-03-08T01:15:42.000Z');
    expect(order.updatedAt).toBe('2026-03-08T01:17:05.000Z');
    expect(order.originalOffset).toBe('+08:00');
    expect(taobao.identify(trade('paid-two-lines-promotion')).revision).toBe(order.updatedAt);
  });

  it('keeps masked receiver fields exactly and marks them masked; regions go to the Chinese address fields', () => {
    const order = map(trade('paid-two-lines-promotion'));
    expect(order.shippingAddress).toMatchObject({
      name: '陈*',
      phone: '139****6021',
      line1: '文一西路***号*幢',
      province: '浙江省',
      city: '杭州市',
      district: '余杭区',
      line2: '五常街道',
      countryCode: 'CN',
      pii: 'masked',
    });
    expect(order.customer).toMatchObject({ email: null, name: 'w**7', pii: 'masked' });
  });

  it('allocates order-level promotions to lines through divide_order_fee', () => {
    const order = map(trade('paid-two-lines-promotion'));
    expect(order.lines.map((l) => [l.discount, l.total])).toEqual([
      ['8.25', '109.75'],
      ['1.75', '23.75'],
    ]);
    expect(order.totals).toMatchObject({
      subtotal: '143.50',
      discount: '10.00',
      shipping: '8.00',
      total: '141.50',
    });
  });

  it('holds fulfilment while a buyer refund request is open', () => {
    expect(map(trade('refund-requested-on-hold-simplified')).status.fulfillment).toBe('on_hold');
  });

  it('maps a trade closed after payment as cancelled and refunded', () => {
    expect(map(trade('closed-after-refund-seller-price-cut')).status).toMatchObject({
      order: 'cancelled',
      payment: 'refunded',
      cancelledAt: '2026-05-14T10:30:02.000Z',
    });
  });

  it('maps a trade closed before payment as voided', () => {
    const raw = { ...trade('unpaid-free-shipping-gift-line'), status: 'TRADE_CLOSED_BY_TAOBAO' };
    expect(map(raw).status).toMatchObject({
      order: 'cancelled',
      payment: 'voided',
      fulfillment: 'unfulfilled',
    });
  });

  it.each([
    ['WAIT_BUYER_PAY', 'open', 'pending', 'unfulfilled'],
    ['WAIT_SELLER_SEND_GOODS', 'open', 'paid', 'unfulfilled'],
    ['SELLER_CONSIGNED_PART', 'open', 'paid', 'partial'],
    ['WAIT_BUYER_CONFIRM_GOODS', 'open', 'paid', 'fulfilled'],
    ['TRADE_BUYER_SIGNED', 'open', 'paid', 'fulfilled'],
    ['TRADE_FINISHED', 'closed', 'paid', 'fulfilled'],
  ])('maps status %s explicitly', (status, order, payment, fulfillment) => {
    expect(map({ ...trade('paid-two-lines-promotion'), status }).status).toEqual({
      order,
      payment,
      fulfillment,
    });
  });

  it('refuses a shipping type ops have not titled', () => {
    expect(() => taobao.toCanonical(trade('paid-two-lines-promotion'), mappingContext({}))).toThrow(
      /taobao-shipping-types/,
    );
  });

  it('refuses an id some JSON parser already rounded', () => {
    expect(() => map({ ...trade('paid-two-lines-promotion'), tid: Number('4028815530127731845') })).toThrow(
      /\/tid/,
    );
  });
});
