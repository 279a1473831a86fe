import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { connectorFailure, createTestContext, fixedClock, pullAll } from '../../src/sdk';
import magento from './index';
import { JSON_HEADERS, ORDERS_PATH, ORIGIN, TEST_CONFIG, filtersOf, fixture, listed } from './test-helpers';

const pull = magento.pull!;
const WINDOW = { from: '2026-06-12T09:55:00.000Z', to: '2026-06-12T10:10:00.250Z' };

function api() {
  return nock(ORIGIN, { reqheaders: { authorization: `Bearer ${TEST_CONFIG.accessToken}` } });
}

function ctxAt(now: string) {
  return createTestContext(TEST_CONFIG, { clock: fixedClock(now), rateLimits: magento.rateLimits });
}

describe('fetchPage (keyset)', () => {
  it('pages to the last page, always asking for page 1 after the last key, never past the end', async () => {
    const queries: Record<string, unknown>[] = [];
    const record = (q: Record<string, unknown>) => queries.push(q) > 0;
    api()
      .get(ORDERS_PATH)
      .query(record)
      .reply(200, fixture('http/orders-search-page-1.json'), JSON_HEADERS)
      // the rest of 10:00:00 after entity 4002 (one more), then the later seconds of the window
      .get(ORDERS_PATH)
      .query(record)
      .reply(200, fixture('http/orders-search-page-2.json'), JSON_HEADERS)
      .get(ORDERS_PATH)
      .query(record)
      .reply(200, fixture('http/orders-search-page-3.json'), JSON_HEADERS)
      .get('/rest/default/V1/creditmemos')
      .query(true)
      .reply(200, fixture('http/creditmemos-3003.json'), JSON_HEADERS);
    const ctx = ctxAt('2026-06-12T12:00:00Z');
    const first = await pull.fetchPage(ctx, WINDOW);
    expect(first.nextPageToken).toBe('2026-06-12 10:00:00|4002');
    const last = await pull.fetchPage(ctx, { ...WINDOW, pageToken: first.nextPageToken });
    expect(last.nextPageToken).toBeUndefined();
    const ids = [...first.records, ...last.records].map((r) => magento.identify(r).externalId);
    expect(ids).toEqual(['4001', '4002', '4003', '3003', '4005']);
    expect(last.records[1]).toMatchObject({ creditmemos: [{ entity_id: 9001 }] });

    expect(filtersOf(queries[0]!)).toEqual([
      'updated_at gteq 2026-06-12 09:55:00',
      'updated_at lt 2026-06-12 10:10:01',
    ]);
    expect(filtersOf(queries[1]!)).toEqual(['updated_at eq 2026-06-12 10:00:00', 'entity_id gt 4002']);
    expect(filtersOf(queries[2]!)).toEqual([
      'updated_at gt 2026-06-12 10:00:00',
      'updated_at lt 2026-06-12 10:10:01',
    ]);
    expect(queries[0]).toMatchObject({
      'searchCriteria[sortOrders][0][field]': 'updated_at',
      'searchCriteria[sortOrders][1][field]': 'entity_id',
      'searchCriteria[pageSize]': '50',
    });
    expect(queries.every((q) => q['searchCriteria[currentPage]'] === '1')).toBe(true);
    expect(JSON.stringify(ctx.log.lines)).not.toContain(TEST_CONFIG.accessToken);
  });

  it('refuses a token that would not move forward instead of paging forever', async () => {
    api()
      .get(ORDERS_PATH)
      .query(true)
      .reply(200, { items: [listed(10, '2026-06-12 10:00:00')], total_count: 9 }, JSON_HEADERS);
    const error = await connectorFailure(
      pull.fetchPage(ctxAt('2026-06-12T12:00:00Z'), { ...WINDOW, pageToken: '2026-06-12 10:00:00|10' }),
    );
    expect(error).toMatchObject({ kind: 'bug', code: 'MAGENTO_PAGING_STUCK' });
  });

  it('lets 429 from a CDN through as rate_limited with Retry-After', async () => {
    api()
      .get(ORDERS_PATH)
      .query(true)
      .reply(429, fixture('http/error-429.json'), { ...JSON_HEADERS, 'retry-after': '12' });
    const error = await connectorFailure(pull.fetchPage(ctxAt('2026-06-12T12:00:00Z'), WINDOW));
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 12_000, status: 429 });
  });

  it('stops on 401 as an auth failure with a Magento remedy', async () => {
    api().get(ORDERS_PATH).query(true).reply(401, fixture('http/error-401.json'), JSON_HEADERS);
    const error = await connectorFailure(pull.fetchPage(ctxAt('2026-06-12T12:00:00Z'), WINDOW));
    expect(error).toMatchObject({ kind: 'auth', code: 'MAGENTO_ACCESS_DENIED', status: 401 });
    expect(error.remedy).toContain('Integrations');
  });
});

describe('pull through the window engine', () => {
  it('keeps two orders of the same second across a page boundary, and a re-pull finds both again', async () => {
    const tie = '2026-06-12 11:59:00';
    api()
      .get(ORDERS_PATH)
      .query((q) => filtersOf(q)[0]?.startsWith('updated_at gteq') === true)
      .reply(200, { items: [listed(500, tie)], total_count: 2 }, JSON_HEADERS)
      .get(ORDERS_PATH)
      .query((q) => filtersOf(q).join() === `updated_at eq ${tie},entity_id gt 500`)
      .reply(200, { items: [listed(501, tie)], total_count: 1 }, JSON_HEADERS)
      .get(ORDERS_PATH)
      .query((q) => filtersOf(q)[0] === `updated_at gt ${tie}`)
      .reply(200, { items: [], total_count: 0 }, JSON_HEADERS);
    const ctx = ctxAt('2026-06-12T12:00:00Z');
    const first = await pullAll(magento, ctx, { checkpoint: { watermark: '2026-06-12T11:58:30Z' } });
    expect(first.records.map((r) => magento.identify(r).externalId)).toEqual(['500', '501']);
    const watermark = first.checkpoints.at(-1)!.watermark;

    const lowers: string[] = [];
    api()
      .get(ORDERS_PATH)
      .query((q) => lowers.push(filtersOf(q)[0] ?? '') > 0)
      .reply(200, { items: [listed(500, tie), listed(501, tie)], total_count: 2 }, JSON_HEADERS);
    ctx.clock = fixedClock('2026-06-12T12:03:00Z');
    const again = await pullAll(magento, ctx, { checkpoint: { watermark } });
    expect(again.records.map((r) => magento.identify(r).externalId)).toEqual(['500', '501']);
    expect(lowers[0]! <= `updated_at gteq ${tie}`).toBe(true);
  });

  it('stays the settle delay behind now and never asks for more than a day', async () => {
    api().get(ORDERS_PATH).query(true).times(3).reply(200, { items: [], total_count: 0 }, JSON_HEADERS);
    const now = '2026-06-14T12:00:00Z';
    const result = await pullAll(magento, ctxAt(now), { checkpoint: { watermark: '2026-06-12T00:00:00Z' } });
    expect(result.requests).toHaveLength(3);
    for (const r of result.requests) {
      expect(Date.parse(r.to) - Date.parse(r.from)).toBeLessThanOrEqual(pull.maxWindowMs!);
      expect(Date.parse(r.to)).toBeLessThanOrEqual(Date.parse(now) - pull.settleDelayMs!);
    }
    expect(result.checkpoints.at(-1)).toEqual({ watermark: '2026-06-14T11:59:50.000Z' });
  });
});

describe('fetchOrders', () => {
  it('reads single orders by entity id and skips ids Magento does not know', async () => {
    api()
      .get(`${ORDERS_PATH}/3002`)
      .reply(200, fixture('http/order-3002.json'), JSON_HEADERS)
      .get(`${ORDERS_PATH}/999`)
      .reply(
        404,
        { message: 'The entity that was requested doesn\u2019t exist. Verify the entity and try again.' },
        JSON_HEADERS,
      );
    const records = await magento.fetchOrders!(ctxAt('2026-06-12T12:00:00Z'), ['3002', '999']);
    expect(records.map((r) => magento.identify(r))).toEqual([
      { externalId: '3002', revision: '2026-06-11T08:31:45Z' },
    ]);
  });
});
