import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, type TestHub } from '../helpers/hub';
import { checkAccessibility } from './a11y';
import { consoleLogin, launchBrowser, consoleSuiteTeardown, type Browser } from './browser';
import { pushOrders, sandboxOrder, startShopHub, type ShopHub } from './fixtures';

// A real store outage: another process's connection (a backup, a sqlite3 shell left in a transaction) holds
// SQLite's write lock. Reads go on in WAL mode; every write waits for the busy timeout and fails.
let t: TestHub;
let browser: Browser;
let base = '';
let env: ShopHub;
const ids = { shop: '', warehouse: '' };

beforeAll(async () => {
  env = await startShopHub();
  ({ t, base } = env);
  Object.assign(ids, { shop: env.shop, warehouse: env.warehouse });
  expect(await pushOrders(base, ids.shop, [sandboxOrder('US-LOCK0001', '93000001')])).toBe(200);
  await env.waitForDelivered(1);
  browser = await launchBrowser();
}, 60_000);

consoleSuiteTeardown(() => ({ browser, hub: t, dirs: [env.ledgerDir] }));

describe('the console while the store refuses writes', () => {
  it('says so, keeps reading, refuses saves with a clear message, loses no order, and recovers', async () => {
    const { page } = browser;
    await consoleLogin(page, base, ADMIN_KEY);
    await page.locator(`tr[data-connection="${ids.shop}"]`).waitFor();

    const locker = new Database(join(t.config.dataDir, 'orderhub.db'));
    locker.prepare('BEGIN IMMEDIATE').run();
    try {
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ store: 'down', redis: 'ok' });

      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.locator('#store-down').getByText('is not accepting writes').waitFor();
      await page.locator(`tr[data-connection="${ids.shop}"]`).waitFor();
      await browser.shot('31-store-locked');
      await checkAccessibility(page, 'overview while the store refuses writes');

      // The channel is told to send again: nothing was stored, so nothing is half-done.
      expect(await pushOrders(base, ids.shop, [sandboxOrder('US-LOCK0002', '93000002')])).toBe(503);

      await page.goto(`${base}/console/#/connections/${ids.warehouse}`);
      await page.getByRole('heading', { name: 'Edit Warehouse' }).waitFor();
      await page.getByRole('button', { name: 'Save' }).click();
      await page
        .getByRole('status')
        .getByText('A backing service (store or Redis) is unavailable.')
        .waitFor({ timeout: 20_000 });
      await browser.shot('32-store-locked-save');
    } finally {
      locker.prepare('ROLLBACK').run();
      locker.close();
    }

    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    await page.goto(`${base}/console/#/overview`);
    await page.locator(`tr[data-connection="${ids.shop}"]`).waitFor();
    expect(await page.locator('#store-down').count()).toBe(0);

    // The channel's retry arrives once the store is back, and every order reaches the warehouse once.
    expect(await pushOrders(base, ids.shop, [sandboxOrder('US-LOCK0002', '93000002')])).toBe(200);
    expect(await env.waitForDelivered(2)).toEqual(['US-LOCK0001', 'US-LOCK0002']);
  }, 90_000);
});
