import { money, parseAmount, sum } from '../core/money';
import { toUtc } from '../core/revision';
import { missingField, unknownValue } from './errors';
import { isJsonObject, type JsonObject } from './json';

/**
 * Looks `key` up in a rule table, ignoring inherited keys such as `constructor` or `toString`: a raw value
 * that happens to name one must read as unknown, not as a rule.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** True for null and undefined, the "no value" of channels that keep `""` apart from a missing field. */
export function isAbsent(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/** True for null, undefined and `""`, the "no value" of channels that send all three alike. */
export function isAbsentOrBlank(value: unknown): value is null | undefined | '' {
  return value === null || value === undefined || value === '';
}

/** Sum of money strings, formatted for `currency`. */
export function moneyTotal(values: readonly string[], currency: string): string {
  return money(sum(values), currency);
}

/** How a channel writes "no value" and text. */
export interface RawReaderOptions {
  /** `""` means "no value" for every field (BigCommerce, TOP), not only for text and amounts. */
  blankIsAbsent: boolean;
  /** A finite JSON number is read as text (`42` → `"42"`); otherwise it is an unknown text value. */
  numbersAsText: boolean;
  /** Integers may also come as digit strings (`"2"`), as gateways that stringify every field send them. */
  digitStringIntegers?: boolean;
}

/** Options of `RawReader.id`. */
export interface RawIdOptions {
  /** Refuse 0 (and `"0"`): the channel counts ids from 1. */
  positive?: boolean;
  /** What the error calls a bad id; `id value` unless given. */
  what?: string;
}

/**
 * Readers of one channel's raw `unknown` values. Each takes the value and its JSON pointer `path` in the raw
 * record, and throws a `MappingError` at that path: `MAPPING_MISSING_FIELD` for a required value that is
 * absent, `MAPPING_UNKNOWN_VALUE` for one of another shape. `Absent` is what the channel sends for "no value".
 */
export interface RawReader<Absent> {
  /** True for the channel's "no value". */
  absent: (value: unknown) => value is Absent;
  /** A required JSON object. */
  obj: (value: unknown, path: string) => JsonObject;
  /** An optional JSON array; absent means empty. */
  list: (value: unknown, path: string) => unknown[];
  /** Optional text: absent and `""` both give null. */
  text: (value: unknown, path: string) => string | null;
  /** Required text: absent and `""` are missing. */
  requiredText: (value: unknown, path: string) => string;
  /** A required non-negative (or, with `positive`, positive) integer id, as a string of digits. */
  id: (value: unknown, path: string, options?: RawIdOptions) => string;
  /** A required safe integer of at least `min`; `what` names a bad one in the error (`quantity` by default). */
  int: (value: unknown, path: string, min?: number, what?: string) => number;
  /** A required JSON boolean. */
  bool: (value: unknown, path: string) => boolean;
  /** An optional JSON boolean. */
  optionalBool: (value: unknown, path: string) => boolean | undefined;
  /** A required amount (decimal string or JSON number) as a canonical money string of `currency`. */
  amount: (value: unknown, path: string, currency: string) => string;
  /** An optional amount; absent reads as zero in `currency`. */
  optionalAmount: (value: unknown, path: string, currency: string) => string;
  /** A required timestamp with an offset (naive times are refused), in UTC plus the offset it came in. */
  timestamp: (value: unknown, path: string) => { utc: string; offset: string };
  /** An ISO 4217 currency code this runtime knows; anything else is unknown, never a guess. */
  currencyCode: (value: unknown, path: string) => string;
  /**
   * A required naive `yyyy-MM-dd HH:mm:ss` of a zone with the fixed `offset` (`+08:00`), in UTC plus that
   * offset; `zone` names it in the error (`China time`).
   */
  zonedTime: (value: unknown, path: string, offset: string, zone: string) => { utc: string; offset: string };
  /** An optional `zonedTime`, in UTC; absent gives undefined. */
  optionalZonedTime: (value: unknown, path: string, offset: string, zone: string) => string | undefined;
}

const NAIVE_TIME_RE = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

let knownCurrencies: ReadonlySet<string> | undefined;

/** The readers for a channel that sends `""` for "no value" everywhere (`blankIsAbsent: true`). */
export function rawReader(
  options: RawReaderOptions & { blankIsAbsent: true },
): RawReader<null | undefined | ''>;
/** The readers for a channel whose only "no value" is null or a missing field (`blankIsAbsent: false`). */
export function rawReader(options: RawReaderOptions & { blankIsAbsent: false }): RawReader<null | undefined>;
/** The readers for a channel, by how it writes "no value" and text. */
export function rawReader(
  options: RawReaderOptions,
): RawReader<null | undefined | ''> | RawReader<null | undefined> {
  return options.blankIsAbsent ? readerOf(isAbsentOrBlank, options) : readerOf(isAbsent, options);
}

function readerOf<Absent>(
  absent: (value: unknown) => value is Absent,
  { numbersAsText, digitStringIntegers = false }: RawReaderOptions,
): RawReader<Absent> {
  const text = (value: unknown, path: string): string | null => {
    if (absent(value) || value === '') return null;
    if (typeof value === 'string') return value;
    if (numbersAsText && typeof value === 'number' && Number.isFinite(value)) return String(value);
    throw unknownValue(path, 'text value');
  };
  const requiredText = (value: unknown, path: string): string => {
    const t = text(value, path);
    if (t === null) throw missingField(path);
    return t;
  };
  const bool = (value: unknown, path: string): boolean => {
    if (absent(value)) throw missingField(path);
    if (typeof value !== 'boolean') throw unknownValue(path, 'boolean value');
    return value;
  };
  const amount = (value: unknown, path: string, currency: string): string => {
    if (absent(value) || value === '') throw missingField(path);
    const parsed = parseAmount(value, currency);
    if (parsed === undefined) throw unknownValue(path, 'amount');
    return parsed;
  };
  const zonedTime = (value: unknown, path: string, offset: string, zone: string) => {
    if (absent(value)) throw missingField(path);
    const m = typeof value === 'string' ? NAIVE_TIME_RE.exec(value) : null;
    const parsed = m ? toUtc(`${m[1]}T${m[2]}${offset}`) : undefined;
    if (!parsed) throw unknownValue(path, `time (expected yyyy-MM-dd HH:mm:ss in ${zone})`);
    return parsed;
  };
  return {
    absent,
    obj(value, path) {
      if (absent(value)) throw missingField(path);
      if (!isJsonObject(value)) throw unknownValue(path, 'object shape');
      return value;
    },
    list(value, path) {
      if (absent(value)) return [];
      if (!Array.isArray(value)) throw unknownValue(path, 'list shape');
      return value;
    },
    text,
    requiredText,
    id(value, path, { positive = false, what = 'id value' } = {}) {
      if (absent(value)) throw missingField(path);
      const least = positive ? 1 : 0;
      if (typeof value === 'number' && Number.isSafeInteger(value) && value >= least) return String(value);
      if (typeof value === 'string' && (positive ? /^[1-9]\d*$/ : /^\d+$/).test(value)) return value;
      throw unknownValue(path, what);
    },
    int(value, path, min = Number.MIN_SAFE_INTEGER, what = 'quantity') {
      if (absent(value)) throw missingField(path);
      const n =
        digitStringIntegers && typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min) throw unknownValue(path, what);
      return n;
    },
    bool,
    optionalBool: (value, path) => (absent(value) ? undefined : bool(value, path)),
    amount,
    optionalAmount: (value, path, currency) =>
      absent(value) ? money(0, currency) : amount(value, path, currency),
    timestamp(value, path) {
      if (absent(value) || value === '') throw missingField(path);
      const parsed = typeof value === 'string' ? toUtc(value) : undefined;
      if (!parsed) throw unknownValue(path, 'timestamp (an offset is required)');
      return parsed;
    },
    currencyCode(value, path) {
      const code = requiredText(value, path);
      knownCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
      if (!/^[A-Z]{3}$/.test(code) || !knownCurrencies.has(code)) throw unknownValue(path, 'currency');
      return code;
    },
    zonedTime,
    optionalZonedTime: (value, path, offset, zone) =>
      absent(value) ? undefined : zonedTime(value, path, offset, zone).utc,
  };
}
