import type { CanonicalOrder, TaxLine } from '../core/order';
import { dec, money, sum } from '../core/money';

/**
 * A split part of an order: only `lineIds`, with totals recomputed from those lines so that the part adds up on
 * its own (`checkTotals` passes). Order-level amounts (shipping and its tax, order-level discounts, duties, tips,
 * fees, refunds) go with the primary part — the one holding the order's first line — so that, for a partition,
 * the parts' totals add up to the order's. The id, revision and everything else stay those of the order, so a
 * warehouse's shipment names lines the hub knows; `attributes["orderhub.split"]` says "part i of n".
 */
export function splitOrder(
  order: CanonicalOrder,
  lineIds: readonly string[],
  part: { index: number; of: number },
): CanonicalOrder {
  const keep = new Set(lineIds);
  const lines = order.lines.filter((l) => keep.has(l.id));
  const primary = order.lines[0] !== undefined && keep.has(order.lines[0].id);
  const c = order.currency;
  const t = order.totals;
  const lineDiscount = (ls: typeof lines) => sum(ls.map((l) => l.discount));
  const lineTax = (ls: typeof lines) => sum(ls.map((l) => l.tax));
  const subtotal = sum(lines.map((l) => dec(l.unitPrice).times(l.quantity)));
  // What the order carries beyond its lines: only the primary part takes it.
  const orderDiscount = dec(t.discount).minus(lineDiscount(order.lines));
  const orderTax = dec(t.tax).minus(lineTax(order.lines));
  const extras = sum([t.duties ?? '0', t.tip ?? '0', t.fees ?? '0']);
  const discount = lineDiscount(lines).plus(primary ? orderDiscount : 0);
  const shipping = primary ? dec(t.shipping) : dec(0);
  const tax = lineTax(lines).plus(primary ? orderTax : 0);
  const total = subtotal
    .minus(discount)
    .plus(shipping)
    .plus(order.taxesIncluded ? 0 : tax)
    .plus(primary ? extras : 0);

  const totals: CanonicalOrder['totals'] = {
    subtotal: money(subtotal, c),
    discount: money(discount, c),
    shipping: money(shipping, c),
    tax: money(tax, c),
    total: money(total, c),
  };
  if (primary) {
    for (const k of ['duties', 'tip', 'fees', 'refunded', 'marketplaceTax'] as const) {
      const v = t[k];
      if (v !== undefined) totals[k] = v;
    }
  }
  // The presentment total is the whole order's: it has no honest value for a part.
  const rest: CanonicalOrder = { ...order };
  delete rest.presentment;
  return {
    ...rest,
    lines,
    shippingLines: primary ? order.shippingLines : [],
    discounts: primary ? order.discounts : [],
    refunds: primary ? order.refunds : [],
    taxLines: splitTaxLines(order, lines, primary),
    totals,
    attributes: { ...order.attributes, 'orderhub.split': `${part.index}/${part.of}` },
  };
}

const key = (l: TaxLine) => `${l.title}\u0000${l.rate ?? ''}`;

/**
 * Tax lines of a part: the non-primary parts sum their lines' own tax lines; the primary part keeps the order's
 * tax lines less what the others took. When lines carry no tax breakdown the part has none (the schema allows an
 * empty breakdown; `totals.tax` still holds the amount).
 */
function splitTaxLines(order: CanonicalOrder, lines: CanonicalOrder['lines'], primary: boolean): TaxLine[] {
  if (!order.lines.every((l) => l.taxLines))
    return primary && lines.length === order.lines.length ? order.taxLines : [];
  const grouped = (ls: CanonicalOrder['lines']) => {
    const m = new Map<string, TaxLine>();
    for (const tl of ls.flatMap((l) => l.taxLines ?? [])) {
      const prev = m.get(key(tl));
      m.set(key(tl), { ...tl, amount: prev ? dec(prev.amount).plus(tl.amount).toFixed() : tl.amount });
    }
    for (const [k, tl] of m) if (dec(tl.amount).isZero()) m.delete(k);
    return m;
  };
  if (!primary)
    return [...grouped(lines).values()].map((tl) => ({ ...tl, amount: money(tl.amount, order.currency) }));
  const keep = new Set(lines.map((l) => l.id));
  const others = grouped(order.lines.filter((l) => !keep.has(l.id)));
  const result: TaxLine[] = [];
  for (const tl of order.taxLines) {
    const taken = others.get(key(tl));
    others.delete(key(tl));
    const amount = taken ? dec(tl.amount).minus(taken.amount) : dec(tl.amount);
    if (!amount.isZero()) result.push({ ...tl, amount: money(amount, order.currency) });
  }
  // Another part took tax under a title the order's breakdown lacks: the breakdown cannot be split honestly.
  return others.size ? [] : result;
}
