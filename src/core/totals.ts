import type { CanonicalOrder } from './canonical-order';
import { dec, minorUnits, sum } from './money';

/** One way an order's parts fail to add up, with the expected and the stated amount. */
export interface TotalsDiscrepancy {
  check: 'line_total' | 'subtotal' | 'order_total' | 'tax_lines';
  where: string;
  expected: string;
  actual: string;
}

type Checked = Pick<
  CanonicalOrder,
  'currency' | 'taxesIncluded' | 'lines' | 'shippingLines' | 'taxLines' | 'totals'
>;

/**
 * Checks that an order adds up: each line's total, the subtotal, the tax breakdown and the grand total.
 * Channels round per line, so a difference of up to one minor unit per line is accepted; anything more holds
 * the order for review instead of sending wrong money downstream.
 */
export function checkTotals(order: Checked): TotalsDiscrepancy[] {
  const found: TotalsDiscrepancy[] = [];
  const unit = dec(1).dividedBy(dec(10).pow(minorUnits(order.currency)));
  const tolerance = unit.times(Math.max(1, order.lines.length));
  const off = (expected: ReturnType<typeof dec>, actual: string) =>
    expected.minus(actual).abs().gt(tolerance);

  order.lines.forEach((line, i) => {
    const expected = dec(line.unitPrice).times(line.quantity).minus(line.discount);
    if (off(expected, line.total)) {
      found.push({
        check: 'line_total',
        where: `/lines/${i}`,
        expected: expected.toFixed(),
        actual: line.total,
      });
    }
  });

  const t = order.totals;
  const subtotal = sum(order.lines.map((l) => dec(l.unitPrice).times(l.quantity)));
  if (off(subtotal, t.subtotal)) {
    found.push({
      check: 'subtotal',
      where: '/totals/subtotal',
      expected: subtotal.toFixed(),
      actual: t.subtotal,
    });
  }

  if (order.taxLines.length > 0) {
    const taxes = sum(order.taxLines.map((l) => l.amount));
    if (off(taxes, t.tax)) {
      found.push({ check: 'tax_lines', where: '/totals/tax', expected: taxes.toFixed(), actual: t.tax });
    }
  }

  const extras = sum([t.duties ?? '0', t.tip ?? '0', t.fees ?? '0']);
  const total = dec(t.subtotal)
    .minus(t.discount)
    .plus(t.shipping)
    .plus(order.taxesIncluded ? 0 : t.tax)
    .plus(extras);
  if (off(total, t.total)) {
    found.push({ check: 'order_total', where: '/totals/total', expected: total.toFixed(), actual: t.total });
  }
  return found;
}
