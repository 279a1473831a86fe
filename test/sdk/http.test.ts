import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { classifyStatus, createHttpClient, parseRetryAfter } from '../../src/sdk/http';
import { checkOutboundUrl, isPrivateAddress } from '../../src/sdk/net-guard';
import { ConnectorError } from '../../src/sdk/errors';

describe('SSRF guard', () => {
  it('knows private, loopback, link-local and mapped addresses', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
    ]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['8.8.8.8', '23.227.38.65', '2606:4700::1111'])
      expect(isPrivateAddress(a), a).toBe(false);
  });

  it('refuses private literal hosts and non-http schemes unless private URLs are allowed', () => {
    expect(() => checkOutboundUrl('http://127.0.0.1:8080/x', false)).toThrow(/refused/);
    expect(() => checkOutboundUrl('http://[::1]/x', false)).toThrow(/refused/);
    expect(() => checkOutboundUrl('http://localhost/x', false)).toThrow(/refused/);
    expect(() => checkOutboundUrl('file:///etc/passwd', true)).toThrow(/refused/);
    expect(checkOutboundUrl('http://127.0.0.1:8080/x', true).port).toBe('8080');
  });

  it('classifies a refused URL as a config failure with a remedy, without sending anything', async () => {
    const http = createHttpClient({ allowPrivate: false });
    const error = await http
      .request({ url: 'http://169.254.169.254/latest/meta-data' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ kind: 'config', code: 'HTTP_URL_FORBIDDEN' });
  });
});

describe('HTTP client classification', () => {
  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(
      parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')),
    ).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('maps statuses to failure kinds', () => {
    const kind = (s: number, h: Record<string, string> = {}) => classifyStatus(s, h, 'GET x', 'T').kind;
    expect(kind(429)).toBe('rate_limited');
    expect(classifyStatus(429, { 'retry-after': '7' }, 'GET x', 'T').retryAfterMs).toBe(7000);
    expect([kind(401), kind(403)]).toEqual(['auth', 'auth']);
    expect([kind(500), kind(502), kind(503), kind(408)]).toEqual([
      'transient',
      'transient',
      'transient',
      'transient',
    ]);
    expect(kind(409)).toBe('conflict');
    expect([kind(400), kind(422)]).toEqual(['rejected', 'rejected']);
    expect(kind(404)).toBe('config');
    expect(classifyStatus(500, {}, 'GET x', 'SHOP').code).toBe('SHOP_HTTP_500');
  });

  it('returns JSON for 2xx and okStatuses, throws classified errors otherwise, and times out as transient', async () => {
    const http = createHttpClient({ allowPrivate: true, timeoutMs: 200 });
    nock('https://api.example.com')
      .get('/a')
      .reply(200, { ok: 1 })
      .get('/b')
      .reply(404, { e: 1 })
      .get('/c')
      .reply(503, 'down')
      .get('/d')
      .delay(1000)
      .reply(200, {});
    expect((await http.request({ url: 'https://api.example.com/a' })).data).toEqual({ ok: 1 });
    expect((await http.request({ url: 'https://api.example.com/b', okStatuses: [404] })).status).toBe(404);
    await expect(http.request({ url: 'https://api.example.com/c' })).rejects.toMatchObject({
      kind: 'transient',
      status: 503,
    });
    await expect(http.request({ url: 'https://api.example.com/d' })).rejects.toMatchObject({
      kind: 'transient',
      code: 'HTTP_TIMEOUT',
    });
  });

  it('never puts query strings or bodies in error messages', async () => {
    const http = createHttpClient({ allowPrivate: true });
    nock('https://api.example.com').post('/orders').query(true).reply(400, { echo: 'bob@example.com' });
    const error = await http
      .request({
        method: 'POST',
        url: 'https://api.example.com/orders?token=s3cret',
        body: { email: 'bob@example.com' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(String((error as Error).message)).toBe('POST api.example.com/orders answered 400');
  });
});

describe('request bodies', () => {
  it('labels an object body as JSON, and leaves raw bodies and explicit content types alone', async () => {
    const http = createHttpClient({ allowPrivate: true, timeoutMs: 2_000 });
    nock('https://api.example.com')
      .post('/json', { a: 1 })
      .matchHeader('content-type', 'application/json')
      .reply(200, {})
      .post('/form', 'a=1')
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .reply(200, {})
      .post('/xml', '<a/>')
      .matchHeader('content-type', 'text/xml')
      .reply(200, {});
    await http.request({ method: 'POST', url: 'https://api.example.com/json', body: { a: 1 } });
    await http.request({
      method: 'POST',
      url: 'https://api.example.com/form',
      body: 'a=1',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    await http.request({
      method: 'POST',
      url: 'https://api.example.com/xml',
      body: '<a/>',
      headers: { 'content-type': 'text/xml' },
    });
    expect(nock.isDone()).toBe(true);
  });
});
