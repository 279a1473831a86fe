import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createTestContext } from '../../src/sdk';
import { compileSchema } from '../../src/core/validation';
import bigcommerce from './index';
import { API, BASE, TEST_CONFIG, body } from './test-helpers';

const json = { 'content-type': 'application/json' };

function list() {
  return nock(API, { reqheaders: { 'x-auth-token': TEST_CONFIG.accessToken } })
    .get(`${BASE}/v2/orders`)
    .query({ limit: '1' });
}

async function check() {
  const ctx = createTestContext(TEST_CONFIG, { rateLimits: bigcommerce.rateLimits });
  const result = await bigcommerce.check(ctx);
  expect(JSON.stringify(ctx.log.lines)).not.toContain(TEST_CONFIG.accessToken);
  return result;
}

describe('check', () => {
  it('is ok when one order can be listed (or none exist: 204)', async () => {
    list().reply(200, body('http/orders-page-2.json'), json);
    await expect(check()).resolves.toMatchObject({ ok: true });
    list().reply(204);
    await expect(check()).resolves.toMatchObject({ ok: true });
  });

  it.each([
    [401, 'http/error-401.json', 'BIGCOMMERCE_TOKEN_INVALID', /Store-level API accounts/],
    [403, 'http/error-403.json', 'BIGCOMMERCE_SCOPE_MISSING', /Orders to read-only/],
    [404, 'http/error-404.json', 'BIGCOMMERCE_STORE_NOT_FOUND', /storeHash/],
  ])('answers %i with a code and a remedy', async (status, file, code, remedy) => {
    list().reply(status, body(file), json);
    const result = await check();
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok) expect(result.remedy).toMatch(remedy);
  });

  it('says when the quota is spent, the API is down or unreachable', async () => {
    list().reply(429, body('http/error-429.json'), { ...json, 'x-rate-limit-time-reset-ms': '900' });
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'BIGCOMMERCE_RATE_LIMITED' });
    list().reply(503, 'unavailable');
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'BIGCOMMERCE_UNAVAILABLE' });
    list().replyWithError('connect ECONNREFUSED');
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'BIGCOMMERCE_UNREACHABLE' });
  });
});

describe('config schema', () => {
  const validate = compileSchema(bigcommerce.configSchema);

  it('accepts a complete config and refuses unknown settings or a bad store hash', () => {
    expect(validate(TEST_CONFIG).ok).toBe(true);
    expect(validate({ ...TEST_CONFIG, webhookHeaderName: 'x-hook-key', pollIntervalSeconds: 600 }).ok).toBe(
      true,
    );
    expect(validate({ ...TEST_CONFIG, apiKey: 'x' }).ok).toBe(false);
    expect(validate({ ...TEST_CONFIG, storeHash: 'stores/abc' }).ok).toBe(false);
    expect(validate({ ...TEST_CONFIG, webhookSecret: 'short' }).ok).toBe(false);
  });

  it('marks the token and the webhook secret writeOnly', () => {
    const props = bigcommerce.configSchema.properties;
    expect(props['accessToken']).toMatchObject({ writeOnly: true });
    expect(props['webhookSecret']).toMatchObject({ writeOnly: true });
  });
});
