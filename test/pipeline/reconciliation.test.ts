import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sandboxShop, {
  generateOrders,
  signSandboxWebhook,
  type SandboxOrder,
} from '../../connectors/sandbox-shop';
import { orderId } from '../../src/core/ids';
import { compareRevisions } from '../../src/core/revision';
import { reconcilable, reconcileBucket } from '../../src/pipeline/reconcile';
import { listRuns, type ReconciliationRun } from '../../src/pipeline/reconcile-runs';
import { startTestHub, waitFor, type TestHub } from '../helpers/hub';
import { Sink } from '../helpers/sink';

// End to end on real Redis and SQLite: the sandbox shop is the channel (its pull is a deterministic generator),
// a signed webhook destination on a loopback sink is the receiver, and some of the channel's webhooks never
// reach the hub. One reconciliation cycle must leave every order in the hub and at the sink exactly once.
const HOUR = 3_600_000;
const SEED = 'reconciliation-e2e';
const PER_MINUTE = 3;
const secret = 'sandbox-webhook-secret-recon-0001';
const signingSecret = `whsec_${randomBytes(32).toString('base64')}`;

let t: TestHub;
let sink: Sink;
let shopId: string;
const top = Math.floor(Date.now() / HOUR) * HOUR;
// Three closed hours with 1 %, 10 % and all of the webhooks lost, and a fourth never sent at all.
const buckets = [top - 4 * HOUR, top - 3 * HOUR, top - 2 * HOUR];
const dropEvery = [100, 10, 1];
const concurrentBucket = top - 5 * HOUR;
const channel = new Map<number, SandboxOrder[]>();
const dropped = new Map<number, { ids: Set<string>; records: number }>();

const recordsOf = (start: number): SandboxOrder[] =>
  generateOrders({
    from: new Date(start),
    to: new Date(start + HOUR),
    seed: SEED,
    ordersPerMinute: PER_MINUTE,
  });

async function sendWebhook(orders: SandboxOrder[]) {
  const payload = JSON.stringify({ orders });
  return t.app.inject({
    method: 'POST',
    url: `/v1/webhooks/${shopId}`,
    headers: {
      'content-type': 'application/json',
      'x-sandbox-signature': signSandboxWebhook(secret, payload),
    },
    payload,
  });
}

/** Nothing left to do: no inbox row pending, every delivery delivered (or superseded by a newer revision). */
async function settled(): Promise<boolean> {
  const pending = await t.hub.store.listPendingInbox(new Date(Date.now() + 86_400_000).toISOString(), 1);
  if (pending.length) return false;
  const counts = await t.hub.store.countDeliveries();
  return counts.every((c) => c.count === 0 || c.state === 'delivered' || c.state === 'superseded');
}

async function deliveredRows(): Promise<number> {
  const counts = await t.hub.store.countDeliveries();
  return counts.filter((c) => c.state === 'delivered').reduce((n, c) => n + c.count, 0);
}

function sinkEvents(): { id: string; externalId: string; revision: number; channelRevision: string }[] {
  return sink.accepted().map((r) => {
    const body = JSON.parse(r.body);
    return {
      id: String(r.headers['webhook-id']),
      externalId: body.data.channel.externalId,
      revision: body.data.revision,
      channelRevision: body.data.channel.revision,
    };
  });
}

async function runNow(from: number, to: number) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/reconciliation/run',
    headers: t.auth,
    payload: { connectionId: shopId, from: new Date(from).toISOString(), to: new Date(to).toISOString() },
  });
  expect(res.statusCode).toBe(200);
  return res.json<{ items: ReconciliationRun[] }>().items;
}

/** Every order the channel listed is in the hub at its newest revision, and that revision reached the sink. */
async function expectComplete(records: SandboxOrder[]): Promise<void> {
  const newest = new Map<string, string>();
  for (const r of records) {
    const { externalId, revision } = sandboxShop.identify(r);
    const seen = newest.get(externalId);
    if (!seen || compareRevisions(revision, seen) > 0) newest.set(externalId, revision);
  }
  const atSink = sinkEvents();
  for (const [externalId, revision] of newest) {
    const order = await t.hub.store.getOrder(orderId(shopId, externalId));
    expect(order, `order ${externalId}`).not.toBeNull();
    expect(compareRevisions(order?.channelRevision ?? '', revision)).toBeGreaterThanOrEqual(0);
    const sent = atSink.filter((e) => e.externalId === externalId && e.revision === order?.revision);
    // An order the channel cancelled before the hub ever sent it is never sent (nothing to cancel downstream).
    if (order?.order.status.order === 'cancelled')
      expect(sent.length, `cancelled order ${externalId} at the sink`).toBeLessThanOrEqual(1);
    else expect(sent, `order ${externalId} at the sink`).toHaveLength(1);
  }
  // No effect twice: each delivery key once, and each (order, hub revision) once.
  expect(new Set(atSink.map((e) => e.id)).size).toBe(atSink.length);
  expect(new Set(atSink.map((e) => `${e.externalId}@${e.revision}`)).size).toBe(atSink.length);
  expect(atSink.length).toBe(await deliveredRows());
}

beforeAll(async () => {
  t = await startTestHub();
  sink = await new Sink().start();
  const shop = await t.hub.connections.create({
    connector: 'sandbox-shop',
    name: 'Sandbox',
    config: { seed: SEED, ordersPerMinute: PER_MINUTE, webhookSecret: secret },
  });
  shopId = shop.id;
  await t.hub.connections.create({
    connector: 'webhook',
    name: 'ERP',
    config: { url: sink.url, signingSecret },
  });
  t.startWorkers();
  for (const [i, start] of buckets.entries()) {
    const records = recordsOf(start);
    channel.set(start, records);
    const every = dropEvery[i] ?? 1;
    const kept = records.filter((_, n) => n % every !== 0);
    const lost = records.filter((_, n) => n % every === 0);
    dropped.set(start, { ids: new Set(lost.map((r) => r.id)), records: lost.length });
    if (kept.length) expect((await sendWebhook(kept)).statusCode).toBe(200);
  }
  await waitFor(settled, 60_000, 'webhook orders delivered');
}, 90_000);

afterAll(async () => {
  await t.close();
  await sink.stop();
});

describe('reconciliation, end to end', () => {
  it('recovers 1 %, 10 % and 100 % lost webhooks in one cycle, each order delivered exactly once', async () => {
    const before = sink.accepted().length;
    const runs = await runNow(buckets[0] ?? 0, (buckets[2] ?? 0) + HOUR);
    expect(runs.map((r) => r.bucketStart)).toEqual(buckets.map((b) => new Date(b).toISOString()));
    for (const [i, run] of runs.entries()) {
      const start = buckets[i] ?? 0;
      const lost = dropped.get(start) ?? { ids: new Set<string>(), records: 0 };
      expect(run).toMatchObject({ status: 'done', pass: 1, trigger: 'manual', stoppedEarly: false });
      expect(run.channelCount).toBe(channel.get(start)?.length);
      expect(run.pagesRead).toBeGreaterThanOrEqual(4); // 15-minute windows
      // Only lost orders are recovered, and at most once per record the channel listed.
      expect(run.recoveredCount).toBe(run.recoveredIds.length);
      for (const id of run.recoveredIds) expect(lost.ids.has(id)).toBe(true);
      expect(run.recoveredCount).toBeGreaterThan(0);
      expect(run.recoveredCount).toBeLessThanOrEqual(lost.records);
    }
    // The hour whose webhooks were all lost: every order of it had to come back.
    const allLost = channel.get(buckets[2] ?? 0) ?? [];
    expect(runs[2]?.recoveredCount).toBeGreaterThanOrEqual(new Set(allLost.map((r) => r.id)).size);

    await waitFor(settled, 60_000, 'recovered orders delivered');
    expect(sink.accepted().length).toBeGreaterThan(before);
    await expectComplete(buckets.flatMap((b) => channel.get(b) ?? []));
    const metrics = await t.hub.metrics.registry.getSingleMetricAsString(
      'orderhub_reconciliation_recovered_total',
    );
    expect(metrics).toContain(`connection="${shopId}"`);
  }, 120_000);

  it('a second cycle recovers nothing and sends nothing', async () => {
    const before = sinkEvents();
    const runs = await runNow(buckets[0] ?? 0, (buckets[2] ?? 0) + HOUR);
    for (const run of runs) {
      expect(run).toMatchObject({ status: 'done', pass: 2, recoveredCount: 0, recoveredIds: [] });
      expect(run.id.endsWith('~2')).toBe(true);
      expect(run.deliveries.redriven).toBe(0);
    }
    await waitFor(settled, 30_000, 'quiet hub');
    expect(sinkEvents()).toEqual(before);
  }, 60_000);

  it('concurrent runs of the same bucket produce one run record and one effect per order', async () => {
    const target = await reconcilable(t.hub, shopId);
    // The Redis lock and the run record's deterministic id are what several processes share; three callers race.
    const outcomes = await Promise.all([
      reconcileBucket(t.hub, target, concurrentBucket, 'schedule'),
      reconcileBucket(t.hub, target, concurrentBucket, 'schedule'),
      reconcileBucket(t.hub, target, concurrentBucket, 'manual'),
    ]);
    expect(new Set(outcomes.map((o) => o.run.id)).size).toBe(1);
    expect(outcomes.filter((o) => o.ran)).toHaveLength(1);
    const start = new Date(concurrentBucket).toISOString();
    const records = (await listRuns(t.hub, { connectionId: shopId, limit: 500 })).items.filter(
      (r) => r.bucketStart === start,
    );
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ status: 'done', pass: 1 });
    // Nothing of this hour was ever sent by webhook: every order came back, once.
    const channelRecords = recordsOf(concurrentBucket);
    expect(records[0]?.channelCount).toBe(channelRecords.length);
    await waitFor(settled, 60_000, 'recovered orders delivered');
    await expectComplete(channelRecords);
  }, 120_000);
});
