import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Locator } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/http/auth';
import { ADMIN_KEY, startTestHub, waitFor, type TestHub } from '../helpers/hub';
import { checkAccessibility } from './a11y';
import { consoleLogin, launchBrowser, consoleSuiteTeardown, type Browser } from './browser';
import { pushOrders, sandboxOrder, WEBHOOK_SECRET } from './fixtures';

// The Routing page's form editor: a rule built from controls only (no JSON typed), dry-run and saved; the JSON
// view kept in step with it; the hub's 400 shown next to the field it names; viewers see it read-only.
let t: TestHub;
let browser: Browser;
let base = '';
let viewerKey = '';
const dirs: string[] = [];
const ids = { shop: '', east: '', west: '' };

beforeAll(async () => {
  t = await startTestHub();
  const ledger = () => {
    const dir = mkdtempSync(join(tmpdir(), 'orderhub-routing-form-'));
    dirs.push(dir);
    return { directory: dir };
  };
  ids.shop = await t.connect(
    'sandbox-shop',
    { webhookSecret: WEBHOOK_SECRET, ordersPerMinute: 0 },
    'Sandbox shop',
  );
  ids.east = await t.connect('sandbox-3pl', ledger(), 'East warehouse');
  ids.west = await t.connect('sandbox-3pl', ledger(), 'West warehouse');
  viewerKey = (await createApiKey(t.hub, 'routing viewer', 'viewer')).key;
  t.startWorkers();
  base = await t.listen();
  expect(await pushOrders(base, ids.shop, [sandboxOrder('US-FORM0001', '93000001')])).toBeLessThan(300);
  browser = await launchBrowser();
}, 60_000);

consoleSuiteTeardown(() => ({ browser, hub: t, dirs }));

async function activeRules() {
  const res = await t.app.inject({ url: '/v1/routes', headers: t.auth });
  return res.json<{ version: number; note: string | null; ruleSet: unknown }>();
}

/** A POS sale from the fixtures (no shipping address), with its number and id changed. */
function posOrder(number: string, id: string): Record<string, unknown> {
  const path = resolve(import.meta.dirname, '../../fixtures/sandbox-shop/orders/pos-nyc.json');
  return { ...(JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>), number, id };
}

async function storedOrder(number: string): Promise<string> {
  return waitFor(async () => {
    const page = await t.hub.store.listOrders({ orderNumber: number, limit: 1 });
    return page.items[0]?.id;
  });
}

const rule = (n: number): Locator => browser.page.locator('.rule-form li.rule').nth(n);

async function openRouting(): Promise<void> {
  const { page } = browser;
  await page.goto(`${base}/console/#/routing`);
  await page.getByRole('heading', { name: 'Routing and holds' }).waitFor();
  await page.getByRole('tab', { name: 'Form' }).waitFor();
}

describe('routing rules form', () => {
  it('builds a rule with the form alone, dry-runs it, saves it and shows it after a reload', async () => {
    const { page } = browser;
    await consoleLogin(page, base, ADMIN_KEY);
    await openRouting();
    expect(await page.getByRole('tab', { name: 'Form' }).getAttribute('aria-selected')).toBe('true');
    // With nothing saved, the first candidate is today's behaviour: one rule to every destination.
    await expect.poll(() => rule(0).getByLabel('ID', { exact: true }).inputValue()).toBe('everything');
    await rule(0).getByRole('button', { name: 'Remove rule' }).click();
    await page.getByText('No routing rules yet.').waitFor();

    await page.getByRole('button', { name: 'Add rule' }).click();
    const card = rule(0);
    await card.getByLabel('ID', { exact: true }).fill('us-to-east');
    await card.getByRole('heading', { name: 'Rule 1: us-to-east' }).waitFor();
    await card.getByRole('button', { name: 'Add condition' }).click();
    await card.getByLabel('Field').selectOption({ label: 'Ship-to country' });
    await card.getByLabel('Values').fill('US');
    await card
      .getByLabel('Destination to add')
      .first()
      .selectOption({ label: `East warehouse (${ids.east})` });
    await card.getByRole('button', { name: 'Add destination' }).first().click();
    await card.getByText(`East warehouse (${ids.east})`).first().waitFor();

    await page.getByRole('button', { name: 'Dry run' }).click();
    const result = page.locator('#dry-run-result');
    await result.getByText('US-FORM0001').waitFor();
    await expect.poll(() => result.locator('tbody tr').first().textContent()).toContain(ids.east);

    await page.getByLabel('Note (why; kept with the version)').fill('US orders to the east warehouse');
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await page.getByText('Saved as version 1.').waitFor();
    expect(await activeRules()).toMatchObject({
      version: 1,
      note: 'US orders to the east warehouse',
      ruleSet: {
        mode: 'first-match',
        rules: [{ id: 'us-to-east', when: { shipToCountry: ['US'] }, then: { destinations: [ids.east] } }],
        noMatch: { action: 'hold' },
      },
    });

    await page.reload();
    await page.getByRole('tab', { name: 'Form' }).waitFor();
    await expect.poll(() => rule(0).getByLabel('ID', { exact: true }).inputValue()).toBe('us-to-east');
    expect(await rule(0).getByLabel('Field').inputValue()).toBe('shipToCountry');
    expect(await rule(0).getByLabel('Values').inputValue()).toBe('US');
    await rule(0).getByText(`East warehouse (${ids.east})`).first().waitFor();
    await checkAccessibility(page, 'routing form');
    await browser.shot('routing-form');
  });

  it('keeps edits when switching between the form and JSON, and says why JSON cannot be shown', async () => {
    const { page } = browser;
    await openRouting();
    await rule(0).getByLabel('Description (optional)').fill('US orders');
    await rule(0).getByLabel('Always applies (ERP, finance)').check();
    await page.getByRole('tab', { name: 'JSON (advanced)' }).click();
    const json = page.locator('#rules-json');
    const edited = JSON.parse(await json.inputValue()) as { rules: Record<string, unknown>[] };
    expect(edited.rules).toMatchObject([{ id: 'us-to-east', description: 'US orders', always: true }]);
    edited.rules = [{ ...edited.rules[0], id: 'us-orders', then: { destinations: [ids.east, ids.west] } }];
    await json.fill(JSON.stringify(edited, null, 2));

    await page.getByRole('tab', { name: 'Form' }).click();
    await expect.poll(() => rule(0).getByLabel('ID', { exact: true }).inputValue()).toBe('us-orders');
    expect(await rule(0).getByLabel('Description (optional)').inputValue()).toBe('US orders');
    expect(await rule(0).getByLabel('Always applies (ERP, finance)').isChecked()).toBe(true);
    await rule(0).getByText(`West warehouse (${ids.west})`).waitFor();

    // Keyboard: the arrow keys move between the two views.
    await page.getByRole('tab', { name: 'Form' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'JSON (advanced)' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    const valid = await json.inputValue();
    await json.fill('{ "mode": "first-match", ');
    await page.getByRole('tab', { name: 'Form' }).click();
    await page.getByText(/The rule set is not valid JSON/).waitFor();
    expect(await page.getByRole('tab', { name: 'JSON (advanced)' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    const odd = JSON.parse(valid) as { rules: Record<string, unknown>[] };
    odd.rules = [{ ...odd.rules[0], when: { shipToCountry: 'US' } }];
    await json.fill(JSON.stringify(odd));
    await page.getByRole('tab', { name: 'Form' }).click();
    await page.getByText(/The form cannot show this rule set.*\/rules\/0\/when\/shipToCountry/).waitFor();
    await checkAccessibility(page, 'routing JSON view with a problem');
    await json.fill(valid);
    await page.getByRole('tab', { name: 'Form' }).click();
    await expect.poll(() => rule(0).getByLabel('ID', { exact: true }).inputValue()).toBe('us-orders');
  });

  it('adds a hold rule and reorders rules with the form', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Add hold rule' }).click();
    const hold = page.locator('.rule-form li.hold').first();
    await hold.getByLabel('Kind').selectOption({ label: 'High value' });
    await hold.getByLabel('Currency').fill('EUR');
    await hold.getByLabel('Amount').fill('1000');
    await hold.getByLabel(/Reason shown to ops/).fill('Over 1000 EUR: check the payment');
    await hold.getByRole('button', { name: 'Add condition' }).click();
    await hold.getByLabel('Field').selectOption({ label: 'Source type' });
    await hold.getByLabel('marketplace').check();

    await page.getByRole('button', { name: 'Add rule' }).click();
    await rule(1).getByLabel('ID', { exact: true }).fill('the-rest');
    await rule(1).getByRole('button', { name: 'Move up' }).click();
    // The moved rule keeps the focus, now on the first card.
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('rf-rules-0-down');
    await page.getByRole('tab', { name: 'JSON (advanced)' }).click();
    const edited = JSON.parse(await page.locator('#rules-json').inputValue()) as {
      rules: { id: string }[];
      holds: unknown[];
    };
    expect(edited.rules.map((r) => r.id)).toEqual(['the-rest', 'us-orders']);
    expect(edited.holds).toEqual([
      {
        id: 'hold-1',
        kind: 'high-value',
        above: { EUR: '1000' },
        reason: 'Over 1000 EUR: check the payment',
        when: { sourceType: ['marketplace'] },
      },
    ]);
    await page.getByRole('tab', { name: 'Form' }).click();
    await browser.shot('routing-form-holds');
    await rule(0).getByRole('button', { name: 'Remove rule' }).click();
    await expect.poll(() => rule(0).getByLabel('ID', { exact: true }).inputValue()).toBe('us-orders');
  });

  it('checks the form before sending and shows the hub’s 400 next to the field it names', async () => {
    const { page } = browser;
    // Caught in the browser: nothing is sent while the ID is empty.
    await rule(0).getByLabel('ID', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Dry run' }).click();
    const idField = rule(0).locator('[data-path="/rules/0/id"]');
    await idField
      .locator('.field-error')
      .getByText(/Error: does not have the required form/)
      .waitFor();
    expect(await rule(0).getByLabel('ID', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await rule(0).getByLabel('ID', { exact: true }).fill('us-orders');

    // Only the hub knows which lookup tables exist: its 400 comes back and lands at the lookup field.
    await rule(0).getByLabel('Split the lines by SKU').check();
    await rule(0)
      .getByLabel(/Lookup table/)
      .fill('no-such-table');
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await page
      .getByRole('status')
      .getByText(/no lookup table "no-such-table"/)
      .waitFor();
    const lookup = rule(0).locator('[data-path="/rules/0/then/split/lookup"]');
    await lookup.getByText('Error: no lookup table "no-such-table"').waitFor();
    expect(
      await rule(0)
        .getByLabel(/Lookup table/)
        .getAttribute('aria-invalid'),
    ).toBe('true');
    expect((await activeRules()).version).toBe(1);
    await checkAccessibility(page, 'routing form with the hub’s error');
    await browser.shot('routing-form-error');
  });

  it('is read-only for a viewer', async () => {
    const { page } = browser;
    await consoleLogin(page, base, viewerKey);
    await openRouting();
    await expect.poll(() => rule(0).getByLabel('ID', { exact: true }).inputValue()).toBe('us-to-east');
    expect(await rule(0).getByLabel('ID', { exact: true }).isDisabled()).toBe(true);
    expect(await rule(0).getByLabel('Field').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Add rule' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save as new version' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Dry run' }).count()).toBe(0);
    await checkAccessibility(page, 'routing form read-only');
  });

  it('builds a rule that sends POS sales nowhere: dry run, JSON and back, save, and the order’s timeline', async () => {
    const { page } = browser;
    expect(await pushOrders(base, ids.shop, [posOrder('NYC-FORM0001', '93000002')])).toBeLessThan(300);
    await storedOrder('NYC-FORM0001');
    await consoleLogin(page, base, ADMIN_KEY);
    await openRouting();
    await page.getByRole('button', { name: 'Add rule' }).click();
    const card = rule(1);
    await card.getByLabel('ID', { exact: true }).fill('counter-sales');
    await card.getByRole('button', { name: 'Add condition' }).click();
    await card.getByLabel('Field').selectOption({ label: 'Source type' });
    await card.getByLabel('pos').check();
    // Sending nowhere replaces the destinations and the split: they are not offered beside it.
    await card.getByLabel('Send nowhere').check();
    expect(await card.getByLabel('Split the lines by SKU').count()).toBe(0);
    expect(await card.getByText('Send the whole order to').count()).toBe(0);
    await card.getByLabel(/Why these orders go nowhere/).fill('sold at the counter');
    await card.getByRole('button', { name: 'Move up' }).click();
    await expect.poll(() => rule(0).getByLabel('ID', { exact: true }).inputValue()).toBe('counter-sales');
    // Trying "Send nowhere" on a rule and going back keeps its destinations.
    await rule(1).getByLabel('Send nowhere').check();
    await rule(1).getByLabel('Send to destinations').check();
    await rule(1).locator('.chosen').getByText(`East warehouse (${ids.east})`).waitFor();

    // The hub's own check, made in the browser first: nowhere and "always" do not go together.
    await rule(0).getByLabel('Always applies (ERP, finance)').check();
    await page.getByRole('button', { name: 'Dry run' }).click();
    await rule(0)
      .locator('[data-path="/rules/0/always"]')
      .getByText('Error: a rule that sends nowhere decides the order, so it cannot be “Always applies”')
      .waitFor();
    await rule(0).getByLabel('Always applies (ERP, finance)').uncheck();

    await page.getByRole('button', { name: 'Dry run' }).click();
    const result = page.locator('#dry-run-result');
    const row = result.locator('tbody tr', { hasText: 'NYC-FORM0001' });
    await row.waitFor();
    // Under the active rules no rule matches (held); the candidate sends it nowhere, with the rule and reason.
    expect(await row.locator('td').allTextContents()).toEqual([
      'NYC-FORM0001',
      'held',
      'not sent anywhere: counter-sales — sold at the counter',
      'yes',
    ]);
    await expect
      .poll(() => result.locator('tbody tr', { hasText: 'US-FORM0001' }).textContent())
      .toContain(ids.east);

    await page.getByRole('tab', { name: 'JSON (advanced)' }).click();
    const json = JSON.parse(await page.locator('#rules-json').inputValue()) as { rules: unknown[] };
    expect(json.rules[0]).toEqual({
      id: 'counter-sales',
      when: { sourceType: ['pos'] },
      then: { noDelivery: { reason: 'sold at the counter' } },
    });
    await page.getByRole('tab', { name: 'Form' }).click();
    expect(await rule(0).getByLabel('Send nowhere').isChecked()).toBe(true);
    expect(
      await rule(0)
        .getByLabel(/Why these orders go nowhere/)
        .inputValue(),
    ).toBe('sold at the counter');
    await checkAccessibility(page, 'routing form with a rule that sends nowhere');
    await browser.shot('routing-form-nowhere');

    await page.getByRole('button', { name: 'Save as new version' }).click();
    await page.getByText('Saved as version 2.').waitFor();
    expect(await activeRules()).toMatchObject({
      version: 2,
      ruleSet: {
        rules: [
          { id: 'counter-sales', then: { noDelivery: { reason: 'sold at the counter' } } },
          { id: 'us-to-east' },
        ],
      },
    });

    expect(await pushOrders(base, ids.shop, [posOrder('NYC-FORM0002', '93000003')])).toBeLessThan(300);
    const id = await storedOrder('NYC-FORM0002');
    await page.goto(`${base}/console/#/orders/${id}`);
    await page
      .locator('#timeline')
      .getByText(
        'Routing decision for revision 1: not sent anywhere: rule counter-sales — sold at the counter',
      )
      .waitFor();
    await checkAccessibility(page, 'order sent nowhere');
    await browser.shot('order-timeline-nowhere');
  });

  it('adds an “Except when” condition with the form: JSON and back, the empty check, and a dry run', async () => {
    const { page } = browser;
    await openRouting();
    await expect.poll(() => rule(1).getByLabel('ID', { exact: true }).inputValue()).toBe('us-to-east');
    await page.getByRole('button', { name: 'Add rule' }).click();
    const card = rule(2);
    await card.getByLabel('ID', { exact: true }).fill('erp');
    await card.getByLabel('Always applies (ERP, finance)').check();
    await card
      .getByLabel('Destination to add')
      .first()
      .selectOption({ label: `West warehouse (${ids.west})` });
    await card.getByRole('button', { name: 'Add destination' }).first().click();
    // Collapsed while empty: its button shows only once it is opened.
    expect(await card.getByRole('button', { name: 'Add exception' }).isVisible()).toBe(false);
    await card.getByText('Except when… (no exceptions)').click();
    await card.getByRole('button', { name: 'Add exception' }).click();
    const except = card.locator('[data-path="/rules/2/unless"]');
    await except.getByLabel('Field').selectOption({ label: 'Source type' });
    await except.getByLabel('pos').check();
    await card.getByText('Except when… (1 condition(s))').waitFor();
    await checkAccessibility(page, 'routing form with an exception');
    await browser.shot('routing-form-except-when');

    await page.getByRole('tab', { name: 'JSON (advanced)' }).click();
    const json = page.locator('#rules-json');
    const edited = JSON.parse(await json.inputValue()) as { rules: Record<string, unknown>[] };
    expect(edited.rules[2]).toEqual({
      id: 'erp',
      always: true,
      unless: { sourceType: ['pos'] },
      then: { destinations: [ids.west] },
    });
    // An empty "Except when" would switch the rule off: refused before anything is sent.
    await json.fill(
      JSON.stringify({ ...edited, rules: [...edited.rules.slice(0, 2), { ...edited.rules[2], unless: {} }] }),
    );
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByText(/\/rules\/2\/unless: “Except when” is empty/).waitFor();
    await json.fill(JSON.stringify(edited));
    await page.getByRole('tab', { name: 'Form' }).click();
    const back = rule(2).locator('[data-path="/rules/2/unless"]');
    expect(await back.getByLabel('Field').inputValue()).toBe('sourceType');
    expect(await back.getByLabel('pos').isChecked()).toBe(true);

    await page.getByRole('button', { name: 'Dry run' }).click();
    const result = page.locator('#dry-run-result');
    // The ERP rule takes the web order but leaves out the counter sale, which still goes nowhere.
    await expect
      .poll(() => result.locator('tbody tr', { hasText: 'US-FORM0001' }).textContent())
      .toContain(ids.west);
    const pos = result.locator('tbody tr', { hasText: 'NYC-FORM0001' });
    expect(await pos.locator('td').nth(2).textContent()).toBe(
      'not sent anywhere: counter-sales — sold at the counter',
    );
  });
});
