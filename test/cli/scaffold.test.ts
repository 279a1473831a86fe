import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as prettier from 'prettier';
import { afterAll, describe, expect, it } from 'vitest';
import { scaffoldCommand, scaffoldConnector, PROJECT_ROOT } from '../../src/cli/scaffold';
import { completeOrder } from '../../src/core/order';
import { checkTotals } from '../../src/core/totals';
import { validateCanonicalOrder } from '../../src/core/validation';
import { loadTables } from '../../src/pipeline/tables';
import { discoverConnectors } from '../../src/registry';
import { MappingError } from '../../src/sdk/errors';
import {
  checkCommonContract,
  checkDestinationContract,
  checkSourceContract,
} from '../connectors/contract-checks';

// A temporary copy laid out like the repository: its own connectors/ and fixtures/, and links to src/ and
// node_modules/ so generated code imports the real SDK (one module instance, so `instanceof` works).
const root = mkdtempSync(join(tmpdir(), 'oh-scaffold-'));
mkdirSync(join(root, 'connectors'));
mkdirSync(join(root, 'fixtures'));
symlinkSync(join(PROJECT_ROOT, 'src'), join(root, 'src'), 'dir');
symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const layout = { connectorsDir: join(root, 'connectors'), fixturesDir: join(root, 'fixtures') };
const sourceFiles = await scaffoldConnector({ id: 'acme-shop', kind: 'source', dir: root });
const destinationFiles = await scaffoldConnector({
  id: 'acme-wms',
  kind: 'destination',
  name: "Acme's WMS",
  dir: root,
});
const registry = await discoverConnectors(layout.connectorsDir);
const tables = await loadTables();
const mapping = { config: {}, tables };

function capture() {
  let text = '';
  return {
    stream: {
      write: (chunk: string) => {
        text += chunk;
      },
    },
    text: () => text,
  };
}

describe('orderhub connectors new --kind source', () => {
  const source = registry.source('acme-shop');

  it('writes the connector folder and an example fixture pair', () => {
    expect(sourceFiles.sort()).toEqual([
      'connectors/acme-shop/README.md',
      'connectors/acme-shop/acme-shop.test.ts',
      'connectors/acme-shop/client.ts',
      'connectors/acme-shop/config.ts',
      'connectors/acme-shop/index.ts',
      'connectors/acme-shop/mapping.ts',
      'connectors/acme-shop/raw.ts',
      'fixtures/acme-shop/orders/example.canonical.json',
      'fixtures/acme-shop/orders/example.json',
    ]);
    const readme = readFileSync(join(root, 'connectors/acme-shop/README.md'), 'utf8');
    for (const section of ['## What to create', '## Settings', '## Raw record', '## Pull rules', '## Check'])
      expect(readme).toContain(section);
  });

  it('passes the contract suite’s checks', () => {
    expect(source?.meta).toMatchObject({ id: 'acme-shop', displayName: 'Acme Shop', version: '0.1.0' });
    if (!source) return;
    checkCommonContract(source, layout);
    checkSourceContract(source, layout, mapping);
    expect(source.configSchema.properties['apiKey']).toMatchObject({ writeOnly: true });
  });

  it('maps its example to a valid canonical order that adds up, and refuses unknown values', () => {
    if (!source) throw new Error('acme-shop was not discovered');
    const raw: unknown = JSON.parse(
      readFileSync(join(root, 'fixtures/acme-shop/orders/example.json'), 'utf8'),
    );
    const ctx = { connectionId: 'con_test', ...mapping };
    const order = completeOrder(source.toCanonical(raw, ctx), 'ord_0000000000000000000000test', 1);
    expect(validateCanonicalOrder(order)).toMatchObject({ ok: true });
    expect(checkTotals(order)).toEqual([]);
    expect(order.totals).toEqual({
      subtotal: '33.90',
      discount: '2.50',
      shipping: '4.90',
      tax: '5.83',
      total: '42.13',
    });
    const base = typeof raw === 'object' && raw !== null ? raw : {};
    expect(() => source.toCanonical({ ...base, status: 'on_the_moon' }, ctx)).toThrow(MappingError);
    expect(() => source.toCanonical({ ...base, createdAt: '2026-03-02T09:15:00' }, ctx)).toThrow(
      /UTC offset/,
    );
  });
});

describe('orderhub connectors new --kind destination', () => {
  const destination = registry.destination('acme-wms');

  it('writes the connector folder and an outbound fixture pair', () => {
    expect(destinationFiles.sort()).toEqual([
      'connectors/acme-wms/README.md',
      'connectors/acme-wms/acme-wms.test.ts',
      'connectors/acme-wms/client.ts',
      'connectors/acme-wms/config.ts',
      'connectors/acme-wms/index.ts',
      'connectors/acme-wms/mapping.ts',
      'fixtures/acme-wms/outbound/example.canonical.json',
      'fixtures/acme-wms/outbound/example.payload.json',
    ]);
  });

  it('passes the contract suite’s checks, with the display name quoted safely', () => {
    expect(destination?.meta).toMatchObject({ id: 'acme-wms', displayName: "Acme's WMS" });
    if (!destination) return;
    checkCommonContract(destination, layout);
    checkDestinationContract(destination, layout, mapping);
    expect(destination.idempotency.mode).toBe('native-key');
  });

  it('ships a canonical fixture that is valid and adds up', () => {
    const order: unknown = JSON.parse(
      readFileSync(join(root, 'fixtures/acme-wms/outbound/example.canonical.json'), 'utf8'),
    );
    const valid = validateCanonicalOrder(order);
    expect(valid.ok ? [] : valid.errors).toEqual([]);
    if (valid.ok) expect(checkTotals(valid.value)).toEqual([]);
  });
});

describe('generated files', () => {
  it('are prettier-clean with the project’s settings', async () => {
    const options = (await prettier.resolveConfig(join(PROJECT_ROOT, 'package.json'))) ?? {};
    for (const file of [...sourceFiles, ...destinationFiles]) {
      const text = readFileSync(join(root, file), 'utf8');
      expect(await prettier.check(text, { ...options, filepath: join(root, file) }), file).toBe(true);
    }
  });
});

describe('refusals (exit code 2, nothing written)', () => {
  it.each(['Acme', 'acme_shop', '1shop', 'acme--shop', 'acme-', '-acme', 'acme shop'])(
    'refuses the id %j',
    async (id) => {
      const err = capture();
      expect(await scaffoldCommand({ id, kind: 'source', dir: root }, capture().stream, err.stream)).toBe(2);
      expect(err.text()).toMatch(/^SCAFFOLD_ID_INVALID: .*kebab-case/);
      expect(existsSync(join(root, 'connectors', id))).toBe(false);
    },
  );

  it('refuses an id whose connector or fixtures folder exists', async () => {
    const err = capture();
    expect(
      await scaffoldCommand(
        { id: 'acme-shop', kind: 'destination', dir: root },
        capture().stream,
        err.stream,
      ),
    ).toBe(2);
    expect(err.text()).toMatch(/^SCAFFOLD_EXISTS: connectors\/acme-shop already exists/);
    mkdirSync(join(root, 'fixtures', 'half-done'));
    expect(
      await scaffoldCommand({ id: 'half-done', kind: 'source', dir: root }, capture().stream, err.stream),
    ).toBe(2);
    expect(err.text()).toContain('SCAFFOLD_EXISTS: fixtures/half-done already exists');
    expect(existsSync(join(root, 'connectors', 'half-done'))).toBe(false);
  });

  it('refuses an unknown kind and a directory that is not a repository', async () => {
    const err = capture();
    expect(
      await scaffoldCommand({ id: 'acme-x', kind: 'both', dir: root }, capture().stream, err.stream),
    ).toBe(2);
    const empty = mkdtempSync(join(root, 'empty-'));
    expect(
      await scaffoldCommand({ id: 'acme-x', kind: 'source', dir: empty }, capture().stream, err.stream),
    ).toBe(2);
    expect(err.text()).toMatch(/SCAFFOLD_KIND_INVALID[\s\S]*SCAFFOLD_NOT_A_REPO/);
  });

  it('answers through the orderhub command with exit code 2', () => {
    const res = spawnSync(
      process.execPath,
      ['bin/orderhub.js', 'connectors', 'new', 'Acme_Shop', '--kind', 'source', '--dir', root],
      { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/^SCAFFOLD_ID_INVALID: "Acme_Shop" is not a connector id/);
    expect(res.stdout).toBe('');
  });
});

// The starter tests the scaffold wrote run here too, against nock with the network disabled: a developer's
// first `npx vitest run connectors/<id>` is green.
describe('generated starter tests', async () => {
  await import(pathToFileURL(join(root, 'connectors/acme-shop/acme-shop.test.ts')).href);
  await import(pathToFileURL(join(root, 'connectors/acme-wms/acme-wms.test.ts')).href);
});
