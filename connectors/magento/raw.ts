import { missingField, money, parseAmount, sum, unknownValue } from '../../src/sdk';

/** A raw JSON object as Magento sends it. */
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

/** Optional text; blank is null. */
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

/** A Magento entity id (a positive JSON integer) as a string. */
export function id(value: unknown, path: string): string {
  if (absent(value)) throw missingField(path);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === 'string' && /^[1-9]\d*$/.test(value)) return value;
  throw unknownValue(path, 'id value');
}

/** An optional id; absent or 0 means none. */
export function optionalId(value: unknown, path: string): string | undefined {
  return absent(value) || value === 0 || value === '0' ? undefined : id(value, path);
}

/** A whole number at `path`; Magento sends quantities as floats (`2` or `2.0`), fractions are refused. */
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

/** A required amount (Magento sends JSON numbers) as a canonical money string. */
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

const MAGENTO_TIME_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Milliseconds of a Magento `YYYY-MM-DD HH:MM:SS` read as UTC; undefined when malformed or rolled over. */
export function magentoMs(value: string): number | undefined {
  const m = MAGENTO_TIME_RE.exec(value);
  if (!m) return undefined;
  const ms = Date.parse(`${value.replace(' ', 'T')}Z`);
  // Date.parse rejects 2026-02-31 in some engines and rolls it over in others; round-trip to be sure.
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) !== value.replace(' ', 'T')
    ? undefined
    : ms;
}

/**
 * A Magento timestamp: the database stores UTC and the REST API prints it without a zone, so it is read as UTC
 * here on purpose (the SDK's `toUtc` rightly refuses naive strings). Returns UTC ISO with `Z`.
 */
export function utc(value: unknown, path: string): string {
  if (absent(value) || value === '') throw missingField(path);
  const ms = typeof value === 'string' ? magentoMs(value) : undefined;
  if (ms === undefined) throw unknownValue(path, 'UTC timestamp (YYYY-MM-DD HH:MM:SS)');
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Formats an instant as Magento's `YYYY-MM-DD HH:MM:SS` in UTC. */
export function magentoTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** An optional amount: Magento leaves many money fields out (or null) when they are zero. */
export function optionalAmount(value: unknown, path: string, currency: string): string {
  return absent(value) ? money(0, currency) : amount(value, path, currency);
}

let knownCurrencies: ReadonlySet<string> | undefined;

/** An ISO 4217 currency this runtime knows. */
export function currencyCode(value: unknown, path: string): string {
  const code = requiredText(value, path);
  knownCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
  if (!/^[A-Z]{3}$/.test(code) || !knownCurrencies.has(code)) throw unknownValue(path, 'currency');
  return code;
}

/** A Magento 0/1 flag (some versions send booleans); absent is false. */
export function flag(value: unknown, path: string): boolean {
  if (absent(value) || value === 0 || value === false || value === '0') return false;
  if (value === 1 || value === true || value === '1') return true;
  throw unknownValue(path, 'flag (0 or 1)');
}
