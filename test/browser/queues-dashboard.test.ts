import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/http/auth';
import { QUEUES_DASHBOARD_CSP } from '../../src/http/routes/queues-dashboard';
import { ADMIN_KEY, startTestHub, type TestHub } from '../helpers/hub';
import { consoleLogin, launchBrowser, consoleSuiteTeardown, type Browser } from './browser';
import { checkAccessibility } from './a11y';

// The BullMQ dashboard (bull-board) under /console/queues: admins only, read-only, and its page loads
// under its CSP (any violation other than the Google Fonts link it carries fails the test).
let t: TestHub;
let browser: Browser;
let base = '';
let viewerKey = '';
const violations: string[] = [];

beforeAll(async () => {
  t = await startTestHub();
  viewerKey = (await createApiKey(t.hub, 'night shift', 'viewer')).key;
  base = await t.listen();
  browser = await launchBrowser();
  browser.page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text()) && !/fonts\.googleapis\.com/.test(msg.text()))
      violations.push(msg.text());
  });
}, 60_000);

consoleSuiteTeardown(() => ({ browser, hub: t }));

const login = (key: string) => consoleLogin(browser.page, base, key);

describe('queue dashboard', () => {
  it('answers admins only, read-only, with its own CSP', async () => {
    const get = (headers: Record<string, string>) =>
      t.app.inject({ method: 'GET', url: '/console/queues/api/queues', headers });
    expect((await get({})).statusCode).toBe(401);
    expect((await get({ authorization: `Bearer ${viewerKey}` })).json()).toMatchObject({
      error: { code: 'API_FORBIDDEN' },
    });
    const ok = await get({ authorization: `Bearer ${ADMIN_KEY}` });
    expect(ok.statusCode).toBe(200);
    const names = (ok.json() as { queues: { name: string; readOnlyMode: boolean }[] }).queues;
    expect(names.map((q) => q.name).sort()).toEqual(['deliver', 'inbox', 'poll']);
    expect(names.every((q) => q.readOnlyMode)).toBe(true);
    const page = await t.app.inject({ method: 'GET', url: '/console/queues', headers: t.auth });
    expect(page.headers['content-security-policy']).toBe(QUEUES_DASHBOARD_CSP);
    // The console's own files keep the strict CSP.
    const index = await t.app.inject({ method: 'GET', url: '/console/' });
    expect(index.headers['content-security-policy']).toContain("style-src 'self';");
    const pause = await t.app.inject({
      method: 'PUT',
      url: '/console/queues/api/queues/inbox/pause',
      headers: t.auth,
    });
    expect(pause.statusCode).toBe(405);
    expect(await t.hub.queues.inbox.isPaused()).toBe(false);
    const doc = (await t.app.inject('/docs/json')).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/console'))).toEqual([]);
  });

  it('opens from the console nav for an admin and shows the three queues', async () => {
    const { page } = browser;
    await login(ADMIN_KEY);
    await page.getByRole('link', { name: 'Queues (BullMQ)' }).click();
    await page.waitForURL(/\/console\/queues\/?$/);
    // Each queue appears twice once the board has loaded: in the side menu and as a card with its counts.
    for (const name of ['inbox', 'deliver', 'poll'])
      await page.getByText(name, { exact: true }).nth(1).waitFor();
    await browser.shot('14-queues-dashboard');
    expect(violations).toEqual([]);
  });

  it('is 403 for a viewer, whose nav has no link to it', async () => {
    const { page } = browser;
    await login(viewerKey);
    expect(await page.getByRole('link', { name: 'Queues (BullMQ)' }).count()).toBe(0);
    await checkAccessibility(page, 'overview as viewer');
    const res = await page.goto(`${base}/console/queues/`);
    expect(res?.status()).toBe(403);
    await browser.shot('15-queues-dashboard-viewer-403');
  });
});
