import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createTestContext } from '../../src/sdk';
import woo from './index';
import { BASIC, JSON_HEADERS, ORDERS_PATH, ORIGIN, TEST_CONFIG, fixture } from './test-helpers';

function api() {
  return nock(ORIGIN, { reqheaders: { authorization: BASIC } })
    .get(ORDERS_PATH)
    .query({ per_page: '1', status: 'any' });
}

async function check() {
  const ctx = createTestContext(TEST_CONFIG, { rateLimits: woo.rateLimits });
  const result = await woo.check(ctx);
  expect(JSON.stringify(ctx.log.lines)).not.toContain(TEST_CONFIG.consumerSecret);
  return result;
}

describe('check', () => {
  it('is ok when the key can list orders', async () => {
    api().reply(200, [], { ...JSON_HEADERS, 'x-wp-total': '0', 'x-wp-totalpages': '0' });
    await expect(check()).resolves.toMatchObject({ ok: true });
  });

  it('reports a bad key on 401 with where to create one', async () => {
    api().reply(401, fixture('http/error-401-bad-key.json'), JSON_HEADERS);
    const result = await check();
    expect(result).toMatchObject({ ok: false, code: 'WOOCOMMERCE_KEY_INVALID' });
    if (!result.ok) expect(result.remedy).toContain('WooCommerce → Settings → Advanced → REST API');
  });

  it('reports a key without read permission', async () => {
    api().reply(401, fixture('http/error-401.json'), JSON_HEADERS);
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'WOOCOMMERCE_PERMISSION_MISSING' });
  });

  it('reports a wrong address or plain permalinks on 404', async () => {
    api().reply(404, fixture('http/error-404.json'), JSON_HEADERS);
    const result = await check();
    expect(result).toMatchObject({ ok: false, code: 'WOOCOMMERCE_API_NOT_FOUND' });
    if (!result.ok) expect(result.remedy).toContain('Permalinks');
  });

  it('reports a redirect (http/https or www mismatch)', async () => {
    api().reply(301, '', { location: 'https://www.shop.example.com/wp-json/wc/v3/orders' });
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'WOOCOMMERCE_REDIRECTED' });
  });

  it('reports a firewall page, rate limiting and an unreachable site', async () => {
    api().reply(200, '<html>Access denied</html>', { 'content-type': 'text/html' });
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'WOOCOMMERCE_UNEXPECTED_RESPONSE' });
    api().reply(429, fixture('http/error-429.json'), { ...JSON_HEADERS, 'retry-after': '5' });
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'WOOCOMMERCE_RATE_LIMITED' });
    api().replyWithError('connect ECONNREFUSED');
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'WOOCOMMERCE_UNREACHABLE' });
  });
});
