import nock from 'nock';
import { describe, expect, it } from 'vitest';
import xero from './index';
import {
  api,
  API,
  BASE,
  context,
  failure,
  fixture,
  IDENTITY,
  info,
  JSON_HEADERS,
  payloadOf,
  planToken,
  REFERENCE_QUERY,
} from './test-helpers';

const KEY = info().key;
const CONTACT = '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b';
const INVOICE = 'a3b1c2d4-7e8f-4a9b-8c1d-2e3f4a5b6c7d';

describe('xero delivery', () => {
  it('gets a token, finds the contact by e-mail and exact name, and PUTs the invoice with Idempotency-Key', async () => {
    const ctx = context();
    const payload = payloadOf('us-web');
    planToken();
    api()
      .get(`${BASE}/Contacts`)
      .query({ searchTerm: 'carlos.rodriguez65@example.com', summaryOnly: 'true' })
      .reply(200, fixture('contacts-found'), JSON_HEADERS);
    const sent = JSON.stringify({ Invoices: [{ ...payload.invoice, Contact: { ContactID: CONTACT } }] });
    nock(API, { reqheaders: { 'idempotency-key': KEY, 'content-type': 'application/json' } })
      .put(`${BASE}/Invoices`, (body) => JSON.stringify(body) === sent)
      .query({ unitdp: '4' })
      .reply(200, fixture('invoice-created'), JSON_HEADERS);
    expect(await xero.deliver(ctx, payload, info())).toEqual({
      remoteId: INVOICE,
      status: 'created INV-0142',
    });
  });

  it('a retry after a timeout with the same Idempotency-Key gets the same invoice: ONE invoice in Xero', async () => {
    const ctx = context({ contactId: CONTACT }, 100);
    const payload = payloadOf('us-web', (o) => o, { contactId: CONTACT });
    const byKey = new Map<string, string>();
    planToken();
    nock(API)
      .put(`${BASE}/Invoices`)
      .query(true)
      .times(2)
      .reply(function (_uri, _body, callback) {
        const header = this.req.headers['idempotency-key'];
        const key = Array.isArray(header) ? (header[0] ?? '') : (header ?? '');
        const first = !byKey.has(key);
        if (first) byKey.set(key, INVOICE);
        setTimeout(() => callback(null, [200, fixture('invoice-created'), JSON_HEADERS]), first ? 400 : 0);
      });
    expect((await failure(xero.deliver(ctx, payload, info()))).kind).toBe('transient');
    expect((await xero.deliver(ctx, payload, info())).remoteId).toBe(INVOICE);
    expect([...byKey.keys()]).toEqual([KEY]);
  });

  it('creates the contact when none has the name', async () => {
    const ctx = context();
    planToken();
    api().get(`${BASE}/Contacts`).query(true).reply(200, fixture('contacts-empty'), JSON_HEADERS);
    nock(API, { reqheaders: { 'idempotency-key': `${KEY}-contact` } })
      .put(`${BASE}/Contacts`, {
        Contacts: [
          {
            Name: 'Carlos Rodriguez (carlos.rodriguez65@example.com)',
            FirstName: 'Carlos',
            LastName: 'Rodriguez',
            EmailAddress: 'carlos.rodriguez65@example.com',
          },
        ],
      })
      .reply(200, fixture('contact-created'), JSON_HEADERS);
    nock(API)
      .put(
        `${BASE}/Invoices`,
        (b) => b.Invoices[0].Contact.ContactID === '9f8e7d6c-5b4a-4392-8170-fedcba987654',
      )
      .query(true)
      .reply(200, fixture('invoice-created'), JSON_HEADERS);
    expect((await xero.deliver(ctx, payloadOf('us-web'), info())).remoteId).toBe(INVOICE);
  });

  it('a later revision updates the invoice found by Reference', async () => {
    const ctx = context({ contactId: CONTACT });
    planToken();
    api().get(`${BASE}/Invoices`).query(REFERENCE_QUERY).reply(200, fixture('invoices-found'), JSON_HEADERS);
    nock(API, { reqheaders: { 'idempotency-key': 'dlv_rev2' } })
      .post(`${BASE}/Invoices/${INVOICE}`, (b) => b.Invoices[0].InvoiceID === INVOICE)
      .query({ unitdp: '4' })
      .reply(200, fixture('invoice-created'), JSON_HEADERS);
    const payload = payloadOf('us-web', (o) => ({ ...o, revision: 2 }), { contactId: CONTACT });
    expect((await xero.deliver(ctx, payload, info({ key: 'dlv_rev2', revision: 2 }))).status).toBe(
      'updated INV-0142',
    );
  });

  it('cancel voids an AUTHORISED invoice; a voided one is already done; none is rejected', async () => {
    const ctx = context();
    const cancelled = payloadOf('us-web', (o) => ({ ...o, status: { ...o.status, order: 'cancelled' } }));
    planToken();
    api().get(`${BASE}/Invoices`).query(REFERENCE_QUERY).reply(200, fixture('invoices-found'), JSON_HEADERS);
    api()
      .post(`${BASE}/Invoices/${INVOICE}`, { Invoices: [{ InvoiceID: INVOICE, Status: 'VOIDED' }] })
      .reply(200, fixture('invoice-created'), JSON_HEADERS);
    expect((await xero.deliver(ctx, cancelled, info())).status).toBe('voided INV-0142');
    api()
      .get(`${BASE}/Invoices`)
      .query(REFERENCE_QUERY)
      .reply(200, fixture('invoices-found').replace('"AUTHORISED"', '"VOIDED"'), JSON_HEADERS);
    expect(await xero.deliver(ctx, cancelled, info())).toEqual({ remoteId: INVOICE, status: 'voided' });
    api().get(`${BASE}/Invoices`).query(REFERENCE_QUERY).reply(200, fixture('invoices-empty'), JSON_HEADERS);
    expect((await failure(xero.deliver(ctx, payloadOf('us-web'), info({ operation: 'cancel' })))).code).toBe(
      'XERO_CANCEL_NOT_FOUND',
    );
  });
});

describe('xero errors and limits', () => {
  async function putFails(status: number, body: string, headers: Record<string, string> = {}) {
    const ctx = context({ contactId: CONTACT });
    planToken();
    nock(API)
      .put(`${BASE}/Invoices`)
      .query(true)
      .reply(status, body, { ...JSON_HEADERS, ...headers });
    return failure(
      xero.deliver(
        ctx,
        payloadOf('us-web', (o) => o, { contactId: CONTACT }),
        info(),
      ),
    );
  }

  it('ValidationException is rejected with every validation message', async () => {
    const error = await putFails(400, fixture('validation-error'));
    expect(error).toMatchObject({ kind: 'rejected', code: 'XERO_VALIDATION', status: 400 });
    expect(error.message).toBe(
      "Xero refused the invoice: Account code '200' is not a valid code for this document.; The TaxType code 'TAX003' does not exist or cannot be used for this type of transaction.",
    );
  });

  it('429 minute limit waits Retry-After; the daily limit waits until the reset', async () => {
    expect(await putFails(429, '', { 'retry-after': '23', 'x-rate-limit-problem': 'minute' })).toMatchObject({
      kind: 'rate_limited',
      code: 'XERO_MINUTE_LIMIT',
      retryAfterMs: 23_000,
    });
    expect(await putFails(429, '', { 'retry-after': '41240', 'x-rate-limit-problem': 'day' })).toMatchObject({
      kind: 'rate_limited',
      code: 'XERO_DAILY_LIMIT',
      retryAfterMs: 41_240_000,
    });
    // No Retry-After on a daily limit: wait until the next UTC midnight (8 h after 16:00).
    expect(await putFails(429, '', { 'x-rate-limit-problem': 'day' })).toMatchObject({
      retryAfterMs: 8 * 3_600_000,
    });
  });

  it('an expired token is renewed once; 401 again is auth; 403 names the tenant and scopes', async () => {
    const ctx = context({ contactId: CONTACT });
    planToken(2);
    nock(API).put(`${BASE}/Invoices`).query(true).times(2).reply(401, '', JSON_HEADERS);
    const error = await failure(
      xero.deliver(
        ctx,
        payloadOf('us-web', (o) => o, { contactId: CONTACT }),
        info(),
      ),
    );
    expect(error).toMatchObject({ kind: 'auth', code: 'XERO_TOKEN_REJECTED' });
    const forbidden = await putFails(403, fixture('forbidden'));
    expect(forbidden).toMatchObject({ kind: 'auth', code: 'XERO_FORBIDDEN' });
    expect(forbidden.remedy).toContain('tenantId');
  });

  it('5xx is transient', async () => {
    expect((await putFails(500, '')).kind).toBe('transient');
    expect((await putFails(503, '')).kind).toBe('transient');
  });

  it('declares the tenant budgets: 60 a minute with 5 at once, 5,000 a day', () => {
    expect(xero.rateLimits).toEqual({
      minute: { ratePerSecond: 1, burst: 5 },
      day: { ratePerSecond: 5000 / 86_400, burst: 5000 },
    });
  });
});

describe('xero check', () => {
  it('ok: names the organisation', async () => {
    planToken();
    api().get(`${BASE}/Organisation`).reply(200, fixture('organisation'), JSON_HEADERS);
    expect(await xero.check(context())).toEqual({ ok: true, detail: 'Connected to Northwind Outdoor Ltd.' });
  });

  it('bad client secret / not a custom connection: remedies say what to create or copy', async () => {
    nock(IDENTITY).post('/connect/token').reply(400, '{"error":"invalid_client"}', JSON_HEADERS);
    const bad = await xero.check(context());
    expect(bad).toMatchObject({ ok: false, code: 'XERO_CLIENT_INVALID' });
    nock(IDENTITY).post('/connect/token').reply(400, '{"error":"unauthorized_client"}', JSON_HEADERS);
    const notCustom = await xero.check(context());
    expect(notCustom).toMatchObject({ ok: false, code: 'XERO_NOT_CUSTOM_CONNECTION' });
    if (!notCustom.ok) expect(notCustom.remedy).toContain('Custom connection');
  });

  it('wrong tenant: 403 with the tenantId remedy', async () => {
    planToken();
    api().get(`${BASE}/Organisation`).reply(403, fixture('forbidden'), JSON_HEADERS);
    expect(await xero.check(context())).toMatchObject({ ok: false, code: 'XERO_FORBIDDEN' });
  });
});
