import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createTestContext } from '../../src/sdk';
import magento from './index';
import { JSON_HEADERS, ORDERS_PATH, ORIGIN, TEST_CONFIG, fixture } from './test-helpers';

function search() {
  return nock(ORIGIN, { reqheaders: { authorization: `Bearer ${TEST_CONFIG.accessToken}` } })
    .get(ORDERS_PATH)
    .query({ 'searchCriteria[pageSize]': '1', 'searchCriteria[currentPage]': '1', fields: 'total_count' });
}

async function check() {
  const ctx = createTestContext(TEST_CONFIG, { rateLimits: magento.rateLimits });
  const result = await magento.check(ctx);
  expect(JSON.stringify(ctx.log.lines)).not.toContain(TEST_CONFIG.accessToken);
  return result;
}

describe('check', () => {
  it('is ok when the token can search orders', async () => {
    search().reply(200, { total_count: 42 }, JSON_HEADERS);
    await expect(check()).resolves.toMatchObject({ ok: true });
  });

  it('reports a refused token with every cause ops can fix', async () => {
    search().reply(401, fixture('http/error-401.json'), JSON_HEADERS);
    const result = await check();
    expect(result).toMatchObject({ ok: false, code: 'MAGENTO_ACCESS_DENIED' });
    if (!result.ok) {
      expect(result.remedy).toContain('Resource Access');
      expect(result.remedy).toContain('standalone Bearer');
    }
  });

  it('reports a wrong base URL or store code on 404', async () => {
    search().reply(404, fixture('http/error-404.json'), JSON_HEADERS);
    const result = await check();
    expect(result).toMatchObject({ ok: false, code: 'MAGENTO_API_NOT_FOUND' });
    if (!result.ok) expect(result.remedy).toContain('storeCode');
  });

  it('reports a non-Magento answer, rate limiting and an unreachable store', async () => {
    search().reply(200, '<html>cdn error</html>', { 'content-type': 'text/html' });
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'MAGENTO_UNEXPECTED_RESPONSE' });
    search().reply(429, fixture('http/error-429.json'), { ...JSON_HEADERS, 'retry-after': '3' });
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'MAGENTO_RATE_LIMITED' });
    search().replyWithError('getaddrinfo ENOTFOUND');
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'MAGENTO_UNREACHABLE' });
  });
});
