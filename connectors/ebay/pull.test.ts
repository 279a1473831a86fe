import { describe, expect, it } from 'vitest';
import { connectorFailure, createTestContext, fixedClock, pullAll } from '../../src/sdk';
import ebay, { RATE_LIMITS } from './index';
import { ACCESS_TOKEN, API, JSON_HEADERS, ORDERS, TEST_CONFIG, api, body, tokenOk } from './test-helpers';

const pull = ebay.pull!;
// 12:02 now → the 2-minute settle delay ends the window at 12:00.
const NOW = '2026-05-02T00:02:00.000Z';
const CHECKPOINT = { watermark: '2026-05-01T00:02:00.000Z' };

function context(clock = fixedClock(NOW), config = TEST_CONFIG) {
  return createTestContext(config, { clock, rateLimits: RATE_LIMITS });
}

function recorder() {
  const queries: Record<string, unknown>[] = [];
  return {
    queries,
    record: (q: Record<string, unknown>) => {
      queries.push(q);
      return true;
    },
  };
}

describe('pull', () => {
  it('pages by offset to the last page with the window as an encoded lastmodifieddate filter', async () => {
    const paths: string[] = [];
    tokenOk();
    const scope = api()
      .get(ORDERS)
      .query(true)
      .reply(200, body('http/orders-page-1.json'), JSON_HEADERS)
      .get(ORDERS)
      .query(true)
      .reply(200, body('http/orders-page-2.json'), JSON_HEADERS)
      .get(ORDERS)
      .query(true)
      .reply(200, body('http/orders-page-3.json'), JSON_HEADERS);
    scope.on('request', (req: { path: string }) => paths.push(req.path));
    const ctx = context();
    const result = await pullAll(ebay, ctx, { checkpoint: CHECKPOINT });
    expect(result.records.map((r) => ebay.identify(r).externalId)).toEqual([
      '21-13579-24680',
      '18-04421-77310',
      '04-22813-90417',
    ]);
    const filter = encodeURIComponent(
      'lastmodifieddate:[2026-05-01T00:00:00.000Z..2026-05-02T00:00:00.000Z]',
    );
    expect(paths).toEqual([
      `${ORDERS}?filter=${filter}&limit=200&offset=0`,
      `${ORDERS}?filter=${filter}&limit=200&offset=200`,
      `${ORDERS}?filter=${filter}&limit=200&offset=400`,
    ]);
    expect(paths[0]).toContain('%5B');
    expect(result.checkpoints.at(-1)).toEqual({ watermark: '2026-05-02T00:00:00.000Z' });
    const logged = JSON.stringify(ctx.log.lines);
    for (const secret of [ACCESS_TOKEN, TEST_CONFIG.refreshToken, TEST_CONFIG.clientSecret])
      expect(logged).not.toContain(secret);
  });

  it('keeps two orders with the same lastModifiedDate across a page break, and re-reads the boundary next time', async () => {
    tokenOk();
    api()
      .get(ORDERS)
      .query(true)
      .reply(200, body('http/orders-page-1.json'), JSON_HEADERS)
      .get(ORDERS)
      .query((q) => q['offset'] === '200')
      .reply(200, body('http/orders-page-2.json'), JSON_HEADERS)
      .get(ORDERS)
      .query((q) => q['offset'] === '400')
      .reply(200, body('http/orders-page-3.json'), JSON_HEADERS);
    const clock = fixedClock(NOW);
    const ctx = context(clock);
    const first = await pullAll(ebay, ctx, { checkpoint: CHECKPOINT });
    const revisions = first.records.map((r) => ebay.identify(r).revision);
    expect(revisions.filter((r) => r === '2026-05-01T14:05:40.512Z')).toHaveLength(2);

    clock.advance(10 * 60_000);
    const { queries, record } = recorder();
    api().get(ORDERS).query(record).reply(200, body('http/orders-empty.json'), JSON_HEADERS);
    await pullAll(ebay, ctx, { checkpoint: first.checkpoints.at(-1) ?? null });
    // The watermark was 00:00:00; the next window starts the two-minute overlap before it.
    expect(queries[0]?.['filter']).toBe(
      'lastmodifieddate:[2026-05-01T23:58:00.000Z..2026-05-02T00:10:00.000Z]',
    );
  });

  it('stays two minutes behind now and asks for at most one day per query', async () => {
    const { queries, record } = recorder();
    tokenOk();
    api().get(ORDERS).query(record).times(4).reply(200, body('http/orders-empty.json'), JSON_HEADERS);
    const ctx = context();
    // Three days behind: three full days, each next window starting the overlap before the last one ended.
    const result = await pullAll(ebay, ctx, { checkpoint: { watermark: '2026-04-29T00:02:00.000Z' } });
    expect(result.requests).toHaveLength(4);
    const now = ctx.clock.now().getTime();
    for (const r of result.requests) {
      expect(Date.parse(r.to) - Date.parse(r.from)).toBeLessThanOrEqual(86_400_000);
      expect(Date.parse(r.to)).toBeLessThanOrEqual(now - 2 * 60_000);
    }
    expect(queries).toHaveLength(4);
  });

  it('turns a 429 into rate_limited, honouring Retry-After', async () => {
    tokenOk();
    api()
      .get(ORDERS)
      .query(true)
      .reply(429, body('http/error-429.json'), { ...JSON_HEADERS, 'retry-after': '30' });
    const error = await connectorFailure(pull.fetchPage(context(), { from: CHECKPOINT.watermark, to: NOW }));
    expect(error).toMatchObject({ kind: 'rate_limited', code: 'EBAY_RATE_LIMITED', retryAfterMs: 30_000 });
  });

  it('waits a minute on a 429 without Retry-After (daily quota), not the one-second default', async () => {
    tokenOk();
    api().get(ORDERS).query(true).reply(429, body('http/error-429.json'), JSON_HEADERS);
    const error = await connectorFailure(pull.fetchPage(context(), { from: CHECKPOINT.watermark, to: NOW }));
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 60_000 });
  });

  it('renews a refused cached token once, then stops as an auth failure with a remedy', async () => {
    tokenOk(2);
    api().get(ORDERS).query(true).reply(200, body('http/orders-empty.json'), JSON_HEADERS);
    api().get(ORDERS).query(true).twice().reply(401, body('http/error-401.json'), JSON_HEADERS);
    const ctx = context();
    await pull.fetchPage(ctx, { from: CHECKPOINT.watermark, to: NOW });
    const error = await connectorFailure(pull.fetchPage(ctx, { from: CHECKPOINT.watermark, to: NOW }));
    expect(error).toMatchObject({ kind: 'auth', code: 'EBAY_TOKEN_INVALID', status: 401 });
    expect(error.remedy).toMatch(/consent/);
  });

  it('caches the access token until five minutes before its two-hour expiry', async () => {
    tokenOk();
    api().get(ORDERS).query(true).twice().reply(200, body('http/orders-empty.json'), JSON_HEADERS);
    const clock = fixedClock(NOW);
    const ctx = context(clock);
    await pull.fetchPage(ctx, { from: CHECKPOINT.watermark, to: NOW });
    clock.advance(114 * 60_000);
    await pull.fetchPage(ctx, { from: CHECKPOINT.watermark, to: NOW });
    clock.advance(2 * 60_000);
    tokenOk();
    api().get(ORDERS).query(true).reply(200, body('http/orders-empty.json'), JSON_HEADERS);
    await pull.fetchPage(ctx, { from: CHECKPOINT.watermark, to: NOW });
  });

  it('uses the sandbox hosts for a sandbox connection', async () => {
    const sandbox = 'https://api.sandbox.ebay.com';
    tokenOk(1, sandbox);
    api(sandbox).get(ORDERS).query(true).reply(200, body('http/orders-empty.json'), JSON_HEADERS);
    const ctx = context(fixedClock(NOW), { ...TEST_CONFIG, environment: 'sandbox' });
    await expect(pull.fetchPage(ctx, { from: CHECKPOINT.watermark, to: NOW })).resolves.toEqual({
      records: [],
    });
    expect(API).not.toBe(sandbox);
  });
});

describe('fetchOrders', () => {
  it('reads each order with getOrder and skips ids eBay no longer knows', async () => {
    tokenOk();
    api()
      .get(`${ORDERS}/21-13579-24680`)
      .reply(200, body('orders/us-paid-collect-and-remit.json'), JSON_HEADERS)
      .get(`${ORDERS}/99-99999-99999`)
      .reply(404, body('http/error-404-order.json'), JSON_HEADERS);
    const ctx = context();
    const records = await ebay.fetchOrders!(ctx, ['21-13579-24680', '99-99999-99999']);
    expect(records.map((r) => ebay.identify(r).externalId)).toEqual(['21-13579-24680']);
  });
});
