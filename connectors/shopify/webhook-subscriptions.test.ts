import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { connectorFailure, fixedClock, readFixture } from '../../src/sdk';
import type { ShopifyConfig } from './config';
import shopify from './index';
import { SHOP_ORIGIN, TEST_CONFIG, testContext } from './test-helpers';

const GRAPHQL_PATH = '/admin/api/2026-10/graphql.json';
const WEBHOOKS_PATH = '/admin/api/2026-10/webhooks.json';
const CALLBACK = 'https://hub.example.com/v1/webhooks/con_test';
const GQL: ShopifyConfig = { ...TEST_CONFIG, api: 'graphql' };
const REST: ShopifyConfig = { ...TEST_CONFIG, api: 'rest' };
const json = { 'content-type': 'application/json; charset=utf-8' };
const ALL = ['orders/create', 'orders/updated', 'orders/cancelled', 'refunds/create'];

function fixture(name: string): object {
  const value = readFixture('shopify', `webhooks/subscriptions/${name}.json`);
  if (typeof value !== 'object' || value === null) throw new Error(name);
  return value;
}

interface GraphqlBody {
  query: string;
  variables: Record<string, unknown>;
}

function isBody(value: unknown): value is GraphqlBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    'query' in value &&
    typeof value.query === 'string' &&
    'variables' in value &&
    typeof value.variables === 'object'
  );
}

const shop = () => nock(SHOP_ORIGIN, { reqheaders: { 'x-shopify-access-token': TEST_CONFIG.accessToken } });
const isList = (b: unknown) => isBody(b) && b.query.includes('webhookSubscriptions(');
const isCreate = (b: unknown) => isBody(b) && b.query.includes('webhookSubscriptionCreate(');

function ensure(config: ShopifyConfig) {
  const ctx = testContext(config, { clock: fixedClock('2026-06-12T06:00:00Z') });
  const spec = shopify.webhookSubscriptions;
  if (!spec) throw new Error('shopify declares no webhookSubscriptions');
  return { ctx, run: () => spec.ensure(ctx, CALLBACK) };
}

describe('webhook subscriptions (GraphQL)', () => {
  it('answers ok only when every topic is subscribed to the callback URL', async () => {
    const seen: GraphqlBody[] = [];
    shop()
      .post(GRAPHQL_PATH, (b: unknown) => isList(b) && isBody(b) && seen.push(b) > 0)
      .reply(200, fixture('graphql-list-all'), json);
    await expect(ensure(GQL).run()).resolves.toEqual({ created: [], ok: ALL });
    expect(seen[0]?.variables['topics']).toEqual([
      'ORDERS_CREATE',
      'ORDERS_UPDATED',
      'ORDERS_CANCELLED',
      'REFUNDS_CREATE',
    ]);
  });

  it('creates a missing topic with uri and JSON format, leaving another address in place but logging it', async () => {
    const created: GraphqlBody[] = [];
    shop()
      .post(GRAPHQL_PATH, isList)
      .reply(200, fixture('graphql-list-missing'), json)
      .post(GRAPHQL_PATH, (b: unknown) => isCreate(b) && isBody(b) && created.push(b) > 0)
      .reply(200, fixture('graphql-create'), json);
    const { ctx, run } = ensure(GQL);
    await expect(run()).resolves.toEqual({
      created: ['orders/cancelled'],
      ok: ['orders/create', 'orders/updated', 'refunds/create'],
    });
    expect(created).toHaveLength(1);
    expect(created[0]?.variables).toEqual({
      topic: 'ORDERS_CANCELLED',
      webhookSubscription: { uri: CALLBACK, format: 'JSON' },
    });
    const warning = ctx.log.lines.find((l) => l.level === 'warn');
    expect(warning?.obj).toEqual({ topic: 'orders/cancelled', host: 'staging-hub.example.net' });
    // Nothing is deleted: the only calls were the list and the one create.
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('creates nothing on a second call once the first has filled the gap', async () => {
    shop()
      .post(GRAPHQL_PATH, isList)
      .reply(200, fixture('graphql-list-missing'), json)
      .post(GRAPHQL_PATH, isCreate)
      .reply(200, fixture('graphql-create'), json)
      .post(GRAPHQL_PATH, isList)
      .reply(200, fixture('graphql-list-all'), json);
    const { run } = ensure(GQL);
    await expect(run()).resolves.toMatchObject({ created: ['orders/cancelled'] });
    await expect(run()).resolves.toEqual({ created: [], ok: ALL });
  });

  it('turns ACCESS_DENIED into auth with a remedy naming read_orders', async () => {
    shop().post(GRAPHQL_PATH, isList).reply(200, fixture('graphql-list-access-denied'), json);
    const error = await connectorFailure(ensure(GQL).run());
    expect(error).toMatchObject({ kind: 'auth', code: 'SHOPIFY_WEBHOOK_SCOPE_MISSING' });
    expect(error.remedy).toContain('read_orders');
  });

  it('turns a protected-customer-data refusal into auth with a remedy naming that access', async () => {
    shop()
      .post(GRAPHQL_PATH, isList)
      .reply(200, fixture('graphql-list-missing'), json)
      .post(GRAPHQL_PATH, isCreate)
      .reply(200, fixture('graphql-create-not-approved'), json);
    const error = await connectorFailure(ensure(GQL).run());
    expect(error).toMatchObject({ kind: 'auth', code: 'SHOPIFY_WEBHOOK_SCOPE_MISSING' });
    expect(error.remedy).toContain('Protected customer data');
  });
});

describe('webhook subscriptions (REST)', () => {
  it('answers ok only when every topic is subscribed', async () => {
    shop().get(WEBHOOKS_PATH).query(true).reply(200, fixture('rest-list-all'), json);
    await expect(ensure(REST).run()).resolves.toEqual({ created: [], ok: ALL });
  });

  it('creates the missing topic with POST webhooks.json, then a second call creates nothing', async () => {
    const posted: unknown[] = [];
    shop()
      .get(WEBHOOKS_PATH)
      .query(true)
      .reply(200, fixture('rest-list-missing'), json)
      .post(WEBHOOKS_PATH, (b: unknown) => posted.push(b) > 0)
      .reply(201, fixture('rest-create'), json)
      .get(WEBHOOKS_PATH)
      .query(true)
      .reply(200, fixture('rest-list-all'), json);
    const { run } = ensure(REST);
    await expect(run()).resolves.toEqual({
      created: ['refunds/create'],
      ok: ['orders/create', 'orders/updated', 'orders/cancelled'],
    });
    expect(posted).toEqual([{ webhook: { topic: 'refunds/create', address: CALLBACK, format: 'json' } }]);
    await expect(run()).resolves.toEqual({ created: [], ok: ALL });
  });

  it('turns a 422 about a missing access scope into auth with a remedy', async () => {
    shop()
      .get(WEBHOOKS_PATH)
      .query(true)
      .reply(200, fixture('rest-list-missing'), json)
      .post(WEBHOOKS_PATH)
      .reply(422, fixture('rest-create-422-scope'), json);
    const error = await connectorFailure(ensure(REST).run());
    expect(error).toMatchObject({ kind: 'auth', code: 'SHOPIFY_WEBHOOK_SCOPE_MISSING' });
    expect(error.remedy).toContain('read_orders');
  });

  it('turns a 403 into auth with the webhook remedy and a 429 into rate_limited', async () => {
    shop()
      .get(WEBHOOKS_PATH)
      .query(true)
      .reply(403, { errors: 'forbidden' }, json)
      .get(WEBHOOKS_PATH)
      .query(true)
      .reply(
        429,
        { errors: 'Exceeded 2 calls per second for api client.' },
        { ...json, 'retry-after': '2.0' },
      );
    const { run } = ensure(REST);
    await expect(connectorFailure(run())).resolves.toMatchObject({
      kind: 'auth',
      code: 'SHOPIFY_WEBHOOK_SCOPE_MISSING',
    });
    await expect(connectorFailure(run())).resolves.toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 2000,
    });
  });
});
