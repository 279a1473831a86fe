import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../src/sdk';
import shopify from './index';
import { SHOP_ORIGIN, TEST_CONFIG, testContext } from './test-helpers';

const SHOP_PATH = '/admin/api/2026-10/shop.json';
const ORDERS_PATH = '/admin/api/2026-10/orders.json';
const json = { 'content-type': 'application/json; charset=utf-8' };

function shop() {
  return nock(SHOP_ORIGIN, { reqheaders: { 'x-shopify-access-token': TEST_CONFIG.accessToken } });
}

function shopOk(apiVersion = '2026-10') {
  return shop()
    .get(SHOP_PATH)
    .reply(200, readFixture('shopify', 'http/shop.json') as object, {
      ...json,
      'x-shopify-api-version': apiVersion,
    });
}

async function check() {
  const ctx = testContext(TEST_CONFIG);
  const result = await shopify.check(ctx);
  expect(JSON.stringify(ctx.log.lines)).not.toContain(TEST_CONFIG.accessToken);
  return result;
}

describe('check', () => {
  it('is ok when the shop answers and the token can read orders', async () => {
    shopOk()
      .get(ORDERS_PATH)
      .query({ limit: '1', status: 'any', fields: 'id' })
      .reply(200, readFixture('shopify', 'http/orders-limit-1.json') as object, json);
    await expect(check()).resolves.toMatchObject({ ok: true });
  });

  it('is ok but says so when Shopify served another API version (fall-forward)', async () => {
    shopOk('2027-01').get(ORDERS_PATH).query(true).reply(200, { orders: [] }, json);
    const result = await check();
    expect(result).toMatchObject({ ok: true });
    if (result.ok) expect(result.detail).toContain('2027-01');
  });

  it('reports an invalid token on 401', async () => {
    shop()
      .get(SHOP_PATH)
      .reply(401, readFixture('shopify', 'http/error-401.json') as object, json);
    const result = await check();
    expect(result).toMatchObject({ ok: false, code: 'SHOPIFY_TOKEN_INVALID' });
    if (!result.ok) expect(result.remedy).toMatch(/access token/i);
  });

  it('reports the missing read_orders scope on 403', async () => {
    shopOk()
      .get(ORDERS_PATH)
      .query(true)
      .reply(403, readFixture('shopify', 'http/error-403.json') as object, json);
    const result = await check();
    expect(result).toMatchObject({ ok: false, code: 'SHOPIFY_SCOPE_MISSING' });
    if (!result.ok) expect(result.remedy).toContain('read_orders');
  });

  it('reports a wrong shop domain on 404', async () => {
    shop()
      .get(SHOP_PATH)
      .reply(404, readFixture('shopify', 'http/error-404.json') as object, json);
    const result = await check();
    expect(result).toMatchObject({ ok: false, code: 'SHOPIFY_SHOP_NOT_FOUND' });
    if (!result.ok) expect(result.remedy).toContain('myshopify.com');
  });

  it('says when the shop cannot be reached', async () => {
    shop().get(SHOP_PATH).replyWithError('connect ECONNREFUSED');
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'SHOPIFY_UNREACHABLE' });
  });

  it('says when Shopify is rate-limiting the app', async () => {
    shop()
      .get(SHOP_PATH)
      .reply(429, readFixture('shopify', 'http/error-429.json') as object, { ...json, 'retry-after': '2.0' });
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'SHOPIFY_RATE_LIMITED' });
  });

  it('says when Shopify itself fails', async () => {
    shop().get(SHOP_PATH).reply(503, 'unavailable');
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'SHOPIFY_UNAVAILABLE' });
  });
});
