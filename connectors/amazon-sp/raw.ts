import { MappingError, missingField, money, parseAmount, sum, toUtc, unknownValue } from '../../src/sdk';

/** A raw JSON object as Amazon sends it. */
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

/**
 * Amazon sends some flags as JSON booleans and others (IsGift, IsBuyerRequestedCancel) as the strings
 * "true"/"false"; both are read, anything else is refused.
 */
export function flag(value: unknown, path: string): boolean | undefined {
  if (absent(value)) return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw unknownValue(path, 'boolean value');
}

const KNOWN_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** An ISO 4217 code the runtime knows; anything else is an unknown currency, never a guess. */
export function currencyCode(value: unknown, path: string): string {
  const code = requiredText(value, path);
  if (!/^[A-Z]{3}$/.test(code) || !KNOWN_CURRENCIES.has(code)) throw unknownValue(path, 'currency');
  return code;
}

/**
 * Reads an SP-API `Money` object (`{CurrencyCode, Amount}`, Amount a decimal string) in the order currency.
 * Absent gives undefined. A different currency inside one order is refused: amounts are never converted.
 */
export function amazonMoney(value: unknown, path: string, currency: string): string | undefined {
  if (absent(value)) return undefined;
  const m = obj(value, path);
  const code = currencyCode(m['CurrencyCode'], `${path}/CurrencyCode`);
  if (code !== currency) {
    throw new MappingError(
      'MAPPING_UNKNOWN_VALUE',
      `${path}/CurrencyCode`,
      `amount at ${path} is in ${code}, not the order currency ${currency}`,
    );
  }
  const raw = m['Amount'];
  if (absent(raw) || raw === '') throw missingField(`${path}/Amount`);
  const parsed = parseAmount(raw, currency);
  if (parsed === undefined) throw unknownValue(`${path}/Amount`, 'amount');
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
