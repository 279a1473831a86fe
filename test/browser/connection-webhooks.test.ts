import { beforeAll, describe, expect, it } from 'vitest';
import sandboxShop from '../../connectors/sandbox-shop';
import { createApiKey } from '../../src/http/auth';
import { defineSource } from '../../src/sdk';
import { ADMIN_KEY, startTestHub, type TestHub } from '../helpers/hub';
import { checkAccessibility } from './a11y';
import { consoleLogin, launchBrowser, consoleSuiteTeardown, type Browser } from './browser';

// A test-only channel whose subscriptions live in a map the test can empty behind the hub's back, as a
// channel does after failed deliveries; its webhooks are the sandbox shop's, signed.
const TOPICS = ['orders/create', 'orders/updated'];
const subscriptions = new Map<string, string>();
let refuse = false;
const hookedShop = defineSource<{ webhookSecret?: string }>({
  ...sandboxShop,
  meta: { ...sandboxShop.meta, id: 'test-hooked-shop', displayName: 'Hooked test shop' },
  webhookSubscriptions: {
    async ensure(_ctx, callbackUrl) {
      if (refuse) throw new Error('the channel is down');
      const created = TOPICS.filter((topic) => subscriptions.get(topic) !== callbackUrl);
      for (const topic of created) subscriptions.set(topic, callbackUrl);
      return { created, ok: TOPICS.filter((topic) => !created.includes(topic)) };
    },
  },
});

let t: TestHub;
let browser: Browser;
let base = '';
let shopId = '';

beforeAll(async () => {
  t = await startTestHub({}, { ORDERHUB_PUBLIC_URL: 'https://hub.example.com' });
  t.hub.registry.add(hookedShop);
  shopId = (
    await t.hub.connections.create({
      connector: 'test-hooked-shop',
      name: 'Hooked shop',
      config: { webhookSecret: 'hooked-shop-secret' },
    })
  ).id;
  base = await t.listen();
  browser = await launchBrowser();
}, 60_000);

consoleSuiteTeardown(() => ({ browser, hub: t }));

describe('webhook subscriptions in the console', () => {
  it('shows where webhooks go, restores dropped subscriptions on demand, and reports a failed check', async () => {
    const { page } = browser;
    await consoleLogin(page, base, ADMIN_KEY);
    await page.getByRole('link', { name: 'Connections' }).click();
    await page.getByRole('link', { name: 'Webhooks of Hooked shop' }).click();
    await page.getByRole('heading', { name: 'Webhooks of Hooked shop' }).waitFor();
    const traffic = page.locator('#webhook-traffic');
    await traffic.getByText(`https://hub.example.com/v1/webhooks/${shopId}`).waitFor();
    await page.getByText('Not checked yet').waitFor();

    subscriptions.set('orders/create', `https://hub.example.com/v1/webhooks/${shopId}`);
    await page.getByRole('button', { name: 'Check subscriptions now' }).click();
    const topics = page.locator('#webhook-topics');
    await topics.getByRole('row', { name: /orders\/updated.*restored.*1×/ }).waitFor();
    await topics.getByRole('row', { name: /orders\/create.*active.*never/ }).waitFor();
    expect(subscriptions.get('orders/updated')).toBe(`https://hub.example.com/v1/webhooks/${shopId}`);
    await checkAccessibility(page, 'connection webhooks');
    await browser.shot('30-connection-webhooks');

    refuse = true;
    await page.getByRole('button', { name: 'Check subscriptions now' }).click();
    await page
      .getByRole('alert')
      .getByText(/The last check failed \(CONNECTOR_BUG\)/)
      .waitFor();
    // The topics of the last good check stay readable while the channel is down.
    await topics.getByRole('row', { name: /orders\/updated/ }).waitFor();
    refuse = false;
  });

  it('lets a viewer read the state but not ask the channel', async () => {
    const { page } = browser;
    await consoleLogin(page, base, (await createApiKey(t.hub, 'reader', 'viewer')).key);
    await page.goto(`${base}/console/#/connections/${shopId}/webhooks`);
    await page.getByRole('heading', { name: 'Webhooks of Hooked shop' }).waitFor();
    await page.locator('#webhook-topics').waitFor();
    expect(await page.getByRole('button', { name: 'Check subscriptions now' }).count()).toBe(0);
  });
});
