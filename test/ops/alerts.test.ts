import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { verifyStandardWebhook } from '../../connectors/webhook/signature';
import { evaluateAlerts, quietVerdict } from '../../src/ops/alert-evaluator';
import { getAlertState, raiseAlert } from '../../src/ops/alerts';
import { recordPull } from '../../src/ops/ops-status';
import { rateKeyOf } from '../../src/pipeline/context';
import { ORDERS_STREAM } from '../../src/pipeline/pull';
import { startTestHub, waitFor, type TestHub } from '../helpers/hub';
import { Sink } from '../helpers/sink';
import { connectShopifyToWebhook, shopifyOrder, signedShopifyWebhook } from '../helpers/shopify';

const ALERT_SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const SMTP_PASSWORD = 'smtp-pass-do-not-show';
let offset = 0;
let t: TestHub;
let erp: Sink;
let alertSink: Sink;
let smtp: SMTPServer;
let smtpPort = 0;
const mails: { to: string[]; body: string; user: string | undefined }[] = [];
let shopId: string;
let erpId: string;

interface Notice {
  kind: string;
  subject: string;
  phase: string;
  count: number;
}
const notices = (kind?: string, subject?: string): Notice[] =>
  alertSink.requests
    .map((r) => (JSON.parse(r.body) as { data: Notice }).data)
    .filter((n) => (!kind || n.kind === kind) && (!subject || n.subject === subject));

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    onAuth(auth, _session, cb) {
      if (auth.password === SMTP_PASSWORD) cb(null, { user: auth.username });
      else cb(new Error('bad credentials'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          body: Buffer.concat(chunks).toString('utf8'),
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const address = smtp.server.address();
  smtpPort = typeof address === 'object' && address ? address.port : 0;
  t = await startTestHub(
    {},
    { ORDERHUB_DELIVERY_MAX_ATTEMPTS: '1' },
    undefined,
    () => new Date(Date.now() + offset),
  );
  erp = await new Sink().start();
  alertSink = await new Sink().start();
  ({ shopId, erpId } = await connectShopifyToWebhook(t.hub, erp.url));
  const put = await t.app.inject({
    method: 'PUT',
    url: '/v1/alerts',
    headers: t.auth,
    payload: {
      reminderMinutes: 60,
      webhook: { url: alertSink.url, secret: ALERT_SECRET },
      email: {
        host: '127.0.0.1',
        port: smtpPort,
        user: 'alerts',
        password: SMTP_PASSWORD,
        from: 'orderhub@example.test',
        to: ['ops@example.test'],
      },
      queueBacklog: { threshold: 2, minutes: 5 },
    },
  });
  expect(put.statusCode).toBe(200);
  t.startWorkers();
});

afterAll(async () => {
  await t.close();
  await erp.stop();
  await alertSink.stop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('alerts', () => {
  it('groups a dead-letter storm of 50 deliveries into one signed notice and one resolve', async () => {
    erp.respond(...Array.from({ length: 50 }, () => ({ status: 500 })));
    for (let i = 0; i < 50; i++) {
      const { payload, headers } = signedShopifyWebhook(shopifyOrder(i));
      const res = await t.app.inject({ method: 'POST', url: `/v1/webhooks/${shopId}`, headers, payload });
      expect(res.statusCode).toBe(200);
    }
    await waitFor(
      async () =>
        (await t.hub.store.listDeliveries({ destinationId: erpId, state: 'dead', limit: 100 })).items
          .length === 50,
      30_000,
      '50 dead deliveries',
    );
    await waitFor(() => notices('deliveries_dead').length > 0, 10_000, 'the alert');
    await waitFor(() => mails.length > 0, 10_000, 'the e-mail');
    expect(notices('deliveries_dead', erpId).map((n) => n.phase)).toEqual(['started']);
    expect((await getAlertState(t.hub, 'deliveries_dead', erpId))?.count).toBeGreaterThan(1);

    // The webhook notice carries a valid Standard Webhooks signature over the exact body.
    const req = alertSink.requests[0];
    expect(req).toBeDefined();
    if (!req) return;
    expect(
      verifyStandardWebhook(ALERT_SECRET, req.headers, req.body, { now: new Date(Date.now() + offset) }),
    ).toMatchObject({ ok: true });

    // The e-mail went through the local SMTP server, authenticated with the stored (sealed) password.
    expect(mails[0]?.to).toEqual(['ops@example.test']);
    expect(mails[0]?.user).toBe('alerts');
    expect(mails[0]?.body).toMatch(/deliveries dead-lettered/);

    // Status: webhook health, stuck deliveries; metrics expose the same.
    const bad = signedShopifyWebhook(shopifyOrder(999), 'orders/create', 'wrong-secret');
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/v1/webhooks/${shopId}`,
          headers: bad.headers,
          payload: bad.payload,
        })
      ).statusCode,
    ).toBe(401);
    const status = (await t.app.inject({ method: 'GET', url: '/v1/status', headers: t.auth })).json();
    const shop = status.connections.find((c: { id: string }) => c.id === shopId);
    const dest = status.connections.find((c: { id: string }) => c.id === erpId);
    await waitFor(async () => {
      const s = (await t.app.inject({ method: 'GET', url: '/v1/status', headers: t.auth })).json();
      return s.connections.find((c: { id: string }) => c.id === shopId).webhooks.signatureFailures === 1;
    });
    expect(shop.webhooks).toMatchObject({ received: 50 });
    expect(typeof shop.webhooks.lastReceivedAt).toBe('string');
    expect(dest.stuckDeliveries).toMatchObject({ dead: 50, olderThan15Minutes: 0 });
    expect(status.alerts.map((a: { kind: string }) => a.kind)).toContain('deliveries_dead');
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain(`orderhub_deliveries_stuck{destination="${erpId}"} 50`);
    expect(metrics).toContain(`orderhub_webhook_signature_failures{connection="${shopId}"} 1`);
    expect(metrics).toContain('orderhub_alerts_firing{kind="deliveries_dead"} 1');

    // Once no dead delivery is left, one "resolved" notice; evaluating again sends nothing more.
    const at = new Date(Date.now() + offset).toISOString();
    for (const d of (await t.hub.store.listDeliveries({ destinationId: erpId, state: 'dead', limit: 100 }))
      .items)
      await t.hub.store.updateDelivery(d.id, { state: 'delivered', deliveredAt: at }, at);
    await evaluateAlerts(t.hub);
    await evaluateAlerts(t.hub);
    expect(notices('deliveries_dead', erpId).map((n) => n.phase)).toEqual(['started', 'resolved']);
  });

  it('reminds at most once per reminder interval while a problem lasts', async () => {
    await raiseAlert(t.hub, { kind: 'orders_recovered', connectionId: shopId, count: 3 });
    await raiseAlert(t.hub, { kind: 'orders_recovered', connectionId: shopId, count: 2 });
    offset += 61 * 60_000;
    await raiseAlert(t.hub, { kind: 'orders_recovered', connectionId: shopId, count: 1 });
    await raiseAlert(t.hub, { kind: 'orders_recovered', connectionId: shopId, count: 1 });
    offset += 61 * 60_000;
    await evaluateAlerts(t.hub);
    const got = notices('orders_recovered', shopId);
    expect(got.map((n) => n.phase)).toEqual(['started', 'reminder', 'resolved']);
    expect(got.at(-1)?.count).toBe(7);
  });

  it('alerts once when orders wait in review longer than allowed, and resolves when they are dealt with', async () => {
    const heldAt = new Date(Date.now() + offset - 5 * 3_600_000).toISOString();
    for (const n of [1, 2])
      await t.hub.store.insertException({
        id: `exc_held_test_${n}`,
        kind: 'held',
        code: 'HOLD_UNPAID',
        message: 'held for review',
        connectionId: shopId,
        inboxEventId: null,
        orderId: `ord_held_test_${n}`,
        deliveryId: null,
        state: 'open',
        createdAt: heldAt,
        resolvedAt: null,
        resolution: null,
      });
    await evaluateAlerts(t.hub);
    await evaluateAlerts(t.hub);
    expect(await getAlertState(t.hub, 'held_too_long', 'holds')).toMatchObject({
      status: 'firing',
      message: expect.stringContaining('2 order(s)'),
    });
    expect(notices('held_too_long', 'holds').map((n) => n.phase)).toEqual(['started']);
    const at = new Date(Date.now() + offset).toISOString();
    for (const n of [1, 2])
      await t.hub.store.resolveExceptions({ orderId: `ord_held_test_${n}` }, 'released', at);
    await evaluateAlerts(t.hub);
    expect(notices('held_too_long', 'holds').map((n) => n.phase)).toEqual(['started', 'resolved']);
  });

  it('detects a channel gone quiet for longer than usual, and its recovery', async () => {
    const quiet = { factor: 4, lookbackDays: 7, minOrders: 5, minQuietMinutes: 30 };
    const base = Date.parse('2024-05-01T10:00:00Z');
    const times = [0, 10, 20, 30, 40].map((m) => new Date(base + m * 60_000).toISOString());
    expect(quietVerdict(times, base + 80 * 60_000, quiet)).toMatchObject({
      quiet: false,
      usualGapMs: 600_000,
    });
    expect(quietVerdict(times, base + 81 * 60_000, quiet).quiet).toBe(true);
    expect(quietVerdict(times.slice(0, 4), base + 900 * 60_000, quiet).quiet).toBe(false);

    // Orders 10 minutes apart on the controlled clock, then two hours of silence.
    const start = await t.hub.connections.create({
      connector: 'shopify',
      name: 'Quiet shop',
      config: {
        shopDomain: 'demo-shop.myshopify.com',
        accessToken: 'x',
        webhookSecret: 'shpss_test_client_secret',
        api: 'rest',
        webhookMode: 'full',
      },
    });
    for (let i = 0; i < 6; i++) {
      const { payload, headers } = signedShopifyWebhook(shopifyOrder(500 + i));
      await t.app.inject({ method: 'POST', url: `/v1/webhooks/${start.id}`, headers, payload });
      await waitFor(
        async () =>
          (await t.hub.store.listOrders({ connectionId: start.id, limit: 10 })).items.length === i + 1,
      );
      offset += 10 * 60_000;
    }
    await evaluateAlerts(t.hub);
    expect(notices('channel_quiet', start.id)).toEqual([]);
    offset += 2 * 3_600_000;
    await evaluateAlerts(t.hub);
    expect(notices('channel_quiet', start.id).map((n) => n.phase)).toEqual(['started']);
    const { payload, headers } = signedShopifyWebhook(shopifyOrder(600));
    await t.app.inject({ method: 'POST', url: `/v1/webhooks/${start.id}`, headers, payload });
    await waitFor(
      async () => (await t.hub.store.listOrders({ connectionId: start.id, limit: 10 })).items.length === 7,
    );
    await evaluateAlerts(t.hub);
    expect(notices('channel_quiet', start.id).map((n) => n.phase)).toEqual(['started', 'resolved']);
  });

  it('alerts on a queue backlog that lasts, and on a failing connection', async () => {
    await t.stopWorkers();
    await t.hub.queues.enqueueInbox(['evt_backlog_1', 'evt_backlog_2', 'evt_backlog_3']);
    await evaluateAlerts(t.hub);
    expect(notices('queue_backlog')).toEqual([]);
    offset += 6 * 60_000;
    await evaluateAlerts(t.hub);
    expect(notices('queue_backlog', 'inbox').map((n) => n.phase)).toEqual(['started']);
    await t.hub.queues.inbox.obliterate({ force: true });
    await evaluateAlerts(t.hub);
    expect(notices('queue_backlog', 'inbox').map((n) => n.phase)).toEqual(['started', 'resolved']);

    await t.hub.connections.setHealth(shopId, { ok: false, code: 'SHOPIFY_AUTH', message: 'token revoked' });
    await evaluateAlerts(t.hub);
    await evaluateAlerts(t.hub);
    await t.hub.connections.setHealth(shopId, { ok: true });
    await evaluateAlerts(t.hub);
    expect(notices('connection_error', shopId).map((n) => n.phase)).toEqual(['started', 'resolved']);
    t.startWorkers();
  });

  it('never returns alert secrets and stores them sealed', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/alerts', headers: t.auth });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(ALERT_SECRET);
    expect(res.body).not.toContain(SMTP_PASSWORD);
    expect(res.json()).toMatchObject({
      source: 'document',
      webhook: { url: alertSink.url, secretSet: true },
      email: { passwordSet: true, user: 'alerts' },
    });
    const doc = JSON.stringify((await t.hub.store.getDoc('alerts', 'config'))?.value);
    expect(doc).not.toContain(SMTP_PASSWORD);
    expect(doc).not.toContain(ALERT_SECRET.slice(6));
    // Omitted secrets are kept; null removes them.
    await t.app.inject({
      method: 'PUT',
      url: '/v1/alerts',
      headers: t.auth,
      payload: { webhook: { url: alertSink.url }, email: null },
    });
    const after = (await t.app.inject({ method: 'GET', url: '/v1/alerts', headers: t.auth })).json();
    expect(after.webhook.secretSet).toBe(true);
    expect(after.email).toBeNull();
    const viewer = await t.app.inject({ method: 'PUT', url: '/v1/alerts', payload: {} });
    expect(viewer.statusCode).toBe(401);
    const invalid = await t.app.inject({
      method: 'PUT',
      url: '/v1/alerts',
      headers: t.auth,
      payload: { webhook: { url: alertSink.url, secret: 'not-a-whsec' } },
    });
    expect(invalid.statusCode).toBe(400);
  });

  it('shows last pull, lag, rate budget and recovered orders per connection', async () => {
    const now = Date.now() + offset;
    await t.hub.store.setCheckpoint(
      shopId,
      ORDERS_STREAM,
      { watermark: new Date(now - 120_000).toISOString() },
      new Date(now).toISOString(),
    );
    await recordPull(t.hub, shopId);
    const resolvedShop = await t.hub.connections.resolve(shopId);
    if (!resolvedShop) throw new Error('shop connection missing');
    await t.hub.redis.hset(`${rateKeyOf(t.hub, resolvedShop)}:rest`, 'tokens', '5', 'ts', String(Date.now()));
    await t.hub.store.putDoc(
      'reconciliation-run',
      'run-1',
      { connectionId: shopId, recovered: 4, finishedAt: new Date(now - 3_600_000).toISOString() },
      new Date(now).toISOString(),
    );
    await t.hub.store.putDoc(
      'reconciliation-run',
      'run-0',
      { connectionId: shopId, recovered: 9, finishedAt: new Date(now - 30 * 3_600_000).toISOString() },
      new Date(now - 30 * 3_600_000).toISOString(),
    );
    const status = (await t.app.inject({ method: 'GET', url: '/v1/status', headers: t.auth })).json();
    const shop = status.connections.find((c: { id: string }) => c.id === shopId);
    expect(shop.lastPull.lagSeconds).toBeGreaterThanOrEqual(120);
    expect(shop.lastSuccessfulPull).toBe(
      new Date(now).toISOString().slice(0, 16) + shop.lastSuccessfulPull.slice(16),
    );
    expect(shop.recoveredLast24h).toBe(4);
    expect(shop.rateBudget.rest.burst).toBe(20);
    expect(shop.rateBudget.rest.usedRatio).toBeGreaterThan(0.5);
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain(`orderhub_orders_recovered_24h{connection="${shopId}"} 4`);
    expect(metrics).toMatch(new RegExp(`orderhub_connection_lag_seconds\\{connection="${shopId}"\\} \\d+`));
    expect(metrics).toContain(`orderhub_rate_budget_used_ratio{connection="${shopId}",bucket="rest"}`);
  });

  it('replays an exception from the CLI against the configured store', async () => {
    const at = new Date(Date.now() + offset).toISOString();
    const exc = (await t.hub.store.listExceptions({ kind: 'dead_lettered', state: 'open', limit: 1 }))
      .items[0];
    const dead = exc?.deliveryId ? await t.hub.store.getDelivery(exc.deliveryId) : null;
    expect(dead).toBeTruthy();
    if (!exc || !dead) return;
    // The storm test marked the rows delivered behind the hub's back; make this one dead again.
    await t.hub.store.updateDelivery(dead.id, { state: 'dead' }, at);
    const env = {
      ...process.env,
      ORDERHUB_DATA_DIR: t.config.dataDir,
      ORDERHUB_QUEUE_PREFIX: t.config.queuePrefix,
      ORDERHUB_SECRET_KEY: t.config.secretKey,
      REDIS_URL: t.config.redisUrl,
      LOG_LEVEL: 'silent',
    };
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['bin/orderhub.js', 'replay', ...args], {
        encoding: 'utf8',
        env,
        timeout: 60_000,
      });
    const missing = run(['exc_nope']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^API_NOT_FOUND/);
    const ok = run([exc.id, '--note', 'fixed the ERP']);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ action: 'delivery-retried' });
    const entries = await t.hub.store.listAudit(dead.id, 10);
    expect(entries.some((e) => e.action === 'delivery.retry' && e.actor.startsWith('cli:'))).toBe(true);
  });
});
