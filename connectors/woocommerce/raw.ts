import { MappingError, missingField, money, parseAmount, sum, unknownValue } from '../../src/sdk';

/** A raw JSON object as WooCommerce sends it. */
export type Json = Record<string, unknown>;

/** Looks a key up in a rule table, ignoring inherited keys such as `constructor`. */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** True for a plain JSON object. */
export function isObj(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for null and undefined. */
export function absent(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/** A required JSON object at `path`. */
export function obj(value: unknown, path: string): Json {
  if (absent(value)) throw missingField(path);
  if (!isObj(value)) throw unknownValue(path, 'object shape');
  return value;
}

/** An optional JSON array at `path`; absent means empty. */
export function list(value: unknown, path: string): unknown[] {
  if (absent(value)) return [];
  if (!Array.isArray(value)) throw unknownValue(path, 'list shape');
  return value;
}

/** Optional text; WooCommerce sends `""` for "not given", so blank is null. */
export function text(value: unknown, path: string): string | null {
  if (absent(value) || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw unknownValue(path, 'text value');
}

/** Required text at `path`. */
export function requiredText(value: unknown, path: string): string {
  const t = text(value, path);
  if (t === null) throw missingField(path);
  return t;
}

/** A WooCommerce id (a positive JSON integer) as a string. */
export function id(value: unknown, path: string): string {
  if (absent(value)) throw missingField(path);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === 'string' && /^[1-9]\d*$/.test(value)) return value;
  throw unknownValue(path, 'id value');
}

/** An optional id where WooCommerce uses 0 for "none" (guest customer, simple product). */
export function optionalId(value: unknown, path: string): string | undefined {
  return absent(value) || value === 0 || value === '0' ? undefined : id(value, path);
}

/** A whole number at `path` (quantities), refusing fractions WooCommerce plugins sometimes allow. */
export function integer(value: unknown, path: string): number {
  if (absent(value)) throw missingField(path);
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw unknownValue(path, 'quantity');
  return value;
}

/** A required boolean at `path`. */
export function bool(value: unknown, path: string): boolean {
  if (absent(value)) throw missingField(path);
  if (typeof value !== 'boolean') throw unknownValue(path, 'boolean value');
  return value;
}

/** A required amount (decimal string, or a JSON number as in `price`) as a canonical money string. */
export function amount(value: unknown, path: string, currency: string): string {
  if (absent(value) || value === '') throw missingField(path);
  const parsed = parseAmount(value, currency);
  if (parsed === undefined) throw unknownValue(path, 'amount');
  return parsed;
}

/** Sum of money strings, formatted for `currency`. */
export function total(values: string[], currency: string): string {
  return money(sum(values), currency);
}

const NAIVE_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

/** Milliseconds since the epoch of a naive `YYYY-MM-DDTHH:MM:SS` read as UTC; undefined when malformed. */
export function naiveMs(value: string): number | undefined {
  const m = NAIVE_RE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  if ([y, mo, d, h, mi, s].some((n) => n === undefined)) return undefined;
  const ms = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0);
  // Date.UTC rolls 2026-02-31 over into March; a rolled value is not the time the channel meant.
  return new Date(ms).toISOString().slice(0, 19) === value ? ms : undefined;
}

/**
 * A `*_gmt` field: WooCommerce writes GMT without a zone designator, so it is read as UTC here on purpose
 * (the SDK's `toUtc` rightly refuses naive strings). Returns UTC ISO with `Z`.
 */
export function gmt(value: unknown, path: string): string {
  if (absent(value) || value === '') throw missingField(path);
  const ms = typeof value === 'string' ? naiveMs(value) : undefined;
  if (ms === undefined) throw unknownValue(path, 'GMT timestamp (YYYY-MM-DDTHH:MM:SS)');
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/**
 * The site's UTC offset at a moment, from a site-local time and its GMT twin (`date_created` and
 * `date_created_gmt`). Refuses a difference that is not a whole quarter hour: the pair is inconsistent.
 */
export function offsetOf(local: unknown, gmtValue: unknown, path: string): string | undefined {
  if (typeof local !== 'string' || typeof gmtValue !== 'string') return undefined;
  const l = naiveMs(local);
  const g = naiveMs(gmtValue);
  if (l === undefined || g === undefined) return undefined;
  const minutes = (l - g) / 60_000;
  if (!Number.isInteger(minutes / 15) || Math.abs(minutes) > 14 * 60) {
    throw new MappingError('MAPPING_FAILED', path, `site-local and GMT times at ${path} disagree`);
  }
  if (minutes === 0) return 'Z';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${minutes < 0 ? '-' : '+'}${hh}:${mm}`;
}

let knownCurrencies: ReadonlySet<string> | undefined;

/** An ISO 4217 currency this runtime knows; WooCommerce also offers codes that are not ISO (BTC, PRB, IRT). */
export function currencyCode(value: unknown, path: string): string {
  const code = requiredText(value, path);
  knownCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
  if (!/^[A-Z]{3}$/.test(code) || !knownCurrencies.has(code)) throw unknownValue(path, 'currency');
  return code;
}
