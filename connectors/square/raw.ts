import { dec, missingField, money, own, rawReader, unknownValue } from '../../src/sdk';

/** Square's "no value" is null or a missing field; text is always a JSON string. */
export const { absent, obj, list, text, requiredText } = rawReader({
  blankIsAbsent: false,
  numbersAsText: false,
});

/** A required RFC 3339 timestamp, in UTC. */
export function timestamp(value: unknown, path: string): string {
  const t = requiredText(value, path);
  const ms = /T.*(Z|[+-]\d{2}:?\d{2})$/.test(t) ? Date.parse(t) : NaN;
  if (Number.isNaN(ms)) throw unknownValue(path, 'timestamp (an offset is required)');
  return new Date(ms).toISOString();
}

/**
 * ISO 4217 minor-unit exponents of the currencies Square sellers take payments in (US, CA, GB, AU, JP, IE, FR,
 * ES). Square money is an integer count of the smallest unit, so a currency outside this list cannot be read
 * without guessing its exponent, and is refused.
 */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = {
  USD: 2,
  CAD: 2,
  GBP: 2,
  AUD: 2,
  EUR: 2,
  JPY: 0,
};

/** The exponent of `currency`, or a mapping error naming the path it came from. */
export function exponent(currency: string, path: string): number {
  const e = own(CURRENCY_EXPONENTS, currency);
  if (e === undefined) throw unknownValue(path, `currency "${currency}" (no known minor-unit exponent)`);
  return e;
}

/**
 * Reads a Square `Money` `{amount, currency}` into a decimal string of `currency`. Amounts are integers of
 * the smallest unit (cents, yen); a different currency than the order's is refused, never converted.
 */
export function squareMoney(value: unknown, path: string, currency: string): string {
  const m = obj(value, path);
  const cur = requiredText(m['currency'], `${path}/currency`);
  if (cur !== currency) throw unknownValue(`${path}/currency`, `currency ${cur} in an order in ${currency}`);
  const amount = m['amount'];
  if (absent(amount)) throw missingField(`${path}/amount`);
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount))
    throw unknownValue(`${path}/amount`, 'amount');
  return money(dec(amount).dividedBy(dec(10).pow(exponent(currency, `${path}/currency`))), currency);
}

/** An optional `Money`: absent reads as zero. */
export function optionalMoney(value: unknown, path: string, currency: string): string {
  return absent(value) ? money(0, currency) : squareMoney(value, path, currency);
}

/** Square quantities are decimal strings; the canonical order needs whole units. */
export function wholeQuantity(value: unknown, path: string): number {
  const t = requiredText(value, path);
  if (!/^\d+$/.test(t) || Number(t) < 1 || !Number.isSafeInteger(Number(t))) {
    throw unknownValue(path, 'quantity (whole units of 1 or more; fractional quantities are not supported)');
  }
  return Number(t);
}
