import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ledgerPath, readLedger } from '../../connectors/sandbox-3pl';
import { signSandboxWebhook } from '../../connectors/sandbox-shop';
import { authError, defineSource, isJsonObject } from '../../src/sdk';
import { startTestHub, waitFor, type TestHub } from '../helpers/hub';

export const WEBHOOK_SECRET = 'console-browser-test-secret';

/** A test-only channel whose pull fails with an auth error when its `fail` setting is on. */
export const flakySource = defineSource<{ fail?: boolean }>({
  kind: 'source',
  meta: {
    id: 'test-flaky-shop',
    version: '1.0.0',
    displayName: 'Flaky test shop',
    apiVersion: '1',
    docsUrl: 'https://example.com/docs',
  },
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { fail: { type: 'boolean', description: 'Make every pull fail with an auth error.' } },
  },
  check: async () => ({ ok: true }),
  identify: () => {
    throw new Error('the flaky shop has no records');
  },
  toCanonical: () => {
    throw new Error('the flaky shop has no records');
  },
  pull: {
    cursorField: 'updated_at',
    tieBreak: 'id',
    async fetchPage(ctx) {
      if (ctx.config.fail)
        throw authError('the channel refused the access token', {
          code: 'TEST_FLAKY_AUTH',
          remedy: 'Reconnect the flaky shop: issue a new access token.',
        });
      return { records: [] };
    },
  },
});

/** A sandbox-shop record from the fixtures, with its number and id changed and a status of our choice. */
export function sandboxOrder(number: string, id: string, status = 'paid'): Record<string, unknown> {
  const path = resolve(import.meta.dirname, '../../fixtures/sandbox-shop/orders/us-web.json');
  const record = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  return { ...record, number, id, status };
}

/** Pushes records to a sandbox-shop connection's webhook, signed. */
export async function pushOrders(base: string, connectionId: string, orders: unknown[]): Promise<number> {
  const body = JSON.stringify({ orders });
  const res = await fetch(`${base}/v1/webhooks/${connectionId}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-sandbox-signature': signSandboxWebhook(WEBHOOK_SECRET, body),
    },
    body,
  });
  return res.status;
}

/** A running hub with a sandbox shop (webhooks signed with WEBHOOK_SECRET) delivering to a sandbox warehouse. */
export interface ShopHub {
  t: TestHub;
  base: string;
  ledgerDir: string;
  shop: string;
  warehouse: string;
  /** Order numbers in the warehouse's ledger, in arrival order. */
  delivered(): Promise<string[]>;
  /** Waits until the ledger holds `n` orders; answers their numbers, sorted. */
  waitForDelivered(n: number): Promise<string[]>;
}

/** Starts a test hub with workers on a loopback port, a `Shop` and a `Warehouse` (extra settings merged in). */
export async function startShopHub(warehouse: Record<string, unknown> = {}): Promise<ShopHub> {
  const ledgerDir = mkdtempSync(join(tmpdir(), 'orderhub-shop-3pl-'));
  const t = await startTestHub();
  const shop = await t.connect('sandbox-shop', { webhookSecret: WEBHOOK_SECRET, ordersPerMinute: 0 }, 'Shop');
  const warehouseId = await t.connect('sandbox-3pl', { directory: ledgerDir, ...warehouse }, 'Warehouse');
  t.startWorkers();
  const base = await t.listen();
  const delivered = async () =>
    (await readLedger(ledgerPath(ledgerDir, warehouseId))).map((row) => {
      const order = isJsonObject(row) && isJsonObject(row.order) ? row.order : {};
      return String(order.orderNumber);
    });
  return {
    t,
    base,
    ledgerDir,
    shop,
    warehouse: warehouseId,
    delivered,
    waitForDelivered: async (n) =>
      (
        await waitFor(
          async () => {
            const numbers = await delivered();
            return numbers.length >= n && numbers;
          },
          20_000,
          `${n} deliveries`,
        )
      ).sort(),
  };
}
