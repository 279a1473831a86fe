import { isJsonObject, rawReader, unknownValue } from '../../src/sdk';

/**
 * TOP leaves fields out, or sends `null` or `""`, for "no value"; it sends counts as numbers or digit
 * strings.
 */
const reader = rawReader({ blankIsAbsent: true, numbersAsText: true, digitStringIntegers: true });
export const { absent, obj, text, requiredText, int } = reader;

/**
 * A TOP list. Non-simplified JSON wraps lists in an object named after the element (`orders: { order: [...] }`),
 * `simplify=true` sends the bare array; both are read, anything else is refused.
 */
export function wrappedList(value: unknown, element: string, path: string): unknown[] {
  if (absent(value)) return [];
  if (Array.isArray(value)) return value;
  if (isJsonObject(value)) {
    const inner = value[element];
    if (absent(inner)) return [];
    if (Array.isArray(inner)) return inner;
  }
  throw unknownValue(path, 'list shape');
}

/**
 * A 64-bit TOP id (`tid`, `oid`, `num_iid`). The client turns long integers into strings before parsing, so a
 * number here must still be exact; an unsafe one was already rounded by some JSON parser and is refused.
 */
export const id = (value: unknown, path: string): string =>
  reader.id(value, path, { what: 'id value (a non-negative integer, exactly as sent)' });

/** A required yuan amount at `path` (a JSON number or decimal string), as a canonical CNY money string. */
export const amount = (value: unknown, path: string): string => reader.amount(value, path, 'CNY');

/** A TOP time (`yyyy-MM-dd HH:mm:ss`, China time with no offset) in UTC, with the `+08:00` it was given in. */
export const chinaTime = (value: unknown, path: string) =>
  reader.zonedTime(value, path, '+08:00', 'China time');

/** An optional TOP time in UTC. */
export const optionalChinaTime = (value: unknown, path: string) =>
  reader.optionalZonedTime(value, path, '+08:00', 'China time');

/** Formats an instant as TOP's China-time `yyyy-MM-dd HH:mm:ss` (whole seconds, rounded down). */
export function formatChinaTime(ms: number): string {
  const shifted = new Date(Math.floor(ms / 1000) * 1000 + 8 * 3_600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 19)}`;
}
