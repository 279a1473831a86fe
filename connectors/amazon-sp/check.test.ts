import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createTestContext, fixedClock } from '../../src/sdk';
import amazon, { RATE_LIMITS } from './index';
import { ACCESS_TOKEN, JSON_HEADERS, LWA_ORIGIN, TEST_CONFIG, body, lwaOk, rdtOk, sp } from './test-helpers';

const ORDERS = '/orders/v0/orders';

async function check(config = TEST_CONFIG) {
  const ctx = createTestContext(config, {
    clock: fixedClock('2026-06-01T12:00:00Z'),
    rateLimits: RATE_LIMITS,
  });
  const result = await amazon.check(ctx);
  const logged = JSON.stringify(ctx.log.lines);
  for (const secret of [TEST_CONFIG.refreshToken, TEST_CONFIG.lwaClientSecret, ACCESS_TOKEN])
    expect(logged).not.toContain(secret);
  return result;
}

function ordersOk() {
  return sp(ACCESS_TOKEN)
    .get(ORDERS)
    .query({ MarketplaceIds: 'ATVPDKIKX0DER', CreatedAfter: '2026-05-31T12:00:00Z', MaxResultsPerPage: '1' })
    .reply(200, body('http/getorders-page-3.json'), JSON_HEADERS)
    .get('/orders/v0/orders/112-9930174-4461285/orderItems')
    .reply(200, body('http/orderitems-112-9930174-4461285.json'), JSON_HEADERS);
}

describe('check', () => {
  it('is ok when LWA, getOrders, getOrderItems and the restricted data token all work', async () => {
    lwaOk();
    ordersOk();
    rdtOk();
    const result = await check();
    expect(result).toMatchObject({ ok: true });
    if (result.ok) expect(result.detail).toMatch(/Restricted Data Token/);
  });

  it('is ok but warns when the app has no restricted role', async () => {
    lwaOk();
    ordersOk();
    sp(ACCESS_TOKEN)
      .post('/tokens/2021-03-01/restrictedDataToken')
      .reply(403, body('http/error-403-unauthorized.json'), JSON_HEADERS);
    const result = await check();
    expect(result).toMatchObject({ ok: true });
    if (result.ok) expect(result.detail).toMatch(/Direct-to-Consumer Shipping/);
  });

  it('reports a refused refresh token with what to do', async () => {
    nock(LWA_ORIGIN).post('/auth/o2/token').reply(400, body('http/lwa-invalid-grant.json'), JSON_HEADERS);
    const result = await check();
    expect(result).toMatchObject({ ok: false, code: 'AMAZON_SP_REFRESH_TOKEN_INVALID' });
    if (!result.ok) expect(result.remedy).toMatch(/Authorise the app again/);
  });

  it('reports a wrong client id or secret (401 from LWA)', async () => {
    nock(LWA_ORIGIN).post('/auth/o2/token').reply(401, body('http/lwa-invalid-client.json'), JSON_HEADERS);
    const result = await check();
    expect(result).toMatchObject({ ok: false, code: 'AMAZON_SP_LWA_CLIENT_INVALID' });
    if (!result.ok) expect(result.remedy).toMatch(/180 days/);
  });

  it('reports a 401 from the SP-API as denied access with the role and region to check', async () => {
    // A refused cached token is renewed once before giving up.
    lwaOk(2);
    sp(ACCESS_TOKEN)
      .get(ORDERS)
      .query(true)
      .twice()
      .reply(401, body('http/error-401-unauthenticated.json'), JSON_HEADERS);
    const result = await check();
    expect(result).toMatchObject({ ok: false, code: 'AMAZON_SP_ACCESS_DENIED' });
    if (!result.ok) expect(result.remedy).toMatch(/region/);
  });

  it('reports marketplace ids Amazon does not accept', async () => {
    lwaOk();
    sp(ACCESS_TOKEN)
      .get(ORDERS)
      .query(true)
      .reply(400, body('http/error-400-invalid-input.json'), JSON_HEADERS);
    const result = await check({ ...TEST_CONFIG, marketplaceIds: ['A2ZZZZZZZZZZZZ'] });
    expect(result).toMatchObject({ ok: false, code: 'AMAZON_SP_INVALID_INPUT' });
    if (!result.ok) expect(result.remedy).toMatch(/marketplace id/);
  });

  it('says when Amazon cannot be reached', async () => {
    nock(LWA_ORIGIN).post('/auth/o2/token').replyWithError('connect ECONNREFUSED');
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'AMAZON_SP_UNREACHABLE' });
  });

  it('says when Amazon is throttling the app', async () => {
    lwaOk();
    sp(ACCESS_TOKEN).get(ORDERS).query(true).reply(429, body('http/error-429-quota.json'), JSON_HEADERS);
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'AMAZON_SP_RATE_LIMITED' });
  });
});
