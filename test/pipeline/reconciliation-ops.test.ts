import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sandboxShop, { generateOrders, type SandboxOrder } from '../../connectors/sandbox-shop';
import { deliveryKey, inboxEventId, orderId } from '../../src/core/ids';
import { normalizeEvent } from '../../src/pipeline/normalize';
import { getWatermark, setWatermark, type ReconciliationRun } from '../../src/pipeline/reconcile-runs';
import { RECON_JOB, reconcileTick, scheduleReconciliation } from '../../src/pipeline/reconcile-schedule';
import { defineDestination, defineSource, type CanonicalOrder, type PageRequest } from '../../src/sdk';
import { startTestHub, waitFor, type TestHub } from '../helpers/hub';

const HOUR = 3_600_000;
const PAGE = 5;
const TOPICS = ['orders/create', 'orders/updated'];
const PUBLIC_URL = 'https://hub.example.com';

// A test-only channel: sandbox-shop records served from a list this file controls, five per page, with a
// rate bucket and webhook subscriptions the test can remove behind the hub's back.
const channelList: SandboxOrder[] = [];
const subscriptions = new Map<string, string>();
const testShop = defineSource<Record<string, never>>({
  kind: 'source',
  meta: {
    id: 'test-recon-shop',
    version: '1.0.0',
    displayName: 'Test shop',
    apiVersion: '1',
    docsUrl: 'https://example.com/docs',
  },
  configSchema: { type: 'object', properties: {}, additionalProperties: false },
  check: async () => ({ ok: true }),
  identify: (raw) => sandboxShop.identify(raw),
  toCanonical: (raw, ctx) => sandboxShop.toCanonical(raw, { ...ctx, config: {} }),
  rateLimits: { api: { ratePerSecond: 1000, burst: 1000 } },
  pull: {
    cursorField: 'updated_at',
    tieBreak: 'id',
    async fetchPage(ctx, req: PageRequest) {
      await ctx.rate.take('api');
      const inWindow = channelList.filter((r) => {
        const at = Date.parse(r.updated_at);
        return at >= Date.parse(req.from) && at < Date.parse(req.to);
      });
      const offset = Number(req.pageToken ?? 0);
      const next = offset + PAGE < inWindow.length ? String(offset + PAGE) : undefined;
      return { records: inWindow.slice(offset, offset + PAGE), ...(next ? { nextPageToken: next } : {}) };
    },
  },
  webhookSubscriptions: {
    async ensure(_ctx, callbackUrl) {
      const created: string[] = [];
      const ok: string[] = [];
      for (const topic of TOPICS) {
        if (subscriptions.get(topic) === callbackUrl) ok.push(topic);
        else {
          subscriptions.set(topic, callbackUrl);
          created.push(topic);
        }
      }
      return { created, ok };
    },
  },
});

// Two test-only destinations: one looks orders up before writing, one dedupes on the key it is given.
const erpRemote = new Map<string, string>();
const erpCalls: string[] = [];
const wmsCalls: string[] = [];
const destination = (id: string) => ({
  kind: 'destination' as const,
  meta: { id, version: '1.0.0', displayName: id, apiVersion: '1', docsUrl: 'https://example.com/docs' },
  configSchema: { type: 'object' as const, properties: {}, additionalProperties: false },
  check: async () => ({ ok: true as const }),
  fromCanonical: (order: CanonicalOrder) => order,
});
const testErp = defineDestination<Record<string, never>, CanonicalOrder>({
  ...destination('test-recon-erp'),
  idempotency: {
    mode: 'lookup-before-write',
    findExisting: async (_ctx, key) => {
      const remoteId = erpRemote.get(key);
      return remoteId ? { remoteId } : null;
    },
  },
  deliver: async (_ctx, _payload, info) => {
    erpCalls.push(info.key);
    erpRemote.set(info.key, `R-${erpCalls.length}`);
    return { remoteId: `R-${erpCalls.length}` };
  },
});
const testWms = defineDestination<Record<string, never>, CanonicalOrder>({
  ...destination('test-recon-wms'),
  idempotency: { mode: 'native-key' },
  deliver: async (_ctx, _payload, info) => {
    wmsCalls.push(info.key);
    return { remoteId: info.key };
  },
});

let t: TestHub;
let shopId: string;
const top = Math.floor(Date.now() / HOUR) * HOUR;
const bucketX = top - 4 * HOUR;
const bucketZ = top - 6 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  t = await startTestHub(
    {},
    {
      ORDERHUB_PUBLIC_URL: `${PUBLIC_URL}/`,
      ORDERHUB_RECON_MAX_PAGES: '2',
      ORDERHUB_RECON_MAX_BUCKETS: '2',
      ORDERHUB_RECON_STUCK_MS: '0',
    },
  );
  for (const d of [testShop, testErp, testWms]) t.hub.registry.add(d);
  shopId = (await t.hub.connections.create({ connector: 'test-recon-shop', name: 'Shop', config: {} })).id;
  channelList.push(
    ...generateOrders({ from: new Date(bucketX), count: 12, seed: 'recon-ops', ordersPerMinute: 3 }),
  );
});

afterAll(async () => {
  await t.close();
});

describe('scheduled reconciliation', () => {
  it('catches up from the watermark, stops at the page cap, resumes, and re-registers a dropped subscription', async () => {
    const callback = `${PUBLIC_URL}/v1/webhooks/${shopId}`;
    subscriptions.set('orders/create', callback); // orders/updated was removed by the channel
    await setWatermark(t.hub, shopId, iso(bucketX));

    const first = await reconcileTick(t.hub);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      id: `${shopId}:${iso(bucketX)}`,
      status: 'partial',
      stoppedEarly: true,
      pagesRead: 2,
      channelCount: 10,
      recoveredCount: 10,
      finishedAt: null,
      webhooks: { created: ['orders/updated'], ok: ['orders/create'] },
    });
    expect(first[0]?.resume).toEqual({ windowFrom: iso(bucketX), pageToken: '10' });
    expect(await getWatermark(t.hub, shopId)).toBe(iso(bucketX));
    expect(subscriptions.get('orders/updated')).toBe(callback);
    const audits = await t.hub.store.listAudit(shopId, 10);
    expect(audits.map((a) => a.action)).toContain('webhook.resubscribe');
    // The connector's rate takes went through reconciliation's own share bucket as well as the shared one.
    expect(await t.hub.redis.exists(`${t.config.queuePrefix}:rate:${shopId}:recon:api`)).toBe(1);
    expect(await t.hub.redis.exists(`${t.config.queuePrefix}:rate:${shopId}:api`)).toBe(1);

    const second = await reconcileTick(t.hub);
    expect(second.map((r) => r.bucketStart)).toEqual([iso(bucketX), iso(bucketX + HOUR)]);
    expect(second[0]).toMatchObject({
      status: 'done',
      stoppedEarly: false,
      pagesRead: 3,
      channelCount: 12,
      recoveredCount: 12,
      resume: null,
    });
    expect(second[0]?.recoveredIds).toEqual(channelList.map((r) => r.id));
    expect(second[1]).toMatchObject({ status: 'done', channelCount: 0, pagesRead: 1 });
    expect(await getWatermark(t.hub, shopId)).toBe(iso(bucketX + 2 * HOUR));
    const { externalId, revision } = sandboxShop.identify(channelList[0]);
    const event = await t.hub.store.getInbox(inboxEventId(shopId, externalId, revision));
    expect(event).toMatchObject({ source: 'reconcile', state: 'pending' });
  });
});

describe('outbox re-check', () => {
  it('confirms lookup-before-write deliveries found downstream and re-drives the rest, once each', async () => {
    const erpId = (await t.hub.connections.create({ connector: 'test-recon-erp', name: 'ERP', config: {} }))
      .id;
    const wmsId = (await t.hub.connections.create({ connector: 'test-recon-wms', name: 'WMS', config: {} }))
      .id;
    t.hub.invalidateConnections();
    const records = generateOrders({
      from: new Date(bucketZ),
      count: 2,
      seed: 'recon-outbox',
      ordersPerMinute: 3,
    });
    channelList.push(...records);
    const ingested = await t.hub.ingestor.ingest(shopId, testShop, records, 'webhook');
    for (const id of ingested.eventIds) expect(await normalizeEvent(t.hub, id)).toBe('created');
    const [o1, o2] = records.map((r) => orderId(shopId, r.id));
    // The ERP took order 1 but its answer was lost; the WMS's delivery of order 2 was dead-lettered.
    const erp1 = deliveryKey(erpId, o1 ?? '', 1, 'upsert');
    const wms2 = deliveryKey(wmsId, o2 ?? '', 1, 'upsert');
    erpRemote.set(erp1, 'R-EXISTING');
    const at = new Date().toISOString();
    await t.hub.store.updateDelivery(wms2, { state: 'dead', lastErrorKind: 'transient', attempts: 10 }, at);

    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/reconciliation/run',
      headers: t.auth,
      payload: { connectionId: shopId, from: iso(bucketZ) },
    });
    expect(res.statusCode).toBe(200);
    const [run] = res.json<{ items: ReconciliationRun[] }>().items;
    expect(run).toMatchObject({ status: 'done', channelCount: 2, recoveredCount: 0 });
    expect(run?.deliveries).toMatchObject({ checked: 4, confirmed: 1, redriven: 3 });
    expect(await t.hub.store.getDelivery(erp1)).toMatchObject({ state: 'delivered', remoteId: 'R-EXISTING' });
    expect(await t.hub.store.getDelivery(wms2)).toMatchObject({
      state: 'pending',
      generation: 1,
      attempts: 0,
    });

    t.startWorkers();
    const mine = [
      erp1,
      deliveryKey(erpId, o2 ?? '', 1, 'upsert'),
      deliveryKey(wmsId, o1 ?? '', 1, 'upsert'),
      wms2,
    ];
    await waitFor(
      async () =>
        (await Promise.all(mine.map((id) => t.hub.store.getDelivery(id)))).every(
          (d) => d?.state === 'delivered',
        ),
      20_000,
      'deliveries',
    );
    await t.stopWorkers();
    // The ERP was never asked to write order 1 again; each delivery reached its destination once.
    expect(erpCalls.filter((k) => mine.includes(k))).toEqual([mine[1]]);
    expect(wmsCalls.filter((k) => mine.includes(k)).sort()).toEqual([mine[2], mine[3]].sort());
  });
});

describe('reconciliation API', () => {
  it('lists runs newest first per connection with cursors, and guards roles and ranges', async () => {
    const viewerKey = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: t.auth,
      payload: { name: 'viewer', role: 'viewer' },
    });
    const viewer = { authorization: `Bearer ${viewerKey.json().key}` };
    const page1 = await t.app.inject({
      url: `/v1/reconciliation/runs?connectionId=${shopId}&limit=2`,
      headers: viewer,
    });
    expect(page1.statusCode).toBe(200);
    const body = page1.json<{ items: ReconciliationRun[]; nextCursor: string | null }>();
    expect(body.items).toHaveLength(2);
    expect(body.items[0]?.bucketStart).toBe(iso(bucketZ)); // the manual run was the last one started
    expect(body.nextCursor).not.toBeNull();
    const page2 = await t.app.inject({
      url: `/v1/reconciliation/runs?connectionId=${shopId}&limit=50&cursor=${encodeURIComponent(body.nextCursor ?? '')}`,
      headers: viewer,
    });
    const rest = page2.json<{ items: ReconciliationRun[] }>().items;
    expect(rest.length).toBe(1);
    expect(new Set([...body.items, ...rest].map((r) => r.id)).size).toBe(3);

    const post = (payload: unknown, headers = t.auth) =>
      t.app.inject({ method: 'POST', url: '/v1/reconciliation/run', headers, payload: payload as object });
    expect((await post({ connectionId: shopId }, viewer)).statusCode).toBe(403);
    const open = await post({ connectionId: shopId, from: iso(top) });
    expect(open.statusCode).toBe(400);
    expect(open.json().error.code).toBe('RECONCILIATION_RANGE_INVALID');
    const unknown = await post({ connectionId: 'con_nope' });
    expect(unknown.statusCode).toBe(404);
    const connections = await t.hub.store.listConnections({ kind: 'destination' });
    const notPullable = await post({ connectionId: connections[0]?.id });
    expect(notPullable.json().error.code).toBe('CONNECTION_NO_PULL');
    const bad = await post({ connectionId: shopId, extra: true });
    expect(bad.json().error.code).toBe('API_VALIDATION_FAILED');
  });
});

describe('schedule', () => {
  it('installs a repeating tick that the poll workers run, moving the watermark', async () => {
    await scheduleReconciliation(t.hub);
    const scheduler = await t.hub.queues.poll.getJobScheduler(RECON_JOB);
    expect(Number(scheduler?.every)).toBe(t.config.reconciliation.intervalMs);
    t.startWorkers();
    await waitFor(
      async () => ((await getWatermark(t.hub, shopId)) ?? '') >= iso(top - HOUR),
      20_000,
      'a scheduled tick',
    );
    await t.hub.queues.poll.removeJobScheduler(RECON_JOB);
    await t.stopWorkers();
  });
});
