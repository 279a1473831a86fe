import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { orderId } from '../../src/core/ids';
import { completeOrder, type CanonicalOrder } from '../../src/core/order';
import { checkTotals } from '../../src/core/totals';
import { compileSchema, validateCanonicalOrder } from '../../src/core/validation';
import { secretFieldNames } from '../../src/pipeline/secrets';
import { loadTables } from '../../src/pipeline/tables';
import { CONNECTORS_DIR, discoverConnectors, type AnyDefinition } from '../../src/registry';
import { MappingError } from '../../src/sdk/errors';
import { fixturePath } from '../../src/sdk/testkit';

// One conformance suite over every installed connector, as BullMQ runs one suite over every backend.
// Adding a connector folder with fixtures is enough for it to be tested here.
const registry = await discoverConnectors();
const tables = await loadTables();
const SECRETISH = /(secret|token|password|apikey|api_key|privatekey|private_key)$/i;

function jsonFiles(dir: string, suffixFilter: (f: string) => boolean): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json') && suffixFilter(f))
        .sort()
    : [];
}
const read = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

/** Deep-freezes a raw record so a mapping that mutates its input fails loudly. */
function frozen<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * The connection settings a connector's mappings read, from `fixtures/<id>/mapping-config.json` (valid against its
 * config schema; secrets are not needed by pure mappings). Connectors whose mappings read nothing have none.
 */
function mappingConfig(id: string): Record<string, unknown> {
  const file = fixturePath(id, 'mapping-config.json');
  if (!existsSync(file)) return {};
  const value = read(file);
  return value && typeof value === 'object' ? { ...value } : {};
}

describe.each(registry.all().map((d) => [d.meta.id, d] as [string, AnyDefinition]))(
  'connector %s',
  (id, definition) => {
    const config = mappingConfig(id);
    it('declares its identity and one pinned upstream version', () => {
      expect(definition.meta.id).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(definition.meta.version).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
      expect(definition.meta.displayName.length).toBeGreaterThan(0);
      expect(definition.meta.apiVersion.length).toBeGreaterThan(0);
      expect(definition.meta.docsUrl).toMatch(/^https?:\/\//);
    });

    it('has a README for ops and a fixtures folder', () => {
      expect(existsSync(join(CONNECTORS_DIR, id, 'README.md'))).toBe(true);
      expect(existsSync(fixturePath(id, '.'))).toBe(true);
    });

    it('has a strict config schema whose secrets are writeOnly', () => {
      expect(definition.configSchema.type).toBe('object');
      expect(definition.configSchema.additionalProperties).toBe(false);
      expect(() => compileSchema(definition.configSchema)).not.toThrow();
      const secrets = new Set(secretFieldNames(definition.configSchema));
      for (const name of Object.keys(definition.configSchema.properties)) {
        if (SECRETISH.test(name)) expect(secrets, `${name} looks like a secret`).toContain(name);
      }
      expect(typeof definition.check).toBe('function');
    });

    if (definition.kind === 'source') {
      const orders = jsonFiles(fixturePath(id, 'orders'), (f) => !f.endsWith('.canonical.json'));

      it('ships order fixtures, each with an expected canonical order', () => {
        expect(orders.length).toBeGreaterThan(0);
        for (const f of orders)
          expect(existsSync(fixturePath(id, `orders/${f.replace(/\.json$/, '.canonical.json')}`)), f).toBe(
            true,
          );
      });

      it.each(orders)(
        'maps %s purely to its expected canonical order, which is valid and adds up',
        (file) => {
          const raw = frozen(read(fixturePath(id, `orders/${file}`)));
          const expected = read(fixturePath(id, `orders/${file.replace(/\.json$/, '.canonical.json')}`));
          const ctx = { connectionId: 'con_test', config, tables };
          const identity = definition.identify(raw);
          expect(identity.externalId.length).toBeGreaterThan(0);
          expect(identity.revision.length).toBeGreaterThan(0);
          const draft = definition.toCanonical(raw, ctx);
          expect(draft).toEqual(expected);
          expect(definition.toCanonical(raw, ctx)).toEqual(draft);
          expect(draft.channel.externalId).toBe(identity.externalId);
          const order: CanonicalOrder = completeOrder(draft, orderId('con_test', identity.externalId), 1);
          const valid = validateCanonicalOrder(order);
          expect(valid.ok ? [] : valid.errors).toEqual([]);
          expect(checkTotals(order)).toEqual([]);
        },
      );

      const rejects = jsonFiles(fixturePath(id, 'rejects'), (f) => !f.endsWith('.error.json'));
      it.skipIf(rejects.length === 0).each(rejects)('refuses %s with the expected mapping error', (file) => {
        const raw = frozen(read(fixturePath(id, `rejects/${file}`)));
        const expected = read(fixturePath(id, `rejects/${file.replace(/\.json$/, '.error.json')}`));
        let thrown: unknown;
        try {
          definition.toCanonical(raw, { connectionId: 'con_test', config, tables });
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(MappingError);
        expect(thrown).toMatchObject(expected as object);
      });

      it('declares a way in: pull rules, webhooks, direct intake or file import', () => {
        const ways = [definition.pull, definition.webhook, definition.intake, definition.files];
        expect(ways.some(Boolean)).toBe(true);
        if (definition.pull) {
          expect(definition.pull.cursorField.length).toBeGreaterThan(0);
          expect(definition.pull.tieBreak.length).toBeGreaterThan(0);
        }
      });
    } else {
      const outbound = jsonFiles(fixturePath(id, 'outbound'), (f) => f.endsWith('.canonical.json'));

      it('declares an idempotency mode', () => {
        expect(['native-key', 'lookup-before-write']).toContain(definition.idempotency.mode);
        if (definition.idempotency.mode === 'lookup-before-write')
          expect(typeof definition.idempotency.findExisting).toBe('function');
      });

      it('ships outbound fixtures', () => {
        expect(outbound.length).toBeGreaterThan(0);
      });

      it.each(outbound)('maps %s purely to its expected payload', (file) => {
        const order = frozen(read(fixturePath(id, `outbound/${file}`))) as CanonicalOrder;
        const valid = validateCanonicalOrder(order);
        expect(valid.ok ? [] : valid.errors).toEqual([]);
        const expected = read(
          fixturePath(id, `outbound/${file.replace(/\.canonical\.json$/, '.payload.json')}`),
        );
        const ctx = { connectionId: 'con_test', config, tables };
        const payload = definition.fromCanonical(order, ctx);
        expect(payload).toEqual(expected);
        expect(definition.fromCanonical(order, ctx)).toEqual(payload);
      });
    }
  },
);
