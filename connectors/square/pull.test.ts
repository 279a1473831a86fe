import nock from 'nock';
import { describe, expect, it } from 'vitest';
import {
  connectorFailure,
  createTestContext,
  fixedClock,
  isJsonObject,
  pullAll,
  type PageRequest,
} from '../../src/sdk';
import type { SquareConfig } from './config';
import square from './index';
import { fetchOrders, fetchOrdersPage } from './orders';
import { API, TEST_CONFIG, fixtureObject } from './test-helpers';

const pull = square.pull!;
const json = { 'content-type': 'application/json' };
const WINDOW: PageRequest = { from: '2026-03-21T00:00:00.000Z', to: '2026-04-11T00:00:00.000Z' };

function api() {
  return nock(API, {
    reqheaders: { authorization: `Bearer ${TEST_CONFIG.accessToken}`, 'square-version': '2026-09-16' },
  });
}

function context(config: SquareConfig = TEST_CONFIG, clock = fixedClock('2026-04-12T00:00:00Z')) {
  return createTestContext(config, { clock, rateLimits: square.rateLimits });
}

function ids(records: unknown[]): string[] {
  return records.map((r) => square.identify(r).externalId);
}

describe('pull declaration', () => {
  it('keys on updated_at (late offline uploads keep their old created_at) with a settle delay', () => {
    expect(pull).toMatchObject({ cursorField: 'updated_at', settleDelayMs: 60_000, maxWindowMs: 86_400_000 });
  });
});

describe('fetchPage', () => {
  it('searches by updated_at ascending and follows the cursor to the last page', async () => {
    const bodies: unknown[] = [];
    api()
      .post('/v2/orders/search', (b) => bodies.push(b) > 0)
      .reply(200, fixtureObject('http/search-page-1.json'), json)
      .post('/v2/orders/search', (b) => bodies.push(b) > 0)
      .reply(200, fixtureObject('http/search-page-2.json'), json);
    const ctx = context();
    const first = await pull.fetchPage(ctx, WINDOW);
    expect(ids(first.records)).toEqual(['hQ3vR8kLm2Tz9WpXcB4nYdF7aGeZY', 'Zp8sWq1nX4rT6yUv2bC9mKdH3jLAY']);
    expect(first.nextPageToken).toBe('0:Q3Vyc29yOnBhZ2UyOmxvY2F0aW9uZ3JvdXAw');
    const last = await pull.fetchPage(ctx, { ...WINDOW, pageToken: first.nextPageToken });
    expect(ids(last.records)).toEqual(['Rk2mT7vXq9Lp3Wc8Ns5Bd1Fh6GjAY']);
    expect(last.nextPageToken).toBeUndefined();
    const query = {
      filter: {
        date_time_filter: { updated_at: { start_at: WINDOW.from, end_at: '2026-04-10T23:59:59.999Z' } },
        state_filter: { states: ['OPEN', 'COMPLETED', 'CANCELED'] },
      },
      sort: { sort_field: 'UPDATED_AT', sort_order: 'ASC' },
    };
    expect(bodies).toEqual([
      { location_ids: ['L7XK2M9PQRST4', 'LONLINE5WEB01'], limit: 500, return_entries: false, query },
      {
        location_ids: ['L7XK2M9PQRST4', 'LONLINE5WEB01'],
        limit: 500,
        return_entries: false,
        cursor: 'Q3Vyc29yOnBhZ2UyOmxvY2F0aW9uZ3JvdXAw',
        query,
      },
    ]);
    expect(JSON.stringify(ctx.log.lines)).not.toContain(TEST_CONFIG.accessToken);
  });

  it('lists all locations when none are configured and searches at most ten per call', async () => {
    const groups: unknown[] = [];
    const record = (b: unknown) => (isJsonObject(b) ? groups.push(b['location_ids']) > 0 : false);
    api()
      .get('/v2/locations')
      .reply(200, fixtureObject('http/locations.json'), json)
      .post('/v2/orders/search', record)
      .reply(200, {}, json)
      .post('/v2/orders/search', record)
      .reply(200, {}, json);
    const { locationIds: _omit, ...allLocations } = TEST_CONFIG;
    const ctx = context(allLocations);
    const first = await pull.fetchPage(ctx, WINDOW);
    expect(first).toEqual({ records: [], nextPageToken: '1' });
    const second = await pull.fetchPage(ctx, { ...WINDOW, pageToken: first.nextPageToken });
    expect(second).toEqual({ records: [] });
    expect(groups.map((g) => (Array.isArray(g) ? g.length : 0))).toEqual([10, 2]);
  });

  it('lets 429 through as rate_limited, with Retry-After when given', async () => {
    api()
      .post('/v2/orders/search')
      .reply(429, fixtureObject('http/error-429.json'), { ...json, 'retry-after': '7' });
    api().post('/v2/orders/search').reply(429, fixtureObject('http/error-429.json'), json);
    const ctx = context();
    await expect(connectorFailure(pull.fetchPage(ctx, WINDOW))).resolves.toMatchObject({
      kind: 'rate_limited',
      code: 'SQUARE_RATE_LIMITED',
      retryAfterMs: 7000,
    });
    await expect(connectorFailure(pull.fetchPage(ctx, WINDOW))).resolves.toMatchObject({
      retryAfterMs: 5000,
    });
  });

  it('stops on 401 with a remedy', async () => {
    api().post('/v2/orders/search').reply(401, fixtureObject('http/error-401.json'), json);
    const error = await connectorFailure(pull.fetchPage(context(), WINDOW));
    expect(error).toMatchObject({ kind: 'auth', code: 'SQUARE_TOKEN_INVALID', status: 401 });
    expect(error.remedy).toMatch(/access token/);
  });

  it('retries an answer that is not an order list', async () => {
    api().post('/v2/orders/search').reply(200, { orders: 'nope' }, json);
    await expect(connectorFailure(fetchOrdersPage(context(), WINDOW))).resolves.toMatchObject({
      kind: 'transient',
      code: 'SQUARE_UNEXPECTED_RESPONSE',
    });
  });
});

describe('window engine', () => {
  it('stays the settle delay behind now and never searches more than one day at once', async () => {
    const now = Date.parse('2026-04-12T00:00:00Z');
    const ranges: { start: number; end: number }[] = [];
    api()
      .persist()
      .post('/v2/orders/search', (b) => {
        const range = isJsonObject(b) && isJsonObject(b['query']) ? JSON.stringify(b['query']) : '';
        const m = /"start_at":"([^"]+)","end_at":"([^"]+)"/.exec(range);
        if (m?.[1] && m[2]) ranges.push({ start: Date.parse(m[1]), end: Date.parse(m[2]) });
        return true;
      })
      .reply(200, {}, json);
    const run = await pullAll(square, context(TEST_CONFIG, fixedClock(new Date(now))));
    nock.cleanAll();
    expect(ranges.length).toBeGreaterThan(6);
    for (const r of ranges) {
      expect(r.end - r.start).toBeLessThan(86_400_000);
      expect(r.end).toBeLessThan(now - 60_000);
    }
    expect(run.checkpoints.at(-1)?.watermark).toBe(new Date(now - 60_000).toISOString());
  });

  it('keeps orders with equal updated_at at a window edge: the next pull re-reads the overlap', async () => {
    const clock = fixedClock('2026-03-23T09:13:05.203Z');
    const ctx = context(TEST_CONFIG, clock);
    const page = fixtureObject('http/search-page-2.json');
    api().post('/v2/orders/search').reply(200, page, json);
    // The window ends 60 s back, at exactly the order's updated_at: the order is not in it.
    const first = await pullAll(square, ctx, { checkpoint: { watermark: '2026-03-23T09:00:00.000Z' } });
    expect(first.requests.at(-1)?.to).toBe('2026-03-23T09:12:05.203Z');
    clock.advance(120_000);
    api()
      .post('/v2/orders/search', (b) => JSON.stringify(b).includes('"start_at":"2026-03-23T09:02:05.203Z"'))
      .reply(200, { orders: [fixtureObject('orders/pos-counter-sale-offline-upload.json')] }, json);
    const again = await pullAll(square, ctx, { checkpoint: first.checkpoints.at(-1) ?? null });
    expect(ids(again.records)).toEqual(['hQ3vR8kLm2Tz9WpXcB4nYdF7aGeZY']);
  });
});

describe('fetchOrders', () => {
  it('re-reads orders with BatchRetrieveOrders, 100 ids per call', async () => {
    const sizes: number[] = [];
    api()
      .post('/v2/orders/batch-retrieve', (b) =>
        isJsonObject(b) && Array.isArray(b['order_ids']) ? sizes.push(b['order_ids'].length) > 0 : false,
      )
      .times(2)
      .reply(200, fixtureObject('http/batch-retrieve.json'), json);
    const wanted = Array.from({ length: 150 }, (_, i) => `ORDER${i}`);
    const records = await fetchOrders(context(), wanted);
    expect(sizes).toEqual([100, 50]);
    expect(ids(records)).toEqual(['Bn4xQ7wE2rY5tU8iO1pA3sD6fGhAY', 'Bn4xQ7wE2rY5tU8iO1pA3sD6fGhAY']);
  });
});
