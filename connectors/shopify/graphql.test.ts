import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { connectorFailure, fixedClock, pullAll, readFixture } from '../../src/sdk';
import type { ShopifyConfig } from './config';
import { readCost, refillWaitMs, windowQuery } from './graphql-client';
import shopify from './index';
import { SHOP_ORIGIN, TEST_CONFIG, testContext } from './test-helpers';

const GRAPHQL_PATH = '/admin/api/2026-10/graphql.json';
const GQL: ShopifyConfig = { ...TEST_CONFIG, api: 'graphql' };
const json = { 'content-type': 'application/json; charset=utf-8' };
const NOW = '2026-06-12T00:00:00Z';

interface GraphqlBody {
  query: string;
  variables: Record<string, unknown>;
}

function isBody(value: unknown): value is GraphqlBody {
  return typeof value === 'object' && value !== null && 'query' in value && 'variables' in value;
}

function shop() {
  return nock(SHOP_ORIGIN, { reqheaders: { 'x-shopify-access-token': TEST_CONFIG.accessToken } });
}

function fixture(name: string): Record<string, unknown> {
  const value = readFixture('shopify', `http/${name}.json`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(name);
  return { ...value };
}

/** Answers each POST in turn with the given bodies, recording what was asked. */
function answer(bodies: object[], seen: GraphqlBody[]) {
  const scope = shop();
  for (const body of bodies) {
    scope.post(GRAPHQL_PATH, (b: unknown) => isBody(b) && seen.push(b) > 0).reply(200, body, json);
  }
  return scope;
}

function ctx(config: ShopifyConfig = GQL) {
  return testContext(config, { clock: fixedClock(NOW) });
}

describe('GraphQL pull', () => {
  it('pages a window to the last page through the engine, sorted by UPDATED_AT, cursor in `after`', async () => {
    const seen: GraphqlBody[] = [];
    answer([fixture('graphql-orders-page-1'), fixture('graphql-orders-page-2')], seen);
    const c = ctx();
    const result = await pullAll(shopify, c, { checkpoint: { watermark: '2026-06-11T23:00:00Z' } });

    expect(result.records.map((r) => shopify.identify(r).externalId)).toEqual([
      '6100000000505',
      '6100000000606',
    ]);
    expect(result.requests).toHaveLength(2);
    expect(seen.map((b) => b.variables)).toEqual([
      {
        first: 10,
        after: null,
        query: "updated_at:>='2026-06-11T22:55:00Z' AND updated_at:<'2026-06-11T23:59:55Z'",
      },
      {
        first: 10,
        after: 'eyJsYXN0X2lkIjo2MTAwMDAwMDAwNTA1fQ==',
        query: "updated_at:>='2026-06-11T22:55:00Z' AND updated_at:<'2026-06-11T23:59:55Z'",
      },
    ]);
    expect(seen[0]?.query).toContain('sortKey: UPDATED_AT');
    expect(seen[0]?.query).toContain('pageInfo { hasNextPage endCursor }');
    expect(result.checkpoints.at(-1)).toEqual({ watermark: '2026-06-11T23:59:55.000Z' });
    // Stored records are the GraphQL nodes as received, and map through the converter.
    expect(
      shopify.toCanonical(result.records[0], { connectionId: 'con_test', config: GQL, tables: {} }),
    ).toEqual(readFixture('shopify', 'orders/graphql-partial-refund.canonical.json'));
    expect(JSON.stringify(c.log.lines)).not.toContain(TEST_CONFIG.accessToken);
  });

  it('keeps two orders with the same updatedAt split over a page boundary, also on the next pull', async () => {
    const page1 = fixture('graphql-orders-page-1');
    const page2 = fixture('graphql-orders-page-2');
    const tie = '2026-06-11T23:30:00Z';
    const withTime = (page: Record<string, unknown>) => {
      const text = JSON.stringify(page).replace(/"updatedAt":"[^"]+"/g, `"updatedAt":"${tie}"`);
      const parsed: unknown = JSON.parse(text);
      return typeof parsed === 'object' && parsed !== null ? parsed : {};
    };
    const seen: GraphqlBody[] = [];
    answer([withTime(page1), withTime(page2)], seen);
    const clock = fixedClock(NOW);
    const c = testContext(GQL, { clock });
    const first = await pullAll(shopify, c, { checkpoint: { watermark: '2026-06-11T23:00:00Z' } });
    expect(first.records.map((r) => shopify.identify(r))).toEqual([
      { externalId: '6100000000505', revision: tie },
      { externalId: '6100000000606', revision: tie },
    ]);

    // A minute later the next pull starts 5 minutes behind the watermark and reads both again.
    clock.set('2026-06-12T00:01:00Z');
    answer([withTime(page1), withTime(page2)], seen);
    const again = await pullAll(shopify, c, { checkpoint: first.checkpoints.at(-1) ?? null });
    expect(again.records).toHaveLength(2);
    expect(seen[2]?.variables['query']).toBe(
      "updated_at:>='2026-06-11T23:54:55Z' AND updated_at:<'2026-06-12T00:00:55Z'",
    );
  });

  it('turns THROTTLED into rate_limited, waiting for the points the query asked for', async () => {
    answer([fixture('graphql-throttled')], []);
    const error = await connectorFailure(shopify.pull!.fetchPage(ctx(), { from: NOW, to: NOW }));
    // 412 points asked, 150 available, 100 restored per second: 2.62 s.
    expect(error).toMatchObject({ kind: 'rate_limited', code: 'SHOPIFY_THROTTLED', retryAfterMs: 2620 });
  });

  it('turns ACCESS_DENIED into an auth failure naming the scopes', async () => {
    answer([fixture('graphql-access-denied')], []);
    const error = await connectorFailure(shopify.pull!.fetchPage(ctx(), { from: NOW, to: NOW }));
    expect(error).toMatchObject({ kind: 'auth', code: 'SHOPIFY_SCOPE_MISSING' });
    expect(error.remedy).toContain('read_orders');
    expect(error.remedy).toContain('read_all_orders');
    expect(error.message).not.toContain('Required access');
  });

  it('lets an HTTP 401 through as the token failure', async () => {
    shop()
      .post(GRAPHQL_PATH)
      .reply(401, readFixture('shopify', 'http/error-401.json') as object, json);
    const error = await connectorFailure(shopify.pull!.fetchPage(ctx(), { from: NOW, to: NOW }));
    expect(error).toMatchObject({ kind: 'auth', code: 'SHOPIFY_TOKEN_INVALID' });
  });

  it('takes the last known query cost from the bucket and pauses when the shop budget is under half', async () => {
    const low = fixture('graphql-orders-page-2');
    low['extensions'] = {
      cost: {
        requestedQueryCost: 412,
        actualQueryCost: 900,
        throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 700, restoreRate: 100 },
      },
    };
    answer([low, fixture('graphql-orders-page-2')], []);
    const c = ctx();
    await shopify.pull!.fetchPage(c, { from: NOW, to: NOW });
    // (1000 − 700) / 100 per second.
    expect(c.sleeps).toEqual([3000]);
    expect(await c.cache.get('graphql-cost:orders')).toBe('900');
    await shopify.pull!.fetchPage(c, { from: NOW, to: NOW });
    // The bucket (1000 banked, 50/s) paid 500 for the first call and refilled 150 during the 3 s pause, so
    // the next call's 900 points wait for 250 more: 5 s.
    expect(c.sleeps).toEqual([3000, 5000]);
  });

  it('refuses a next page without a cursor rather than ending the window early', async () => {
    const page = fixture('graphql-orders-page-1');
    page['data'] = { orders: { pageInfo: { hasNextPage: true, endCursor: null }, nodes: [] } };
    answer([page], []);
    const error = await connectorFailure(shopify.pull!.fetchPage(ctx(), { from: NOW, to: NOW }));
    expect(error).toMatchObject({ kind: 'bug', code: 'SHOPIFY_CURSOR_MISSING' });
  });

  it('rounds the window to whole seconds without losing its edges', () => {
    expect(windowQuery({ from: '2026-03-14T00:00:00.900Z', to: '2026-03-15T00:00:00.500Z' })).toBe(
      "updated_at:>='2026-03-14T00:00:00Z' AND updated_at:<'2026-03-15T00:00:01Z'",
    );
    const cost = readCost(fixture('graphql-throttled'));
    expect(refillWaitMs(412, cost)).toBe(2620);
    expect(refillWaitMs(100, cost)).toBe(0);
  });
});

describe('GraphQL check', () => {
  it('is ok with one query', async () => {
    shop()
      .post(GRAPHQL_PATH)
      .reply(200, fixture('graphql-check'), { ...json, 'x-shopify-api-version': '2026-10' });
    await expect(shopify.check(ctx())).resolves.toMatchObject({ ok: true });
  });

  it('reports the missing scope with its remedy', async () => {
    shop().post(GRAPHQL_PATH).reply(200, fixture('graphql-access-denied'), json);
    const result = await shopify.check(ctx());
    expect(result).toMatchObject({ ok: false, code: 'SHOPIFY_SCOPE_MISSING' });
    if (!result.ok) expect(result.remedy).toContain('read_all_orders');
  });
});
