import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { connectorFailure, createTestContext, fixedClock, pullAll } from '../../src/sdk';
import { PER_PAGE, nextPage, windowParams } from './client';
import woo from './index';
import { BASIC, JSON_HEADERS, ORDERS_PATH, ORIGIN, TEST_CONFIG, fixture } from './test-helpers';

const pull = woo.pull!;
const WINDOW = { from: '2026-06-01T09:55:00.000Z', to: '2026-06-01T10:10:00.250Z' };

function api() {
  return nock(ORIGIN, { reqheaders: { authorization: BASIC } });
}

function pageHeaders(total: number, pages: number) {
  return { ...JSON_HEADERS, 'x-wp-total': String(total), 'x-wp-totalpages': String(pages) };
}

function order(id: number, modifiedGmt: string) {
  return { id, date_modified_gmt: modifiedGmt, line_items: [], refunds: [] };
}

function ctxAt(now: string) {
  return createTestContext(TEST_CONFIG, { clock: fixedClock(now), rateLimits: woo.rateLimits });
}

describe('window bounds', () => {
  it('turns [from, to) into WooCommerce’s strict whole-second after/before in GMT', () => {
    expect(windowParams(WINDOW)).toEqual({
      modified_after: '2026-06-01T09:54:59',
      modified_before: '2026-06-01T10:10:01',
    });
    expect(windowParams({ from: '2026-06-01T00:00:00.000Z', to: '2026-06-02T00:00:00.000Z' })).toEqual({
      modified_after: '2026-05-31T23:59:59',
      modified_before: '2026-06-02T00:00:00',
    });
  });
});

describe('fetchPage', () => {
  it('pages to the last page with X-WP-TotalPages, fetching refunds of orders that have them', async () => {
    const queries: Record<string, unknown>[] = [];
    const record = (q: Record<string, unknown>) => queries.push(q) > 0;
    api()
      .get(ORDERS_PATH)
      .query(record)
      .reply(200, fixture('http/orders-page-1.json'), pageHeaders(5, 3))
      .get(ORDERS_PATH)
      .query(record)
      .reply(200, fixture('http/orders-page-2.json'), pageHeaders(5, 3))
      .get(`${ORDERS_PATH}/6002/refunds`)
      .query({ per_page: '100' })
      .reply(200, fixture('http/refunds-6002.json'), JSON_HEADERS)
      .get(ORDERS_PATH)
      .query(record)
      .reply(200, fixture('http/orders-page-3.json'), pageHeaders(5, 3));
    const ctx = ctxAt('2026-06-01T12:00:00Z');
    const first = await pull.fetchPage(ctx, WINDOW);
    expect(first.nextPageToken).toBe('2:5');
    const middle = await pull.fetchPage(ctx, { ...WINDOW, pageToken: first.nextPageToken });
    expect(middle.nextPageToken).toBe('3:5');
    const last = await pull.fetchPage(ctx, { ...WINDOW, pageToken: middle.nextPageToken });
    expect(last.nextPageToken).toBeUndefined();
    const all = [...first.records, ...middle.records, ...last.records];
    expect(all.map((r) => woo.identify(r).externalId)).toEqual(['7001', '7002', '7003', '6002', '7005']);
    expect(middle.records[1]).toMatchObject({ refunds: [{ id: 6010 }] });
    expect(queries[0]).toEqual({
      modified_after: '2026-06-01T09:54:59',
      modified_before: '2026-06-01T10:10:01',
      dates_are_gmt: 'true',
      status: 'any',
      orderby: 'id',
      order: 'asc',
      per_page: '100',
      page: '1',
    });
    expect(queries.map((q) => q['page'])).toEqual(['1', '2', '3']);
    expect(JSON.stringify(ctx.log.lines)).not.toContain(TEST_CONFIG.consumerSecret);
  });

  it('steps back when the window shrank mid-scan, so records that moved up a page are not skipped', () => {
    expect(nextPage(3, 250, 250, 3)).toBeUndefined();
    expect(nextPage(2, 250, 250, 3)).toBe(3);
    // Page 3 was planned with 250 orders; 3 left before it was read, so what was offsets 200–202 now sits at
    // 197–199 on page 2, which is read again.
    expect(nextPage(3, 250, 247, 3)).toBe(2);
    expect(nextPage(2, 250, 247, 3)).toBe(1);
    expect(nextPage(3, 250, 100, 1)).toBe(1);
    expect(PER_PAGE).toBe(100);
  });

  it('restarts the window when WordPress refuses a page number past a shrunk end', async () => {
    api()
      .get(ORDERS_PATH)
      .query(true)
      .reply(400, { code: 'woocommerce_rest_invalid_page_number' }, JSON_HEADERS);
    const page = await pull.fetchPage(ctxAt('2026-06-01T12:00:00Z'), { ...WINDOW, pageToken: '4:310' });
    expect(page).toEqual({ records: [], nextPageToken: '1:' });
  });

  it('lets 429 through as rate_limited with Retry-After', async () => {
    api()
      .get(ORDERS_PATH)
      .query(true)
      .reply(429, fixture('http/error-429.json'), { ...JSON_HEADERS, 'retry-after': '30' });
    const error = await connectorFailure(pull.fetchPage(ctxAt('2026-06-01T12:00:00Z'), WINDOW));
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 30_000, status: 429 });
  });

  it('stops on 401 as an auth failure with a WooCommerce remedy', async () => {
    api().get(ORDERS_PATH).query(true).reply(401, fixture('http/error-401-bad-key.json'), JSON_HEADERS);
    const error = await connectorFailure(pull.fetchPage(ctxAt('2026-06-01T12:00:00Z'), WINDOW));
    expect(error).toMatchObject({ kind: 'auth', code: 'WOOCOMMERCE_KEY_INVALID', status: 401 });
    expect(error.remedy).toContain('REST API');
  });

  it('retries an HTML answer from a security plugin', async () => {
    api().get(ORDERS_PATH).query(true).reply(200, '<html>blocked</html>', { 'content-type': 'text/html' });
    const error = await connectorFailure(pull.fetchPage(ctxAt('2026-06-01T12:00:00Z'), WINDOW));
    expect(error).toMatchObject({ kind: 'transient', code: 'WOOCOMMERCE_UNEXPECTED_RESPONSE' });
  });
});

describe('pull through the window engine', () => {
  it('keeps two orders with the same second across a page boundary, and a re-pull finds both again', async () => {
    const tie = '2026-06-01T11:59:00';
    const seen: string[] = [];
    const reply = (page: string, body: unknown[]) =>
      api()
        .get(ORDERS_PATH)
        .query((q) => q['page'] === page)
        .reply(200, () => body, pageHeaders(2, 2));
    reply('1', [order(8100, tie)]);
    reply('2', [order(8101, tie)]);
    const ctx = ctxAt('2026-06-01T12:00:00Z');
    const first = await pullAll(woo, ctx, { checkpoint: { watermark: '2026-06-01T11:58:30Z' } });
    seen.push(...first.records.map((r) => woo.identify(r).externalId));
    expect(seen).toEqual(['8100', '8101']);
    const watermark = first.checkpoints.at(-1)!.watermark;
    expect(Date.parse(watermark)).toBeGreaterThan(Date.parse(`${tie}Z`));

    // The next poll re-reads the overlap, so the tied second is asked for again and nothing is lost.
    const queries: Record<string, unknown>[] = [];
    api()
      .get(ORDERS_PATH)
      .query((q) => queries.push(q) > 0)
      .reply(200, [order(8100, tie), order(8101, tie)], pageHeaders(2, 1));
    ctx.clock = fixedClock('2026-06-01T12:05:00Z');
    const again = await pullAll(woo, ctx, { checkpoint: { watermark } });
    expect(again.records.map((r) => woo.identify(r).externalId)).toEqual(['8100', '8101']);
    expect(String(queries[0]?.['modified_after']) <= tie).toBe(true);
  });

  it('stays the settle delay behind now and never asks for more than a day', async () => {
    const windows: { after: string; before: string }[] = [];
    api()
      .get(ORDERS_PATH)
      .query(
        (q) => windows.push({ after: String(q['modified_after']), before: String(q['modified_before']) }) > 0,
      )
      .times(3)
      .reply(200, [], pageHeaders(0, 0));
    const now = '2026-06-03T12:00:00Z';
    const result = await pullAll(woo, ctxAt(now), { checkpoint: { watermark: '2026-06-01T00:00:00Z' } });
    expect(windows).toHaveLength(3);
    for (const r of result.requests) {
      expect(Date.parse(r.to) - Date.parse(r.from)).toBeLessThanOrEqual(pull.maxWindowMs!);
      expect(Date.parse(r.to)).toBeLessThanOrEqual(Date.parse(now) - pull.settleDelayMs!);
    }
    expect(result.checkpoints.at(-1)).toEqual({ watermark: '2026-06-03T11:59:50.000Z' });
  });
});
