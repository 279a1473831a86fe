import { mkdtemp, readFile, rm, writeFile, chmod } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileSchema, validateCanonicalOrder } from '../../src/core/validation';
import { ConnectorError, MappingError, type CanonicalOrder, type DeliveryInfo } from '../../src/sdk';
import { createTestContext, fixedClock, fixturePath, readFixture } from '../../src/sdk/testkit';
import sandbox3pl, { readLedger, ledgerPath, type Sandbox3plConfig } from './index';

let directory = '';
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sandbox-3pl-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function context(config: Partial<Sandbox3plConfig> = {}, connectionId = 'con_3pl') {
  return createTestContext<Sandbox3plConfig>(
    { directory, ...config },
    { connectionId, clock: fixedClock('2026-01-05T12:00:00Z') },
  );
}
const mapping = (config: Sandbox3plConfig = {}) => ({ connectionId: 'con_3pl', config, tables: {} });

function canonical(name: string): CanonicalOrder {
  const result = validateCanonicalOrder(readFixture('sandbox-3pl', `outbound/${name}.canonical.json`));
  if (!result.ok) throw new Error(`fixture ${name} is not canonical: ${JSON.stringify(result.errors)}`);
  return result.value;
}
const info = (order: CanonicalOrder, key = 'dlv_aaaaaaaaaaaaaaaaaaaaaaaaaa'): DeliveryInfo => ({
  key,
  operation: 'upsert',
  orderId: order.id,
  revision: order.revision,
});

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ConnectorError)) throw new Error('expected a ConnectorError');
  return error;
}

describe('sandbox-3pl', () => {
  const outbound = readdirSync(fixturePath('sandbox-3pl', 'outbound'))
    .filter((f) => f.endsWith('.canonical.json'))
    .map((f) => f.slice(0, -'.canonical.json'.length));

  it('has fixtures with a Chinese address and a multi-currency order, and a config schema that compiles', () => {
    expect(outbound).toEqual(expect.arrayContaining(['cn-address', 'eu-multi-currency', 'us-web']));
    expect(canonical('cn-address').shippingAddress?.countryCode).toBe('CN');
    expect(canonical('eu-multi-currency').presentment?.currency).not.toBe(
      canonical('eu-multi-currency').currency,
    );
    const validate = compileSchema<Sandbox3plConfig>(sandbox3pl.configSchema);
    expect(validate({}).ok).toBe(true);
    expect(
      validate({ directory: '/tmp/x', failureRate: 0.3, rejectSkus: ['A'], shipAfterSeconds: 60 }).ok,
    ).toBe(true);
    expect(validate({ failureRate: 2 }).ok).toBe(false);
  });

  it.each(outbound)('%s maps to its expected warehouse order', (name) => {
    expect(sandbox3pl.fromCanonical(canonical(name), mapping())).toEqual(
      readFixture('sandbox-3pl', `outbound/${name}.payload.json`),
    );
  });

  it('throws MappingError for a shipped line without SKU and for an order without shipping address', () => {
    const order = canonical('us-web');
    const noSku = { ...order, lines: order.lines.map((l, i) => (i === 1 ? { ...l, sku: null } : l)) };
    expect(() => sandbox3pl.fromCanonical(noSku, mapping())).toThrow(MappingError);
    expect(() => sandbox3pl.fromCanonical(noSku, mapping())).toThrow(
      expect.objectContaining({ path: '/lines/1/sku' }),
    );
    const noAddress = { ...order, shippingAddress: null };
    expect(() => sandbox3pl.fromCanonical(noAddress, mapping())).toThrow(
      expect.objectContaining({ code: 'MAPPING_MISSING_FIELD', path: '/shippingAddress' }),
    );
    const nothingToShip = { ...order, lines: order.lines.map((l) => ({ ...l, requiresShipping: false })) };
    expect(() => sandbox3pl.fromCanonical(nothingToShip, mapping())).toThrow(MappingError);
  });

  it('writes a delivery key once: the same key twice gives one ledger line', async () => {
    const order = canonical('us-web');
    const payload = sandbox3pl.fromCanonical(order, mapping());
    const first = await sandbox3pl.deliver(context(), payload, info(order));
    const second = await sandbox3pl.deliver(context(), payload, info(order));
    expect(first.remoteId).toMatch(/^WH-[0-9A-F]{12}$/);
    expect(first.status).toBe('accepted');
    expect(second).toEqual({ remoteId: first.remoteId, status: 'duplicate' });
    const lines = await readLedger(ledgerPath(directory, 'con_3pl'));
    expect(lines).toEqual([
      {
        key: info(order).key,
        receivedAt: '2026-01-05T12:00:00.000Z',
        operation: 'upsert',
        remoteId: first.remoteId,
        order: payload,
      },
    ]);
    // A new revision is a new key and a new line for the same warehouse order.
    const next = await sandbox3pl.deliver(context(), payload, {
      ...info(order, 'dlv_bbbbbbbbbbbbbbbbbbbbbbbbbb'),
      revision: 2,
    });
    expect(next).toEqual({ remoteId: first.remoteId, status: 'accepted' });
    expect(await readLedger(ledgerPath(directory, 'con_3pl'))).toHaveLength(2);
  });

  it('concurrent deliveries of the same key write one line', async () => {
    const order = canonical('cn-address');
    const payload = sandbox3pl.fromCanonical(order, mapping());
    const results = await Promise.all(
      Array.from({ length: 20 }, () => sandbox3pl.deliver(context(), payload, info(order))),
    );
    expect(results.filter((r) => r.status === 'accepted')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'duplicate')).toHaveLength(19);
    const text = await readFile(ledgerPath(directory, 'con_3pl'), 'utf8');
    expect(text.trim().split('\n')).toHaveLength(1);
  });

  it('reads keys back from an existing ledger and survives a torn last line', async () => {
    const order = canonical('us-web');
    const payload = sandbox3pl.fromCanonical(order, mapping());
    const path = ledgerPath(directory, 'con_torn');
    const earlier = {
      key: 'dlv_earlier',
      receivedAt: '2026-01-01T00:00:00.000Z',
      operation: 'upsert',
      remoteId: 'WH-EARLIER',
      order: payload,
    };
    await writeFile(path, `${JSON.stringify(earlier)}\n{"key":"dlv_torn","rece`);
    const ctx = context({}, 'con_torn');
    expect(await sandbox3pl.deliver(ctx, payload, info(order, 'dlv_earlier'))).toEqual({
      remoteId: 'WH-EARLIER',
      status: 'duplicate',
    });
    await sandbox3pl.deliver(ctx, payload, info(order, 'dlv_new'));
    const entries = await readLedger(path);
    expect(
      entries.map((e) => (typeof e === 'object' && e !== null && 'key' in e ? e.key : undefined)),
    ).toEqual(['dlv_earlier', 'dlv_new']);
  });

  it('failureRate 1 fails every attempt with a transient error', async () => {
    const order = canonical('us-web');
    const payload = sandbox3pl.fromCanonical(order, mapping());
    for (let i = 0; i < 10; i++) {
      const error = await failure(sandbox3pl.deliver(context({ failureRate: 1 }), payload, info(order)));
      expect(error.kind).toBe('transient');
    }
    // Failures after the write (a lost answer) never make a second line.
    expect((await readLedger(ledgerPath(directory, 'con_3pl'))).length).toBeLessThanOrEqual(1);
  });

  it('rejects orders with a SKU in rejectSkus, writing nothing', async () => {
    const order = canonical('us-web');
    const payload = sandbox3pl.fromCanonical(order, mapping());
    const error = await failure(
      sandbox3pl.deliver(context({ rejectSkus: ['TSHIRT-WHT-L'] }), payload, info(order)),
    );
    expect(error.kind).toBe('rejected');
    expect(error.code).toBe('SANDBOX_3PL_SKU_REFUSED');
    expect(error.message).not.toContain('TSHIRT');
    expect(await readLedger(ledgerPath(directory, 'con_3pl'))).toEqual([]);
  });

  it('check: ok for a writable folder, a code and remedy otherwise', async () => {
    expect(
      await sandbox3pl.check(context({ directory: join(directory, 'nested', 'ledgers') })),
    ).toMatchObject({ ok: true });
    const file = join(directory, 'a-file');
    await writeFile(file, 'x');
    await chmod(file, 0o444);
    const result = await sandbox3pl.check(context({ directory: join(file, 'sub') }));
    expect(result).toMatchObject({ ok: false, code: 'SANDBOX_3PL_DIRECTORY_NOT_WRITABLE' });
  });

  it('a ledger folder that cannot exist is a config error on delivery', async () => {
    const order = canonical('us-web');
    const payload = sandbox3pl.fromCanonical(order, mapping());
    const file = join(directory, 'not-a-folder');
    await writeFile(file, 'x');
    const error = await failure(
      sandbox3pl.deliver(context({ directory: join(file, 'ledgers') }), payload, info(order)),
    );
    expect(error.kind).toBe('config');
  });
});
