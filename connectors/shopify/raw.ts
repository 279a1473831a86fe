import { MappingError, missingField, money, parseAmount, sum, toUtc, unknownValue } from '../../src/sdk';

/** A raw JSON object as Shopify sends it. */
export type Json = Record<string, unknown>;

/** Looks a key up in a rule table, ignoring inherited keys such as `constructor`. */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** True for a plain JSON object (not null, not an array). */
export function isObj(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for null and undefined: Shopify sends both for "no value". */
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
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw unknownValue(path, 'text value');
}

/** Required text at `path`. */
export function requiredText(value: unknown, path: string): string {
  const t = text(value, path);
  if (t === null) throw missingField(path);
  return t;
}

/**
 * Shopify ids are 64-bit integers sent as JSON numbers. Past 2^53 a JSON parser has already rounded them, so an
 * unsafe number is refused rather than turned into the id of some other order.
 */
export function id(value: unknown, path: string): string {
  if (absent(value) || value === '') throw missingField(path);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new MappingError('MAPPING_FAILED', path, `id at ${path} is not exactly representable`);
    }
    return String(value);
  }
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  throw unknownValue(path, 'id value');
}

/** An optional Shopify id at `path`, as a string. */
export function optionalId(value: unknown, path: string): string | undefined {
  return absent(value) ? undefined : id(value, path);
}

/** A required integer of at least `min` at `path`. */
export function int(value: unknown, path: string, min: number): number {
  if (absent(value)) throw missingField(path);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min)
    throw unknownValue(path, 'quantity');
  return value;
}

/** A required boolean at `path`. */
export function bool(value: unknown, path: string): boolean {
  if (absent(value)) throw missingField(path);
  if (typeof value !== 'boolean') throw unknownValue(path, 'boolean value');
  return value;
}

/** An optional boolean at `path`. */
export function optionalBool(value: unknown, path: string): boolean | undefined {
  return absent(value) ? undefined : bool(value, path);
}

/** A required amount at `path` as a canonical money string; decimal strings and JSON numbers only. */
export function amount(value: unknown, path: string, currency: string): string {
  if (absent(value) || value === '') throw missingField(path);
  const parsed = parseAmount(value, currency);
  if (parsed === undefined) throw unknownValue(path, 'amount');
  return parsed;
}

/** Reads `shop_money.amount` of a MoneyBag: the shop currency every canonical amount is in. */
export function shopMoney(value: unknown, path: string, currency: string): string | undefined {
  if (absent(value)) return undefined;
  const bag = obj(value, path);
  const shop = obj(bag['shop_money'], `${path}/shop_money`);
  return amount(shop['amount'], `${path}/shop_money/amount`, currency);
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
