import { MappingError, missingField, rawReader, unknownValue } from '../../src/sdk';

/** WooCommerce sends `""` for text "not given", but a blank id or number is a wrong value, not a missing one. */
const reader = rawReader({ blankIsAbsent: false, numbersAsText: true });
export const { absent, obj, list, text, requiredText, bool, amount, currencyCode } = reader;

/** A WooCommerce id (a positive JSON integer) as a string. */
export const id = (value: unknown, path: string): string => reader.id(value, path, { positive: true });

/** An optional id where WooCommerce uses 0 for "none" (guest customer, simple product). */
export function optionalId(value: unknown, path: string): string | undefined {
  return absent(value) || value === 0 || value === '0' ? undefined : id(value, path);
}

/** A whole number at `path` (quantities), refusing fractions WooCommerce plugins sometimes allow. */
export const integer = (value: unknown, path: string): number => reader.int(value, path);

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
