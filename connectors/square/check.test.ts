import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createTestContext } from '../../src/sdk';
import { compileSchema } from '../../src/core/validation';
import type { SquareConfig } from './config';
import square from './index';
import { API, TEST_CONFIG, fixtureObject } from './test-helpers';

const json = { 'content-type': 'application/json' };

function api() {
  return nock(API, { reqheaders: { authorization: `Bearer ${TEST_CONFIG.accessToken}` } });
}

async function check(config: SquareConfig = TEST_CONFIG) {
  const ctx = createTestContext(config, { rateLimits: square.rateLimits });
  const result = await square.check(ctx);
  expect(JSON.stringify(ctx.log.lines)).not.toContain(TEST_CONFIG.accessToken);
  return result;
}

describe('check', () => {
  it('is ok when the configured locations can be searched', async () => {
    api().post('/v2/orders/search').reply(200, {}, json);
    await expect(check()).resolves.toMatchObject({ ok: true });
  });

  it('lists the locations when none are configured', async () => {
    api()
      .get('/v2/locations')
      .reply(200, fixtureObject('http/locations.json'), json)
      .post('/v2/orders/search')
      .reply(200, {}, json);
    const { locationIds: _omit, ...all } = TEST_CONFIG;
    const result = await check(all);
    expect(result).toMatchObject({ ok: true });
    if (result.ok) expect(result.detail).toContain('12 location');
  });

  it.each([
    [401, 'http/error-401.json', 'SQUARE_TOKEN_INVALID', /access token/],
    [403, 'http/error-403.json', 'SQUARE_SCOPE_MISSING', /ORDERS_READ/],
    [400, 'http/error-400-location.json', 'SQUARE_LOCATION_INVALID', /locationIds/],
  ])('answers %i with a code and a remedy', async (status, file, code, remedy) => {
    api().post('/v2/orders/search').reply(status, fixtureObject(file), json);
    const result = await check();
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok) expect(result.remedy).toMatch(remedy);
  });

  it('says when the seller has no locations, Square is busy, down or unreachable', async () => {
    const { locationIds: _omit, ...all } = TEST_CONFIG;
    api().get('/v2/locations').reply(200, {}, json);
    await expect(check(all)).resolves.toMatchObject({ ok: false, code: 'SQUARE_NO_LOCATIONS' });
    api().post('/v2/orders/search').reply(429, fixtureObject('http/error-429.json'), json);
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'SQUARE_RATE_LIMITED' });
    api().post('/v2/orders/search').reply(503, 'unavailable');
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'SQUARE_UNAVAILABLE' });
    api().post('/v2/orders/search').replyWithError('connect ECONNREFUSED');
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'SQUARE_UNREACHABLE' });
  });
});

describe('config schema', () => {
  const validate = compileSchema(square.configSchema);
  it('accepts a complete config and refuses unknown settings, environments and plain-http URLs', () => {
    expect(validate(TEST_CONFIG).ok).toBe(true);
    expect(validate({ environment: 'sandbox', accessToken: 't' }).ok).toBe(true);
    expect(validate({ ...TEST_CONFIG, environment: 'staging' }).ok).toBe(false);
    expect(validate({ ...TEST_CONFIG, extra: 1 }).ok).toBe(false);
    expect(validate({ ...TEST_CONFIG, webhookNotificationUrl: 'http://hub.example.com/x' }).ok).toBe(false);
  });
  it('marks the token and the signature key writeOnly', () => {
    expect(square.configSchema.properties['accessToken']).toMatchObject({ writeOnly: true });
    expect(square.configSchema.properties['webhookSignatureKey']).toMatchObject({ writeOnly: true });
  });
});
