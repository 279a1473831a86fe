import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ConnectorError, connectorFailure, readFixture } from '../../src/sdk';
import {
  abortableSleep,
  bucketWaitMs,
  fetchOrdersPage,
  nextPageInfo,
  parseCallLimit,
  type Sleep,
} from './client';
import shopify from './index';
import { SHOP_ORIGIN, TEST_CONFIG, testContext } from './test-helpers';

const pull = shopify.pull!;
const ORDERS_PATH = '/admin/api/2026-10/orders.json';
const WINDOW = { from: '2026-03-14T00:00:00.000Z', to: '2026-07-04T00:00:00.500Z' };
const PAGE_INFO = 'eyJkaXJlY3Rpb24iOiJuZXh0IiwibGFzdF9pZCI6NjEwMDAwMDAwMDMwM30';

function nextLink(pageInfo: string): string {
  return `<${SHOP_ORIGIN}${ORDERS_PATH}?limit=250&page_info=${pageInfo}>; rel="next"`;
}

function shop() {
  return nock(SHOP_ORIGIN, { reqheaders: { 'x-shopify-access-token': TEST_CONFIG.accessToken } });
}

describe('pull declaration', () => {
  it('declares the cursor, tie-break, overlap and interval', () => {
    expect(pull).toMatchObject({ cursorField: 'updated_at', tieBreak: 'id', defaultIntervalMs: 300_000 });
    expect(pull.overlapMs).toBeGreaterThan(0);
  });
});

describe('fetchPage', () => {
  it('pages through a window: first page with filters, then only page_info and limit', async () => {
    const queries: Record<string, unknown>[] = [];
    const record = (q: Record<string, unknown>) => {
      queries.push(q);
      return true;
    };
    shop()
      .get(ORDERS_PATH)
      .query(record)
      .reply(200, readFixture('shopify', 'http/orders-page-1.json') as object, {
        'content-type': 'application/json; charset=utf-8',
        link: nextLink(PAGE_INFO),
        'x-shopify-shop-api-call-limit': '1/40',
      })
      .get(ORDERS_PATH)
      .query(record)
      .reply(200, readFixture('shopify', 'http/orders-page-2.json') as object, {
        'content-type': 'application/json; charset=utf-8',
        link: `<${SHOP_ORIGIN}${ORDERS_PATH}?limit=250&page_info=cHJldmlvdXM>; rel="previous"`,
        'x-shopify-shop-api-call-limit': '2/40',
      });
    const ctx = testContext(TEST_CONFIG);

    const first = await pull.fetchPage(ctx, WINDOW);
    expect(first.records.map((r) => shopify.identify(r).externalId)).toEqual([
      '6100000000101',
      '6100000000303',
    ]);
    expect(first.nextPageToken).toBe(PAGE_INFO);

    const last = await pull.fetchPage(ctx, { ...WINDOW, pageToken: first.nextPageToken });
    expect(last.records.map((r) => shopify.identify(r).externalId)).toEqual(['6100000000404']);
    expect(last.nextPageToken).toBeUndefined();

    expect(queries).toEqual([
      {
        status: 'any',
        updated_at_min: '2026-03-14T00:00:00Z',
        updated_at_max: '2026-07-04T00:00:00Z',
        limit: '250',
        order: 'updated_at asc',
      },
      { page_info: PAGE_INFO, limit: '250' },
    ]);
    expect(JSON.stringify(ctx.log.lines)).not.toContain(TEST_CONFIG.accessToken);
  });

  it('lets 429 through as rate_limited with Retry-After', async () => {
    shop()
      .get(ORDERS_PATH)
      .query(true)
      .reply(429, readFixture('shopify', 'http/error-429.json') as object, {
        'content-type': 'application/json',
        'retry-after': '2.0',
      });
    const error = await connectorFailure(pull.fetchPage(testContext(TEST_CONFIG), WINDOW));
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 2000, status: 429 });
  });

  it('stops on 401 as an auth failure with a Shopify remedy', async () => {
    shop()
      .get(ORDERS_PATH)
      .query(true)
      .reply(401, readFixture('shopify', 'http/error-401.json') as object, {
        'content-type': 'application/json',
      });
    const error = await connectorFailure(pull.fetchPage(testContext(TEST_CONFIG), WINDOW));
    expect(error).toMatchObject({ kind: 'auth', code: 'SHOPIFY_TOKEN_INVALID', status: 401 });
    expect(error.remedy).toMatch(/access token/i);
  });

  it('stops on 403 as a missing scope', async () => {
    shop()
      .get(ORDERS_PATH)
      .query(true)
      .reply(403, readFixture('shopify', 'http/error-403.json') as object, {
        'content-type': 'application/json',
      });
    const error = await connectorFailure(pull.fetchPage(testContext(TEST_CONFIG), WINDOW));
    expect(error).toMatchObject({ kind: 'auth', code: 'SHOPIFY_SCOPE_MISSING' });
    expect(error.remedy).toContain('read_orders');
  });

  it('retries an answer without an orders list', async () => {
    shop()
      .get(ORDERS_PATH)
      .query(true)
      .reply(200, '<html>maintenance</html>', { 'content-type': 'text/html' });
    const error = await connectorFailure(pull.fetchPage(testContext(TEST_CONFIG), WINDOW));
    expect(error).toMatchObject({ kind: 'transient', code: 'SHOPIFY_UNEXPECTED_RESPONSE' });
  });

  it('never sends the token to a host that is not a myshopify.com shop', async () => {
    const ctx = testContext({ ...TEST_CONFIG, shopDomain: 'evil.example.com' });
    const error = await connectorFailure(pull.fetchPage(ctx, WINDOW));
    expect(error).toMatchObject({ kind: 'config', code: 'SHOPIFY_SHOP_DOMAIN_INVALID' });
  });
});

describe('leaky bucket', () => {
  function pageWithLimit(limit: string) {
    shop()
      .get(ORDERS_PATH)
      .query(true)
      .reply(
        200,
        { orders: [] },
        { 'content-type': 'application/json', 'x-shopify-shop-api-call-limit': limit },
      );
  }

  it('waits for the bucket to drain to half at 2 req/s when it is more than half full (35/40)', async () => {
    pageWithLimit('35/40');
    const waits: number[] = [];
    const signals: AbortSignal[] = [];
    const sleep: Sleep = async (ms, signal) => {
      waits.push(ms);
      signals.push(signal);
    };
    const ctx = testContext(TEST_CONFIG);
    const page = await fetchOrdersPage(ctx, WINDOW, { sleep });
    expect(page).toEqual({ records: [] });
    expect(waits).toEqual([7500]);
    expect(signals[0]).toBe(ctx.signal);
  });

  it('does not wait at or below half', async () => {
    pageWithLimit('20/40');
    const waits: number[] = [];
    await fetchOrdersPage(testContext(TEST_CONFIG), WINDOW, {
      sleep: async (ms) => void waits.push(ms),
    });
    expect(waits).toEqual([]);
  });

  it('cuts the wait short when the job is cancelled, and still returns the page', async () => {
    pageWithLimit('40/40');
    const controller = new AbortController();
    controller.abort();
    const ctx = { ...testContext(TEST_CONFIG), signal: controller.signal };
    await expect(pull.fetchPage(ctx, WINDOW)).resolves.toEqual({ records: [] });
  });

  it('computes waits from the header', () => {
    expect(parseCallLimit('32/40')).toEqual({ used: 32, size: 40 });
    expect(parseCallLimit('garbage')).toBeUndefined();
    expect(parseCallLimit(undefined)).toBeUndefined();
    expect(bucketWaitMs({ used: 40, size: 40 })).toBe(10_000);
    expect(bucketWaitMs({ used: 21, size: 40 })).toBe(500);
    expect(bucketWaitMs({ used: 20, size: 40 })).toBe(0);
    expect(bucketWaitMs({ used: 300, size: 400 })).toBe(50_000);
  });

  it('abortableSleep resolves as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort();
    await expect(sleeping).resolves.toBeUndefined();
  }, 5_000);
});

describe('Link header', () => {
  it('takes page_info from rel="next" only', () => {
    const both = `<${SHOP_ORIGIN}${ORDERS_PATH}?page_info=prev1&limit=250>; rel="previous", ${nextLink('next2')}`;
    expect(nextPageInfo(both)).toBe('next2');
    expect(
      nextPageInfo(`<${SHOP_ORIGIN}${ORDERS_PATH}?page_info=prev1&limit=250>; rel="previous"`),
    ).toBeUndefined();
    expect(nextPageInfo(undefined)).toBeUndefined();
  });

  it('refuses a next link without page_info rather than ending the window early', () => {
    expect(() => nextPageInfo(`<${SHOP_ORIGIN}${ORDERS_PATH}?limit=250>; rel="next"`)).toThrow(
      ConnectorError,
    );
  });
});
