import { MappingError, missingField, own, rawReader, unknownValue } from '../../src/sdk';

/** BigCommerce uses null, absent and the empty string alike for "no value"; a cost left out is zero. */
const reader = rawReader({ blankIsAbsent: true, numbersAsText: true });
export const { absent, obj, list, text, requiredText, id, bool, amount, optionalAmount } = reader;

/** A required integer of at least `min`. */
export const int = (value: unknown, path: string, min: number): number =>
  reader.int(value, path, min, 'integer');

const MONTHS: Readonly<Record<string, string>> = {
  Jan: '01',
  Feb: '02',
  Mar: '03',
  Apr: '04',
  May: '05',
  Jun: '06',
  Jul: '07',
  Aug: '08',
  Sep: '09',
  Oct: '10',
  Nov: '11',
  Dec: '12',
};

const RFC2822_RE =
  /^(?:[A-Z][a-z]{2},\s+)?(\d{1,2})\s+([A-Z][a-z]{2})\s+(\d{4})\s+(\d{2}):(\d{2}):(\d{2})\s+([+-])(\d{2})(\d{2})$/;

/**
 * Reads a v2 RFC 2822 date (`Tue, 05 Mar 2019 21:40:11 +0000`) into UTC plus the offset it was written in.
 * Zone names (`GMT`, `EST`) are refused: BigCommerce writes numeric offsets, and a name would need a guess.
 */
export function rfc2822(value: unknown, path: string): { utc: string; offset: string } {
  if (absent(value)) throw missingField(path);
  const m = typeof value === 'string' ? RFC2822_RE.exec(value.trim()) : null;
  const month = m?.[2] === undefined ? undefined : own(MONTHS, m[2]);
  if (!m || month === undefined) throw unknownValue(path, 'RFC 2822 date');
  const [, day, , year, hh, mm, ss, sign, oh, om] = m;
  const offset = `${sign}${oh}:${om}`;
  const iso = `${year}-${month}-${(day ?? '').padStart(2, '0')}T${hh}:${mm}:${ss}${offset}`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw unknownValue(path, 'RFC 2822 date');
  return { utc: new Date(ms).toISOString(), offset: offset === '+00:00' ? 'Z' : offset };
}

/** An ISO 8601 timestamp with an offset (v3 resources), in UTC. */
export function isoTimestamp(value: unknown, path: string): string {
  if (absent(value)) throw missingField(path);
  const ms = typeof value === 'string' && /T.*(Z|[+-]\d{2}:?\d{2})$/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new MappingError('MAPPING_UNKNOWN_VALUE', path, `unknown timestamp at ${path}`);
  return new Date(ms).toISOString();
}

/** Writes an instant as BigCommerce's RFC 2822 query format, in UTC, whole seconds. */
export function toRfc2822(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = Object.keys(MONTHS);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(
    d.getUTCHours(),
  )}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}
