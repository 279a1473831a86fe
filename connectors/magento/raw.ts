import { missingField, rawReader, unknownValue } from '../../src/sdk';

/** Magento leaves money fields out (or null) when they are zero; optional amounts read absent as zero. */
const reader = rawReader({ blankIsAbsent: false, numbersAsText: true });
export const { absent, obj, list, text, requiredText, bool, amount, optionalAmount, currencyCode } = reader;

/** A Magento entity id (a positive JSON integer) as a string. */
export const id = (value: unknown, path: string): string => reader.id(value, path, { positive: true });

/** An optional id; absent or 0 means none. */
export function optionalId(value: unknown, path: string): string | undefined {
  return absent(value) || value === 0 || value === '0' ? undefined : id(value, path);
}

/** A whole number at `path`; Magento sends quantities as floats (`2` or `2.0`), fractions are refused. */
export const integer = (value: unknown, path: string): number => reader.int(value, path);

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

/** A Magento 0/1 flag (some versions send booleans); absent is false. */
export function flag(value: unknown, path: string): boolean {
  if (absent(value) || value === 0 || value === false || value === '0') return false;
  if (value === 1 || value === true || value === '1') return true;
  throw unknownValue(path, 'flag (0 or 1)');
}
