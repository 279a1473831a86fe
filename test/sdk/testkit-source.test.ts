import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  fixturePath,
  mappedOrderFixture,
  rawFixtureNames,
  readJsonObjectFixture,
  storedOrderFixture,
  type CanonicalDraft,
} from '../../src/sdk';

// fixturePath resolves the connector id against fixtures/, so an absolute directory stands in for a connector.
const dir = mkdtempSync(join(tmpdir(), 'testkit-source-'));
mkdirSync(join(dir, 'orders'));
const canonicalText = readFileSync(
  fixturePath('ebay', 'orders/us-paid-collect-and-remit.canonical.json'),
  'utf8',
);
const parsed: unknown = JSON.parse(canonicalText);
if (!isDraft(parsed)) throw new Error('the ebay fixture is not a canonical draft');
const draft: CanonicalDraft = parsed;
writeFileSync(join(dir, 'orders', 'good.canonical.json'), canonicalText);
writeFileSync(join(dir, 'orders', 'good.json'), '{"raw": true}');
writeFileSync(join(dir, 'orders', 'broken.canonical.json'), '{"channel": {}}');
writeFileSync(join(dir, 'orders', 'scalar.canonical.json'), '7');
writeFileSync(join(dir, 'orders', 'broken.error.json'), '{}');
writeFileSync(join(dir, 'orders', 'list.json'), '[]');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ID = 'ord_0000000000000000000000ts01';

/** A source whose mapping hands back `out` for the raw record `{"raw": true}` and refuses anything else. */
function sourceGiving(out: unknown) {
  return {
    meta: {
      id: dir,
      version: '0.0.0',
      displayName: 'Test',
      apiVersion: 'v1',
      docsUrl: 'https://example.com',
    },
    toCanonical(raw: unknown): CanonicalDraft {
      expect(raw).toEqual({ raw: true });
      if (!isDraft(out)) throw new Error('not a draft');
      return out;
    },
  };
}

function isDraft(value: unknown): value is CanonicalDraft {
  return typeof value === 'object' && value !== null && 'channel' in value && 'lines' in value;
}

const ctx = { connectionId: 'con_test', config: {}, tables: {} };

describe('source test kit', () => {
  it('completes a canonical fixture as the hub stores it, checked against the schema', () => {
    const order = storedOrderFixture(dir, 'good', { id: ID, revision: 3 });
    expect(order).toMatchObject({ schemaVersion: 1, id: ID, revision: 3 });
    expect(order).toMatchObject(draft);
    expect(storedOrderFixture(dir, 'good', { id: ID }).revision).toBe(1);
  });

  it('refuses a fixture that is not canonical or not an object', () => {
    expect(() => storedOrderFixture(dir, 'broken', { id: ID })).toThrow(/is not canonical/);
    expect(() => storedOrderFixture(dir, 'scalar', { id: ID })).toThrow(/is not an object/);
  });

  it('maps the raw fixture and completes the result when it is the expected canonical output', () => {
    const order = mappedOrderFixture(sourceGiving(draft), 'good', ctx, { id: ID });
    expect(order).toMatchObject({ schemaVersion: 1, id: ID, revision: 1 });
    expect(order.lines).toEqual(draft.lines);
  });

  it('ignores fields the mapping left undefined, as the fixture file cannot hold them', () => {
    const withUndefined = { ...draft, notes: undefined };
    expect(mappedOrderFixture(sourceGiving(withUndefined), 'good', ctx, { id: ID }).id).toBe(ID);
  });

  it('fails when the mapping no longer gives the canonical fixture', () => {
    const other = { ...draft, lines: [] };
    expect(() => mappedOrderFixture(sourceGiving(other), 'good', ctx, { id: ID })).toThrow(
      /no longer gives good\.canonical\.json/,
    );
  });

  it('lists the raw fixtures of a folder without their expectations, and reads object fixtures', () => {
    expect(rawFixtureNames(dir, 'orders')).toEqual(['good', 'list']);
    expect(readJsonObjectFixture(dir, 'orders/good.json')).toEqual({ raw: true });
    expect(() => readJsonObjectFixture(dir, 'orders/list.json')).toThrow(/is not an object/);
  });
});
