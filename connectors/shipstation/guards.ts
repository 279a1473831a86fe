/** Small type guards for reading ShipStation's JSON without casts. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string field, else undefined. */
export function text(obj: JsonObject, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** A finite number field, else undefined. */
export function num(obj: JsonObject, key: string): number | undefined {
  const v = obj[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The objects of an array field; anything else in it is skipped. */
export function objects(obj: JsonObject, key: string): JsonObject[] {
  const v = obj[key];
  return Array.isArray(v) ? v.filter(isObject) : [];
}
