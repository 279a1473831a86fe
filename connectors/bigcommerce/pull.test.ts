import nock from 'nock';
import { describe, expect, it } from 'vitest';
import {
  connectorFailure,
  createTestContext,
  fixedClock,
  pullAll,
  type PageRequest,
  type SourceDefinition,
} from '../../src/sdk';
import { RATE_BUCKET } from './client';
import type { BigCommerceConfig } from './config';
import bigcommerce from './index';
import { fetchOrders, fetchOrdersPage } from './orders';
import { API, BASE, TEST_CONFIG, body } from './test-helpers';

const pull = bigcommerce.pull!;
const json = { 'content-type': 'application/json' };
const LIST = `${BASE}/v2/orders`;

/** The definition with two orders per page, so paging needs three fixture orders, not fifty. */
const smallPages: SourceDefinition<BigCommerceConfig> = {
  ...bigcommerce,
  pull: { ...pull, fetchPage: (ctx, req) => fetchOrdersPage(ctx, req, 2) },
};

function api() {
  return nock(API, { reqheaders: { 'x-auth-token': TEST_CONFIG.accessToken } });
}

/** Answers products and shipping addresses for each order id. */
function subResources(ids: number[]) {
  const scope = api();
  for (const id of ids) {
    scope
      .get(`${LIST}/${id}/products`)
      .query({ page: '1', limit: '250' })
      .reply(200, body('http/order-1207-products.json'), json)
      .get(`${LIST}/${id}/shipping_addresses`)
      .query({ page: '1', limit: '250' })
      .reply(200, body('http/order-1207-shipping-addresses.json'), json);
  }
}

function ids(records: unknown[]): string[] {
  return records.map((r) => bigcommerce.identify(r).externalId);
}

const WINDOW: PageRequest = { from: '2026-03-18T14:00:00.000Z', to: '2026-03-18T14:30:00.000Z' };

describe('pull declaration', () => {
  it('keys on date_modified with overlap, settle delay and a one-day window', () => {
    expect(pull).toMatchObject({
      cursorField: 'date_modified',
      settleDelayMs: 30_000,
      maxWindowMs: 86_400_000,
    });
    expect(pull.overlapMs).toBeGreaterThan(pull.settleDelayMs ?? 0);
    expect(bigcommerce.rateLimits?.[RATE_BUCKET]?.ratePerSecond).toBeLessThanOrEqual(2.5);
  });
});

describe('fetchPage', () => {
  it('pages to the last page, restarting each page one second before the last order seen', async () => {
    const queries: Record<string, unknown>[] = [];
    // nock may offer other requests' queries to this matcher too; keep only list queries.
    const record = (q: Record<string, unknown>) => !('sort' in q) || queries.push(q) > 0;
    api()
      .get(LIST)
      .query(record)
      .reply(200, body('http/orders-page-1.json'), json)
      .get(LIST)
      .query(record)
      .reply(200, body('http/orders-page-2.json'), json);
    subResources([1207, 1208, 1209]);
    const ctx = createTestContext(TEST_CONFIG, { rateLimits: bigcommerce.rateLimits });

    const first = await fetchOrdersPage(ctx, WINDOW, 2);
    expect(ids(first.records)).toEqual(['1207', '1208']);
    const last = await fetchOrdersPage(ctx, { ...WINDOW, pageToken: first.nextPageToken }, 2);
    expect(ids(last.records)).toEqual(['1209']);
    expect(last.nextPageToken).toBeUndefined();

    expect(queries).toEqual([
      {
        min_date_modified: 'Wed, 18 Mar 2026 14:00:00 +0000',
        max_date_modified: 'Wed, 18 Mar 2026 14:29:59 +0000',
        sort: 'date_modified:asc',
        page: '1',
        limit: '2',
      },
      {
        min_date_modified: 'Wed, 18 Mar 2026 14:25:39 +0000',
        max_date_modified: 'Wed, 18 Mar 2026 14:29:59 +0000',
        sort: 'date_modified:asc',
        page: '1',
        limit: '2',
      },
    ]);
    expect(JSON.stringify(ctx.log.lines)).not.toContain(TEST_CONFIG.accessToken);
  });

  it('advances the page number when a whole page shares the starting second', async () => {
    api()
      .get(LIST)
      .query((q) => q['min_date_modified'] === 'Wed, 18 Mar 2026 14:25:40 +0000' && q['page'] === '1')
      .reply(200, body('http/orders-page-1.json'), json);
    subResources([1207, 1208]);
    const page = await fetchOrdersPage(
      createTestContext(TEST_CONFIG, { rateLimits: bigcommerce.rateLimits }),
      { from: '2026-03-18T14:25:40.000Z', to: WINDOW.to },
      2,
    );
    expect(page.nextPageToken).toBe(`${Date.parse('2026-03-18T14:25:40Z') / 1000}:2`);
  });

  it('reads 204 No Content as an empty last page', async () => {
    api().get(LIST).query(true).reply(204);
    const ctx = createTestContext(TEST_CONFIG, { rateLimits: bigcommerce.rateLimits });
    await expect(pull.fetchPage(ctx, WINDOW)).resolves.toEqual({ records: [] });
  });

  it('turns 429 into rate_limited with the store’s reset time', async () => {
    api()
      .get(LIST)
      .query(true)
      .reply(429, body('http/error-429.json'), {
        ...json,
        'x-rate-limit-time-reset-ms': '4127',
        'x-rate-limit-requests-left': '0',
        'x-rate-limit-requests-quota': '150',
      });
    const error = await connectorFailure(
      pull.fetchPage(createTestContext(TEST_CONFIG, { rateLimits: bigcommerce.rateLimits }), WINDOW),
    );
    expect(error).toMatchObject({
      kind: 'rate_limited',
      code: 'BIGCOMMERCE_RATE_LIMITED',
      retryAfterMs: 4127,
    });
  });

  it('falls back to Retry-After, then to one quota window, when the reset header is missing', async () => {
    api()
      .get(LIST)
      .query(true)
      .reply(429, body('http/error-429.json'), { ...json, 'retry-after': '3' });
    api().get(LIST).query(true).reply(429, body('http/error-429.json'), json);
    const ctx = createTestContext(TEST_CONFIG, { rateLimits: bigcommerce.rateLimits });
    await expect(connectorFailure(pull.fetchPage(ctx, WINDOW))).resolves.toMatchObject({
      retryAfterMs: 3000,
    });
    await expect(connectorFailure(pull.fetchPage(ctx, WINDOW))).resolves.toMatchObject({
      retryAfterMs: 30_000,
    });
  });

  it('waits for the quota window to reset when few requests are left', async () => {
    api()
      .get(LIST)
      .query(true)
      .reply(204, '', { 'x-rate-limit-requests-left': '3', 'x-rate-limit-time-reset-ms': '8200' });
    const ctx = createTestContext(TEST_CONFIG, { rateLimits: bigcommerce.rateLimits });
    await pull.fetchPage(ctx, WINDOW);
    expect(ctx.sleeps).toEqual([8200]);
  });

  it('stops on 401 as an auth failure with a remedy', async () => {
    api().get(LIST).query(true).reply(401, body('http/error-401.json'), json);
    const error = await connectorFailure(
      pull.fetchPage(createTestContext(TEST_CONFIG, { rateLimits: bigcommerce.rateLimits }), WINDOW),
    );
    expect(error).toMatchObject({ kind: 'auth', code: 'BIGCOMMERCE_TOKEN_INVALID', status: 401 });
    expect(error.remedy).toMatch(/API account/);
  });

  it('never sends the token for a store hash that is not one', async () => {
    const ctx = createTestContext(
      { ...TEST_CONFIG, storeHash: 'evil.example.com/x' },
      { rateLimits: bigcommerce.rateLimits },
    );
    await expect(connectorFailure(pull.fetchPage(ctx, WINDOW))).resolves.toMatchObject({
      kind: 'config',
      code: 'BIGCOMMERCE_STORE_HASH_INVALID',
    });
  });
});

describe('window engine', () => {
  it('delivers both orders tied on one second across a page boundary, and again on a re-pull', async () => {
    const clock = fixedClock('2026-03-18T14:26:30Z');
    const ctx = createTestContext(TEST_CONFIG, { clock, rateLimits: bigcommerce.rateLimits });
    api()
      .get(LIST)
      .query((q) => q['min_date_modified'] !== 'Wed, 18 Mar 2026 14:25:39 +0000')
      .reply(200, body('http/orders-page-1.json'), json)
      .get(LIST)
      .query((q) => q['min_date_modified'] === 'Wed, 18 Mar 2026 14:25:39 +0000')
      .reply(200, body('http/orders-page-2.json'), json);
    subResources([1207, 1208, 1209]);
    const checkpoint = { watermark: '2026-03-18T14:20:00.000Z' };
    const first = await pullAll(smallPages, ctx, { checkpoint });
    expect(ids(first.records)).toEqual(['1207', '1208', '1209']);
    const saved = first.checkpoints.at(-1);
    expect(saved?.watermark).toBe('2026-03-18T14:26:00.000Z');

    // Later, the next pull re-reads the overlap: both tied orders come again (the inbox drops repeats).
    clock.advance(5 * 60_000);
    api()
      .get(LIST)
      .query((q) => q['min_date_modified'] === 'Wed, 18 Mar 2026 14:21:00 +0000')
      .reply(200, body('http/orders-page-2.json'), json);
    subResources([1209]);
    const again = await pullAll(smallPages, ctx, { checkpoint: saved ?? null });
    expect(ids(again.records)).toEqual(['1209']);
    expect(again.requests[0]?.from).toBe('2026-03-18T14:21:00.000Z');
  });

  it('stays the settle delay behind now and never asks for more than one day', async () => {
    const now = Date.parse('2026-03-18T12:00:00Z');
    const queries: { min: string; max: string }[] = [];
    api()
      .persist()
      .get(LIST)
      .query((q) => {
        if (!('sort' in q)) return false;
        queries.push({ min: String(q['min_date_modified']), max: String(q['max_date_modified']) });
        return true;
      })
      .reply(204);
    const ctx = createTestContext(TEST_CONFIG, {
      clock: fixedClock(new Date(now)),
      rateLimits: bigcommerce.rateLimits,
    });
    const run = await pullAll(bigcommerce, ctx);
    nock.cleanAll();
    expect(run.requests.length).toBeGreaterThan(6);
    for (const r of run.requests) {
      expect(Date.parse(r.to) - Date.parse(r.from)).toBeLessThanOrEqual(86_400_000);
      expect(Date.parse(r.to)).toBeLessThanOrEqual(now - 30_000);
    }
    for (const q of queries) {
      expect(Date.parse(q.max) - Date.parse(q.min)).toBeLessThan(86_400_000);
      expect(Date.parse(q.max)).toBeLessThan(now - 30_000);
    }
    expect(run.checkpoints.at(-1)?.watermark).toBe(new Date(now - 30_000).toISOString());
  });
});

describe('fetchOrders', () => {
  it('re-reads an order with products, addresses and, as it was refunded, its v3 refunds', async () => {
    api()
      .get(`${LIST}/4122`)
      .reply(200, body('http/order-4122.json'), json)
      .get(`${LIST}/4122/products`)
      .query(true)
      .reply(200, body('http/order-4122-products.json'), json)
      .get(`${LIST}/4122/shipping_addresses`)
      .query(true)
      .reply(200, body('http/order-4122-shipping-addresses.json'), json)
      .get(`${BASE}/v3/orders/4122/payment_actions/refunds`)
      .reply(200, body('http/order-4122-refunds.json'), json)
      .get(`${LIST}/999`)
      .reply(404, body('http/error-404.json'), json);
    const ctx = createTestContext(TEST_CONFIG, { rateLimits: bigcommerce.rateLimits });
    const records = await fetchOrders(ctx, ['4122', '999', 'not-an-id']);
    expect(records).toEqual([body('orders/external-partially-refunded.json')]);
  });
});
