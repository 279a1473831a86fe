import { MappingError, missingField, money, parseAmount, sum, toUtc, unknownValue } from '../../src/sdk';

/** A raw JSON object as eBay sends it. */
export type Json = Record<string, unknown>;

/** Looks a key up in a rule table, ignoring inherited keys such as `constructor`. */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** True for a plain JSON object (not null, not an array). */
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

/** Optional text: blank and null both mean "not given". */
export function text(value: unknown, path: string): string | null {
  if (absent(value) || value === '') return null;
  if (typeof value === 'string') return value;
  throw unknownValue(path, 'text value');
}

/** Required text at `path`. */
export function requiredText(value: unknown, path: string): string {
  const t = text(value, path);
  if (t === null) throw missingField(path);
  return t;
}

/** A required integer of at least `min` at `path`. */
export function int(value: unknown, path: string, min: number): number {
  if (absent(value)) throw missingField(path);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min)
    throw unknownValue(path, `integer (at least ${min})`);
  return value;
}

/** An optional JSON boolean. */
export function flag(value: unknown, path: string): boolean | undefined {
  if (absent(value)) return undefined;
  if (typeof value !== 'boolean') throw unknownValue(path, 'boolean value');
  return value;
}

const KNOWN_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** An ISO 4217 code the runtime knows; anything else is an unknown currency, never a guess. */
export function currencyCode(value: unknown, path: string): string {
  const code = requiredText(value, path);
  if (!/^[A-Z]{3}$/.test(code) || !KNOWN_CURRENCIES.has(code)) throw unknownValue(path, 'currency');
  return code;
}

/** An eBay `Amount` in the order currency, plus what it was converted from when eBay converted it. */
export interface EbayAmount {
  value: string;
  convertedFrom?: { currency: string; value: string };
}

/**
 * Reads an eBay `Amount` (`{value, currency, convertedFromValue?, convertedFromCurrency?}`, value a decimal
 * string). Absent gives undefined. An amount in another currency than the order's is refused: amounts are never
 * converted here.
 */
export function ebayAmount(value: unknown, path: string, currency: string): EbayAmount | undefined {
  if (absent(value)) return undefined;
  const a = obj(value, path);
  const code = currencyCode(a['currency'], `${path}/currency`);
  if (code !== currency) {
    throw new MappingError(
      'MAPPING_UNKNOWN_VALUE',
      `${path}/currency`,
      `amount at ${path} is in ${code}, not the order currency ${currency}`,
    );
  }
  const out: EbayAmount = { value: decimal(a['value'], `${path}/value`, currency) };
  if (!absent(a['convertedFromCurrency'])) {
    const from = currencyCode(a['convertedFromCurrency'], `${path}/convertedFromCurrency`);
    out.convertedFrom = {
      currency: from,
      value: decimal(a['convertedFromValue'], `${path}/convertedFromValue`, from),
    };
  }
  return out;
}

/** The value of an optional eBay `Amount`, zero when absent. */
export function amountOrZero(value: unknown, path: string, currency: string): string {
  return ebayAmount(value, path, currency)?.value ?? money(0, currency);
}

function decimal(value: unknown, path: string, currency: string): string {
  if (absent(value) || value === '') throw missingField(path);
  const parsed = parseAmount(value, currency);
  if (parsed === undefined) throw unknownValue(path, 'amount');
  return parsed;
}

/** A required timestamp with an offset at `path`, in UTC plus the offset it came in. */
export function timestamp(value: unknown, path: string): { utc: string; offset: string } {
  if (absent(value) || value === '') throw missingField(path);
  const parsed = typeof value === 'string' ? toUtc(value) : undefined;
  if (!parsed) throw unknownValue(path, 'timestamp (an offset is required)');
  return parsed;
}

/** Sum of money strings, formatted for `currency`. */
export function total(values: string[], currency: string): string {
  return money(sum(values), currency);
}
