import nock from 'nock';
import { describe, expect, it } from 'vitest';
import quickbooks from './index';
import {
  ACCESS_TOKEN,
  API,
  COMPANY,
  context,
  failure,
  fixture,
  info,
  JSON_HEADERS,
  payloadOf,
  planQuery,
  planToken,
  ROTATED_REFRESH_TOKEN,
  TEST_CONFIG,
} from './test-helpers';

const CUSTOMER_QUERY =
  "select * from Customer where DisplayName = 'Carlos Rodriguez (carlos.rodriguez65@example.com)'";
const INVOICE_QUERY = "select * from Invoice where DocNumber = 'OH-gd0p6yatnfpdjegqqz'";
const KEY = info().key;

describe('quickbooks delivery', () => {
  it('refreshes the token, saves the rotated refresh token, finds the customer and creates the invoice', async () => {
    const ctx = context();
    const payload = payloadOf('us-web');
    planToken();
    planQuery(CUSTOMER_QUERY, fixture('query-customer'));
    nock(API, { reqheaders: { 'content-type': 'application/json' } })
      .post(`${COMPANY}/invoice`, (body) => {
        expect(body).toEqual({ ...payload.transaction, CustomerRef: { value: '77' } });
        return true;
      })
      .query({ requestid: KEY, minorversion: '75' })
      .reply(200, fixture('invoice-created'), JSON_HEADERS);
    expect(await quickbooks.deliver(ctx, payload, info())).toEqual({
      remoteId: '1043',
      status: 'created Invoice OH-gd0p6yatnfpdjegqqz',
    });
    expect(ctx.savedSecrets).toEqual({ refreshToken: ROTATED_REFRESH_TOKEN });
    expect(ctx.cache.entries.get('accessToken')?.value).toBe(ACCESS_TOKEN);
    expect(JSON.stringify(ctx.log.lines)).not.toContain(ACCESS_TOKEN);
  });

  it('a retry with the same requestid after a timeout gets the same invoice: ONE invoice in QuickBooks', async () => {
    // Generous client timeout so that only the deliberately slow first answer times out on a busy machine.
    const ctx = context({ customerId: '77' }, 1_000);
    const payload = payloadOf('us-web', (o) => o, { customerId: '77' });
    const booked = new Map<string, string>();
    planToken();
    nock(API)
      .post(`${COMPANY}/invoice`)
      .query(true)
      .times(2)
      .reply(function (uri, _body, callback) {
        // QuickBooks' requestid semantics: the first request books, a repeat replays the first answer.
        const requestid = new URL(uri, API).searchParams.get('requestid') ?? '';
        const first = !booked.has(requestid);
        if (first) booked.set(requestid, `${1043 + booked.size}`);
        const answer = fixture('invoice-created').replace('"1043"', `"${booked.get(requestid) ?? ''}"`);
        setTimeout(() => callback(null, [200, answer, JSON_HEADERS]), first ? 2_500 : 0);
      });
    expect((await failure(quickbooks.deliver(ctx, payload, info()))).kind).toBe('transient');
    const ref = await quickbooks.deliver(ctx, payload, info());
    expect(ref.remoteId).toBe('1043');
    expect([...booked.keys()]).toEqual([KEY]);
  });

  it('creates the buyer as a customer when no customer has the display name', async () => {
    const ctx = context();
    planToken();
    planQuery(CUSTOMER_QUERY, fixture('query-empty'));
    nock(API)
      .post(`${COMPANY}/customer`, {
        DisplayName: 'Carlos Rodriguez (carlos.rodriguez65@example.com)',
        GivenName: 'Carlos',
        FamilyName: 'Rodriguez',
        PrimaryEmailAddr: { Address: 'carlos.rodriguez65@example.com' },
        PrimaryPhone: { FreeFormNumber: '+1 212-555-0111' },
      })
      .query({ requestid: `${KEY}-c`, minorversion: '75' })
      .reply(200, fixture('customer-created'), JSON_HEADERS);
    nock(API)
      .post(`${COMPANY}/invoice`, (body) => body.CustomerRef.value === '78')
      .query(true)
      .reply(200, fixture('invoice-created'), JSON_HEADERS);
    expect((await quickbooks.deliver(ctx, payloadOf('us-web'), info())).remoteId).toBe('1043');
  });

  it('a display name taken by a vendor (6240, not found again) is rejected with a remedy', async () => {
    const ctx = context();
    planToken();
    planQuery(CUSTOMER_QUERY, fixture('query-empty'));
    nock(API)
      .post(`${COMPANY}/customer`)
      .query(true)
      .reply(400, fixture('fault-duplicate-name'), JSON_HEADERS);
    planQuery(CUSTOMER_QUERY, fixture('query-empty'));
    const error = await failure(quickbooks.deliver(ctx, payloadOf('us-web'), info()));
    expect(error).toMatchObject({ kind: 'rejected', code: 'QUICKBOOKS_NAME_TAKEN' });
  });

  it('a later revision updates the invoice found by DocNumber', async () => {
    const ctx = context({ customerId: '77' });
    planToken();
    planQuery(INVOICE_QUERY, fixture('query-invoice'));
    nock(API)
      .post(
        `${COMPANY}/invoice`,
        (body) => body.Id === '1043' && body.SyncToken === '1' && body.sparse === false,
      )
      .query({ requestid: 'dlv_rev2', minorversion: '75' })
      .reply(200, fixture('invoice-created'), JSON_HEADERS);
    const payload = payloadOf('us-web', (o) => ({ ...o, revision: 2 }), { customerId: '77' });
    expect(await quickbooks.deliver(ctx, payload, info({ key: 'dlv_rev2', revision: 2 }))).toMatchObject({
      status: 'updated Invoice OH-gd0p6yatnfpdjegqqz',
    });
  });

  it('a duplicate DocNumber (6140) is recorded as the existing invoice', async () => {
    const ctx = context({ customerId: '77' });
    planToken();
    nock(API)
      .post(`${COMPANY}/invoice`)
      .query(true)
      .reply(400, fixture('fault-duplicate-doc-number'), JSON_HEADERS);
    planQuery(INVOICE_QUERY, fixture('query-invoice'));
    const ref = await quickbooks.deliver(
      ctx,
      payloadOf('us-web', (o) => o, { customerId: '77' }),
      info(),
    );
    expect(ref).toEqual({ remoteId: '1043', status: 'exists Invoice OH-gd0p6yatnfpdjegqqz' });
  });

  it('cancel voids the invoice; cancelling one never sent is rejected', async () => {
    const ctx = context();
    planToken();
    planQuery(INVOICE_QUERY, fixture('query-invoice'));
    nock(API)
      .post(`${COMPANY}/invoice`, { Id: '1043', SyncToken: '1' })
      .query({ operation: 'void', requestid: 'dlv_cancel', minorversion: '75' })
      .reply(200, fixture('invoice-created'), JSON_HEADERS);
    const cancelled = payloadOf('us-web', (o) => ({ ...o, status: { ...o.status, order: 'cancelled' } }));
    expect((await quickbooks.deliver(ctx, cancelled, info({ key: 'dlv_cancel' }))).status).toBe(
      'voided Invoice OH-gd0p6yatnfpdjegqqz',
    );
    planQuery(INVOICE_QUERY, fixture('query-empty'));
    const error = await failure(quickbooks.deliver(ctx, payloadOf('us-web'), info({ operation: 'cancel' })));
    expect(error.code).toBe('QUICKBOOKS_CANCEL_NOT_FOUND');
  });
});

describe('quickbooks auth and error classes', () => {
  async function invoiceFails(status: number, body: string, headers: Record<string, string> = {}) {
    const ctx = context({ customerId: '77' });
    planToken();
    nock(API)
      .post(`${COMPANY}/invoice`)
      .query(true)
      .reply(status, body, { ...JSON_HEADERS, ...headers });
    return failure(
      quickbooks.deliver(
        ctx,
        payloadOf('us-web', (o) => o, { customerId: '77' }),
        info(),
      ),
    );
  }

  it('an expired access token (401, 3200) is refreshed once and the call retried', async () => {
    const ctx = context({ customerId: '77' });
    await ctx.cache.set('accessToken', 'stale-token', 600_000);
    nock(API, { reqheaders: { authorization: 'Bearer stale-token' } })
      .post(`${COMPANY}/invoice`)
      .query(true)
      .reply(401, fixture('fault-auth'), JSON_HEADERS);
    planToken();
    nock(API, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } })
      .post(`${COMPANY}/invoice`)
      .query(true)
      .reply(200, fixture('invoice-created'), JSON_HEADERS);
    expect(
      (
        await quickbooks.deliver(
          ctx,
          payloadOf('us-web', (o) => o, { customerId: '77' }),
          info(),
        )
      ).remoteId,
    ).toBe('1043');
  });

  it('401 after a fresh token is auth', async () => {
    const ctx = context({ customerId: '77' });
    planToken();
    // The second exchange already uses the refresh token Intuit rotated on the first.
    planToken(1, ROTATED_REFRESH_TOKEN);
    nock(API).post(`${COMPANY}/invoice`).query(true).times(2).reply(401, fixture('fault-auth'), JSON_HEADERS);
    const error = await failure(
      quickbooks.deliver(
        ctx,
        payloadOf('us-web', (o) => o, { customerId: '77' }),
        info(),
      ),
    );
    expect(error).toMatchObject({ kind: 'auth', code: 'QUICKBOOKS_TOKEN_REJECTED' });
  });

  it('a revoked refresh token (invalid_grant) is auth with a reconnect remedy', async () => {
    nock(OAUTH_HOST)
      .post('/oauth2/v1/tokens/bearer')
      .reply(400, fixture('token-invalid-grant'), JSON_HEADERS);
    const error = await failure(
      quickbooks.deliver(context({ customerId: '77' }), payloadOf('us-web'), info()),
    );
    expect(error).toMatchObject({ kind: 'auth', code: 'QUICKBOOKS_REFRESH_TOKEN_INVALID' });
    expect(error.remedy).toContain('Reconnect');
  });

  it('6000 business validation is rejected with the remote message', async () => {
    const error = await invoiceFails(400, fixture('fault-validation'));
    expect(error).toMatchObject({ kind: 'rejected', code: 'QUICKBOOKS_VALIDATION' });
    expect(error.message).toContain('6000 Business Validation Error: Select a product/service for line 2.');
  });

  it('429 ThrottleExceeded is rate_limited, with Retry-After or a minute', async () => {
    expect(await invoiceFails(429, fixture('fault-throttled'), { 'retry-after': '30' })).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 30_000,
    });
    expect(await invoiceFails(429, fixture('fault-throttled'))).toMatchObject({ retryAfterMs: 60_000 });
  });

  it('5xx is transient', async () => {
    expect((await invoiceFails(500, fixture('fault-system'))).kind).toBe('transient');
    expect((await invoiceFails(503, '')).kind).toBe('transient');
  });

  it('declares the per-realm budget: 500 a minute, 10 at once', () => {
    expect(quickbooks.rateLimits).toEqual({ realm: { ratePerSecond: 500 / 60, burst: 10 } });
    expect(TEST_CONFIG.realmId).toMatch(/^\d+$/);
  });
});

const OAUTH_HOST = 'https://oauth.platform.intuit.com';
