import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { orderId } from '../../src/core/ids';
import { completeOrder, type CanonicalOrder } from '../../src/core/order';
import { checkTotals } from '../../src/core/totals';
import { compileSchema, validateCanonicalOrder } from '../../src/core/validation';
import { secretFieldNames } from '../../src/pipeline/secrets';
import type { AnyDefinition, AnyDestination, AnySource } from '../../src/registry';
import type { LookupTables } from '../../src/sdk/context';

/**
 * The structural checks of the contract suite (test/connectors/contract.test.ts), for connectors that live
 * outside the repository's own folders, such as freshly scaffolded ones in a temporary copy. The contract suite
 * itself stays the authority for installed connectors; keep these in step with it.
 */

/** Config property names that must be `writeOnly`. */
export const SECRETISH = /(secret|token|password|apikey|api_key|privatekey|private_key)$/i;

/** Where a connector's folder and fixtures are. */
export interface ConnectorLayout {
  connectorsDir: string;
  fixturesDir: string;
}

const read = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

function frozen<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

/** JSON files in a fixture folder, sorted, filtered by name. */
export function fixtureFiles(dir: string, keep: (file: string) => boolean): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json') && keep(f))
        .sort()
    : [];
}

/** Identity, README and fixtures folder, strict config schema with writeOnly secrets, a check function. */
export function checkCommonContract(definition: AnyDefinition, layout: ConnectorLayout): void {
  const id = definition.meta.id;
  expect(id).toMatch(/^[a-z][a-z0-9-]*$/);
  expect(definition.meta.version).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
  expect(definition.meta.displayName.length).toBeGreaterThan(0);
  expect(definition.meta.apiVersion.length).toBeGreaterThan(0);
  expect(definition.meta.docsUrl).toMatch(/^https?:\/\//);

  expect(existsSync(join(layout.connectorsDir, id, 'README.md'))).toBe(true);
  expect(existsSync(join(layout.fixturesDir, id))).toBe(true);

  expect(definition.configSchema.type).toBe('object');
  expect(definition.configSchema.additionalProperties).toBe(false);
  expect(() => compileSchema(definition.configSchema)).not.toThrow();
  const secrets = new Set(secretFieldNames(definition.configSchema));
  for (const name of Object.keys(definition.configSchema.properties)) {
    if (SECRETISH.test(name)) expect(secrets, `${name} looks like a secret`).toContain(name);
  }
  expect(typeof definition.check).toBe('function');
}

/** A way in (pull with cursor and tie-break, webhook, intake or files), and order fixtures that map purely. */
export function checkSourceContract(
  definition: AnySource,
  layout: ConnectorLayout,
  mapping: { config: Record<string, unknown>; tables: LookupTables },
): void {
  const ways = [definition.pull, definition.webhook, definition.intake, definition.files];
  expect(ways.some(Boolean)).toBe(true);
  if (definition.pull) {
    expect(definition.pull.cursorField.length).toBeGreaterThan(0);
    expect(definition.pull.tieBreak.length).toBeGreaterThan(0);
  }
  const dir = join(layout.fixturesDir, definition.meta.id, 'orders');
  const orders = fixtureFiles(dir, (f) => !f.endsWith('.canonical.json'));
  expect(orders.length).toBeGreaterThan(0);
  for (const file of orders) {
    const raw = frozen(read(join(dir, file)));
    const expected = read(join(dir, file.replace(/\.json$/, '.canonical.json')));
    const ctx = { connectionId: 'con_test', ...mapping };
    const identity = definition.identify(raw);
    expect(identity.externalId.length).toBeGreaterThan(0);
    expect(identity.revision.length).toBeGreaterThan(0);
    const draft = definition.toCanonical(raw, ctx);
    expect(draft, file).toEqual(expected);
    expect(definition.toCanonical(raw, ctx)).toEqual(draft);
    expect(draft.channel.externalId).toBe(identity.externalId);
    const order: CanonicalOrder = completeOrder(draft, orderId('con_test', identity.externalId), 1);
    const valid = validateCanonicalOrder(order);
    expect(valid.ok ? [] : valid.errors).toEqual([]);
    expect(checkTotals(order)).toEqual([]);
  }
}

/** An idempotency mode, and outbound fixtures that are valid canonical orders mapping purely to their payload. */
export function checkDestinationContract(
  definition: AnyDestination,
  layout: ConnectorLayout,
  mapping: { config: Record<string, unknown>; tables: LookupTables },
): void {
  expect(['native-key', 'lookup-before-write']).toContain(definition.idempotency.mode);
  if (definition.idempotency.mode === 'lookup-before-write')
    expect(typeof definition.idempotency.findExisting).toBe('function');
  const dir = join(layout.fixturesDir, definition.meta.id, 'outbound');
  const outbound = fixtureFiles(dir, (f) => f.endsWith('.canonical.json'));
  expect(outbound.length).toBeGreaterThan(0);
  for (const file of outbound) {
    const value = frozen(read(join(dir, file)));
    const valid = validateCanonicalOrder(value);
    expect(valid.ok ? [] : valid.errors).toEqual([]);
    if (!valid.ok) continue;
    const expected = read(join(dir, file.replace(/\.canonical\.json$/, '.payload.json')));
    const ctx = { connectionId: 'con_test', ...mapping };
    const payload = definition.fromCanonical(valid.value, ctx);
    expect(payload, file).toEqual(expected);
    expect(definition.fromCanonical(valid.value, ctx)).toEqual(payload);
  }
}
