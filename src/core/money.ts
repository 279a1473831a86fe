import { Decimal } from 'decimal.js';

/** Exact decimal arithmetic for amounts carried as strings. Never converts through a float. */
export type DecimalInput = string | number | Decimal;

const DECIMAL_RE = /^-?\d+(\.\d+)?$/;

/** True when `value` is a plain decimal string such as `"12.50"` or `"-3"` (no exponent, no spaces). */
export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL_RE.test(value);
}

export function dec(value: DecimalInput): Decimal {
  return new Decimal(value);
}

export function sum(values: Iterable<DecimalInput>): Decimal {
  let total = new Decimal(0);
  for (const v of values) total = total.plus(v);
  return total;
}

const minorUnitsCache = new Map<string, number>();

/** Minor units of an ISO 4217 currency (2 for USD, 0 for JPY, 3 for BHD), from the runtime's ICU data. */
export function minorUnits(currency: string): number {
  const cached = minorUnitsCache.get(currency);
  if (cached !== undefined) return cached;
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits;
  const units = digits ?? 2;
  minorUnitsCache.set(currency, units);
  return units;
}

/**
 * Formats an amount as a canonical money string: at least the currency's minor units, more only when the
 * value carries more precision (a channel that sends 4 decimals keeps them; nothing is rounded away).
 */
export function money(value: DecimalInput, currency: string): string {
  const d = dec(value);
  const places = Math.max(minorUnits(currency), Math.min(d.decimalPlaces(), 6));
  return d.toFixed(places);
}

/**
 * Parses an amount the channel sent as a string or a JSON number into a canonical money string. Numbers are
 * read from their shortest decimal representation, which is what the channel wrote on the wire.
 * Returns undefined for anything that is not a finite decimal, so callers decide how to reject it.
 */
export function parseAmount(value: unknown, currency: string): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return money(String(value), currency);
  if (typeof value === 'string' && isDecimalString(value.trim())) return money(value.trim(), currency);
  return undefined;
}
