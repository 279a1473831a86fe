import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, waitFor, type TestHub } from '../helpers/hub';
import { Sink } from '../helpers/sink';
import { connectShopifyToWebhook, shopifyOrder, signedShopifyWebhook } from '../helpers/shopify';

// This file alone uses Redis database 15, because it wipes it: other test files run in parallel on db 0.
const REDIS_URL = 'redis://127.0.0.1:6379/15';
let t: TestHub;
let sink: Sink;
let shopId: string;

const externalIds = (s: Sink) =>
  new Set(s.accepted().map((r) => JSON.parse(r.body).data.channel.externalId as string));

beforeAll(async () => {
  t = await startTestHub({}, { REDIS_URL });
  sink = await new Sink().start();
  ({ shopId } = await connectShopifyToWebhook(t.hub, sink.url));
});

afterAll(async () => {
  await t.close();
  await sink.stop();
});

async function send(from: number, count: number) {
  for (let i = from; i < from + count; i++) {
    const { payload, headers } = signedShopifyWebhook(shopifyOrder(i));
    const res = await t.app.inject({ method: 'POST', url: `/v1/webhooks/${shopId}`, headers, payload });
    expect(res.statusCode).toBe(200);
  }
}

describe('losing Redis loses no acknowledged order', () => {
  it('re-drives acknowledged webhooks whose jobs a FLUSHALL wiped before any worker ran', async () => {
    await send(100, 20);
    await t.hub.redis.flushdb();
    expect(await t.hub.redis.dbsize()).toBe(0);
    t.startWorkers();
    await waitFor(() => externalIds(sink).size === 20, 20_000, '20 orders delivered after the flush');
    expect(sink.accepted()).toHaveLength(20);
  });

  it('re-drives deliveries waiting for a retry when Redis is wiped mid-run, with no duplicate effects', async () => {
    sink.respond(...Array.from({ length: 10 }, () => ({ status: 503 })));
    const before = sink.accepted().length;
    await send(200, 10);
    await waitFor(
      async () => (await t.hub.store.listDeliveries({ state: 'retrying', limit: 50 })).items.length > 0,
      15_000,
      'retries',
    );
    await t.hub.redis.flushdb();
    await waitFor(
      () => externalIds(sink).size === 30,
      30_000,
      '10 more orders delivered after a mid-run flush',
    );
    await new Promise((r) => setTimeout(r, 800));
    expect(sink.accepted().length - before).toBe(10);
    const undelivered = async () =>
      (await t.hub.store.countDeliveries()).filter((s) => s.state !== 'delivered');
    expect(
      await waitFor(async () => (await undelivered()).length === 0 && [], 10_000, 'all rows delivered'),
    ).toEqual([]);
  });
});
