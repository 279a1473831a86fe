import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/sdk';
import sapB1 from './index';
import {
  context,
  failure,
  findExisting,
  fixture,
  hubDeliver,
  info,
  JSON_HEADERS,
  NOW,
  ORIGIN,
  payloadOf,
  planLogin,
  SESSION_COOKIE,
} from './test-helpers';

const ORDER_ID = 'ord_gd0p6yatnfpdjegqqzvrzzt15n';
const LOOKUP = {
  $filter: `NumAtCard eq '${ORDER_ID}'`,
  $select: 'DocEntry,DocNum,DocumentStatus,Cancelled',
  $orderby: 'DocEntry',
};

function planLookup(body: string, times = 1): nock.Scope {
  return nock(ORIGIN, { reqheaders: { cookie: SESSION_COOKIE } })
    .get('/b1s/v1/Orders')
    .query(LOOKUP)
    .times(times)
    .reply(200, body, JSON_HEADERS);
}

const found = (status: 'bost_Open' | 'bost_Close', cancelled: 'tYES' | 'tNO') =>
  JSON.stringify({ value: [{ DocEntry: 412, DocNum: 10412, DocumentStatus: status, Cancelled: cancelled }] });

describe('sap-b1 delivery', () => {
  it('logs in once, looks the order up by NumAtCard and creates it', async () => {
    const ctx = context();
    const payload = payloadOf('us-web');
    planLogin();
    planLookup(fixture('orders-empty'));
    const post = nock(ORIGIN, { reqheaders: { cookie: SESSION_COOKIE, 'content-type': 'application/json' } })
      .post('/b1s/v1/Orders', (body) => {
        expect(body).toEqual(payload.document);
        return true;
      })
      .reply(201, fixture('order-created'), JSON_HEADERS);
    expect(await sapB1.deliver(ctx, payload, info())).toEqual({
      remoteId: '412',
      status: 'created (DocNum 10412)',
    });
    expect(post.isDone()).toBe(true);
    expect(ctx.cache.entries.get('session')?.value).toBe(SESSION_COOKIE);
  });

  it('creates ONE order when the first POST timed out after B1 had accepted it', async () => {
    const ctx = context({}, 100);
    const payload = payloadOf('us-web');
    const b1Orders: { DocEntry: number; DocNum: number; DocumentStatus: string; Cancelled: string }[] = [];
    planLogin();
    nock(ORIGIN)
      .get('/b1s/v1/Orders')
      .query(LOOKUP)
      .times(3)
      .reply(() => [200, JSON.stringify({ value: b1Orders }), JSON_HEADERS]);
    nock(ORIGIN)
      .post('/b1s/v1/Orders')
      .reply((_uri, _body, callback) => {
        // B1 books the order at once but answers after our timeout.
        b1Orders.push({ DocEntry: 412, DocNum: 10412, DocumentStatus: 'bost_Open', Cancelled: 'tNO' });
        setTimeout(() => callback(null, [201, fixture('order-created'), JSON_HEADERS]), 400);
      });
    const first = await failure(hubDeliver(ctx, payload, info()));
    expect(first.kind).toBe('transient');
    // The retry finds the order the first attempt created and does not write again.
    expect(await hubDeliver(ctx, payload, info())).toEqual({
      remoteId: '412',
      status: 'exists (DocNum 10412)',
    });
    expect(b1Orders).toHaveLength(1);
  });

  it('updates a later revision in place, replacing the line collections', async () => {
    const ctx = context();
    const payload = payloadOf('us-web', (o) => ({ ...o, revision: 2 }));
    planLogin();
    planLookup(found('bost_Open', 'tNO'), 2);
    nock(ORIGIN, { reqheaders: { 'b1s-replacecollectionsonpatch': 'true' } })
      .patch('/b1s/v1/Orders(412)', (body) => JSON.stringify(body) === JSON.stringify(payload.document))
      .reply(204);
    expect(await hubDeliver(ctx, payload, info({ revision: 2 }))).toEqual({
      remoteId: '412',
      status: 'updated (DocNum 10412)',
    });
  });

  it('cancels the order when the canonical order is cancelled, once', async () => {
    const ctx = context();
    const payload = payloadOf('us-web', (o) => ({
      ...o,
      revision: 3,
      status: { ...o.status, order: 'cancelled' },
    }));
    planLogin();
    planLookup(found('bost_Open', 'tNO'), 2);
    nock(ORIGIN).post('/b1s/v1/Orders(412)/Cancel').reply(204);
    expect(await hubDeliver(ctx, payload, info({ revision: 3 }))).toEqual({
      remoteId: '412',
      status: 'cancelled (DocNum 10412)',
    });
    // Delivered again: the look-up sees it cancelled, nothing is written.
    planLookup(found('bost_Open', 'tYES'));
    expect(await hubDeliver(ctx, payload, info({ revision: 3 }))).toMatchObject({ remoteId: '412' });
  });

  it('cancel operation: rejected when B1 never had the order or has closed it', async () => {
    const ctx = context();
    const payload = payloadOf('us-web');
    planLogin();
    planLookup(fixture('orders-empty'));
    expect((await failure(sapB1.deliver(ctx, payload, info({ operation: 'cancel' })))).code).toBe(
      'SAP_B1_CANCEL_NOT_FOUND',
    );
    planLookup(found('bost_Close', 'tNO'));
    const closed = await failure(sapB1.deliver(ctx, payload, info({ operation: 'cancel' })));
    expect(closed).toMatchObject({ kind: 'rejected', code: 'SAP_B1_ORDER_CLOSED' });
  });

  it('a revision for a cancelled B1 order is rejected, not written', async () => {
    const ctx = context();
    planLogin();
    planLookup(found('bost_Open', 'tYES'));
    const error = await failure(sapB1.deliver(ctx, payloadOf('us-web'), info()));
    expect(error).toMatchObject({ kind: 'rejected', code: 'SAP_B1_ORDER_CANCELLED' });
  });
});

describe('sap-b1 session', () => {
  it('re-logs in once when B1 answers 401 (session timed out) and retries the call', async () => {
    const ctx = context();
    await ctx.cache.set('session', 'B1SESSION=stale', 60_000);
    nock(ORIGIN, { reqheaders: { cookie: 'B1SESSION=stale' } })
      .get('/b1s/v1/Orders')
      .query(true)
      .reply(401, fixture('session-invalid'), JSON_HEADERS);
    planLogin();
    planLookup(fixture('orders-empty'));
    expect(await findExisting(ctx, payloadOf('us-web'))).toBeNull();
    expect(ctx.cache.entries.get('session')?.value).toBe(SESSION_COOKIE);
  });

  it('a fresh session refused again is an auth failure', async () => {
    const ctx = context();
    planLogin(2);
    nock(ORIGIN)
      .get('/b1s/v1/Orders')
      .query(true)
      .times(2)
      .reply(401, fixture('session-invalid'), JSON_HEADERS);
    const error = await failure(sapB1.deliver(ctx, payloadOf('us-web'), info()));
    expect(error).toMatchObject({ kind: 'auth', code: 'SAP_B1_SESSION_REJECTED' });
  });

  it('reuses the cached session until its timeout, then logs in again', async () => {
    const clock = fixedClock(NOW);
    const ctx = context({}, undefined, clock);
    planLogin();
    planLookup(fixture('orders-empty'), 2);
    expect(await findExisting(ctx, payloadOf('us-web'))).toBeNull();
    expect(await findExisting(ctx, payloadOf('us-web'))).toBeNull();
    clock.advance(30 * 60_000);
    planLogin();
    planLookup(fixture('orders-empty'));
    expect(await findExisting(ctx, payloadOf('us-web'))).toBeNull();
  });

  it('a refused login is an auth failure with a remedy', async () => {
    nock(ORIGIN).post('/b1s/v1/Login').reply(401, fixture('login-failed'), JSON_HEADERS);
    const error = await failure(sapB1.deliver(context(), payloadOf('us-web'), info()));
    expect(error).toMatchObject({ kind: 'auth', code: 'SAP_B1_LOGIN_FAILED' });
    expect(error.message).toContain('-304');
    expect(error.remedy).toContain('companyDb');
  });
});

describe('sap-b1 error classes', () => {
  async function createFails(status: number, body: string, headers: Record<string, string> = {}) {
    const ctx = context();
    planLogin();
    planLookup(fixture('orders-empty'));
    nock(ORIGIN)
      .post('/b1s/v1/Orders')
      .reply(status, body, { ...JSON_HEADERS, ...headers });
    return failure(sapB1.deliver(ctx, payloadOf('us-web'), info()));
  }

  it('validation (-5002) is rejected with B1’s message', async () => {
    const error = await createFails(400, fixture('error-validation'));
    expect(error).toMatchObject({ kind: 'rejected', code: 'SAP_B1_VALIDATION', status: 400 });
    expect(error.message).toContain('B1 -5002: Item code');
  });

  it('403 is auth with an authorization remedy', async () => {
    const error = await createFails(403, fixture('error-permission'));
    expect(error).toMatchObject({ kind: 'auth', code: 'SAP_B1_PERMISSION_DENIED' });
    expect(error.remedy).toContain('Authorizations');
  });

  it('429 is rate_limited with Retry-After', async () => {
    const error = await createFails(429, '{}', { 'retry-after': '12' });
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 12_000 });
  });

  it('5xx is transient', async () => {
    expect((await createFails(500, fixture('error-500'))).kind).toBe('transient');
    expect((await createFails(503, '')).kind).toBe('transient');
  });

  it('404 is a config error pointing at the URL', async () => {
    const error = await createFails(404, '');
    expect(error).toMatchObject({ kind: 'config', code: 'SAP_B1_NOT_FOUND' });
  });
});
