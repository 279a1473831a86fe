import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startTestHub, waitFor, type TestHub } from '../helpers/hub';
import { launchBrowser, type Browser } from './browser';
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

async function create(connector: string, name: string, config: Record<string, unknown>): Promise<string> {
  const res = await api('POST', '/v1/connections', { connector, name, config });
  return String(res.id);
}

beforeAll(async () => {
  ledgerDir = mkdtempSync(join(tmpdir(), 'orderhub-console-3pl-'));
  t = await startTestHub();
  t.hub.registry.add(flakySource);
  ids.shop = await create('sandbox-shop', 'Sandbox shop', {
    webhookSecret: WEBHOOK_SECRET,
    ordersPerMinute: 0,
  });
  ids.warehouse = await create('sandbox-3pl', 'Sandbox warehouse', { directory: ledgerDir });
  ids.flaky = await create('test-flaky-shop', 'Flaky shop', {});
  t.startWorkers();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  expect(await pushOrders(base, ids.shop, [sandboxOrder('US-GOOD0001', '91000001')])).toBeLessThan(300);
  expect(
    await pushOrders(base, ids.shop, [sandboxOrder('US-BAD00002', '91000002', 'awaiting_review')]),
  ).toBeLessThan(300);
  browser = await launchBrowser();
}, 60_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail')
    await browser.shot(`failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  if (ledgerDir) rmSync(ledgerDir, { recursive: true, force: true });
});

describe('operations console in Chromium', () => {
  it('logs in with an API key and shows every connection on the overview', async () => {
    const { page } = browser;
    await page.goto(`${base}/console/`);
    await page.getByLabel('API key').waitFor();
    await browser.shot('01-login');
    await page.getByLabel('API key').fill('not-a-key');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('The API key is not known').waitFor();
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
    await page.goto(`${base}/console/#/connections`);
    await browser.shot('05-connections');
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
  });

  it('fixes a quarantined payload, replays it and sees the order delivered', async () => {
    const { page } = browser;
    await page.goto(`${base}/console/#/exceptions`);
    const group = page.locator('section[data-kind="quarantined"]');
    await group.getByText('MAPPING_UNKNOWN_VALUE').waitFor();
    await browser.shot('07-exceptions');
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
    await page.getByLabel(/Rule set/).fill(JSON.stringify(rules, null, 2));
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.locator('#dry-run-result').getByText('US-GOOD0001').waitFor();
    await page.getByLabel('Note (why; kept with the version)').fill('one warehouse for everything');
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await page.getByText('Saved as version 1.').waitFor();
    const active = await api('GET', '/v1/routes');
    expect(active).toMatchObject({ version: 1, note: 'one warehouse for everything', ruleSet: rules });
    await browser.shot('09-routing');
  });

  it('shows reconciliation runs', async () => {
    const { page } = browser;
    await page.goto(`${base}/console/#/reconciliation`);
    await page.getByRole('heading', { name: 'Reconciliation' }).waitFor();
    await browser.shot('10-reconciliation');
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
    await page.unroute('**/v1/status');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.locator('#banner').waitFor({ state: 'hidden' });
  });

  it('switches to Chinese and remembers the choice', async () => {
    const { page } = browser;
    await page.getByLabel('Language').selectOption('zh');
    await page.getByRole('heading', { name: '概览' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.reload();
    await page.getByRole('link', { name: '异常' }).waitFor();
    await browser.shot('12-overview-zh');
    await page.getByRole('link', { name: '异常' }).click();
    await page.getByRole('heading', { name: '异常' }).waitFor();
    await browser.shot('13-exceptions-zh');
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('API key').waitFor();
  });
});
