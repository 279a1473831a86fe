import { readdirSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { completeOrder, type CanonicalOrder } from '../core/order';
import { validateCanonicalOrder } from '../core/validation';
import type { MappingContext } from './context';
import type { SourceDefinition } from './define';
import { isJsonObject, type JsonObject } from './json';
import { fixturePath, readFixture } from './testkit';

/**
 * Names (without `.json`) of a source's raw fixtures in `fixtures/<connectorId>/<folder>/`, sorted: the records
 * themselves, not their `.canonical.json` or `.error.json` expectations.
 */
export function rawFixtureNames(connectorId: string, folder: 'orders' | 'rejects'): string[] {
  return readdirSync(fixturePath(connectorId, folder))
    .filter((f) => f.endsWith('.json') && !f.endsWith('.canonical.json') && !f.endsWith('.error.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** A JSON fixture that must hold an object (not an array, null or a scalar), e.g. a raw record to change. */
export function readJsonObjectFixture(connectorId: string, file: string): JsonObject {
  const value = readFixture(connectorId, file);
  if (!isJsonObject(value)) throw new Error(`${file} is not an object`);
  return value;
}

/** How the hub stored an order: its id and revision. */
export interface StoredAs {
  /** The order id, `ord_` and 26 characters. */
  id: string;
  /** The revision; 1 unless given. */
  revision?: number;
}

/**
 * A source's expected canonical output `fixtures/<connectorId>/orders/<name>.canonical.json`, completed as the
 * hub stores it (schemaVersion, `id`, revision) and checked against the canonical schema: the order a
 * write-back test hands the connector, never one the hub would have refused.
 */
export function storedOrderFixture(connectorId: string, name: string, stored: StoredAs): CanonicalOrder {
  const draft = readFixture(connectorId, `orders/${name}.canonical.json`);
  const result = validateCanonicalOrder({
    ...completion(stored),
    ...objectOf(draft, `${connectorId}/${name}`),
  });
  if (!result.ok)
    throw new Error(`fixture ${connectorId}/${name} is not canonical: ${JSON.stringify(result.errors)}`);
  return result.value;
}

/**
 * Maps the source's raw fixture `orders/<name>.json` with `toCanonical`, fails unless the result is the
 * fixture's `<name>.canonical.json`, and completes it as the hub stores it: a write-back test then runs on what
 * the connector itself made of the channel's record.
 */
export function mappedOrderFixture<Config>(
  source: Pick<SourceDefinition<Config>, 'meta' | 'toCanonical'>,
  name: string,
  ctx: MappingContext<Config>,
  stored: StoredAs,
): CanonicalOrder {
  const id = source.meta.id;
  const draft = source.toCanonical(readFixture(id, `orders/${name}.json`), ctx);
  // Through JSON, as the fixture was written: a field the mapping left undefined is a field it did not set.
  const written: unknown = JSON.parse(JSON.stringify(draft));
  if (!isDeepStrictEqual(written, readFixture(id, `orders/${name}.canonical.json`)))
    throw new Error(`${id}/${name}: toCanonical no longer gives ${name}.canonical.json`);
  return completeOrder(draft, stored.id, stored.revision ?? 1);
}

function completion(stored: StoredAs): { schemaVersion: 1; id: string; revision: number } {
  return { schemaVersion: 1, id: stored.id, revision: stored.revision ?? 1 };
}

function objectOf(value: unknown, what: string): object {
  if (typeof value !== 'object' || value === null) throw new Error(`${what} is not an object`);
  return value;
}
