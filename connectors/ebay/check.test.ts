import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createTestContext, fixedClock } from '../../src/sdk';
import ebay, { RATE_LIMITS } from './index';
import { API, JSON_HEADERS, ORDERS, TEST_CONFIG, api, body, tokenOk } from './test-helpers';

async function check() {
  const ctx = createTestContext(TEST_CONFIG, {
    clock: fixedClock('2026-05-02T00:00:00Z'),
    rateLimits: RATE_LIMITS,
  });
  const result = await ebay.check(ctx);
  expect(JSON.stringify(ctx.log.lines)).not.toContain(TEST_CONFIG.refreshToken);
  return result;
}

describe('check', () => {
  it('is ok when the token is minted and orders can be read', async () => {
    tokenOk();
    api()
      .get(ORDERS)
      .query({ filter: 'lastmodifieddate:[2026-05-01T00:00:00.000Z..]', limit: '1' })
      .reply(200, body('http/orders-empty.json'), JSON_HEADERS);
    await expect(check()).resolves.toMatchObject({ ok: true });
  });

  it('reports a refused refresh token with what to do', async () => {
    nock(API)
      .post('/identity/v1/oauth2/token')
      .reply(400, body('http/token-invalid-grant.json'), JSON_HEADERS);
    const result = await check();
    expect(result).toMatchObject({ ok: false, code: 'EBAY_REFRESH_TOKEN_INVALID' });
    if (!result.ok) expect(result.remedy).toMatch(/consent again/);
  });

  it('reports a wrong keyset', async () => {
    nock(API)
      .post('/identity/v1/oauth2/token')
      .reply(401, body('http/token-invalid-client.json'), JSON_HEADERS);
    const result = await check();
    expect(result).toMatchObject({ ok: false, code: 'EBAY_CLIENT_INVALID' });
    if (!result.ok) expect(result.remedy).toMatch(/Application Keys/);
  });

  it('reports a missing fulfillment scope on 403', async () => {
    tokenOk();
    api().get(ORDERS).query(true).reply(403, body('http/error-403.json'), JSON_HEADERS);
    const result = await check();
    expect(result).toMatchObject({ ok: false, code: 'EBAY_SCOPE_MISSING' });
    if (!result.ok) expect(result.remedy).toContain('sell.fulfillment.readonly');
  });

  it('reports a used-up daily quota', async () => {
    tokenOk();
    api().get(ORDERS).query(true).reply(429, body('http/error-429.json'), JSON_HEADERS);
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'EBAY_RATE_LIMITED' });
  });

  it('says when eBay cannot be reached', async () => {
    nock(API).post('/identity/v1/oauth2/token').replyWithError('getaddrinfo ENOTFOUND');
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'EBAY_UNREACHABLE' });
  });
});
