import nock from 'nock';
import { describe, expect, it } from 'vitest';
import shipstation from './index';
import type { ShipStationConfig } from './config';
import { api, context, http, JSON_HEADERS, ORIGIN } from './test-helpers';

async function check(config: Partial<ShipStationConfig> = {}) {
  const ctx = context(config);
  const result = await shipstation.check(ctx);
  expect(JSON.stringify(ctx.log.lines)).not.toContain('ss-fixture-secret');
  return result;
}

const stores = () => api().get('/stores').query({ showInactive: 'false' });

describe('shipstation check', () => {
  it('is ok when the credentials list the stores', async () => {
    stores().reply(200, http('stores'), JSON_HEADERS);
    await expect(check()).resolves.toMatchObject({ ok: true });
  });

  it('is ok when the configured store exists and names it', async () => {
    stores().reply(200, http('stores'), JSON_HEADERS);
    const result = await check({ storeId: 22766 });
    expect(result).toMatchObject({ ok: true });
    if (result.ok) expect(result.detail).toContain('Northwind Web Store');
  });

  it('says which stores exist when storeId is wrong', async () => {
    stores().reply(200, http('stores'), JSON_HEADERS);
    const result = await check({ storeId: 1 });
    expect(result).toMatchObject({ ok: false, code: 'SHIPSTATION_STORE_NOT_FOUND' });
    if (!result.ok) expect(result.remedy).toContain('22766, 22767');
  });

  it('reports wrong credentials on 401 with where to find them', async () => {
    stores().reply(401, http('error-401'), JSON_HEADERS);
    const result = await check();
    expect(result).toMatchObject({ ok: false, code: 'SHIPSTATION_CREDENTIALS_INVALID' });
    if (!result.ok) expect(result.remedy).toContain('Settings → Account → API Settings');
  });

  it('reports missing API access on 403', async () => {
    stores().reply(403, { Message: 'Forbidden' }, JSON_HEADERS);
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'SHIPSTATION_ACCESS_DENIED' });
  });

  it('reports a rate limit, an outage and an unreachable host distinctly', async () => {
    stores().reply(429, http('error-429'), { ...JSON_HEADERS, 'x-rate-limit-reset': '30' });
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'SHIPSTATION_RATE_LIMITED' });
    stores().reply(503, 'Service Unavailable');
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'SHIPSTATION_UNAVAILABLE' });
    nock(ORIGIN).get('/stores').query(true).replyWithError({ code: 'ECONNREFUSED' });
    await expect(check()).resolves.toMatchObject({ ok: false, code: 'SHIPSTATION_UNREACHABLE' });
  });

  it('refuses a time zone the runtime does not know, before calling ShipStation', async () => {
    await expect(check({ timeZone: 'Pacific/Nowhere' })).resolves.toMatchObject({
      ok: false,
      code: 'SHIPSTATION_TIME_ZONE_INVALID',
    });
  });
});
