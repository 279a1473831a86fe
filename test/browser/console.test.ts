import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startTestHub, waitFor, type TestHub } from '../helpers/hub';
import { checkAccessibility } from './a11y';
import { launchBrowser, consoleSuiteTeardown, type Browser } from './browser';
import { flakySource, pushOrders, sandboxOrder, WEBHOOK_SECRET } from './fixtures';

// The console end to end: a real hub (SQLite, Redis, workers) on a loopback port, driven by headless Chromium.
// One page walks through the scenarios in order; each step saves a screenshot as a test artifact.
let t: TestHub;
let browser: Browser;
let base = '';
let ledgerDir = '';
const ids = { shop: '', warehouse: '', flaky: '' };

async function api(method: string, url: string, payload?: unknown) {
  const res = await t.app.inject({
    method: method as 'GET',
    url,
    headers: t.auth,
    ...(payload ? { payload } : {}),
  });
  return res.json() as Record<string, unknown> & { items?: Record<string, unknown>[] };
}

beforeAll(async () => {
  ledgerDir = mkdtempSync(join(tmpdir(), 'orderhub-console-3pl-'));
  t = await startTestHub();
  t.hub.registry.add(flakySource);
  ids.shop = await t.connect(
    'sandbox-shop',
    { webhookSecret: WEBHOOK_SECRET, ordersPerMinute: 0 },
    'Sandbox shop',
  );
  ids.warehouse = await t.connect('sandbox-3pl', { directory: ledgerDir }, 'Sandbox warehouse');
  ids.flaky = await t.connect('test-flaky-shop', {}, 'Flaky shop');
  t.startWorkers();
  base = await t.listen();
  expect(await pushOrders(base, ids.shop, [sandboxOrder('US-GOOD0001', '91000001')])).toBeLessThan(300);
  expect(
    await pushOrders(base, ids.shop, [sandboxOrder('US-BAD00002', '91000002', 'awaiting_review')]),
  ).toBeLessThan(300);
  browser = await launchBrowser();
}, 60_000);

consoleSuiteTeardown(() => ({ browser, hub: t, dirs: [ledgerDir] }));

interface Focused {
  tag: string;
  name: string;
  href: string;
  outline: string;
  inView: boolean;
}

// Runs in the page (as text: the project's TypeScript has no DOM library).
const FOCUSED = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const label = el.labels && el.labels[0] ? el.labels[0].textContent : '';
  const r = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    name: (el.getAttribute('aria-label') || label || el.textContent || '').trim(),
    href: el.getAttribute('href') || '',
    outline: getComputedStyle(el).outlineStyle,
    inView: r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth,
  };
})()`;

/** What has the keyboard focus: its tag, accessible-ish name, link target, focus ring and visibility. */
async function focused(page: Page): Promise<Focused | null> {
  return page.evaluate<Focused | null>(FOCUSED);
}

/**
 * Presses Tab, as a keyboard user scanning the page would, until the focus is on what `want` accepts; that
 * element must show a focus ring and be scrolled into view.
 */
async function tabTo(page: Page, want: (f: Focused) => boolean, what: string, max = 120): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f && want(f)) {
      expect(f.outline, `focus ring on ${what}`).not.toBe('none');
      expect(f.inView, `${what} scrolled into view`).toBe(true);
      return;
    }
  }
  throw new Error(`${max} presses of Tab never reached ${what}`);
}

const link = (name: string) => (f: Focused) => f.tag === 'a' && f.name === name;

describe('operations console in Chromium', () => {
  it('logs in with an API key and shows every connection on the overview', async () => {
    const { page } = browser;
    await page.goto(`${base}/console/`);
    await page.getByLabel('API key').waitFor();
    await browser.shot('01-login');
    await checkAccessibility(page, 'login');
    await page.getByLabel('API key').fill('not-a-key');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('The API key is not known').waitFor();
    await checkAccessibility(page, 'login with an error');
    await page.getByLabel('API key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    for (const id of Object.values(ids)) await page.locator(`tr[data-connection="${id}"]`).waitFor();
    await page.getByText('Orders per hour per channel').waitFor();
    await page.locator('svg.chart polyline').first().waitFor({ state: 'attached' });
    const cookies = await browser.context.cookies();
    expect(cookies.find((c) => c.name === 'orderhub_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });
    await browser.shot('02-overview');
    await checkAccessibility(page, 'overview');
  });

  it('shows a connection going unhealthy when its channel fails, with the remedy', async () => {
    const { page } = browser;
    await page.goto(`${base}/console/#/connections`);
    await page.locator(`button[data-sync="${ids.flaky}"]`).click();
    await page.getByText('A pull was queued.').waitFor();
    await waitFor(
      async () => (await api('GET', `/v1/connections/${ids.flaky}`)).health,
      15_000,
      'first pull',
    );
    await waitFor(
      async () => {
        const c = await api('GET', `/v1/connections/${ids.flaky}`);
        return (c.health as { state: string }).state === 'ok';
      },
      15_000,
      'flaky shop healthy',
    );
    // Turn the failure on through the console's edit form (generated from the connector's config schema).
    await page.goto(`${base}/console/#/connections/${ids.flaky}`);
    await page.getByLabel('fail').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    await browser.shot('03-connection-edit');
    await checkAccessibility(page, 'connection edit form');
    await page.goto(`${base}/console/#/connections`);
    await page.locator(`button[data-sync="${ids.flaky}"]`).click();
    await waitFor(
      async () => {
        const c = await api('GET', `/v1/connections/${ids.flaky}`);
        return (c.health as { state: string }).state === 'error';
      },
      15_000,
      'flaky shop unhealthy',
    );
    await page.goto(`${base}/console/#/overview`);
    const row = page.locator(`tr[data-connection="${ids.flaky}"]`);
    await row.getByText('unhealthy').waitFor();
    await row.getByText('Reconnect the flaky shop: issue a new access token.').waitFor();
    expect(await row.getAttribute('data-health')).toBe('error');
    await browser.shot('04-overview-unhealthy');
    await checkAccessibility(page, 'overview with an unhealthy connection');
    await page.goto(`${base}/console/#/connections`);
    await browser.shot('05-connections');
    await checkAccessibility(page, 'connections');
  });

  it('finds an order and reads its timeline from payload to delivery', async () => {
    const { page } = browser;
    await waitFor(
      async () => {
        const d = await api('GET', `/v1/deliveries?destinationId=${ids.warehouse}&state=delivered`);
        return (d.items?.length ?? 0) >= 1;
      },
      20_000,
      'good order delivered',
    );
    await page.goto(`${base}/console/#/orders`);
    await page.getByLabel('Order number, external id, customer e-mail or SKU').fill('us-good0001');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'US-GOOD0001' }).click();
    await page.getByRole('heading', { name: 'Order US-GOOD0001' }).waitFor();
    const timeline = page.locator('#timeline');
    await timeline.getByText('Received from the channel').waitFor();
    await timeline.getByText('Normalized as hub revision 1').waitFor();
    await timeline.getByText('Routing decision for revision 1').waitFor();
    await timeline.getByText(/Delivery to .*, attempt 1: delivered/).waitFor();
    await page.getByRole('button', { name: 'Show the raw payload' }).click();
    await timeline.getByText('"US-GOOD0001"').first().waitFor();
    await browser.shot('06-order-timeline');
    await checkAccessibility(page, 'order timeline');
  });

  it('fixes a quarantined payload, replays it and sees the order delivered', async () => {
    const { page } = browser;
    await page.goto(`${base}/console/#/exceptions`);
    const group = page.locator('section[data-kind="quarantined"]');
    await group.getByText('MAPPING_UNKNOWN_VALUE').waitFor();
    await browser.shot('07-exceptions');
    await checkAccessibility(page, 'exceptions');
    await group.getByText('Edit the payload and replay').first().click();
    const editor = group.locator('textarea').first();
    const fixed = (await editor.inputValue()).replace('"awaiting_review"', '"paid"');
    await editor.fill(fixed);
    await group.getByRole('button', { name: 'Replay with this payload' }).first().click();
    await page.getByText(/Replayed/).waitFor();
    await waitFor(
      async () => {
        const o = await api('GET', '/v1/orders?orderNumber=US-BAD00002');
        const id = o.items?.[0]?.id;
        if (!id) return false;
        const d = await api('GET', `/v1/deliveries?orderId=${String(id)}&state=delivered`);
        return (d.items?.length ?? 0) >= 1;
      },
      20_000,
      'replayed order delivered',
    );
    await page.goto(`${base}/console/#/orders?q=US-BAD00002`);
    await page.getByRole('link', { name: 'US-BAD00002' }).click();
    await page
      .locator('#timeline')
      .getByText(/attempt 1: delivered/)
      .waitFor();
    await page.goto(`${base}/console/#/exceptions`);
    await page.locator('#no-exceptions').waitFor();
    await browser.shot('08-exceptions-after-replay');
  });

  it('edits a routing rule, dry-runs it against recent orders and saves it', async () => {
    const { page } = browser;
    await page.goto(`${base}/console/#/routing`);
    await page.getByRole('heading', { name: 'Routing and holds' }).waitFor();
    const rules = {
      mode: 'first-match',
      rules: [{ id: 'everything-to-the-warehouse', always: true, then: { destinations: [ids.warehouse] } }],
      noMatch: { action: 'hold' },
    };
    // The form is the default view; the JSON view takes a whole rule set pasted in.
    await page.getByRole('tab', { name: 'JSON (advanced)' }).click();
    await page.getByLabel(/Rule set/).fill(JSON.stringify(rules, null, 2));
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.locator('#dry-run-result').getByText('US-GOOD0001').waitFor();
    await page.getByLabel('Note (why; kept with the version)').fill('one warehouse for everything');
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await page.getByText('Saved as version 1.').waitFor();
    const active = await api('GET', '/v1/routes');
    expect(active).toMatchObject({ version: 1, note: 'one warehouse for everything', ruleSet: rules });
    await browser.shot('09-routing');
    await checkAccessibility(page, 'routing and holds');
  });

  it('shows reconciliation runs', async () => {
    const { page } = browser;
    await page.goto(`${base}/console/#/reconciliation`);
    await page.getByRole('heading', { name: 'Reconciliation' }).waitFor();
    await browser.shot('10-reconciliation');
    await checkAccessibility(page, 'reconciliation');
    // Tablet portrait: the same pages reflow (tables scroll sideways, the header wraps).
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.goto(`${base}/console/#/overview`);
    await page.locator(`tr[data-connection="${ids.shop}"]`).waitFor();
    await browser.shot('10b-overview-tablet');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('keeps the last data and shows a banner when the hub answers 503', async () => {
    const { page } = browser;
    await page.goto(`${base}/console/#/overview`);
    await page.locator(`tr[data-connection="${ids.shop}"]`).waitFor();
    await page.route('**/v1/status', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'API_UNAVAILABLE', message: 'Redis is unavailable' } }),
      }),
    );
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.locator('#banner').getByText('a backing service (store or Redis) is unavailable').waitFor();
    await page.locator(`tr[data-connection="${ids.shop}"]`).waitFor();
    await browser.shot('11-degraded');
    await checkAccessibility(page, 'overview with the outage banner');
    await page.unroute('**/v1/status');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.locator('#banner').waitFor({ state: 'hidden' });
  });

  it('shows the banner while Redis is really down for the hub, and recovers when it is back', async () => {
    const { page } = browser;
    await page.goto(`${base}/console/#/overview`);
    await page.locator(`tr[data-connection="${ids.shop}"]`).waitFor();
    // A real outage of the hub's Redis connection, not a mocked answer: every request's session check and
    // queue read now fails with "Connection is closed.", which the API answers as 503 API_UNAVAILABLE.
    // Workers share that connection, so they stop first (a job cut off mid-way is not what this test is about);
    // ioredis does not reconnect after disconnect() until connect() is called, so the outage lasts exactly
    // as long as the test wants. A store outage has its own test (store-outage.test.ts).
    await t.stopWorkers();
    t.hub.redis.disconnect();
    try {
      // A bearer key needs no Redis, and status then reports the queues as unavailable; the console's
      // session lives in Redis, so with the cookie the same call is a 503.
      const bearer = await fetch(`${base}/v1/status`, { headers: t.auth });
      expect(await bearer.json()).toMatchObject({ queues: { error: expect.stringMatching(/Redis/) } });
      const withCookie = await page.request.get(`${base}/v1/status`);
      expect(withCookie.status()).toBe(503);
      expect(await withCookie.json()).toMatchObject({ error: { code: 'API_UNAVAILABLE' } });
      await page.getByRole('button', { name: 'Refresh' }).click();
      const banner = page.locator('#banner');
      await banner.getByText('a backing service (store or Redis) is unavailable').waitFor();
      await banner.getByText('Redis is unavailable').waitFor();
      await banner.getByText('Showing the last data received').waitFor();
      await page.locator(`tr[data-connection="${ids.shop}"]`).waitFor();
      await browser.shot('11b-degraded-redis-down');
      await checkAccessibility(page, 'overview while Redis is down');
    } finally {
      await t.hub.redis.connect();
    }
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.locator('#banner').waitFor({ state: 'hidden' });
    await page.locator(`tr[data-connection="${ids.shop}"]`).waitFor();
    await browser.shot('11c-recovered');
  });

  it('switches to Chinese and remembers the choice', async () => {
    const { page } = browser;
    await page.getByLabel('Language').selectOption('zh');
    await page.getByRole('heading', { name: '概览' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.reload();
    await page.getByRole('link', { name: '异常' }).waitFor();
    await browser.shot('12-overview-zh');
    await checkAccessibility(page, 'overview in Chinese');
    await page.getByRole('link', { name: '异常' }).click();
    await page.getByRole('heading', { name: '异常' }).waitFor();
    await browser.shot('13-exceptions-zh');
    await checkAccessibility(page, 'exceptions in Chinese');
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('API key').waitFor();
  });

  it('works with the keyboard alone on a tablet (768×1024)', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 768, height: 1024 });
    await browser.context.clearCookies();
    await page.goto(`${base}/console/`);
    await page.getByLabel('API key').waitFor();
    // The key field has the focus on arrival: type and press Enter.
    expect(await focused(page)).toMatchObject({ tag: 'input', name: 'API key' });
    await page.keyboard.type(ADMIN_KEY);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await browser.shot('16-tablet-keyboard-overview');
    const pages: [string, string][] = [
      ['Orders', 'Orders'],
      ['Exceptions', 'Exceptions'],
      ['Connections', 'Connections'],
      ['Routing and holds', 'Routing and holds'],
      ['Reconciliation', 'Reconciliation'],
      ['Overview', 'Overview'],
    ];
    for (const [i, [nav, heading]] of pages.entries()) {
      await tabTo(page, link(nav), `the ${nav} link`);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      await page.getByText('Loading…').waitFor({ state: 'hidden' });
      await browser.shot(`16-tablet-keyboard-${i + 1}-${nav.toLowerCase().replace(/\W+/g, '-')}`);
      await checkAccessibility(page, `${nav} at 768×1024`);
    }
    // The skip link moves the focus to the content and stays on the page (it is not a route).
    await page.goto(`${base}/console/#/orders`);
    await page.getByRole('heading', { name: 'Orders', exact: true }).waitFor();
    await tabTo(page, link('Skip to content'), 'the skip link');
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('main');
    expect(new URL(page.url()).hash).toBe('#/orders');
    // Search an order and open its timeline.
    await tabTo(page, (f) => f.tag === 'input' && f.name.startsWith('Order number'), 'the search field');
    await page.keyboard.type('US-GOOD0001');
    await page.keyboard.press('Enter');
    await tabTo(page, link('US-GOOD0001'), 'the order in the results');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Order US-GOOD0001' }).waitFor();
    await browser.shot('17-tablet-keyboard-order');
    // Open a connection's form.
    await tabTo(page, link('Connections'), 'the Connections link');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Connections', exact: true }).waitFor();
    await tabTo(page, link('Edit'), 'the first Edit link');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Save' }).waitFor();
    await browser.shot('18-tablet-keyboard-connection-form');
    await checkAccessibility(page, 'connection form at 768×1024');
    // And the queue dashboard, admins only.
    await tabTo(page, link('Queues (BullMQ)'), 'the Queues link');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/queues\/?$/);
    // At this width bull-board folds its side menu away: each queue shows once, as a card.
    for (const name of ['inbox', 'deliver', 'poll'])
      await page.getByText(name, { exact: true }).first().waitFor();
    await browser.shot('19-tablet-keyboard-queues');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
