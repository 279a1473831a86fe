import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../helpers/hub';

const secret = `whsec_${randomBytes(32).toString('base64')}`;
let t: TestHub;

beforeAll(async () => {
  t = await startTestHub({ bodyLimit: 64 * 1024 });
});
afterAll(async () => {
  await t.close();
});

async function createWebhookConnection(name = 'ERP') {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/connections',
    headers: t.auth,
    payload: {
      connector: 'webhook',
      name,
      config: { url: 'http://127.0.0.1:9/orders', signingSecret: secret },
    },
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>();
}

describe('HTTP API', () => {
  it('answers health, readiness, metrics and the OpenAPI document without a key', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject('/readyz')).json()).toMatchObject({
      status: 'ready',
      store: 'ok',
      redis: 'ok',
    });
    const metrics = await t.app.inject('/metrics');
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('orderhub_inbox_events_total');
    const doc = (await t.app.inject('/docs/json')).json<{
      openapi: string;
      paths: Record<string, unknown>;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/connections', '/v1/orders/{id}', '/v1/webhooks/{connectionId}']),
    );
  });

  it('refuses missing, unknown and under-privileged keys with stable codes', async () => {
    const none = await t.app.inject('/v1/connections');
    expect(none.statusCode).toBe(401);
    expect(none.json()).toEqual({ error: { code: 'API_UNAUTHENTICATED', message: expect.any(String) } });
    const unknown = await t.app.inject({ url: '/v1/connections', headers: { authorization: 'Bearer nope' } });
    expect(unknown.json().error.code).toBe('API_UNAUTHENTICATED');

    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: t.auth,
      payload: { name: 'dashboard', role: 'viewer' },
    });
    expect(created.statusCode).toBe(201);
    const viewer = { authorization: `Bearer ${created.json().key}` };
    expect((await t.app.inject({ url: '/v1/connections', headers: viewer })).statusCode).toBe(200);
    const forbidden = await t.app.inject({
      method: 'POST',
      url: '/v1/connections',
      headers: viewer,
      payload: { connector: 'webhook', name: 'x', config: {} },
    });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('API_FORBIDDEN');
    const keys = await t.app.inject({ url: '/v1/api-keys', headers: t.auth });
    expect(JSON.stringify(keys.json())).not.toContain(created.json().key);
  });

  it('creates, reads, patches and deletes connections without ever returning secrets', async () => {
    const created = await createWebhookConnection();
    expect(created).toMatchObject({
      connector: 'webhook',
      kind: 'destination',
      secretsSet: ['signingSecret'],
    });
    expect(JSON.stringify(created)).not.toContain(secret);
    const got = await t.app.inject({ url: `/v1/connections/${created.id}`, headers: t.auth });
    expect(JSON.stringify(got.json())).not.toContain(secret);
    expect(got.json().config).toEqual({ url: 'http://127.0.0.1:9/orders' });

    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/v1/connections/${created.id}`,
      headers: t.auth,
      payload: { name: 'ERP 2', config: { url: 'http://127.0.0.1:10/x' } },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      name: 'ERP 2',
      config: { url: 'http://127.0.0.1:10/x' },
      secretsSet: ['signingSecret'],
    });
    const resolved = await t.hub.connections.resolve(created.id);
    expect(resolved?.config.signingSecret).toBe(secret);
    const stored = await t.hub.store.getConnection(created.id);
    expect(JSON.stringify(stored)).not.toContain(secret.slice(6));

    const list = await t.app.inject({ url: '/v1/connections', headers: t.auth });
    expect(list.json().items.map((c: { id: string }) => c.id)).toContain(created.id);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/v1/connections/${created.id}`, headers: t.auth }))
        .statusCode,
    ).toBe(204);
    expect(
      (await t.app.inject({ url: `/v1/connections/${created.id}`, headers: t.auth })).json().error.code,
    ).toBe('API_NOT_FOUND');
    const audit = await t.hub.store.listAudit(created.id, 10);
    expect(audit.map((a) => a.action).sort()).toEqual([
      'connection.create',
      'connection.delete',
      'connection.update',
    ]);
  });

  it('validates connection bodies and configs with field errors', async () => {
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/v1/connections',
      headers: t.auth,
      payload: { connector: 'nope', name: 'x', config: {} },
    });
    expect(unknown.json().error.code).toBe('CONNECTOR_UNKNOWN');
    const bad = await t.app.inject({
      method: 'POST',
      url: '/v1/connections',
      headers: t.auth,
      payload: { connector: 'webhook', name: 'x', config: { url: 'not a url' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('CONNECTION_CONFIG_INVALID');
    expect(bad.json().error.details.length).toBeGreaterThan(0);
    const extra = await t.app.inject({
      method: 'POST',
      url: '/v1/connections',
      headers: t.auth,
      payload: { connector: 'webhook', name: 'x', config: {}, surprise: 1 },
    });
    expect(extra.json().error.code).toBe('API_VALIDATION_FAILED');
  });

  it('answers malformed, oversized and deeply nested bodies with clear 4xx codes', async () => {
    const json = { ...t.auth, 'content-type': 'application/json' };
    const broken = await t.app.inject({
      method: 'POST',
      url: '/v1/connections',
      headers: json,
      payload: '{"connector":',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('API_INVALID_JSON');
    const big = await t.app.inject({
      method: 'POST',
      url: '/v1/connections',
      headers: json,
      payload: JSON.stringify({ name: 'x'.repeat(70 * 1024) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('API_BODY_TOO_LARGE');
    const text = await t.app.inject({
      method: 'POST',
      url: '/v1/connections',
      headers: { ...t.auth, 'content-type': 'text/plain' },
      payload: 'connector=webhook',
    });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('API_UNSUPPORTED_MEDIA_TYPE');
    let nested: unknown = 1;
    for (let i = 0; i < 100; i++) nested = { a: nested };
    const deep = await t.app.inject({
      method: 'POST',
      url: '/v1/connections',
      headers: json,
      payload: JSON.stringify({ connector: 'webhook', name: 'x', config: nested }),
    });
    expect(deep.statusCode).toBe(400);
    expect(deep.json().error.code).toBe('API_VALIDATION_FAILED');
  });

  it('lists connectors with their schemas and secret fields', async () => {
    const res = await t.app.inject({ url: '/v1/connectors', headers: t.auth });
    const webhook = res.json().items.find((c: { id: string }) => c.id === 'webhook');
    expect(webhook).toMatchObject({ kind: 'destination', idempotency: 'native-key' });
    expect(webhook.secretFields).toContain('signingSecret');
  });

  it('pages orders with a cursor and answers 404 for unknown ids', async () => {
    const res = await t.app.inject({ url: '/v1/orders?limit=2', headers: t.auth });
    expect(res.json()).toEqual({ items: [], nextCursor: null });
    expect((await t.app.inject({ url: '/v1/orders/ord_x', headers: t.auth })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/v1/orders?limit=0', headers: t.auth })).statusCode).toBe(400);
    const badCursor = await t.app.inject({ url: '/v1/orders?cursor=bm9wZQ', headers: t.auth });
    expect(badCursor.json().error.code).toBe('API_VALIDATION_FAILED');
    const status = await t.app.inject({ url: '/v1/status', headers: t.auth });
    expect(status.json()).toMatchObject({ store: 'sqlite', connections: expect.any(Array) });
  });
});
