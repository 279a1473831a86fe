import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/core/validation';
import { MappingError, readFixture } from '../../src/sdk';
import netsuite, { type NetSuiteConfig } from './index';
import { canonical, context, failure, http, info, mapping, ORIGIN, TEST_CONFIG } from './test-helpers';

const EID_PATH = (id: string) => `/services/rest/record/v1/salesOrder/eid:${id}`;
const NAMES = ['cn-address', 'eu-multi-currency', 'eu-tax-inclusive', 'us-web'];

describe('netsuite mapping', () => {
  it.each(NAMES)('%s maps to its expected sales order', (name) => {
    expect(netsuite.fromCanonical(canonical(name), mapping({ customerId: undefined }))).toEqual(
      readFixture('netsuite', `outbound/${name}.payload.json`),
    );
  });

  it('keys the record by the hub order id and books net amounts for tax-inclusive orders', () => {
    const order = canonical('eu-tax-inclusive');
    const { externalId, record } = netsuite.fromCanonical(order, mapping());
    expect(externalId).toBe(order.id);
    expect(record.externalId).toBe(order.id);
    // 11.61 gross − 1.94 VAT; shipping 14.90 − 2.48.
    expect(record.item.items[0]?.amount).toBe(9.67);
    expect(record.shippingCost).toBe(12.42);
    expect(record.tranDate).toBe('2026-01-05');
  });

  it('uses the configured customer, subsidiary and location', () => {
    const { record } = netsuite.fromCanonical(
      canonical('us-web'),
      mapping({ customerId: '77', subsidiaryId: '2', locationId: '5' }),
    );
    expect(record).toMatchObject({ entity: { id: '77' }, subsidiary: { id: '2' }, location: { id: '5' } });
  });

  it('names the table and key of a missing lookup, never defaulting', () => {
    const order = canonical('us-web');
    const unknownSku = {
      ...order,
      lines: order.lines.map((l, i) => (i === 0 ? { ...l, sku: 'NOPE-1' } : l)),
    };
    expect(() => netsuite.fromCanonical(unknownSku, mapping())).toThrow(
      expect.objectContaining({ code: 'MAPPING_UNKNOWN_VALUE', path: '/lines/0/sku' }),
    );
    expect(() => netsuite.fromCanonical(unknownSku, mapping())).toThrow(/netsuite-item/);
    const noSku = { ...order, lines: order.lines.map((l) => ({ ...l, sku: null })) };
    expect(() => netsuite.fromCanonical(noSku, mapping())).toThrow(MappingError);
    expect(() => netsuite.fromCanonical({ ...order, currency: 'JPY' }, mapping())).toThrow(
      /netsuite-currency/,
    );
    const otherChannel = { ...order, channel: { ...order.channel, connector: 'etsy' } };
    expect(() => netsuite.fromCanonical(otherChannel, mapping())).toThrow(/netsuite-customer/);
  });

  it('needs a discount item for a discount not spread over lines', () => {
    const order = canonical('us-web');
    const unspread = { ...order, lines: order.lines.map((l) => ({ ...l, discount: '0.00' })) };
    expect(() => netsuite.fromCanonical(unspread, mapping())).toThrow(/discountItemId/);
    const { record } = netsuite.fromCanonical(unspread, mapping({ discountItemId: '901' }));
    expect(record).toMatchObject({ discountItem: { id: '901' }, discountRate: -5 });
  });

  it('has a config schema that accepts real account ids and refuses junk', () => {
    const validate = compileSchema<NetSuiteConfig>(netsuite.configSchema);
    expect(validate(TEST_CONFIG).ok).toBe(true);
    expect(validate({ ...TEST_CONFIG, accountId: '1234567' }).ok).toBe(true);
    expect(validate({ ...TEST_CONFIG, accountId: 'evil.com/x' }).ok).toBe(false);
    expect(validate({ ...TEST_CONFIG, extra: 1 }).ok).toBe(false);
  });
});

describe('netsuite deliver', () => {
  it('upserts with a signed PUT on eid:<order id>, replacing the item sublist', async () => {
    const order = canonical('us-web');
    const payload = netsuite.fromCanonical(order, mapping());
    let auth = '';
    nock(ORIGIN)
      .put(EID_PATH(order.id), (body: unknown) => JSON.stringify(body) === JSON.stringify(payload.record))
      .query({ replace: 'item' })
      .reply(function () {
        auth = String(this.req.headers.authorization);
        return [204, '', { location: `${ORIGIN}/services/rest/record/v1/salesOrder/5501` }];
      });
    const ref = await netsuite.deliver(context(), payload, info(order));
    expect(ref).toEqual({ remoteId: '5501', status: 'upserted' });
    expect(auth).toMatch(
      /^OAuth realm="1234567_SB1",oauth_consumer_key="ck-fixture",oauth_nonce="[0-9a-f]{32}"/,
    );
    expect(auth).toContain('oauth_timestamp="1767700800"');
    expect(auth).toContain('oauth_signature_method="HMAC-SHA256"');
  });

  it('a retry after a timeout upserts the one record the first attempt created', async () => {
    const order = canonical('cn-address');
    const payload = netsuite.fromCanonical(order, mapping());
    const remote = new Map<string, { id: string; writes: number }>();
    const upsert = (uri: string) => {
      const eid = decodeURIComponent(uri.split('eid:')[1]?.split('?')[0] ?? '');
      const existing = remote.get(eid);
      const rec = existing ?? { id: String(6000 + remote.size), writes: 0 };
      rec.writes += 1;
      remote.set(eid, rec);
      return [204, '', { location: `${ORIGIN}/services/rest/record/v1/salesOrder/${rec.id}` }] as const;
    };
    // The first answer comes after the client gave up (timeoutMs 1 s): NetSuite committed, we never heard.
    nock(ORIGIN)
      .put(EID_PATH(order.id))
      .query(true)
      .delay(1_500)
      .reply((uri) => [...upsert(uri)]);
    nock(ORIGIN)
      .put(EID_PATH(order.id))
      .query(true)
      .reply((uri) => [...upsert(uri)]);
    const first = await failure(netsuite.deliver(context({ timeoutMs: 1000 }), payload, info(order)));
    expect(first.kind).toBe('transient');
    const second = await netsuite.deliver(context({ timeoutMs: 1000 }), payload, info(order));
    expect(remote.size).toBe(1);
    expect(remote.get(order.id)?.writes).toBe(2);
    expect(second.remoteId).toBe(remote.get(order.id)?.id);
  });

  it('cancels by closing every line', async () => {
    const order = canonical('us-web');
    const payload = netsuite.fromCanonical(order, mapping());
    let sent: unknown;
    nock(ORIGIN)
      .put(EID_PATH(order.id))
      .query({ replace: 'item' })
      .reply(204, (_uri, body) => {
        sent = body;
        return '';
      });
    const ref = await netsuite.deliver(context(), payload, info(order, 'cancel'));
    expect(ref).toEqual({ remoteId: `eid:${order.id}`, status: 'closed' });
    expect(sent).toMatchObject({ item: { items: [{ isClosed: true }, { isClosed: true }] } });
  });

  it.each([
    ['error-400-invalid-content', 400, 'rejected', 'NETSUITE_INVALID_CONTENT'],
    ['error-400-user-error', 400, 'rejected', 'NETSUITE_USER_ERROR'],
    ['error-401', 401, 'auth', 'NETSUITE_LOGIN_INVALID'],
    ['error-403', 403, 'auth', 'NETSUITE_PERMISSION_DENIED'],
    ['error-429', 429, 'rate_limited', 'NETSUITE_CONCURRENCY_LIMIT'],
    ['error-429', 400, 'rate_limited', 'NETSUITE_CONCURRENCY_LIMIT'],
    ['error-503', 503, 'transient', undefined],
  ])('classifies %s (%i) as %s', async (file, status, kind, code) => {
    const order = canonical('us-web');
    nock(ORIGIN).put(EID_PATH(order.id)).query(true).reply(status, http(file), {
      'content-type': 'application/vnd.oracle.resource+json; type=error',
      'retry-after': '7',
    });
    const error = await failure(
      netsuite.deliver(context(), netsuite.fromCanonical(order, mapping()), info(order)),
    );
    expect(error.kind).toBe(kind);
    if (code) expect(error.code).toBe(code);
    if (kind === 'rate_limited') expect(error.retryAfterMs).toBe(7000);
    if (kind === 'rejected') expect(error.message).not.toContain('Rodriguez');
  });

  it('keeps the remote validation message for quarantine', async () => {
    const order = canonical('us-web');
    nock(ORIGIN).put(EID_PATH(order.id)).query(true).reply(400, http('error-400-invalid-content'), {
      'content-type': 'application/vnd.oracle.resource+json; type=error',
    });
    const error = await failure(
      netsuite.deliver(context(), netsuite.fromCanonical(order, mapping()), info(order)),
    );
    expect(error.message).toContain('INVALID_CONTENT at item.items[0].item');
    expect(error.message).toContain('Invalid Field Value 1207');
  });

  it('takes from the account bucket, cheaper per call when the configured limit is larger', async () => {
    const order = canonical('us-web');
    const payload = netsuite.fromCanonical(order, mapping());
    nock(ORIGIN).put(EID_PATH(order.id)).query(true).times(10).reply(204, '');
    const small = context();
    for (let i = 0; i < 10; i++) await netsuite.deliver(small, payload, info(order));
    expect(small.sleeps.length).toBeGreaterThan(0);
    nock(ORIGIN).put(EID_PATH(order.id)).query(true).times(10).reply(204, '');
    const large = context({ concurrencyLimit: 15 });
    for (let i = 0; i < 10; i++) await netsuite.deliver(large, payload, info(order));
    expect(large.sleeps).toEqual([]);
  });
});

describe('netsuite check', () => {
  it('is ok when a signed read of sales orders works', async () => {
    nock(ORIGIN)
      .get('/services/rest/record/v1/salesOrder')
      .query({ limit: '1' })
      .reply(200, http('salesorder-list'));
    expect(await netsuite.check(context())).toMatchObject({ ok: true });
  });

  it.each([
    [401, 'error-401', 'NETSUITE_LOGIN_INVALID', /Login Audit Trail/],
    [403, 'error-403', 'NETSUITE_PERMISSION_DENIED', /REST Web Services/],
    [404, 'error-403', 'NETSUITE_ACCOUNT_UNREACHABLE', /accountId/],
  ])('answers %i with %s and a remedy', async (status, file, code, remedy) => {
    nock(ORIGIN).get('/services/rest/record/v1/salesOrder').query(true).reply(status, http(file), {
      'content-type': 'application/json',
    });
    const result = await netsuite.check(context());
    expect(result).toMatchObject({ ok: false, code });
    expect(result.ok ? '' : result.remedy).toMatch(remedy);
  });

  it('reports an account host that does not resolve as a wrong account id', async () => {
    nock(ORIGIN)
      .get('/services/rest/record/v1/salesOrder')
      .query(true)
      .replyWithError('getaddrinfo ENOTFOUND 1234567-sb1.suitetalk.api.netsuite.com');
    expect(await netsuite.check(context())).toMatchObject({
      ok: false,
      code: 'NETSUITE_ACCOUNT_UNREACHABLE',
    });
  });
});
