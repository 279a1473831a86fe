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
