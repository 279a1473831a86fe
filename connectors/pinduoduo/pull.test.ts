import { describe, expect, it } from 'vitest';
import { connectorFailure, createTestContext, fixedClock, pullAll } from '../../src/sdk';
import pinduoduo from './index';
import { TEST_CONFIG, planCall, planText, signedCorrectly } from './test-helpers';

const NOW = '2026-03-08T12:10:00Z'; // 20:10 China time
const WINDOW = { from: '2026-03-08T11:30:00.000Z', to: '2026-03-08T12:00:00.000Z' };
const pull = pinduoduo.pull!;
const seconds = (iso: string) => String(Date.parse(iso) / 1000);

function context(now = NOW, config = TEST_CONFIG) {
  return createTestContext(config, { clock: fixedClock(now), rateLimits: pinduoduo.rateLimits });
}

function listBody(total: number, orders: { sn: string; updated: string }[]): string {
  const items = orders.map(
    (o) => `{"order_sn":"${o.sn}","updated_at":"${o.updated}","order_status":1,"refund_status":1}`,
  );
  return `{"order_sn_increment_get_response":{"total_count":${total},"has_next":false,"order_sn_list":[${items.join(',')}]}}`;
}

describe('pull declaration', () => {
  it('declares a 30-minute window, a settle delay of at least 3 minutes, and an overlap', () => {
    expect(pull).toMatchObject({ cursorField: 'updated_at', maxWindowMs: 30 * 60_000 });
    expect(pull.settleDelayMs).toBeGreaterThanOrEqual(3 * 60_000);
    expect(pull.overlapMs).toBeGreaterThan(0);
    expect(pinduoduo.rateLimits?.['pop']).toBeDefined();
  });
});

describe('fetchPage', () => {
  it('reads page 1 and the count, then pages from the last page back to page 1', async () => {
    const seen: Record<string, string>[] = [];
    for (const f of [
      'increment-page-1.json',
      'increment-page-3.json',
      'increment-page-2.json',
      'increment-page-1.json',
    ])
      planCall(f, seen);
    const ctx = context();
    const ids: string[] = [];
    let token: string | undefined;
    let calls = 0;
    do {
      const page = await pull.fetchPage(ctx, { ...WINDOW, ...(token ? { pageToken: token } : {}) });
      ids.push(...page.records.map((r) => pinduoduo.identify(r).externalId));
      token = page.nextPageToken;
      calls += 1;
    } while (token !== undefined && calls < 10);

    expect(seen.map((f) => f['page'])).toEqual(['1', '3', '2', '1']);
    expect(new Set(ids).size).toBe(4);
    for (const form of seen) {
      expect(form).toMatchObject({
        type: 'pdd.order.number.list.increment.get',
        client_id: TEST_CONFIG.clientId,
        access_token: TEST_CONFIG.accessToken,
        data_type: 'JSON',
        version: 'V1',
        timestamp: seconds(NOW),
        start_updated_at: seconds(WINDOW.from),
        end_updated_at: seconds(WINDOW.to),
        order_status: '5',
        refund_status: '5',
        is_lucky_flag: '1',
        page_size: '100',
      });
      expect(signedCorrectly(form)).toBe(true);
    }
    const logged = JSON.stringify(ctx.log.lines);
    expect(logged).not.toContain(TEST_CONFIG.accessToken);
    expect(logged).not.toContain(TEST_CONFIG.clientSecret);
  });

  it('asks for lucky-draw orders too when the connection includes them', async () => {
    const seen: Record<string, string>[] = [];
    planCall('increment-empty.json', seen);
    await pull.fetchPage(context(NOW, { ...TEST_CONFIG, includeLuckyDraw: true }), WINDOW);
    expect(seen[0]?.['is_lucky_flag']).toBe('0');
  });

  it('surfaces a 429 with Retry-After as rate_limited', async () => {
    planCall('http-429.json', [], 429, { 'retry-after': '7' });
    const error = await connectorFailure(pull.fetchPage(context(), WINDOW));
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7_000, status: 429 });
  });

  it('surfaces error 70031 as rate_limited', async () => {
    planCall('error-rate-limited.json', []);
    const error = await connectorFailure(pull.fetchPage(context(), WINDOW));
    expect(error).toMatchObject({ kind: 'rate_limited', code: 'PINDUODUO_RATE_LIMITED' });
    expect(error.retryAfterMs).toBeGreaterThan(0);
  });

  it('stops on an expired access_token (10019) as auth with a remedy', async () => {
    planCall('error-token-expired.json', []);
    const error = await connectorFailure(pull.fetchPage(context(), WINDOW));
    expect(error).toMatchObject({ kind: 'auth', code: 'PINDUODUO_TOKEN_EXPIRED' });
    expect(error.remedy).toMatch(/authorize/i);
  });

  it('stops on HTTP 401 as auth and rejects other API errors', async () => {
    planCall('http-401.json', [], 401);
    planCall('error-invalid-parameter.json', []);
    await expect(connectorFailure(pull.fetchPage(context(), WINDOW))).resolves.toMatchObject({
      kind: 'auth',
    });
    await expect(connectorFailure(pull.fetchPage(context(), WINDOW))).resolves.toMatchObject({
      kind: 'rejected',
      code: 'PINDUODUO_API_10000',
    });
  });
});

describe('window engine', () => {
  it('never asks for more than 30 minutes and stays the settle delay behind now', async () => {
    const seen: Record<string, string>[] = [];
    for (let i = 0; i < 3; i += 1) planText(listBody(0, []), seen);
    const result = await pullAll(pinduoduo, context(), {
      checkpoint: { watermark: '2026-03-08T11:00:00.000Z' },
    });
    expect(result.requests.length).toBe(3);
    for (const form of seen) {
      const start = Number(form['start_updated_at']);
      const end = Number(form['end_updated_at']);
      expect(end - start).toBeLessThanOrEqual(30 * 60);
      expect(end * 1000).toBeLessThanOrEqual(Date.parse(NOW) - (pull.settleDelayMs ?? 0));
    }
    expect(seen.at(-1)?.['end_updated_at']).toBe(seconds('2026-03-08T12:05:00Z'));
  });

  it('keeps two orders updated in the same second across a window boundary; a re-pull loses neither', async () => {
    const seen: Record<string, string>[] = [];
    // Both updated at 20:04:59 China time; only the first was visible when the first window closed.
    planText(listBody(1, [{ sn: '260308-900000000000001', updated: '2026-03-08 20:04:59' }]), seen);
    const ctx = context();
    const first = await pullAll(pinduoduo, ctx, { checkpoint: { watermark: '2026-03-08T11:50:00.000Z' } });

    ctx.clock.now = () => new Date('2026-03-08T12:12:00Z');
    planText(
      listBody(2, [
        { sn: '260308-900000000000002', updated: '2026-03-08 20:04:59' },
        { sn: '260308-900000000000001', updated: '2026-03-08 20:04:59' },
      ]),
      seen,
    );
    const second = await pullAll(pinduoduo, ctx, { checkpoint: first.checkpoints.at(-1) ?? null });

    const ids = [...first.records, ...second.records].map((r) => pinduoduo.identify(r).externalId);
    expect(new Set(ids)).toEqual(new Set(['260308-900000000000001', '260308-900000000000002']));
    expect(Number(seen[1]?.['start_updated_at'])).toBeLessThanOrEqual(
      Date.parse('2026-03-08T12:04:59Z') / 1000,
    );
  });
});

describe('fetchOrders', () => {
  it('reads single orders with pdd.order.information.get', async () => {
    const seen: Record<string, string>[] = [];
    planCall('order-information.json', seen);
    const [order] = await pinduoduo.fetchOrders!(context(), ['260308-417722016330145']);
    expect(pinduoduo.identify(order).externalId).toBe('260308-417722016330145');
    expect(seen[0]).toMatchObject({ type: 'pdd.order.information.get', order_sn: '260308-417722016330145' });
  });
});
