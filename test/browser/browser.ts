import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach } from 'vitest';

/** Debian's Chromium; CI installs it (`.ci/run`). */
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts/console');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium from Debian's package with a fresh profile. A missing browser fails the suite
 * loudly instead of skipping it: a skipped browser test proves nothing.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y --no-install-recommends chromium) to run the console browser tests.`,
    );
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'orderhub-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // Fail a step within the test's own timeout, with the locator in the message.
  page.setDefaultTimeout(8_000);
  return {
    context,
    page,
    async shot(name) {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Logs in to the console at `base` with an API key, signing out first when a session is open. */
export async function consoleLogin(page: Page, base: string, key: string): Promise<void> {
  await page.goto(`${base}/console/`);
  await page.locator('#login-key, #logout').first().waitFor();
  if (await page.locator('#logout').count()) await page.locator('#logout').click();
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
}

/**
 * Registers a browser suite's teardown: a screenshot of the page when a test fails (`failed-<test name>.png`),
 * then, after the suite, the browser and the hub closed and the scratch folders removed.
 */
export function consoleSuiteTeardown(
  parts: () => { browser?: Browser; hub?: { close(): Promise<void> }; dirs?: string[] },
): void {
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      await parts().browser?.shot(`failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  afterAll(async () => {
    const { browser, hub, dirs = [] } = parts();
    await browser?.close();
    await hub?.close();
    for (const dir of dirs) if (dir) rmSync(dir, { recursive: true, force: true });
  });
}
