import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, BASE, body, TEST_CONFIG } from '../../connectors/bigcommerce/test-helpers';
import { signSandboxWebhook } from '../../connectors/sandbox-shop';
import type { SubscriptionView } from '../../src/pipeline/webhook-subscriptions';
import { startTestHub, type TestHub } from '../helpers/hub';

// The real BigCommerce connector against its documented hooks API (nock), through the hub's API.
const PUBLIC_URL = 'https://hub.example.com';
const HOOKS = `${BASE}/v3/hooks`;
const json = { 'content-type': 'application/json' };
const channel = () => nock(API, { reqheaders: { 'x-auth-token': TEST_CONFIG.accessToken } });
// The fixtures' hooks point at connection `con_test`; here they point at the connection the hub created.
const sub = (name: string) =>
  JSON.parse(
    JSON.stringify(body(`webhooks/subscriptions/${name}.json`)).replaceAll(
      '/v1/webhooks/con_test',
      `/v1/webhooks/${bcId}`,
    ),
  ) as object;

let t: TestHub;
let bare: TestHub;
let bcId: string;
let sandboxId: string;

const state = async (hub: TestHub, id: string) =>
  (await hub.app.inject({ url: `/v1/connections/${id}/webhook-subscriptions`, headers: hub.auth })).json<
    SubscriptionView & { error?: { code: string } }
  >();
const check = (hub: TestHub, id: string, headers: Record<string, string> = hub.auth) =>
  hub.app.inject({ method: 'POST', url: `/v1/connections/${id}/webhook-subscriptions/check`, headers });

beforeAll(async () => {
  t = await startTestHub({}, { ORDERHUB_PUBLIC_URL: PUBLIC_URL });
  bare = await startTestHub();
  bcId = await t.connect('bigcommerce', TEST_CONFIG);
  sandboxId = await t.connect('sandbox-shop', { webhookSecret: 'sandbox-subscriptions-secret' });
});

afterAll(async () => {
  await t.close();
  await bare.close();
});

describe('webhook subscription state', () => {
  it('shows a connection never checked, with the address the channel must call', async () => {
    expect(await state(t, bcId)).toMatchObject({
      connectionId: bcId,
      webhooks: true,
      managed: true,
      callbackUrl: `${PUBLIC_URL}/v1/webhooks/${bcId}`,
      lastCheck: null,
      traffic: { received: 0, lastReceivedAt: null, signatureFailures: 0 },
    });
  });

  it('restores a dropped topic on check, keeps it on the next check, and audits the restoration', async () => {
    channel()
      .get(HOOKS)
      .query(true)
      .reply(200, sub('list-missing'), json)
      .post(HOOKS)
      .reply(200, sub('create'), json);
    const first = await check(t, bcId);
    expect(first.statusCode).toBe(200);
    const restoredAt = first.json<SubscriptionView>().lastCheck?.checkedAt;
    expect(first.json<SubscriptionView>().lastCheck).toMatchObject({
      ok: true,
      trigger: 'manual',
      error: null,
      topics: [
        { topic: 'store/order/created', state: 'active', restoredCount: 0, lastRestoredAt: null },
        { topic: 'store/order/statusUpdated', state: 'active', restoredCount: 0 },
        { topic: 'store/order/updated', state: 'restored', restoredCount: 1, lastRestoredAt: restoredAt },
      ],
    });

    channel().get(HOOKS).query(true).reply(200, sub('list-all'), json);
    const second = (await check(t, bcId)).json<SubscriptionView>();
    // The topic is in place again, and the page still says when the hub last had to restore it.
    expect(second.lastCheck?.topics.find((x) => x.topic === 'store/order/updated')).toEqual({
      topic: 'store/order/updated',
      state: 'active',
      restoredCount: 1,
      lastRestoredAt: restoredAt,
    });
    const audits = await t.hub.store.listAudit(bcId, 50);
    expect(audits.filter((a) => a.action === 'webhook.resubscribe')).toHaveLength(1);
  });

  it('records a refused check with the connector remedy, keeps the last topics, and marks the connection failing', async () => {
    channel().get(HOOKS).query(true).reply(403, sub('error-403-scope'), json);
    const res = await check(t, bcId);
    expect(res.statusCode).toBe(200);
    const last = res.json<SubscriptionView>().lastCheck;
    expect(last).toMatchObject({ ok: false, error: { code: 'BIGCOMMERCE_WEBHOOK_SCOPE_MISSING' } });
    expect(last?.error?.remedy).toContain('Information & Settings');
    expect(last?.topics).toHaveLength(3);
    const connection = await t.app.inject({ url: `/v1/connections/${bcId}`, headers: t.auth });
    expect(connection.json()).toMatchObject({
      health: { state: 'error', code: 'BIGCOMMERCE_WEBHOOK_SCOPE_MISSING' },
    });
  });

  it('counts the webhooks a connection received alongside the subscriptions', async () => {
    const payload = JSON.stringify({ orders: [] });
    const sent = await t.app.inject({
      method: 'POST',
      url: `/v1/webhooks/${sandboxId}`,
      headers: {
        'content-type': 'application/json',
        'x-sandbox-signature': signSandboxWebhook('sandbox-subscriptions-secret', payload),
      },
      payload,
    });
    expect(sent.statusCode).toBe(200);
    const view = await state(t, sandboxId);
    expect(view).toMatchObject({ webhooks: true, managed: false, lastCheck: null });
    expect(view.traffic.received).toBe(1);
  });

  it('answers stable errors when a check cannot be made, and lets only operators ask', async () => {
    expect((await check(t, sandboxId)).json()).toMatchObject({
      error: { code: 'CONNECTION_NO_WEBHOOK_SUBSCRIPTIONS' },
    });
    const elsewhere = await bare.connect('bigcommerce', TEST_CONFIG);
    const unset = await check(bare, elsewhere);
    expect(unset.statusCode).toBe(409);
    expect(unset.json()).toMatchObject({ error: { code: 'WEBHOOK_PUBLIC_URL_UNSET' } });
    expect((await state(bare, elsewhere)).callbackUrl).toBeNull();

    const viewer = await t.keyHeaders('viewer');
    expect((await check(t, bcId, viewer)).statusCode).toBe(403);
    const read = await t.app.inject({
      url: `/v1/connections/${bcId}/webhook-subscriptions`,
      headers: viewer,
    });
    expect(read.statusCode).toBe(200);
    expect((await state(t, 'con_missing')).error?.code).toBe('API_NOT_FOUND');
  });
});
