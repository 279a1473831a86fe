import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/http/auth';
import { ADMIN_KEY, startTestHub, type TestHub } from '../helpers/hub';

// The console's server side without a browser: the session cookie, its CSRF header, and the static files.
let t: TestHub;

beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => t.close());

async function login(key: string) {
  const res = await t.app.inject({ method: 'POST', url: '/v1/session', payload: { key } });
  const cookie = String(res.headers['set-cookie'] ?? '').split(';')[0] ?? '';
  return { res, cookie, csrf: res.statusCode === 200 ? String(res.json().csrf) : '' };
}

describe('console session', () => {
  it('exchanges an API key for an HttpOnly, SameSite=Strict cookie that reads the API', async () => {
    const { res, cookie } = await login(ADMIN_KEY);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ role: 'admin', name: 'ORDERHUB_ADMIN_KEY' });
    expect(String(res.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict; Max-Age=\d+/);
    const status = await t.app.inject({ method: 'GET', url: '/v1/status', headers: { cookie } });
    expect(status.statusCode).toBe(200);
  });

  it('refuses unknown keys, and intake keys at the console', async () => {
    expect((await login('nope')).res.statusCode).toBe(401);
    const intake = await createApiKey(t.hub, 'form', 'intake');
    expect((await login(intake.key)).res.json().error.code).toBe('API_FORBIDDEN');
  });

  it('needs the CSRF header on state-changing requests made with the cookie', async () => {
    const { cookie, csrf } = await login(ADMIN_KEY);
    const body = { connector: 'sandbox-shop', name: 'Shop', config: {} };
    const without = await t.app.inject({
      method: 'POST',
      url: '/v1/connections',
      headers: { cookie },
      payload: body,
    });
    expect(without.statusCode).toBe(403);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/v1/connections',
      headers: { cookie, 'x-orderhub-csrf': 'x'.repeat(csrf.length) },
      payload: body,
    });
    expect(wrong.statusCode).toBe(403);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/v1/connections',
      headers: { cookie, 'x-orderhub-csrf': csrf },
      payload: body,
    });
    expect(ok.statusCode).toBe(201);
  });

  it('logs out: the session id stops working', async () => {
    const { cookie, csrf } = await login(ADMIN_KEY);
    const out = await t.app.inject({
      method: 'DELETE',
      url: '/v1/session',
      headers: { cookie, 'x-orderhub-csrf': csrf },
    });
    expect(out.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/v1/status', headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('serves only allow-listed console files, with a strict CSP', async () => {
    const index = await t.app.inject({ method: 'GET', url: '/console/' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toContain('text/html');
    expect(index.headers['content-security-policy']).toContain("default-src 'self'");
    expect(index.body).not.toMatch(/<script(?![^>]*\bsrc=)/);
    const js = await t.app.inject({ method: 'GET', url: '/console/app.js' });
    expect(js.headers['content-type']).toContain('text/javascript');
    for (const url of ['/console/../package.json', '/console/%2e%2e/package.json', '/console/nope.js'])
      expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(404);
  });

  it('answers orders per hour and search by SKU from store queries', async () => {
    const perHour = await t.app.inject({
      method: 'GET',
      url: '/v1/insights/orders-per-hour?hours=6',
      headers: t.auth,
    });
    expect(perHour.json()).toMatchObject({ series: [] });
    expect(perHour.json()).not.toHaveProperty('capped');
    expect(perHour.json().hours).toHaveLength(6);
    const search = await t.app.inject({
      method: 'GET',
      url: '/v1/insights/orders/search?q=CAP-NVY',
      headers: t.auth,
    });
    expect(search.json()).toEqual({ items: [] });
  });
});
