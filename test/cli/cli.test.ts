import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../src/sdk/testkit';

function orderhub(args: string[], input?: string) {
  const res = spawnSync(process.execPath, ['bin/orderhub.js', ...args], {
    encoding: 'utf8',
    input,
    timeout: 60_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('orderhub CLI', () => {
  it('normalize prints the canonical order for one Shopify webhook body and exits 0', () => {
    const res = orderhub(['normalize', 'shopify', 'fixtures/shopify/orders/doc-example-1001.json']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const order = JSON.parse(res.stdout);
    expect(order).toMatchObject({
      schemaVersion: 1,
      revision: 1,
      channel: { connector: 'shopify', orderNumber: '#1001' },
    });
    expect(order.totals.total).toBe('598.94');
  });

  it('normalize reads stdin and answers an unmappable record with its code and reason, exit 1', () => {
    const base = readFixture('shopify', 'orders/doc-example-1001.json');
    const broken = JSON.stringify({ ...(base as object), financial_status: 'sort_of_paid' });
    const res = orderhub(['normalize', 'shopify', '-'], broken);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/^MAPPING_UNKNOWN_VALUE: .*\/financial_status/);
  });

  it('normalize refuses unknown connectors and unreadable JSON', () => {
    expect(orderhub(['normalize', 'nope', '-'], '{}').stderr).toMatch(/^CONNECTOR_UNKNOWN/);
    const file = join(mkdtempSync(join(tmpdir(), 'oh-cli-')), 'bad.json');
    writeFileSync(file, '{"id":');
    const res = orderhub(['normalize', 'shopify', file]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^API_INVALID_JSON/);
  });

  it('connectors list shows every installed connector', () => {
    const res = orderhub(['connectors', 'list', '--json']);
    expect(res.code).toBe(0);
    const ids = JSON.parse(res.stdout).map((c: { id: string }) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['shopify', 'webhook', 'sandbox-shop', 'sandbox-3pl']));
  });
});
