import { describe, expect, it } from 'vitest';
import { deliveryKey, inboxEventId, orderId, stableId } from '../../src/core/ids';
import { minorUnits, money, parseAmount, sum } from '../../src/core/money';
import { compareRevisions, toUtc } from '../../src/core/revision';
import { checkTotals } from '../../src/core/totals';

describe('money', () => {
  it('keeps amounts exact and formats them to the currency’s minor units', () => {
    expect(sum(['0.1', '0.2']).toFixed()).toBe('0.3');
    expect(money('12.5', 'USD')).toBe('12.50');
    expect(money('1500', 'JPY')).toBe('1500');
    expect(money('1.2345', 'USD')).toBe('1.2345');
    expect(minorUnits('BHD')).toBe(3);
  });

  it('parses strings and JSON numbers the channel sent, and refuses anything else', () => {
    expect(parseAmount('199.00', 'USD')).toBe('199.00');
    expect(parseAmount(195.66, 'USD')).toBe('195.66');
    expect(parseAmount(' 3 ', 'EUR')).toBe('3.00');
    for (const bad of ['1e3', 'abc', '', null, undefined, Number.NaN, {}, '1,00'])
      expect(parseAmount(bad, 'USD')).toBeUndefined();
  });
});

describe('revisions and time', () => {
  it('orders integer revisions numerically and timestamps by instant', () => {
    expect(compareRevisions('10', '9')).toBe(1);
    expect(compareRevisions('2024-05-01T10:00:00-05:00', '2024-05-01T14:00:00Z')).toBe(1);
    expect(compareRevisions('2024-05-01T15:00:00Z', '2024-05-01T10:00:00-05:00')).toBe(0);
    expect(compareRevisions('a', 'b')).toBe(-1);
  });

  it('converts offset timestamps to UTC, keeps the offset, and refuses naive ones', () => {
    expect(toUtc('2008-01-10T11:00:00-05:00')).toEqual({ utc: '2008-01-10T16:00:00.000Z', offset: '-05:00' });
    expect(toUtc('2024-03-01T08:00:00+0800')).toEqual({ utc: '2024-03-01T00:00:00.000Z', offset: '+08:00' });
    expect(toUtc('2024-03-01 08:00:00')).toBeUndefined();
    expect(toUtc('2024-03-01T08:00:00')).toBeUndefined();
  });
});

describe('ids', () => {
  it('derives stable ids from their parts', () => {
    expect(orderId('con_a', '1')).toBe(orderId('con_a', '1'));
    expect(orderId('con_a', '1')).not.toBe(orderId('con_b', '1'));
    expect(orderId('con_a', '1')).toMatch(/^ord_[a-z0-9]{26}$/);
    expect(inboxEventId('c', 'x', 'r1')).not.toBe(inboxEventId('c', 'x', 'r2'));
    expect(deliveryKey('d', 'o', 1, 'upsert')).not.toBe(deliveryKey('d', 'o', 2, 'upsert'));
    // Parts are delimited: ('ab','c') and ('a','bc') differ.
    expect(stableId('t', 'ab', 'c')).not.toBe(stableId('t', 'a', 'bc'));
  });
});

describe('totals check', () => {
  const order = {
    currency: 'USD',
    taxesIncluded: false,
    lines: [
      {
        id: '1',
        sku: 'A',
        name: 'A',
        quantity: 2,
        unitPrice: '10.00',
        discount: '1.00',
        tax: '1.14',
        total: '19.00',
      },
      {
        id: '2',
        sku: 'B',
        name: 'B',
        quantity: 1,
        unitPrice: '5.00',
        discount: '0.00',
        tax: '0.30',
        total: '5.00',
      },
    ],
    shippingLines: [],
    taxLines: [{ title: 'Tax', amount: '1.44' }],
    totals: { subtotal: '25.00', discount: '1.00', shipping: '4.00', tax: '1.44', total: '29.44' },
  };

  it('accepts an order that adds up, tax-exclusive and tax-inclusive', () => {
    expect(checkTotals(order)).toEqual([]);
    expect(
      checkTotals({ ...order, taxesIncluded: true, totals: { ...order.totals, total: '28.00' } }),
    ).toEqual([]);
  });

  it('names every part that does not add up', () => {
    const off = checkTotals({
      ...order,
      lines: [{ ...order.lines[0]!, total: '20.00' }, order.lines[1]!],
      totals: { ...order.totals, tax: '1.40', total: '30.00' },
    });
    expect(off.map((d) => d.check)).toEqual(['line_total', 'tax_lines', 'order_total']);
    expect(off[2]).toMatchObject({ where: '/totals/total', expected: '29.4', actual: '30.00' });
  });

  it('tolerates one minor unit of rounding per line, not more', () => {
    expect(checkTotals({ ...order, totals: { ...order.totals, total: '29.46' } })).toEqual([]);
    expect(checkTotals({ ...order, totals: { ...order.totals, total: '29.47' } })).toHaveLength(1);
  });
});
