import { MappingError, missingField, parseAmount, toUtc } from '../../src/sdk';

/**
 * Small typed readers over an untrusted record. Each takes the JSON pointer of the value it reads, so a
 * mapping error says exactly where the record is wrong (and never what the value was).
 */

/** A JSON object as read from the record. */
export type Obj = Readonly<Record<string, unknown>>;

/** True for a JSON object (not null, not an array). */
export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wrong(path: string, expected: string): MappingError {
  return new MappingError('MAPPING_FAILED', path, `expected ${expected} at ${path}`);
}

/** The object at `path`; missing or not an object throws. */
export function obj(value: unknown, path: string): Obj {
  if (value === undefined) throw missingField(path);
  if (!isObj(value)) throw wrong(path, 'an object');
  return value;
}

/** The object at `path`, or null when null or absent. */
export function optObj(value: unknown, path: string): Obj | null {
  return value === null || value === undefined ? null : obj(value, path);
}

/** The array at `path`. */
export function arr(value: unknown, path: string): readonly unknown[] {
  if (value === undefined) throw missingField(path);
  if (!Array.isArray(value)) throw wrong(path, 'an array');
  return value;
}

/** A required non-empty string. */
export function str(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (v === undefined || v === null || v === '') throw missingField(`${path}/${key}`);
  if (typeof v !== 'string') throw wrong(`${path}/${key}`, 'a string');
  return v;
}

/** A string that may be null or absent (absent reads as null). */
export function optStr(o: Obj, key: string, path: string): string | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw wrong(`${path}/${key}`, 'a string or null');
  return v;
}

/** A required boolean. */
export function bool(o: Obj, key: string, path: string): boolean {
  const v = o[key];
  if (v === undefined) throw missingField(`${path}/${key}`);
  if (typeof v !== 'boolean') throw wrong(`${path}/${key}`, 'true or false');
  return v;
}

/** A required integer of at least `min`. */
export function int(o: Obj, key: string, path: string, min: number): number {
  const v = o[key];
  if (v === undefined) throw missingField(`${path}/${key}`);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
    throw wrong(`${path}/${key}`, `an integer ≥ ${min}`);
  return v;
}

/** A decimal amount in `currency`, as a canonical money string. */
export function amount(o: Obj, key: string, path: string, currency: string): string {
  const v = o[key];
  if (v === undefined || v === null) throw missingField(`${path}/${key}`);
  const parsed = parseAmount(v, currency);
  if (parsed === undefined) throw wrong(`${path}/${key}`, 'a decimal amount');
  return parsed;
}

/** A timestamp with an explicit offset, as UTC plus the offset it was given in. */
export function timestamp(o: Obj, key: string, path: string): { utc: string; offset: string } {
  const parsed = toUtc(str(o, key, path));
  if (!parsed) throw wrong(`${path}/${key}`, 'an ISO 8601 timestamp with an offset');
  return parsed;
}

/** An optional timestamp with offset, as UTC. */
export function optTimestamp(o: Obj, key: string, path: string): string | undefined {
  return o[key] === null || o[key] === undefined ? undefined : timestamp(o, key, path).utc;
}
