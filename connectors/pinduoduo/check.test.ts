import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createTestContext, fixedClock } from '../../src/sdk';
import pinduoduo from './index';
import { GATEWAY_ORIGIN, GATEWAY_PATH, TEST_CONFIG, planCall } from './test-helpers';

async function check() {
  const ctx = createTestContext(TEST_CONFIG, {
    clock: fixedClock('2026-03-08T12:10:00Z'),
    rateLimits: pinduoduo.rateLimits,
  });
  const result = await pinduoduo.check(ctx);
  expect(JSON.stringify(ctx.log.lines)).not.toContain(TEST_CONFIG.accessToken);
  return result;
}

describe('check', () => {
  it('is ok when the one-order query is answered', async () => {
    const seen: Record<string, string>[] = [];
    planCall('increment-empty.json', seen);
    await expect(check()).resolves.toMatchObject({ ok: true });
    expect(seen[0]).toMatchObject({ page_size: '1' });
  });

  it('reports an expired access_token with a remedy', async () => {
    planCall('error-token-expired.json', []);
    const result = await check();
    expect(result).toMatchObject({ ok: false, code: 'PINDUODUO_TOKEN_EXPIRED' });
    if (!result.ok) expect(result.remedy).toMatch(/access_token/);
  });

  it('gives a remedy for an HTTP 401 and for other API errors', async () => {
    planCall('http-401.json', [], 401);
    planCall('error-invalid-parameter.json', []);
    const first = await check();
    expect(first).toMatchObject({ ok: false, code: 'HTTP_401' });
    const second = await check();
    expect(second).toMatchObject({ ok: false, code: 'PINDUODUO_API_10000' });
    if (!second.ok) expect(second.remedy).toMatch(/client_secret/);
  });

  it('says when Pinduoduo is limiting calls, or cannot be reached', async () => {
    planCall('error-rate-limited.json', []);
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'PINDUODUO_RATE_LIMITED' });
    nock(GATEWAY_ORIGIN).post(GATEWAY_PATH).replyWithError('connect ETIMEDOUT');
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'PINDUODUO_UNREACHABLE' });
  });
});
