import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { connectorFailure, createTestContext, fixedClock } from '../../src/sdk';
import type { BigCommerceConfig } from './config';
import bigcommerce from './index';
import { API, BASE, TEST_CONFIG, body } from './test-helpers';

const HOOKS = `${BASE}/v3/hooks`;
const CALLBACK = 'https://hub.example.com/v1/webhooks/con_test';
const ALL = ['store/order/created', 'store/order/updated', 'store/order/statusUpdated'];
const json = { 'content-type': 'application/json' };
const SECRET_HEADER = { 'x-orderhub-webhook-token': TEST_CONFIG.webhookSecret };

const store = () => nock(API, { reqheaders: { 'x-auth-token': TEST_CONFIG.accessToken } });
const sub = (name: string) => body(`webhooks/subscriptions/${name}.json`);

function ensure(config: BigCommerceConfig = TEST_CONFIG) {
  const ctx = createTestContext(config, {
    clock: fixedClock('2026-06-12T06:00:00Z'),
    rateLimits: bigcommerce.rateLimits,
  });
  const spec = bigcommerce.webhookSubscriptions;
  if (!spec) throw new Error('bigcommerce declares no webhookSubscriptions');
  return { ctx, run: () => spec.ensure(ctx, CALLBACK) };
}

describe('webhook subscriptions', () => {
  it('answers ok only when every scope has an active hook with the secret header', async () => {
    store().get(HOOKS).query({ page: '1', limit: '100' }).reply(200, sub('list-all'), json);
    await expect(ensure().run()).resolves.toEqual({ created: [], ok: ALL });
  });

  it('creates a missing scope with the shared-secret header, then a second call creates nothing', async () => {
    const posted: unknown[] = [];
    store()
      .get(HOOKS)
      .query(true)
      .reply(200, sub('list-missing'), json)
      .post(HOOKS, (b: unknown) => posted.push(b) > 0)
      .reply(200, sub('create'), json)
      .get(HOOKS)
      .query(true)
      .reply(200, sub('list-all'), json);
    const { run } = ensure();
    await expect(run()).resolves.toEqual({
      created: ['store/order/updated'],
      ok: ['store/order/created', 'store/order/statusUpdated'],
    });
    expect(posted).toEqual([
      { scope: 'store/order/updated', destination: CALLBACK, is_active: true, headers: SECRET_HEADER },
    ]);
    await expect(run()).resolves.toEqual({ created: [], ok: ALL });
  });

  it('re-activates a hook BigCommerce deactivated, keeping its id', async () => {
    const put: unknown[] = [];
    store()
      .get(HOOKS)
      .query(true)
      .reply(200, sub('list-inactive'), json)
      .put(`${HOOKS}/25118813`, (b: unknown) => put.push(b) > 0)
      .reply(200, sub('reactivate'), json);
    await expect(ensure().run()).resolves.toEqual({
      created: ['store/order/statusUpdated'],
      ok: ['store/order/created', 'store/order/updated'],
    });
    expect(put).toEqual([{ is_active: true, headers: SECRET_HEADER }]);
  });

  it('re-arms a hook of ours whose header no longer matches the connection’s secret', async () => {
    const rotated = { ...TEST_CONFIG, webhookSecret: 'bc-hook-secret-rotated-Xy7Wq2Lm9Pz4' };
    const put: unknown[] = [];
    store()
      .get(HOOKS)
      .query(true)
      .reply(200, sub('list-all'), json)
      .put(/\/v3\/hooks\/\d+$/, (b: unknown) => put.push(b) > 0)
      .times(3)
      .reply(200, sub('reactivate'), json);
    await expect(ensure(rotated).run()).resolves.toEqual({ created: ALL, ok: [] });
    expect(put[0]).toEqual({
      is_active: true,
      headers: { 'x-orderhub-webhook-token': rotated.webhookSecret },
    });
  });

  it('refuses to create hooks without a webhook secret, before any call', async () => {
    const { webhookSecret: _unused, ...noSecret } = TEST_CONFIG;
    const error = await connectorFailure(ensure(noSecret).run());
    expect(error).toMatchObject({ kind: 'config', code: 'BIGCOMMERCE_WEBHOOK_SECRET_MISSING' });
  });

  it('turns a 403 into auth with a remedy naming the scopes', async () => {
    store().get(HOOKS).query(true).reply(403, sub('error-403-scope'), json);
    const error = await connectorFailure(ensure().run());
    expect(error).toMatchObject({ kind: 'auth', code: 'BIGCOMMERCE_WEBHOOK_SCOPE_MISSING' });
    expect(error.remedy).toContain('Information & Settings');
  });

  it('turns a refused destination into config, and a 429 into rate_limited with the reset time', async () => {
    store()
      .get(HOOKS)
      .query(true)
      .reply(200, sub('list-missing'), json)
      .post(HOOKS)
      .reply(422, sub('error-422-destination'), json)
      .get(HOOKS)
      .query(true)
      .reply(429, sub('error-403-scope'), { ...json, 'x-rate-limit-time-reset-ms': '7500' });
    const { run } = ensure();
    await expect(connectorFailure(run())).resolves.toMatchObject({
      kind: 'config',
      code: 'BIGCOMMERCE_WEBHOOK_REFUSED',
    });
    await expect(connectorFailure(run())).resolves.toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 7500,
    });
  });
});
