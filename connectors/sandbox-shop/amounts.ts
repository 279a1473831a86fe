import { dec, minorUnits } from '../../src/sdk';
import type { Tax } from './catalogue';
import type { SandboxTax } from './record';

/**
 * Integer minor-unit arithmetic for the generator. Every amount is computed in whole cents (fen, öre) and only
 * formatted as a decimal string at the end, so the parts of an order add up exactly.
 */

/** Formats minor units as a decimal string with the currency's places (`1999` USD → `"19.99"`). */
export function fmt(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError('amounts are whole minor units');
  const places = minorUnits(currency);
  // Plain string work on a whole number: exact, and much cheaper than a decimal object per amount.
  const digits = String(Math.abs(minor)).padStart(places + 1, '0');
  const sign = minor < 0 ? '-' : '';
  return places === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

const PPM = 1_000_000;

const ppmCache = new Map<string, number>();

/** A rate such as `"0.08875"` in parts per million (88 750). */
export function ppm(rate: string): number {
  let value = ppmCache.get(rate);
  if (value === undefined) {
    value = dec(rate).times(PPM).toNumber();
    ppmCache.set(rate, value);
  }
  return value;
}

/** `num / den` rounded half up, for non-negative integers. */
export function roundDiv(num: number, den: number): number {
  return Math.floor((2 * num + den) / (2 * den));
}

/**
 * Tax components on a taxable amount. Exclusive: each component is `base × rate`. Inclusive: the amount already
 * contains every component, so each is `gross × rate / (1 + Σ rates)`. Rounded half up per component, as
 * shops round on each line.
 */
export function taxComponents(
  taxable: number,
  taxes: readonly Tax[],
  inclusive: boolean,
): { title: string; rate: string; minor: number }[] {
  if (taxable <= 0) return [];
  const total = taxes.reduce((s, t) => s + ppm(t.rate), 0);
  return taxes.map((t) => ({
    title: t.title,
    rate: t.rate,
    minor: inclusive ? roundDiv(taxable * ppm(t.rate), PPM + total) : roundDiv(taxable * ppm(t.rate), PPM),
  }));
}

/** Formats tax components for a record. */
export function taxLines(
  components: readonly { title: string; rate: string; minor: number }[],
  currency: string,
): SandboxTax[] {
  return components.map((c) => ({ title: c.title, rate: c.rate, amount: fmt(c.minor, currency) }));
}

/**
 * Splits `amount` over `weights` in proportion, in whole minor units; the rounding remainder goes to the largest
 * weight. With `amount` at most half the weights' sum no share exceeds its weight.
 */
export function allocate(amount: number, weights: readonly number[]): number[] {
  const sumW = weights.reduce((s, w) => s + w, 0);
  if (sumW === 0) return weights.map(() => 0);
  const shares = weights.map((w) => Math.floor((amount * w) / sumW));
  const remainder = amount - shares.reduce((s, x) => s + x, 0);
  const largest = weights.indexOf(Math.max(...weights));
  shares[largest] = (shares[largest] ?? 0) + remainder;
  return shares;
}

/** Formats an instant in a fixed UTC offset: `2026-01-05T09:30:00.000-05:00`. */
export function localTimestamp(ms: number, offset: string): string {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hh = '0', mm = '0'] = offset.slice(1).split(':');
  const shift = sign * (Number(hh) * 60 + Number(mm)) * 60_000;
  return new Date(ms + shift).toISOString().replace('Z', offset);
}
