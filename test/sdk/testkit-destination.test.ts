import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type DestinationUnderTest,
  fixedClock,
  destinationTestKit,
  configError,
  connectorFailure,
  deliveryInfoOf,
  outboundFixtureNames,
  readCanonicalFixture,
  readObjectFixture,
} from '../../src/sdk';

// fixturePath resolves the connector id against fixtures/, so an absolute directory stands in for a connector.
const dir = mkdtempSync(join(tmpdir(), 'testkit-'));
mkdirSync(join(dir, 'outbound'));
writeFileSync(join(dir, 'outbound', 'b-draft.canonical.json'), JSON.stringify({ channel: {} }));
writeFileSync(join(dir, 'outbound', 'a-other.canonical.json'), '{}');
writeFileSync(join(dir, 'outbound', 'a-other.payload.json'), '{}');
writeFileSync(join(dir, 'list.json'), '[1, 2]');
writeFileSync(join(dir, 'null.json'), 'null');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('destination test kit', () => {
  it('gives the ConnectorError a promise rejects with', async () => {
    const error = await connectorFailure(
      Promise.reject(configError('bad URL', { code: 'ACME_URL', remedy: 'Fix the URL.' })),
    );
    expect(error).toMatchObject({ kind: 'config', code: 'ACME_URL', remedy: 'Fix the URL.' });
  });

  it('fails when the promise resolves or rejects with something else', async () => {
    await expect(connectorFailure(Promise.resolve('ok'))).rejects.toThrow(
      'expected a ConnectorError, got undefined',
    );
    await expect(connectorFailure(Promise.reject(new TypeError('boom')))).rejects.toThrow(
      'expected a ConnectorError, got TypeError: boom',
    );
  });

  it('reads outbound fixtures as validated canonical orders, and lists them sorted', () => {
    const names = outboundFixtureNames('webhook');
    expect(names).toContain('us-web');
    expect(names).toEqual([...names].sort());
    const order = readCanonicalFixture('webhook', 'us-web');
    expect(order.schemaVersion).toBe(1);
    expect(order.id).toMatch(/^ord_/);
  });

  it('lists only canonical fixtures, and refuses one that breaks the schema', () => {
    expect(outboundFixtureNames(dir)).toEqual(['a-other', 'b-draft']);
    expect(() => readCanonicalFixture(dir, 'b-draft')).toThrow(/b-draft is not canonical: \[/);
  });

  it('reads object fixtures and refuses null', () => {
    expect(readObjectFixture('business-central', 'http/error-404-company.json')).toBeTypeOf('object');
    expect(readObjectFixture(dir, 'list.json')).toEqual([1, 2]);
    expect(() => readObjectFixture(dir, 'null.json')).toThrow(/null\.json is not a JSON object/);
  });

  it('builds the delivery the hub hands a destination', () => {
    expect(deliveryInfoOf({ id: 'ord_abc', revision: 3 }, 'dlv_key')).toEqual({
      key: 'dlv_key',
      operation: 'upsert',
      orderId: 'ord_abc',
      revision: 3,
    });
    expect(deliveryInfoOf({ id: 'ord_abc', revision: 3 }, 'dlv_key', 'cancel').operation).toBe('cancel');
  });
});

describe('destinationTestKit', () => {
  interface AcmeConfig {
    apiKey: string;
    region?: string;
    timeoutMs?: number;
  }
  const tables = { 'acme-sku': { A: '1' } };
  // Fixtures of the destination under test live under fixtures/<meta.id>/: here the temporary directory.
  const acme: DestinationUnderTest<AcmeConfig, { sku: string; region: string | undefined }> = {
    meta: {
      id: dir,
      version: '1.0.0',
      displayName: 'Acme',
      apiVersion: 'v1',
      docsUrl: 'https://acme.example.com',
    },
    rateLimits: { api: { ratePerSecond: 1, burst: 1 } },
    fromCanonical: (order, ctx) => ({ sku: order.lines[0]?.sku ?? '', region: ctx.config.region }),
  };
  const kit = destinationTestKit(
    acme,
    { apiKey: 'acme-fixture-key' },
    { at: '2026-01-06T12:00:00Z', tables, deliveryKey: 'dlv_acme' },
  );

  it('builds test contexts over the base settings, each with its own clock', async () => {
    const a = kit.context({ region: 'eu' });
    expect(a.connectionId).toBe('con_test');
    expect(a.config).toEqual({ apiKey: 'acme-fixture-key', region: 'eu' });
    expect(a.tables).toBe(tables);
    expect(a.clock.now().toISOString()).toBe('2026-01-06T12:00:00.000Z');
    // The connector's buckets are declared: taking twice from a bucket of one waits a second on the test clock.
    await a.rate.take('api');
    await a.rate.take('api');
    expect(a.sleeps).toEqual([1000]);
    expect(kit.context().clock.now().toISOString()).toBe('2026-01-06T12:00:00.000Z');
    const clock = fixedClock('2026-02-01T00:00:00Z');
    expect(kit.context({}, 500, clock).clock).toBe(clock);
  });

  it('builds mapping contexts over the base settings', () => {
    expect(kit.mapping({ region: 'us' })).toEqual({
      connectionId: 'con_test',
      config: { apiKey: 'acme-fixture-key', region: 'us' },
      tables,
    });
    const other = { 'acme-sku': {} };
    expect(kit.mapping({}, other).tables).toBe(other);
  });

  it('reads the connector’s fixtures and hands out its deliveries and failures', async () => {
    expect(kit.outboundNames()).toEqual(['a-other', 'b-draft']);
    expect(() => kit.canonical('b-draft')).toThrow(/not canonical/);
    expect(() => kit.httpFixture('missing')).toThrow();
    expect(kit.info({ id: 'ord_x', revision: 2 }, 'cancel')).toEqual({
      key: 'dlv_acme',
      operation: 'cancel',
      orderId: 'ord_x',
      revision: 2,
    });
    expect(kit.failure).toBe(connectorFailure);
    expect(() => kit.payload('b-draft')).toThrow(/not canonical/);
  });

  it('maps the canonical fixture through the destination, changed and configured per test', () => {
    const order = readCanonicalFixture('webhook', 'us-web');
    const sku = order.lines[0]?.sku ?? '';
    const webhookKit = destinationTestKit(
      { ...acme, meta: { ...acme.meta, id: 'webhook' } },
      { apiKey: 'k' },
      {
        at: '2026-01-06T12:00:00Z',
        tables,
      },
    );
    expect(webhookKit.payload('us-web')).toEqual({ sku, region: undefined });
    expect(
      webhookKit.payload('us-web', (o) => ({ ...o, lines: o.lines.map((l) => ({ ...l, sku: 'CHANGED' })) }), {
        region: 'eu',
      }),
    ).toEqual({ sku: 'CHANGED', region: 'eu' });
    expect(webhookKit.info(order).key).toBe('dlv_0000000000000000000testkit');
  });
});
