import { rawReader } from '../../src/sdk';

/**
 * Pinduoduo leaves fields out, or sends `null` or `""`, for "no value"; it sends counts as numbers or digit
 * strings.
 */
const reader = rawReader({ blankIsAbsent: true, numbersAsText: true, digitStringIntegers: true });
export const { absent, obj, text, requiredText, int } = reader;

/**
 * A Pinduoduo numeric id (`goods_id`, `sku_id`). The client turns long integers into strings before parsing, so
 * a number here must still be exact; an unsafe one was already rounded by some JSON parser and is refused.
 */
export const id = (value: unknown, path: string): string =>
  reader.id(value, path, { what: 'id value (a non-negative integer, exactly as sent)' });

/** A required yuan amount at `path` (a JSON number or decimal string), as a canonical CNY money string. */
export const amount = (value: unknown, path: string): string => reader.amount(value, path, 'CNY');

/** An optional yuan amount; absent is zero. */
export const optionalAmount = (value: unknown, path: string): string =>
  reader.optionalAmount(value, path, 'CNY');

/** A Pinduoduo time (`yyyy-MM-dd HH:mm:ss`, China time with no offset) in UTC, with the `+08:00` it was given in. */
export const chinaTime = (value: unknown, path: string) =>
  reader.zonedTime(value, path, '+08:00', 'China time');

/** An optional Pinduoduo time in UTC. */
export const optionalChinaTime = (value: unknown, path: string) =>
  reader.optionalZonedTime(value, path, '+08:00', 'China time');
