/** A parsed JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>;

/** Narrows a parsed JSON value to an object, so its fields can be read without casts. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string field; undefined for anything else (missing, empty, another type). */
export function textField(obj: JsonObject, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** A finite number field; undefined for anything else. */
export function numberField(obj: JsonObject, key: string): number | undefined {
  const v = obj[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The objects of an array field; other members are skipped, and a missing or non-array field gives `[]`. */
export function objectsField(obj: JsonObject, key: string): JsonObject[] {
  const v = obj[key];
  return Array.isArray(v) ? v.filter(isJsonObject) : [];
}

/**
 * Parses JSON text keeping 64-bit integers exact: channels (TOP, Pinduoduo) send ids past 2^53 as bare JSON
 * numbers, which `JSON.parse` silently rounds into the id of another order. Every integer literal too long to
 * be safe becomes a string before parsing; string literals are skipped over, so text inside them (a buyer's
 * message) is never touched. Returns undefined for text that is not JSON.
 */
export function parseJsonExact(text: string): unknown {
  let out = '';
  let last = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i += 1;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i += 1;
      continue;
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      const start = i;
      i += 1;
      while (i < text.length && /[0-9.eE+-]/.test(text[i] ?? '')) i += 1;
      const literal = text.slice(start, i);
      if (/^-?\d{16,}$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
        out += `${text.slice(last, start)}"${literal}"`;
        last = i;
      }
      continue;
    }
    i += 1;
  }
  try {
    return JSON.parse(out + text.slice(last));
  } catch {
    return undefined;
  }
}
