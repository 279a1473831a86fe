import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { connectorFailure, createTestContext, fixedClock, pullAll, readFixture } from '../../src/sdk';
import taobao from './index';
import { GATEWAY_ORIGIN, GATEWAY_PATH, TEST_CONFIG, formOf, planCall, signedCorrectly } from './test-helpers';

const NOW = '2026-03-08T02:00:00Z'; // 10:00:00 China time
const WINDOW = { from: '2026-03-08T01:00:00.000Z', to: '2026-03-08T01:59:00.000Z' };
const pull = taobao.pull!;

function context(now = NOW) {
  return createTestContext(TEST_CONFIG, { clock: fixedClock(now), rateLimits: taobao.rateLimits });
}

/** Plans one increment call answering `trades` (raw trade JSON texts) with `total`. */
function planTrades(seen: Record<string, string>[], total: number, trades: string[]): void {
  nock(GATEWAY_ORIGIN)
    .post(GATEWAY_PATH, (body: unknown) => {
      seen.push(formOf(body));
      return true;
    })
    .reply(
      200,
      `{"trades_sold_increment_get_response":{"total_results":${total},"trades":{"trade":[${trades.join(',')}]}}}`,
      { 'content-type': 'application/json' },
    );
}

function minimalTrade(tid: string, modified: string): string {
  return `{"tid":${tid},"status":"WAIT_SELLER_SEND_GOODS","modified":"${modified}"}`;
}

describe('pull declaration', () => {
  it('declares cursor, window limit of one day, settle delay and overlap', () => {
    expect(pull).toMatchObject({ cursorField: 'modified', maxWindowMs: 86_400_000 });
    expect(pull.settleDelayMs).toBeGreaterThan(0);
    expect(pull.overlapMs).toBeGreaterThan(0);
    expect(taobao.rateLimits?.['top']).toBeDefined();
  });
});

describe('fetchPage', () => {
  it('reads page 1 and the count, then pages from the last page back to page 1', async () => {
    const seen: Record<string, string>[] = [];
    planCall('increment-page-1.json', seen);
    planCall('increment-page-3.json', seen);
    planCall('increment-page-2.json', seen);
    planCall('increment-page-1.json', seen);
    const ctx = context();
    const ids: string[] = [];
    let token: string | undefined;
    let calls = 0;
    do {
      const page = await pull.fetchPage(ctx, { ...WINDOW, ...(token ? { pageToken: token } : {}) });
      ids.push(...page.records.map((r) => taobao.identify(r).externalId));
      token = page.nextPageToken;
      calls += 1;
    } while (token !== undefined && calls < 10);

    expect(seen.map((f) => f['page_no'])).toEqual(['1', '3', '2', '1']);
    // 19-digit ids arrive exactly, not rounded by JSON.parse.
    expect(ids).toContain('4028815530127731931');
    expect(new Set(ids)).toEqual(
      new Set(['4028815530127731901', '4028815530127731911', '4028815530127731921', '4028815530127731931']),
    );
    for (const form of seen) {
      expect(form).toMatchObject({
        method: 'taobao.trades.sold.increment.get',
        app_key: TEST_CONFIG.appKey,
        session: TEST_CONFIG.sessionKey,
        v: '2.0',
        sign_method: 'md5',
        format: 'json',
        page_size: '100',
        start_modified: '2026-03-08 09:00:00',
        end_modified: '2026-03-08 09:59:00',
        timestamp: '2026-03-08 10:00:00',
      });
      expect(form['use_has_next']).toBeUndefined();
      expect(signedCorrectly(form)).toBe(true);
    }
    const logged = JSON.stringify(ctx.log.lines);
    expect(logged).not.toContain(TEST_CONFIG.sessionKey);
    expect(logged).not.toContain(TEST_CONFIG.appSecret);
  });

  it('ends the window after page 1 when the count fits one page', async () => {
    const seen: Record<string, string>[] = [];
    planCall('increment-empty.json', seen);
    await expect(pull.fetchPage(context(), WINDOW)).resolves.toEqual({ records: [] });
  });

  it('surfaces a 429 with Retry-After as rate_limited', async () => {
    planCall('http-429.json', [], 429, { 'retry-after': '12' });
    const error = await connectorFailure(pull.fetchPage(context(), WINDOW));
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 12_000, status: 429 });
  });

  it('surfaces error 7 (app call limited) as rate_limited for the ban duration TOP states', async () => {
    planCall('error-app-call-limited.json', []);
    const error = await connectorFailure(pull.fetchPage(context(), WINDOW));
    expect(error).toMatchObject({ kind: 'rate_limited', code: 'TAOBAO_RATE_LIMITED', retryAfterMs: 17_000 });
  });

  it('stops on an invalid session as an auth failure with a remedy', async () => {
    planCall('error-session-invalid.json', []);
    const error = await connectorFailure(pull.fetchPage(context(), WINDOW));
    expect(error).toMatchObject({ kind: 'auth', code: 'TAOBAO_SESSION_INVALID' });
    expect(error.remedy).toMatch(/authorize/i);
  });

  it('stops on HTTP 401 as auth', async () => {
    planCall('http-401.json', [], 401);
    await expect(connectorFailure(pull.fetchPage(context(), WINDOW))).resolves.toMatchObject({
      kind: 'auth',
    });
  });

  it('retries isp.* faults and rejects isv.* ones', async () => {
    planCall('error-isp-timeout.json', []);
    planCall('error-isv-invalid-parameter.json', []);
    await expect(connectorFailure(pull.fetchPage(context(), WINDOW))).resolves.toMatchObject({
      kind: 'transient',
    });
    await expect(connectorFailure(pull.fetchPage(context(), WINDOW))).resolves.toMatchObject({
      kind: 'rejected',
      code: 'TAOBAO_API_15',
    });
  });
});

describe('window engine', () => {
  it('never asks for more than one day and stays a settle delay behind now', async () => {
    const seen: Record<string, string>[] = [];
    for (let i = 0; i < 3; i += 1) planTrades(seen, 0, []);
    const ctx = context();
    const result = await pullAll(taobao, ctx, { checkpoint: { watermark: '2026-03-05T06:00:00.000Z' } });
    expect(result.requests.length).toBe(3);
    for (const form of seen) {
      const start = Date.parse(`${form['start_modified']?.replace(' ', 'T')}+08:00`);
      const end = Date.parse(`${form['end_modified']?.replace(' ', 'T')}+08:00`);
      expect(end - start).toBeLessThanOrEqual(86_400_000);
      expect(end).toBeLessThanOrEqual(Date.parse(NOW) - (pull.settleDelayMs ?? 0));
    }
    expect(seen.at(-1)?.['end_modified']).toBe('2026-03-08 09:59:00');
    expect(result.checkpoints.at(-1)).toEqual({ watermark: '2026-03-08T01:59:00.000Z' });
  });

  it('keeps two trades modified in the same second across a window boundary, and a re-pull loses neither', async () => {
    // Both changed at 09:58:59 China time; TOP showed only the first before the window closed.
    const seen: Record<string, string>[] = [];
    planTrades(seen, 1, [minimalTrade('4028815530127739001', '2026-03-08 09:58:59')]);
    const ctx = context();
    const first = await pullAll(taobao, ctx, { checkpoint: { watermark: '2026-03-08T01:30:00.000Z' } });

    ctx.clock.now = () => new Date('2026-03-08T02:02:00Z');
    planTrades(seen, 2, [
      minimalTrade('4028815530127739002', '2026-03-08 09:58:59'),
      minimalTrade('4028815530127739001', '2026-03-08 09:58:59'),
    ]);
    const second = await pullAll(taobao, ctx, { checkpoint: first.checkpoints.at(-1) ?? null });

    const ids = [...first.records, ...second.records].map((r) => taobao.identify(r).externalId);
    expect(new Set(ids)).toEqual(new Set(['4028815530127739001', '4028815530127739002']));
    // The second window starts before the shared second: the overlap re-reads it.
    expect(seen[1]?.['start_modified'] ?? '').toBe('2026-03-08 09:54:00');
    expect(taobao.identify(second.records[0]).revision).toBe('2026-03-08T01:58:59.000Z');
  });

  it('resumes a window mid-way from a stored page token', async () => {
    const seen: Record<string, string>[] = [];
    planCall('increment-page-2.json', seen);
    planCall('increment-page-1.json', seen);
    const cp = {
      watermark: '2026-03-08T00:59:00.000Z',
      windowFrom: WINDOW.from,
      windowTo: WINDOW.to,
      pageToken: '2',
    };
    const result = await pullAll(taobao, context('2026-03-08T02:00:30Z'), { checkpoint: cp, maxPages: 2 });
    expect(seen.map((f) => f['page_no'])).toEqual(['2', '1']);
    expect(result.checkpoints.at(-1)).toEqual({ watermark: WINDOW.to });
  });
});

describe('fetchOrders', () => {
  it('reads single trades with taobao.trade.fullinfo.get', async () => {
    const seen: Record<string, string>[] = [];
    planCall('fullinfo.json', seen);
    const [trade] = await taobao.fetchOrders!(context(), ['4028815530127731845']);
    expect(taobao.identify(trade).externalId).toBe('4028815530127731845');
    expect(seen[0]).toMatchObject({ method: 'taobao.trade.fullinfo.get', tid: '4028815530127731845' });
    expect(readFixture('taobao', 'http/fullinfo.json')).toBeDefined();
  });
});
