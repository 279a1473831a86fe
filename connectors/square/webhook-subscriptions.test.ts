import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { connectorFailure, createTestContext, fixedClock, hmacBase64 } from '../../src/sdk';
import type { SquareConfig } from './config';
import square from './index';
import { API, TEST_CONFIG, fixtureObject } from './test-helpers';
import { verifyWebhook } from './webhook';
import { idempotencyKey } from './webhook-subscriptions';

const PATH = '/v2/webhooks/subscriptions';
const CALLBACK = 'https://hub.example.com/v1/webhooks/con_test';
const ALL = ['order.created', 'order.updated'];
const json = { 'content-type': 'application/json' };
const LIST_QUERY = { include_disabled: 'true', limit: '100' };

const api = () =>
  nock(API, {
    reqheaders: { authorization: `Bearer ${TEST_CONFIG.accessToken}`, 'square-version': '2026-09-16' },
  });
const sub = (name: string) => fixtureObject(`webhooks/subscriptions/${name}.json`);

function ensure(config: SquareConfig = TEST_CONFIG) {
  const ctx = createTestContext(config, {
    clock: fixedClock('2026-06-12T06:00:00Z'),
    rateLimits: square.rateLimits,
  });
  const spec = square.webhookSubscriptions;
  if (!spec) throw new Error('square declares no webhookSubscriptions');
  return { ctx, run: () => spec.ensure(ctx, CALLBACK) };
}

describe('webhook subscriptions', () => {
  it('answers ok only when an enabled subscription to the callback covers both events', async () => {
    api().get(PATH).query(LIST_QUERY).reply(200, sub('list-all'), json);
    const { ctx, run } = ensure();
    await expect(run()).resolves.toEqual({ created: [], ok: ALL });
    expect(ctx.savedSecrets).toEqual({});
  });

  it('follows the list cursor', async () => {
    api()
      .get(PATH)
      .query(LIST_QUERY)
      .reply(200, sub('list-page-1'), json)
      .get(PATH)
      .query({ ...LIST_QUERY, cursor: 'c3ViLWN1cnNvci1wYWdlLTI' })
      .reply(200, sub('list-page-2'), json);
    await expect(ensure().run()).resolves.toEqual({ created: [], ok: ALL });
  });

  it('creates a missing subscription with a stable idempotency key and saves its signature key', async () => {
    const posted: unknown[] = [];
    api()
      .get(PATH)
      .query(LIST_QUERY)
      .reply(200, sub('list-other-only'), json)
      .post(PATH, (b: unknown) => posted.push(b) > 0)
      .reply(200, sub('create'), json)
      .get(PATH)
      .query(LIST_QUERY)
      .reply(200, sub('list-all'), json);
    const { ctx, run } = ensure();
    await expect(run()).resolves.toEqual({ created: ALL, ok: [] });
    expect(posted).toEqual([
      {
        idempotency_key: idempotencyKey('con_test', CALLBACK),
        subscription: {
          name: 'OrderHub con_test',
          event_types: ALL,
          notification_url: CALLBACK,
          api_version: '2026-09-16',
        },
      },
    ]);
    expect(idempotencyKey('con_test', CALLBACK)).toBe(idempotencyKey('con_test', CALLBACK));
    expect(idempotencyKey('con_test', CALLBACK)).not.toBe(idempotencyKey('con_other', CALLBACK));
    expect(idempotencyKey('con_test', CALLBACK).length).toBeLessThanOrEqual(45);
    expect(ctx.savedSecrets).toEqual({ webhookSignatureKey: 'sq-sig-key-new-Qw7eR2tY9uI4oP1a' });

    // Deliveries signed with the new key now verify.
    const body = Buffer.from('{"type":"order.updated"}');
    const signature = hmacBase64(
      'sq-sig-key-new-Qw7eR2tY9uI4oP1a',
      Buffer.concat([Buffer.from(CALLBACK), body]),
    );
    const req = { headers: { 'x-square-hmacsha256-signature': signature }, rawBody: body };
    expect(verifyWebhook(req, ctx.config)).toEqual({ ok: true });

    // A second call finds it and creates nothing.
    await expect(run()).resolves.toEqual({ created: [], ok: ALL });
  });

  it('re-enables a subscription Square disabled', async () => {
    const put: unknown[] = [];
    api()
      .get(PATH)
      .query(LIST_QUERY)
      .reply(200, sub('list-disabled'), json)
      .put(`${PATH}/wbhk_8d41e0c7a25f4b93`, (b: unknown) => put.push(b) > 0)
      .reply(200, sub('update'), json);
    const { ctx, run } = ensure();
    await expect(run()).resolves.toEqual({ created: ALL, ok: [] });
    expect(put).toEqual([{ subscription: { enabled: true } }]);
    expect(ctx.savedSecrets).toEqual({});
  });

  it('adds an event type missing from our enabled subscription', async () => {
    const put: unknown[] = [];
    api()
      .get(PATH)
      .query(LIST_QUERY)
      .reply(200, sub('list-partial'), json)
      .put(`${PATH}/wbhk_8d41e0c7a25f4b93`, (b: unknown) => put.push(b) > 0)
      .reply(200, sub('update'), json);
    await expect(ensure().run()).resolves.toEqual({ created: ['order.updated'], ok: ['order.created'] });
    expect(put).toEqual([{ subscription: { enabled: true, event_types: ALL } }]);
  });

  it('turns a seller OAuth token (401) or a forbidden token (403) into auth naming the personal access token', async () => {
    api()
      .get(PATH)
      .query(LIST_QUERY)
      .reply(401, sub('error-401-oauth-token'), json)
      .get(PATH)
      .query(LIST_QUERY)
      .reply(403, sub('error-403-forbidden'), json);
    const { run } = ensure();
    for (const status of [401, 403]) {
      const error = await connectorFailure(run());
      expect(error).toMatchObject({ kind: 'auth', code: 'SQUARE_WEBHOOK_PERMISSION_MISSING', status });
      expect(error.remedy).toContain('personal access token');
    }
  });

  it('refuses when webhookNotificationUrl is not the hub’s address, before any call', async () => {
    const error = await connectorFailure(
      ensure({
        ...TEST_CONFIG,
        webhookNotificationUrl: 'https://old-hub.example.com/v1/webhooks/con_test',
      }).run(),
    );
    expect(error).toMatchObject({ kind: 'config', code: 'SQUARE_NOTIFICATION_URL_MISMATCH' });
    expect(error.remedy).toContain(CALLBACK);
  });

  it('passes a 429 on as rate_limited', async () => {
    api()
      .get(PATH)
      .query(LIST_QUERY)
      .reply(429, { errors: [{ code: 'RATE_LIMITED' }] }, json);
    await expect(connectorFailure(ensure().run())).resolves.toMatchObject({ kind: 'rate_limited' });
  });
});
