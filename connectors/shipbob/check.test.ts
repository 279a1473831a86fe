import nock from 'nock';
import { describe, expect, it } from 'vitest';
import shipbob from './index';
import type { ShipBobConfig } from './config';
import { api, context, http, JSON_HEADERS, ORIGIN, PREFIX } from './test-helpers';

async function check(config: Partial<ShipBobConfig> = {}) {
  const ctx = context(config);
  const result = await shipbob.check(ctx);
  expect(JSON.stringify(ctx.log.lines)).not.toContain('sb-fixture-pat');
  return result;
}

const channels = () => api(false).get(`${PREFIX}/channel`);

describe('shipbob check', () => {
  it('is ok when the channel exists with orders_write', async () => {
    channels().reply(200, http('channels'), JSON_HEADERS);
    const result = await check();
    expect(result).toMatchObject({ ok: true });
    if (result.ok) expect(result.detail).toContain('OrderHub');
  });

  it('points at the writable channel when channelId is read-only or unknown', async () => {
    channels().reply(200, http('channels'), JSON_HEADERS);
    const readOnly = await check({ channelId: 100177 });
    expect(readOnly).toMatchObject({ ok: false, code: 'SHIPBOB_CHANNEL_READ_ONLY' });
    if (!readOnly.ok) expect(readOnly.remedy).toContain('100204');
    channels().reply(200, http('channels'), JSON_HEADERS);
    const unknown = await check({ channelId: 5 });
    expect(unknown).toMatchObject({ ok: false, code: 'SHIPBOB_CHANNEL_NOT_FOUND' });
    if (!unknown.ok) expect(unknown.remedy).toContain('100204');
  });

  it('reports a bad token on 401 with where to create one', async () => {
    channels().reply(401, http('error-401'), JSON_HEADERS);
    const result = await check();
    expect(result).toMatchObject({ ok: false, code: 'SHIPBOB_TOKEN_INVALID' });
    if (!result.ok) expect(result.remedy).toContain('API Tokens');
  });

  it('calls the sandbox host for a sandbox connection', async () => {
    nock('https://sandbox-api.shipbob.com')
      .get(`${PREFIX}/channel`)
      .reply(200, http('channels'), JSON_HEADERS);
    await expect(check({ environment: 'sandbox' })).resolves.toMatchObject({ ok: true });
  });

  it('reports a rate limit, an outage and an unreachable host distinctly', async () => {
    channels().reply(429, http('error-429'), { ...JSON_HEADERS, 'x-retry-after': '25' });
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'SHIPBOB_RATE_LIMITED' });
    channels().reply(502, 'Bad Gateway');
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'SHIPBOB_UNAVAILABLE' });
    nock(ORIGIN).get(`${PREFIX}/channel`).replyWithError({ code: 'ECONNREFUSED' });
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'SHIPBOB_UNREACHABLE' });
  });
});
