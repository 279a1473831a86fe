import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/hub';
import { Sink } from '../helpers/sink';
import { SHOP, SHOPIFY_SECRET, shopifyOrder, signedShopifyWebhook } from '../helpers/shopify';

const dataDir = mkdtempSync(join(tmpdir(), 'orderhub-crash-'));
const prefix = `crash-${randomBytes(4).toString('hex')}`;
const adminKey = `ohk_${randomBytes(12).toString('hex')}`;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const children: ChildProcess[] = [];
const sink = new Sink();

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/** Starts `orderhub start` as a real process on the same data dir, Redis prefix and keys. */
async function startHub(port: number): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['bin/orderhub.js', 'start'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL: redisUrl,
      ORDERHUB_DATA_DIR: dataDir,
      ORDERHUB_QUEUE_PREFIX: prefix,
      ORDERHUB_ADMIN_KEY: adminKey,
      ORDERHUB_SAMPLE_CONFIG: 'off',
      ORDERHUB_ALLOW_PRIVATE_URLS: 'true',
      ORDERHUB_POLL_SCHEDULES: 'off',
      ORDERHUB_SWEEP_INTERVAL_MS: '300',
      ORDERHUB_SWEEP_GRACE_MS: '1000',
      ORDERHUB_DELIVERY_LEASE_MS: '3000',
      LOG_LEVEL: process.env.CRASH_LOG ? 'info' : 'silent',
    },
    stdio: process.env.CRASH_LOG ? ['ignore', 'inherit', 'inherit'] : 'ignore',
  });
  children.push(child);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(
    () =>
      fetch(`${base}/readyz`).then(
        (r) => r.ok,
        () => false,
      ),
    30_000,
    'hub ready',
  );
  return { child, base };
}

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await sink.stop();
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('kill -9 of the hub process', () => {
  it('loses no acknowledged order and creates no second delivery key for any order', async () => {
    await sink.start();
    const port = await freePort();
    let { child, base } = await startHub(port);
    const auth = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
    const post = (body: unknown) =>
      fetch(`${base}/v1/connections`, { method: 'POST', headers: auth, body: JSON.stringify(body) }).then(
        (r) => r.json(),
      );
    const shop = (await post({
      connector: 'shopify',
      name: 'Shop',
      config: {
        shopDomain: SHOP,
        accessToken: 'shpat_x',
        webhookSecret: SHOPIFY_SECRET,
        api: 'rest',
        webhookMode: 'full',
      },
    })) as { id: string };
    await post({
      connector: 'webhook',
      name: 'ERP',
      config: { url: sink.url, signingSecret: `whsec_${randomBytes(32).toString('base64')}` },
    });
    // A slow receiver keeps deliveries in flight when the process dies.
    sink.respond(...Array.from({ length: 40 }, () => ({ status: 200, delayMs: 150 })));

    const acked = new Set<string>();
    const sends = Array.from({ length: 60 }, async (_, i) => {
      const order = shopifyOrder(1000 + i);
      const { payload, headers } = signedShopifyWebhook(order);
      await new Promise((r) => setTimeout(r, i * 10));
      const res = await fetch(`${base}/v1/webhooks/${shop.id}`, {
        method: 'POST',
        headers,
        body: payload,
      }).catch(() => null);
      if (res?.status === 200) acked.add(String(order.id));
    });
    await waitFor(() => acked.size >= 30, 20_000, '30 acknowledged webhooks');
    child.kill('SIGKILL');
    await Promise.all(sends);
    expect(acked.size).toBeGreaterThanOrEqual(30);

    ({ child, base } = await startHub(port));
    const delivered = () =>
      new Set(sink.accepted().map((r) => String(JSON.parse(r.body).data.channel.externalId)));
    await waitFor(
      () => [...acked].every((id) => delivered().has(id)),
      90_000,
      'every acknowledged order delivered after restart',
    ).catch(async (e: Error) => {
      // Say where the missing orders are stuck, so a failure here is diagnosable from the CI log alone.
      const { default: Database } = await import('better-sqlite3');
      const db = new Database(join(dataDir, 'orderhub.db'), { readonly: true });
      const missing = [...acked].filter((id) => !delivered().has(id));
      const inbox = db.prepare('select state, count(*) n from inbox group by state').all();
      const deliveries = db
        .prepare('select state, attempts, count(*) n from deliveries group by state, attempts')
        .all();
      db.close();
      throw new Error(
        `${e.message}: missing ${missing.join(',')}; inbox ${JSON.stringify(inbox)}; deliveries ${JSON.stringify(deliveries)}`,
      );
    });

    // Once in effect: one delivery key per order; a repeat after the crash reuses the key, so receivers dedupe.
    const keysByOrder = new Map<string, Set<string>>();
    for (const r of sink.accepted()) {
      const id = String(JSON.parse(r.body).data.channel.externalId);
      keysByOrder.set(id, (keysByOrder.get(id) ?? new Set()).add(String(r.headers['webhook-id'])));
    }
    expect([...keysByOrder.values()].every((keys) => keys.size === 1)).toBe(true);
  }, 180_000);
});
