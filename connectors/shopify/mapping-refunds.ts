import { moneyTotal, unknownValue, type JsonObject, type Refund } from '../../src/sdk';
import { absent, amount, id, int, list, obj, optionalBool, text, timestamp } from './raw';

/**
 * Maps the order's `refunds`. Pure. A refund's amount is what its successful `refund` transactions paid
 * back. Throws `MappingError` on a refund transaction in a currency other than the shop's.
 */
export function mapRefunds(order: JsonObject, currency: string): Refund[] {
  return list(order['refunds'], '/refunds').map((raw, i) => {
    const p = `/refunds/${i}`;
    const r = obj(raw, p);
    const paidBack = list(r['transactions'], `${p}/transactions`).flatMap((rawTx, j) => {
      const tp = `${p}/transactions/${j}`;
      const tx = obj(rawTx, tp);
      if (tx['kind'] !== 'refund' || tx['status'] !== 'success') return [];
      // Transactions of multi-currency orders are in the buyer's currency and carry no shop-currency amount;
      // converting at a guessed rate would book wrong money, so such a refund waits for a person.
      const txCurrency = text(tx['currency'], `${tp}/currency`);
      if (txCurrency !== null && txCurrency !== currency) {
        throw unknownValue(`${tp}/currency`, 'refund currency other than the shop currency');
      }
      return [amount(tx['amount'], `${tp}/amount`, currency)];
    });
    const refund: Refund = {
      id: id(r['id'], `${p}/id`),
      createdAt: timestamp(r['created_at'], `${p}/created_at`).utc,
      amount: moneyTotal(paidBack, currency),
      note: text(r['note'], `${p}/note`),
      lines: list(r['refund_line_items'], `${p}/refund_line_items`).map((rawLine, j) => {
        const lp = `${p}/refund_line_items/${j}`;
        const l = obj(rawLine, lp);
        const line: Refund['lines'][number] = {
          lineId: id(l['line_item_id'], `${lp}/line_item_id`),
          quantity: int(l['quantity'], `${lp}/quantity`, 0),
        };
        if (!absent(l['subtotal'])) line.amount = amount(l['subtotal'], `${lp}/subtotal`, currency);
        if (!absent(l['total_tax'])) line.tax = amount(l['total_tax'], `${lp}/total_tax`, currency);
        return line;
      }),
    };
    const restock = optionalBool(r['restock'], `${p}/restock`);
    if (restock !== undefined) refund.restock = restock;
    return refund;
  });
}

/** Quantity refunded per line item id, summed over all `refunds`; lines never refunded are left out. */
export function refundedQuantities(refunds: Refund[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of refunds) for (const l of r.lines) out.set(l.lineId, (out.get(l.lineId) ?? 0) + l.quantity);
  return out;
}
