import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createTestContext, fixedClock } from '../../src/sdk';
import taobao from './index';
import { GATEWAY_ORIGIN, GATEWAY_PATH, TEST_CONFIG, planCall } from './test-helpers';

async function check() {
  const ctx = createTestContext(TEST_CONFIG, {
    clock: fixedClock('2026-03-08T02:00:00Z'),
    rateLimits: taobao.rateLimits,
  });
  const result = await taobao.check(ctx);
  expect(JSON.stringify(ctx.log.lines)).not.toContain(TEST_CONFIG.sessionKey);
  return result;
}

describe('check', () => {
  it('is ok when TOP answers the one-trade query', async () => {
    const seen: Record<string, string>[] = [];
    planCall('increment-empty.json', seen);
    await expect(check()).resolves.toMatchObject({ ok: true });
    expect(seen[0]).toMatchObject({ page_size: '1', fields: 'tid', end_modified: '2026-03-08 09:59:00' });
  });

  it.each([
    ['error-session-invalid.json', 'TAOBAO_SESSION_INVALID', /authorize/i],
    ['error-signature-invalid.json', 'TAOBAO_APP_CREDENTIALS_INVALID', /App Secret/],
    ['error-permission-missing.json', 'TAOBAO_PERMISSION_MISSING', /permission/i],
  ])('answers %s with %s and a remedy', async (fixture, code, remedy) => {
    planCall(fixture, []);
    const result = await check();
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok) expect(result.remedy).toMatch(remedy);
  });

  it('gives a remedy for an HTTP 401 from the gateway', async () => {
    planCall('http-401.json', [], 401);
    const result = await check();
    expect(result).toMatchObject({ ok: false, code: 'HTTP_401' });
    if (!result.ok) expect(result.remedy.length).toBeGreaterThan(0);
  });

  it('says when TOP is banning calls', async () => {
    planCall('error-app-call-limited.json', []);
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'TAOBAO_RATE_LIMITED' });
  });

  it('says when the gateway cannot be reached', async () => {
    nock(GATEWAY_ORIGIN).post(GATEWAY_PATH).replyWithError('connect ECONNREFUSED');
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'TAOBAO_UNREACHABLE' });
  });
});
