import nock from 'nock';
import { describe, expect, it } from 'vitest';
import quickbooks from './index';
import { API, COMPANY, context, fixture, JSON_HEADERS, OAUTH, planToken, TEST_CONFIG } from './test-helpers';

describe('quickbooks check', () => {
  it('ok: names the company', async () => {
    planToken();
    nock(API)
      .get(`${COMPANY}/companyinfo/${TEST_CONFIG.realmId}`)
      .query(true)
      .reply(200, fixture('companyinfo'), JSON_HEADERS);
    nock(API).get(`${COMPANY}/preferences`).query(true).reply(200, fixture('preferences'), JSON_HEADERS);
    expect(await quickbooks.check(context())).toEqual({
      ok: true,
      detail: 'Connected to Northwind Outdoor Co.',
    });
  });

  it('custom transaction numbers off: says where to turn them on', async () => {
    planToken();
    nock(API)
      .get(`${COMPANY}/companyinfo/${TEST_CONFIG.realmId}`)
      .query(true)
      .reply(200, fixture('companyinfo'), JSON_HEADERS);
    nock(API)
      .get(`${COMPANY}/preferences`)
      .query(true)
      .reply(
        200,
        fixture('preferences').replace('"CustomTxnNumbers": true', '"CustomTxnNumbers": false'),
        JSON_HEADERS,
      );
    const result = await quickbooks.check(context());
    expect(result).toMatchObject({ ok: false, code: 'QUICKBOOKS_CUSTOM_NUMBERS_OFF' });
    if (!result.ok) expect(result.remedy).toContain('Custom transaction numbers');
  });

  it('wrong client secret: names the app credentials', async () => {
    nock(OAUTH).post('/oauth2/v1/tokens/bearer').reply(401, '{"error":"invalid_client"}', JSON_HEADERS);
    const result = await quickbooks.check(context());
    expect(result).toMatchObject({ ok: false, code: 'QUICKBOOKS_CLIENT_INVALID' });
    if (!result.ok) expect(result.remedy).toContain('Client secret');
  });

  it('a sandbox realm asked in production: realmId/environment remedy', async () => {
    planToken();
    nock(API).get(`${COMPANY}/companyinfo/${TEST_CONFIG.realmId}`).query(true).reply(404, '', JSON_HEADERS);
    const result = await quickbooks.check(context());
    expect(result).toMatchObject({ ok: false, code: 'QUICKBOOKS_NOT_FOUND' });
    if (!result.ok) expect(result.remedy).toContain('environment=sandbox');
  });

  it('sandbox environment talks to the sandbox host', async () => {
    planToken();
    nock('https://sandbox-quickbooks.api.intuit.com')
      .get(`${COMPANY}/companyinfo/${TEST_CONFIG.realmId}`)
      .query({ minorversion: '75' })
      .reply(200, fixture('companyinfo'), JSON_HEADERS);
    nock('https://sandbox-quickbooks.api.intuit.com')
      .get(`${COMPANY}/preferences`)
      .query(true)
      .reply(200, fixture('preferences'), JSON_HEADERS);
    expect((await quickbooks.check(context({ environment: 'sandbox' }))).ok).toBe(true);
  });
});
