import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { connectorFailure, createTestContext, fixedClock, pullAll } from '../../src/sdk';
import amazon, { RATE_LIMITS } from './index';
import {
  ACCESS_TOKEN,
  JSON_HEADERS,
  LWA_ORIGIN,
  RDT,
  SP_ORIGIN,
  TEST_CONFIG,
  body,
  lwaOk,
  rdtOk,
  sp,
} from './test-helpers';

const pull = amazon.pull!;
const ORDERS = '/orders/v0/orders';
const items = (id: string) => `/orders/v0/orders/${id}/orderItems`;
// 12:03:00 now → with the 3-minute settle delay the window ends exactly at 12:00:00.
const NOW = '2026-06-01T12:03:00.000Z';
const CHECKPOINT = { watermark: '2026-06-01T11:01:00.000Z' };

function context(config = TEST_CONFIG, clock = fixedClock(NOW)) {
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

describe('pull declaration', () => {
  it('declares cursor, tie-break, a settle delay beyond Amazon’s two minutes, and half-budget buckets', () => {
    expect(pull).toMatchObject({ cursorField: 'LastUpdateDate', tieBreak: 'AmazonOrderId' });
    expect(pull.settleDelayMs).toBeGreaterThan(2 * 60_000);
    expect(RATE_LIMITS.getOrders.ratePerSecond).toBeLessThanOrEqual(0.0167 / 2);
    expect(RATE_LIMITS.getOrderItems.ratePerSecond).toBeLessThanOrEqual(0.5 / 2);
    expect(amazon.rateLimits).toBe(RATE_LIMITS);
  });
});

describe('paging a window', () => {
  it('reads every page to the last, sends only NextToken and MarketplaceIds after the first, and attaches items', async () => {
    const { queries, record } = recorder();
    lwaOk();
    rdtOk();
    sp(RDT)
      .get(ORDERS)
      .query(record)
      .reply(200, body('http/getorders-page-1.json'), JSON_HEADERS)
      .get(ORDERS)
      .query(record)
      .reply(200, body('http/getorders-page-2.json'), JSON_HEADERS)
      .get(ORDERS)
      .query(record)
      .reply(200, body('http/getorders-page-3.json'), JSON_HEADERS);
    // Items are read with the plain access token; the first order's items come on two pages.
    sp(ACCESS_TOKEN)
      .get(items('113-4821907-5519432'))
      .query({})
      .reply(200, body('http/orderitems-113-4821907-5519432-page-1.json'), JSON_HEADERS)
      .get(items('113-4821907-5519432'))
      .query({ NextToken: 'NT-items-2-SXRlbXM=' })
      .reply(200, body('http/orderitems-113-4821907-5519432-page-2.json'), JSON_HEADERS)
      .get(items('114-0038251-7734619'))
      .query({})
      .reply(200, body('http/orderitems-114-0038251-7734619.json'), JSON_HEADERS)
      .get(items('112-9930174-4461285'))
      .query({})
      .reply(200, body('http/orderitems-112-9930174-4461285.json'), JSON_HEADERS);
    const ctx = context();

    const result = await pullAll(amazon, ctx, { checkpoint: CHECKPOINT });

    // The Pending order on page 1 is left out (no prices yet) and costs no getOrderItems call.
    expect(result.records.map((r) => amazon.identify(r).externalId)).toEqual([
      '113-4821907-5519432',
      '114-0038251-7734619',
      '112-9930174-4461285',
    ]);
    expect(result.records[0]).toMatchObject({
      rdt: true,
      items: [{ OrderItemId: '40218837219046' }, { OrderItemId: '40218837219047' }],
    });
    expect(queries).toEqual([
      {
        MarketplaceIds: 'ATVPDKIKX0DER',
        LastUpdatedAfter: '2026-06-01T11:00:00Z',
        LastUpdatedBefore: '2026-06-01T12:00:00Z',
        MaxResultsPerPage: '100',
      },
      { MarketplaceIds: 'ATVPDKIKX0DER', NextToken: 'NT-page-2-Qm9va2luZw==' },
      { MarketplaceIds: 'ATVPDKIKX0DER', NextToken: 'NT-page-3-U2Vjb25k' },
    ]);
    expect(result.checkpoints.at(-1)).toEqual({ watermark: '2026-06-01T12:00:00.000Z' });
    const logged = JSON.stringify(ctx.log.lines);
    for (const secret of [ACCESS_TOKEN, RDT, TEST_CONFIG.refreshToken, TEST_CONFIG.lwaClientSecret])
      expect(logged).not.toContain(secret);
    expect(logged).not.toContain('Whitfield');
  });

  it('keeps two orders with the same LastUpdateDate on both sides of a page break, and a re-pull finds them again', async () => {
    lwaOk();
    rdtOk();
    sp(RDT)
      .get(ORDERS)
      .query(true)
      .reply(200, body('http/getorders-page-1.json'), JSON_HEADERS)
      .get(ORDERS)
      .query({ MarketplaceIds: 'ATVPDKIKX0DER', NextToken: 'NT-page-2-Qm9va2luZw==' })
      .reply(200, body('http/getorders-page-2.json'), JSON_HEADERS)
      .get(ORDERS)
      .query(true)
      .reply(200, body('http/getorders-page-3.json'), JSON_HEADERS);
    sp(ACCESS_TOKEN)
      .get(/orderItems$/)
      .query(true)
      .times(3)
      .reply(
        200,
        (uri) =>
          uri.includes('113-4821907-5519432')
            ? { payload: { OrderItems: [] } }
            : uri.includes('114-')
              ? body('http/orderitems-114-0038251-7734619.json')
              : body('http/orderitems-112-9930174-4461285.json'),
        { 'content-type': 'application/json' },
      );
    const clock = fixedClock(NOW);
    const ctx = context(TEST_CONFIG, clock);
    const first = await pullAll(amazon, ctx, { checkpoint: CHECKPOINT });
    const tied = first.records.filter((r) => {
      const o = typeof r === 'object' && r !== null && 'order' in r ? r.order : undefined;
      return (
        typeof o === 'object' &&
        o !== null &&
        'LastUpdateDate' in o &&
        o.LastUpdateDate === '2026-06-01T11:59:30Z'
      );
    });
    expect(tied).toHaveLength(2);

    // Ten minutes later the next pull starts a full overlap behind the watermark, so ties at 12:00:00 are re-read.
    clock.set('2026-06-01T12:13:00.000Z');
    const { queries, record } = recorder();
    sp(RDT).get(ORDERS).query(record).reply(200, body('http/getorders-empty.json'), JSON_HEADERS);
    const second = await pullAll(amazon, ctx, { checkpoint: first.checkpoints.at(-1) ?? null });
    expect(second.requests).toHaveLength(1);
    expect(queries[0]).toMatchObject({
      LastUpdatedAfter: '2026-06-01T11:59:00Z',
      LastUpdatedBefore: '2026-06-01T12:10:00Z',
    });
  });
});

describe('settle delay and window limit', () => {
  it('never asks for LastUpdatedBefore later than two minutes before now', async () => {
    const { queries, record } = recorder();
    lwaOk();
    rdtOk();
    sp(RDT).get(ORDERS).query(record).reply(200, body('http/getorders-empty.json'), JSON_HEADERS);
    const ctx = context();
    const result = await pullAll(amazon, ctx, { checkpoint: { watermark: '2026-06-01T11:30:00.000Z' } });
    const now = ctx.clock.now().getTime();
    for (const r of result.requests) expect(Date.parse(r.to)).toBeLessThanOrEqual(now - 3 * 60_000);
    expect(Date.parse(String(queries[0]?.['LastUpdatedBefore']))).toBeLessThanOrEqual(now - 2 * 60_000);
  });

  it('refuses a window that ends inside Amazon’s two-minute lag instead of letting Amazon reject it', async () => {
    const error = await connectorFailure(
      pull.fetchPage(context(), { from: '2026-06-01T11:00:00.000Z', to: '2026-06-01T12:02:00.000Z' }),
    );
    expect(error).toMatchObject({ kind: 'bug', code: 'AMAZON_SP_WINDOW_TOO_RECENT' });
  });

  it('splits a three-day catch-up into windows of at most one day', async () => {
    const { queries, record } = recorder();
    lwaOk();
    rdtOk();
    sp(RDT).get(ORDERS).query(record).times(3).reply(200, body('http/getorders-empty.json'), JSON_HEADERS);
    const ctx = context();
    const result = await pullAll(amazon, ctx, { checkpoint: { watermark: '2026-05-29T12:03:00.000Z' } });
    expect(result.requests).toHaveLength(3);
    for (const r of result.requests)
      expect(Date.parse(r.to) - Date.parse(r.from)).toBeLessThanOrEqual(86_400_000);
    for (const q of queries) {
      const span = Date.parse(String(q['LastUpdatedBefore'])) - Date.parse(String(q['LastUpdatedAfter']));
      expect(span).toBeLessThanOrEqual(86_400_000);
    }
  });
});

describe('rate limits and failures', () => {
  const WINDOW = { from: '2026-06-01T11:00:00.000Z', to: '2026-06-01T12:00:00.000Z' };

  it('turns a 429 into rate_limited, waiting one token of the rate in x-amzn-RateLimit-Limit', async () => {
    lwaOk();
    rdtOk();
    sp(RDT)
      .get(ORDERS)
      .query(true)
      .reply(429, body('http/error-429-quota.json'), { ...JSON_HEADERS, 'x-amzn-ratelimit-limit': '0.0167' });
    const error = await connectorFailure(pull.fetchPage(context(), WINDOW));
    expect(error).toMatchObject({
      kind: 'rate_limited',
      code: 'AMAZON_SP_RATE_LIMITED',
      status: 429,
      retryAfterMs: 59881,
    });
  });

  it('honours Retry-After when Amazon sends one', async () => {
    lwaOk();
    rdtOk();
    sp(RDT)
      .get(ORDERS)
      .query(true)
      .reply(429, body('http/error-429-quota.json'), { ...JSON_HEADERS, 'retry-after': '7' });
    const error = await connectorFailure(pull.fetchPage(context(), WINDOW));
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7000 });
  });

  it('takes a getOrders token before each call, so a drained bucket waits instead of hitting Amazon', async () => {
    lwaOk();
    rdtOk();
    sp(RDT).get(ORDERS).query(true).times(11).reply(200, body('http/getorders-empty.json'), JSON_HEADERS);
    const ctx = context();
    for (let i = 0; i < 11; i += 1) await pull.fetchPage(ctx, WINDOW);
    // The eleventh call found the ten-token bucket empty and waited for one token at 0.0083/s.
    expect(ctx.sleeps).toEqual([Math.ceil(1000 / 0.0083)]);
  });

  it('retries once with a fresh token when Amazon refuses a cached one, then stops as an auth failure', async () => {
    lwaOk(2);
    const ctx = context({ ...TEST_CONFIG, restrictedData: false });
    sp(ACCESS_TOKEN).get(ORDERS).query(true).reply(200, body('http/getorders-empty.json'), JSON_HEADERS);
    await pull.fetchPage(ctx, WINDOW);
    sp(ACCESS_TOKEN)
      .get(ORDERS)
      .query(true)
      .twice()
      .reply(403, body('http/error-403-unauthorized.json'), JSON_HEADERS);
    const error = await connectorFailure(pull.fetchPage(ctx, WINDOW));
    expect(error).toMatchObject({ kind: 'auth', code: 'AMAZON_SP_ACCESS_DENIED', status: 403 });
    expect(error.remedy).toMatch(/Inventory and Order Tracking/);
  });

  it('stops as an auth failure with a remedy when LWA refuses the refresh token', async () => {
    nock(LWA_ORIGIN).post('/auth/o2/token').reply(400, body('http/lwa-invalid-grant.json'), JSON_HEADERS);
    const error = await connectorFailure(pull.fetchPage(context(), WINDOW));
    expect(error).toMatchObject({ kind: 'auth', code: 'AMAZON_SP_REFRESH_TOKEN_INVALID' });
    expect(error.remedy).toMatch(/refresh token/);
  });

  it('reuses the cached access token and RDT until shortly before they expire', async () => {
    lwaOk();
    rdtOk();
    sp(RDT).get(ORDERS).query(true).twice().reply(200, body('http/getorders-empty.json'), JSON_HEADERS);
    const clock = fixedClock(NOW);
    const ctx = context(TEST_CONFIG, clock);
    await pull.fetchPage(ctx, WINDOW);
    clock.advance(50 * 60_000);
    await pull.fetchPage(ctx, WINDOW);
    // 56 minutes after issue both are within five minutes of their one-hour expiry: both are renewed.
    clock.advance(6 * 60_000);
    lwaOk();
    rdtOk();
    sp(RDT).get(ORDERS).query(true).reply(200, body('http/getorders-empty.json'), JSON_HEADERS);
    await pull.fetchPage(ctx, { from: WINDOW.from, to: '2026-06-01T12:30:00.000Z' });
  });

  it('reads orders without PII when the app lacks the restricted role, and remembers that', async () => {
    lwaOk();
    sp(ACCESS_TOKEN)
      .post('/tokens/2021-03-01/restrictedDataToken')
      .reply(403, body('http/error-403-unauthorized.json'), JSON_HEADERS);
    sp(ACCESS_TOKEN)
      .get(ORDERS)
      .query(true)
      .reply(200, body('http/getorders-page-3.json'), JSON_HEADERS)
      .get(ORDERS)
      .query(true)
      .reply(200, body('http/getorders-empty.json'), JSON_HEADERS)
      .get(items('112-9930174-4461285'))
      .reply(200, body('http/orderitems-112-9930174-4461285.json'), JSON_HEADERS);
    const ctx = context();
    const page = await pull.fetchPage(ctx, WINDOW);
    expect(page.records).toEqual([expect.objectContaining({ rdt: false })]);
    await pull.fetchPage(ctx, WINDOW);
    expect(
      ctx.log.lines.filter((l) => JSON.stringify(l.obj).includes('AMAZON_SP_PII_ROLE_MISSING')),
    ).toHaveLength(1);
  });
});

describe('fetchOrders', () => {
  it('re-reads orders by AmazonOrderIds, 50 per call, and leaves Pending ones out', async () => {
    const { queries, record } = recorder();
    lwaOk();
    rdtOk();
    sp(RDT).get(ORDERS).query(record).reply(200, body('http/getorders-page-1.json'), JSON_HEADERS);
    sp(RDT).get(ORDERS).query(record).reply(200, body('http/getorders-page-2.json'), JSON_HEADERS);
    sp(RDT).get(ORDERS).query(record).reply(200, body('http/getorders-page-3.json'), JSON_HEADERS);
    sp(RDT).get(ORDERS).query(record).reply(200, body('http/getorders-empty.json'), JSON_HEADERS);
    sp(ACCESS_TOKEN)
      .get(/orderItems$/)
      .query(true)
      .times(3)
      .reply(200, { payload: { OrderItems: [] } }, JSON_HEADERS);
    const ids = Array.from({ length: 51 }, (_, i) => `113-0000000-${String(i).padStart(7, '0')}`);
    const records = await amazon.fetchOrders!(context(), ids);
    expect(records.map((r) => amazon.identify(r).externalId)).toEqual([
      '113-4821907-5519432',
      '114-0038251-7734619',
      '112-9930174-4461285',
    ]);
    expect(String(queries[0]?.['AmazonOrderIds']).split(',')).toHaveLength(50);
    expect(queries[1]).toEqual({ MarketplaceIds: 'ATVPDKIKX0DER', NextToken: 'NT-page-2-Qm9va2luZw==' });
    expect(queries[3]).toEqual({ MarketplaceIds: 'ATVPDKIKX0DER', AmazonOrderIds: ids[50] });
  });
});

it('uses the regional host of the connection', async () => {
  nock('https://sellingpartnerapi-fe.amazon.com')
    .get(ORDERS)
    .query(true)
    .reply(200, body('http/getorders-empty.json'), JSON_HEADERS);
  lwaOk();
  const ctx = context({
    ...TEST_CONFIG,
    region: 'fe',
    marketplaceIds: ['A1VC38T7YXB528'],
    restrictedData: false,
  });
  await expect(
    pull.fetchPage(ctx, { from: '2026-06-01T11:00:00.000Z', to: '2026-06-01T12:00:00.000Z' }),
  ).resolves.toEqual({ records: [] });
  expect(SP_ORIGIN).toContain('-na.');
});
