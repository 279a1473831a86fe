import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { runHub, type Running } from '../../src/cli/run';
import { loadConfig } from '../../src/config';
import { waitFor } from '../helpers/hub';

const dataDir = mkdtempSync(join(tmpdir(), 'orderhub-sample-'));
let running: Running | undefined;

afterAll(async () => {
  if (running) {
    const { queuePrefix, redisUrl } = running.hub.config;
    await running.stop();
    // After the stop: closing workers and schedulers still write their keys.
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${queuePrefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the newcomer path: `npm start` with the embedded defaults', () => {
  it('creates keys and the sample configuration, and orders flow from sandbox-shop to the sandbox-3pl ledger', async () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      ORDERHUB_DATA_DIR: dataDir,
      ORDERHUB_QUEUE_PREFIX: `sample-${randomBytes(4).toString('hex')}`,
      LOG_LEVEL: 'silent',
      ORDERHUB_SWEEP_INTERVAL_MS: '500',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    });
    running = await runHub('all', config);
    expect(existsSync(join(dataDir, 'secret.key'))).toBe(true);
    const key = readFileSync(join(dataDir, 'admin.key'), 'utf8').trim();
    expect(key).toMatch(/^ohk_/);

    const ledgerDir = join(dataDir, 'sandbox-3pl');
    const lines = await waitFor(
      () => {
        const files = existsSync(ledgerDir) ? readdirSync(ledgerDir) : [];
        const text = files.map((f) => readFileSync(join(ledgerDir, f), 'utf8')).join('');
        const count = text.split('\n').filter(Boolean).length;
        return count >= 10 && text.split('\n').filter(Boolean);
      },
      30_000,
      'orders in the 3PL ledger',
    );
    const keys = lines.map((l) => JSON.parse(l).key);
    expect(new Set(keys).size).toBe(keys.length);

    const res = await fetch(`${running.url}/v1/orders?limit=5`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { connector: string }[] };
    expect(body.items.length).toBe(5);
    expect(body.items[0]?.connector).toBe('sandbox-shop');
    const status = (await (
      await fetch(`${running.url}/v1/status`, { headers: { authorization: `Bearer ${key}` } })
    ).json()) as {
      connections: { connector: string; health: { state: string } }[];
    };
    expect(status.connections.map((c) => c.connector).sort()).toEqual(['sandbox-3pl', 'sandbox-shop']);
  });

  it('seeds routing rules, audited like an admin’s save: POS sales go nowhere instead of into the exceptions', async () => {
    if (!running) throw new Error('the hub did not start');
    const { hub, url } = running;
    const key = readFileSync(join(dataDir, 'admin.key'), 'utf8').trim();
    const routes = (await (
      await fetch(`${url}/v1/routes`, { headers: { authorization: `Bearer ${key}` } })
    ).json()) as { version: number; savedBy: string; ruleSet: { rules: { id: string }[] } };
    const [warehouse] = await hub.store.listConnections({ kind: 'destination' });
    expect(routes).toMatchObject({
      version: 1,
      savedBy: 'sample-config',
      ruleSet: {
        mode: 'first-match',
        noMatch: { action: 'hold' },
        rules: [
          {
            id: 'counter-sales',
            when: { sourceType: ['pos'] },
            then: { noDelivery: { reason: 'sold and handed over at the counter' } },
          },
          { id: 'ship-from-3pl', then: { destinations: [warehouse?.id] } },
        ],
      },
    });
    expect(routes.ruleSet.rules).toHaveLength(2);
    const log = await hub.store.listAudit('routes:v00000001', 5);
    expect(log.map((e) => [e.action, e.actor])).toEqual([['routes.save', 'sample-config']]);

    // The first pull reaches an hour back: POS sales are among the orders already routed.
    const pos = await waitFor(
      async () => {
        const page = await hub.store.listOrders({ limit: 500 });
        const sales = page.items.filter((o) => o.order.channel.sourceType === 'pos');
        const routed = await Promise.all(
          sales.map(async (o) => (await hub.store.getDoc('route-no-delivery', `${o.id}:${o.revision}`)) && o),
        );
        const done = routed.filter((o) => o !== null);
        return done.length >= 3 && done;
      },
      30_000,
      'POS sales routed nowhere',
    );
    for (const o of pos) {
      expect(o.state).toBe('active');
      expect((await hub.store.listDeliveries({ orderId: o.id, limit: 5 })).items).toEqual([]);
    }
    const exceptions = await hub.store.listExceptions({ limit: 500 });
    expect(exceptions.items.filter((e) => e.message.includes('/shippingAddress'))).toEqual([]);
  });
});
