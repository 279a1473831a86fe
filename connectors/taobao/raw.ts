import { missingField, parseAmount, toUtc, unknownValue } from '../../src/sdk';

/** A raw JSON object as the TOP gateway sends it. */
export type Json = Record<string, unknown>;

/** Looks a key up in a rule table, ignoring inherited keys such as `constructor`. */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** True for a plain JSON object (not null, not an array). */
export function isObj(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** TOP leaves fields out, or sends `null` or `""`, for "no value". */
export function absent(value: unknown): value is null | undefined | '' {
  return value === null || value === undefined || value === '';
}

/** A required JSON object at `path`. */
export function obj(value: unknown, path: string): Json {
  if (absent(value)) throw missingField(path);
  if (!isObj(value)) throw unknownValue(path, 'object shape');
  return value;
}

/**
 * A TOP list. Non-simplified JSON wraps lists in an object named after the element (`orders: { order: [...] }`),
 * `simplify=true` sends the bare array; both are read, anything else is refused.
 */
export function wrappedList(value: unknown, element: string, path: string): unknown[] {
  if (absent(value)) return [];
  if (Array.isArray(value)) return value;
  if (isObj(value)) {
    const inner = value[element];
    if (absent(inner)) return [];
    if (Array.isArray(inner)) return inner;
  }
  throw unknownValue(path, 'list shape');
}

/** Optional text: blank and null both mean "not given". */
export function text(value: unknown, path: string): string | null {
  if (absent(value)) return null;
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
 * A 64-bit TOP id (`tid`, `oid`, `num_iid`). The client turns long integers into strings before parsing, so a
 * number here must still be exact; an unsafe one was already rounded by some JSON parser and is refused.
 */
export function id(value: unknown, path: string): string {
  if (absent(value)) throw missingField(path);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  throw unknownValue(path, 'id value (a non-negative integer, exactly as sent)');
}

/** A required integer of at least `min` at `path`; TOP sends counts as numbers or digit strings. */
export function int(value: unknown, path: string, min: number): number {
  if (absent(value)) throw missingField(path);
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min) throw unknownValue(path, 'quantity');
  return n;
}

/** A required yuan amount at `path`, as a canonical CNY money string. */
export function amount(value: unknown, path: string): string {
  if (absent(value)) throw missingField(path);
  const parsed = parseAmount(value, 'CNY');
  if (parsed === undefined) throw unknownValue(path, 'amount');
  return parsed;
}

/** An optional yuan amount; absent gives `fallback`. */
export function optionalAmount(value: unknown, path: string, fallback = '0.00'): string {
  return absent(value) ? fallback : amount(value, path);
}

const GMT8_RE = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

/** A TOP time (`yyyy-MM-dd HH:mm:ss`, China time with no offset) in UTC, with the `+08:00` it was given in. */
export function chinaTime(value: unknown, path: string): { utc: string; offset: string } {
  if (absent(value)) throw missingField(path);
  const m = typeof value === 'string' ? GMT8_RE.exec(value) : null;
  const parsed = m ? toUtc(`${m[1]}T${m[2]}+08:00`) : undefined;
  if (!parsed) throw unknownValue(path, 'time (expected yyyy-MM-dd HH:mm:ss in China time)');
  return parsed;
}

/** An optional TOP time in UTC. */
export function optionalChinaTime(value: unknown, path: string): string | undefined {
  return absent(value) ? undefined : chinaTime(value, path).utc;
}

/** Formats an instant as TOP's China-time `yyyy-MM-dd HH:mm:ss` (whole seconds, rounded down). */
export function formatChinaTime(ms: number): string {
  const shifted = new Date(Math.floor(ms / 1000) * 1000 + 8 * 3_600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 19)}`;
}
