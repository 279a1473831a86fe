import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/http/auth';
import { ADMIN_KEY, startTestHub, waitFor, type TestHub } from '../helpers/hub';
import { checkAccessibility } from './a11y';
import { consoleLogin, launchBrowser, consoleSuiteTeardown, type Browser } from './browser';

// Issue 6 in the console: a file-import order quarantined for an unknown status is fixed by adding the status
// to its lookup table from the exception's link, then replayed.
let t: TestHub;
let browser: Browser;
let base = '';
let connectionId = '';
const CSV = readFileSync(resolve(import.meta.dirname, '../../fixtures/file-import/files/orders-2026-03.csv'));

interface Exc {
  id: string;
  message: string;
}

async function exceptions(state: 'open' | 'resolved'): Promise<Exc[]> {
  const res = await t.app.inject({
    url: `/v1/exceptions?state=${state}&connectionId=${connectionId}`,
    headers: t.auth,
  });
  return (res.json() as { items: Exc[] }).items;
}

beforeAll(async () => {
  t = await startTestHub();
  const conn = await t.app.inject({
    method: 'POST',
    url: '/v1/connections',
    headers: t.auth,
    payload: {
      connector: 'file-import',
      name: 'Spreadsheet',
      config: {
        columnProfile: 'generic',
        taxesIncluded: true,
        timezoneOffset: '+01:00',
        sourceType: 'import',
      },
    },
  });
  connectionId = String((conn.json() as { id: string }).id);
  t.startWorkers();
  const imported = await t.app.inject({
    method: 'POST',
    url: `/v1/imports/${connectionId}?filename=orders-2026-03.csv`,
    headers: { ...t.auth, 'content-type': 'text/csv' },
    payload: CSV,
  });
  expect(imported.statusCode).toBe(200);
  base = await t.listen();
  browser = await launchBrowser();
}, 60_000);

consoleSuiteTeardown(() => ({ browser, hub: t }));

const login = (key: string) => consoleLogin(browser.page, base, key);

async function openTable(name: string) {
  await browser.page.goto(`${base}/console/#/lookup-tables/${name}`);
  await browser.page.getByRole('heading', { name: `Lookup table ${name}` }).waitFor();
}

async function entriesOf(name: string): Promise<{ version: number; entries: Record<string, string> }> {
  const res = await t.app.inject({ url: `/v1/lookup-tables/${name}`, headers: t.auth });
  return res.json() as { version: number; entries: Record<string, string> };
}

const focusedId = () =>
  browser.page.evaluate<string>('document.activeElement ? document.activeElement.id : ""');

describe('lookup tables in the console', () => {
  it('opens the table an exception names with its missing key as a new row, then replays the exception', async () => {
    const quarantined = await waitFor(
      async () => (await exceptions('open')).find((e) => e.message.includes('on hold')),
      15_000,
      'the SO-1004 exception',
    );
    const { page } = browser;
    await login(ADMIN_KEY);

    await page.getByRole('link', { name: 'Lookup tables' }).click();
    await page.locator('#lookup-tables').getByRole('link', { name: 'file-import-status' }).waitFor();
    await checkAccessibility(page, 'lookup tables');

    await page.goto(`${base}/console/#/exceptions`);
    const link = page.getByRole('link', { name: 'Edit lookup table file-import-status' }).first();
    expect(await link.getAttribute('href')).toBe('#/lookup-tables/file-import-status?key=on+hold');
    await link.click();
    await page.getByRole('heading', { name: 'Lookup table file-import-status' }).waitFor();
    // A new first row carries the key, and the keyboard is already in its value.
    const value = page.getByLabel('Value for on hold', { exact: true });
    await value.waitFor();
    expect(await page.locator('#table-rows tbody input[id^="row-key-"]').first().inputValue()).toBe(
      'on hold',
    );
    expect(await focusedId()).toBe(await value.getAttribute('id'));
    await page.keyboard.type('open/paid/unfulfilled');
    const reset = page.getByRole('button', { name: 'Back to the file' });
    expect(await reset.count()).toBe(0);
    await page.getByLabel('Note (why)').fill('SO-1004: on hold means paid, not shipped');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved as version 1').waitFor();
    // Now an override: going back to the file is offered without reopening the page.
    await reset.waitFor();
    expect((await entriesOf('file-import-status')).entries['on hold']).toBe('open/paid/unfulfilled');
    await browser.shot('20-lookup-tables');
    await checkAccessibility(page, 'lookup table editor');

    await page.goto(`${base}/console/#/exceptions`);
    await page.locator(`[data-replay="${quarantined.id}"]`).click();
    await page.getByText(/Replayed/).waitFor();
    await waitFor(
      async () => (await exceptions('resolved')).some((e) => e.id === quarantined.id),
      15_000,
      'the exception resolved',
    );
    expect((await exceptions('open')).some((e) => e.message.includes('on hold'))).toBe(false);
  }, 60_000);

  it('edits, adds, deletes and filters rows, flags bad keys, keeps the JSON view in step, and saves', async () => {
    const { page } = browser;
    const before = await entriesOf('file-import-status');
    const total = Object.keys(before.entries).length;
    await openTable('file-import-status');
    const rows = page.locator('#table-rows tbody tr');
    const count = page.locator('#table-count');
    await count.getByText(`${total} rows.`).waitFor();

    // The filter matches values as well as keys: "voided" is in three values and no key.
    await page.getByLabel('Filter rows').fill('voided');
    await count.getByText(`3 of ${total} rows match.`).waitFor();
    expect(await rows.count()).toBe(3);
    await page.getByLabel('Filter rows').fill('refunded');
    await count.getByText(`1 of ${total} rows match.`).waitFor();
    await page.getByLabel('Value for refunded', { exact: true }).fill('closed/refunded/fulfilled');
    await page.getByLabel('Filter rows').fill('');
    await count.getByText(`${total} rows.`).waitFor();

    await page.getByRole('button', { name: 'Delete unpaid', exact: true }).click();
    await count.getByText(`${total - 1} rows.`).waitFor();
    expect(await page.getByLabel('Value for unpaid', { exact: true }).count()).toBe(0);

    // A new row takes the keyboard; a key already in the table is flagged in words and blocks the save.
    await page.getByRole('button', { name: 'Add row' }).click();
    await page.keyboard.type('paid');
    expect(await page.locator('#table-rows').getByText('Duplicate key').count()).toBe(2);
    await page.getByRole('button', { name: 'Add row' }).click();
    await page.getByLabel('Note (why)').fill('Layaway and awaiting payment from the new shop');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Fix the duplicate keys before saving: "paid". Give 1 row(s) a key').waitFor();
    await page.locator('#table-rows').getByText('Empty key').waitFor();
    await browser.shot('lookup-table-rows');
    await checkAccessibility(page, 'lookup table rows with flagged keys');
    await page.getByRole('button', { name: 'Delete (no key)', exact: true }).click();
    const added = page.locator('#table-rows tbody input[id^="row-key-"]').first();
    await added.fill('awaiting payment');
    await page.getByLabel('Value for awaiting payment', { exact: true }).fill('open/pending/unfulfilled');
    expect(await page.locator('#table-rows').getByText('Duplicate key').count()).toBe(0);

    // The JSON view shows the same entries; what is typed there comes back as rows.
    await page.getByRole('tab', { name: 'JSON (advanced)' }).click();
    const json = page.locator('#table-json');
    const shown = JSON.parse(await json.inputValue()) as Record<string, string>;
    expect(shown['awaiting payment']).toBe('open/pending/unfulfilled');
    expect(shown.refunded).toBe('closed/refunded/fulfilled');
    expect(shown).not.toHaveProperty('unpaid');
    await checkAccessibility(page, 'lookup table JSON view');
    await json.fill('{ "broken": ');
    // The switch is refused and the JSON tab stays selected.
    await page.getByRole('tab', { name: 'Rows', exact: true }).click();
    await page.getByText('The entries are not valid JSON.').waitFor();
    expect(await page.getByRole('tab', { name: 'JSON (advanced)' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    await json.fill(JSON.stringify({ ...shown, layaway: 'open/pending/unfulfilled' }, null, 2));
    await page.getByRole('tab', { name: 'Rows', exact: true }).click();
    await page.getByLabel('Filter rows').fill('layaway');
    await count.getByText(`1 of ${total + 1} rows match.`).waitFor();

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(`Saved as version ${before.version + 1}`).waitFor();
    const saved = await entriesOf('file-import-status');
    expect(saved.entries).toEqual({
      ...Object.fromEntries(Object.entries(before.entries).filter(([k]) => k !== 'unpaid')),
      refunded: 'closed/refunded/fulfilled',
      'awaiting payment': 'open/pending/unfulfilled',
      layaway: 'open/pending/unfulfilled',
    });

    await page.reload();
    await page
      .locator('#table-version')
      .getByText(`version ${before.version + 1}`)
      .waitFor();
    await page.getByLabel('Value for awaiting payment', { exact: true }).waitFor();
    expect(await page.getByLabel('Value for unpaid', { exact: true }).count()).toBe(0);
  }, 60_000);

  it('draws the first 200 rows of a long table and finds the rest by filter', async () => {
    const { page } = browser;
    const square = (await entriesOf('square-skus')).entries;
    const entries = Object.fromEntries(
      Array.from({ length: 450 }, (_, i) => [`SKU-${String(i).padStart(4, '0')}`, `item ${i}`]),
    );
    const put = await t.app.inject({
      method: 'PUT',
      url: '/v1/lookup-tables/square-skus',
      headers: t.auth,
      payload: { entries, version: 0, note: 'a long table for the console test' },
    });
    expect(put.statusCode).toBe(200);
    await openTable('square-skus');
    const count = page.locator('#table-count');
    await count.getByText('Showing the first 200 of 450 matching rows (450 in all)').waitFor();
    expect(await page.locator('#table-rows tbody tr').count()).toBe(200);
    await page.getByLabel('Filter rows').fill('sku-0449');
    await count.getByText('1 of 450 rows match.').waitFor();
    expect(await page.getByLabel('Value for SKU-0449', { exact: true }).inputValue()).toBe('item 449');
    // A link naming a key the table has opens that row, its value focused, rather than adding a duplicate.
    await page.goto(`${base}/console/#/lookup-tables/square-skus?key=SKU-0100`);
    const existing = page.getByLabel('Value for SKU-0100', { exact: true });
    await existing.waitFor();
    await count.getByText('1 of 450 rows match.').waitFor();
    await waitFor(async () => (await focusedId()) === (await existing.getAttribute('id')), 5_000, 'focus');
    // Tablet width: the rows still fit, inputs and delete buttons in view.
    await page.setViewportSize({ width: 768, height: 900 });
    await browser.shot('lookup-table-rows-tablet');
    await page.setViewportSize({ width: 1280, height: 900 });

    // Back to the file: the rows become the shipped file's again.
    await page.getByLabel('Note (why)').fill('the long table was only a test');
    await page.getByRole('button', { name: 'Back to the file' }).click();
    await page.getByText('The override is dropped').waitFor();
    await page.getByLabel('Filter rows').fill('');
    await count.getByText(`${Object.keys(square).length} rows.`).waitFor();
    expect(await page.getByRole('button', { name: 'Back to the file' }).count()).toBe(0);
  }, 60_000);

  it('asks before leaving unsaved edits, and not for a filter or after a save', async () => {
    const { page } = browser;
    const asked: string[] = [];
    let answer = false;
    const onDialog = (d: { message(): string; accept(): Promise<void>; dismiss(): Promise<void> }) => {
      asked.push(d.message());
      void (answer ? d.accept() : d.dismiss());
    };
    page.on('dialog', onDialog);
    try {
      await openTable('file-import-status');
      await page.getByLabel('Filter rows').fill('paid');
      await page.getByRole('link', { name: 'Overview' }).click();
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      expect(asked).toEqual([]);

      await openTable('file-import-status');
      await page.getByLabel('Value for refunded', { exact: true }).fill('closed/refunded/unfulfilled');
      await page.getByRole('link', { name: 'Overview' }).click();
      await waitFor(() => asked.length === 1, 5_000, 'the question');
      expect(asked[0]).toBe('You have unsaved changes on this page. Leave and lose them?');
      // Staying keeps the page and the edit.
      expect(await page.getByLabel('Value for refunded', { exact: true }).inputValue()).toBe(
        'closed/refunded/unfulfilled',
      );
      expect(page.url()).toMatch(/#\/lookup-tables\/file-import-status$/);
      answer = true;
      await page.getByRole('link', { name: 'Overview' }).click();
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      expect(asked).toHaveLength(2);

      await openTable('file-import-status');
      await page.getByLabel('Value for refunded', { exact: true }).fill('closed/refunded/fulfilled');
      await page.getByLabel('Note (why)').fill('back to fulfilled');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText(/^Saved as version/).waitFor();
      await page.getByRole('link', { name: 'Overview' }).click();
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      expect(asked).toHaveLength(2);
    } finally {
      page.off('dialog', onDialog);
    }
  });

  it('shows an operator the rows read-only', async () => {
    const { page } = browser;
    await login((await createApiKey(t.hub, 'day shift', 'operator')).key);
    await openTable('file-import-status');
    await page.getByText('Read-only: only admins change lookup tables.').waitFor();
    await page.locator('#table-rows tbody tr[data-key="on hold"]').waitFor();
    expect(await page.locator('#table-rows input').count()).toBe(0);
    expect(await page.getByRole('button', { name: /Save|Add row|Delete/ }).count()).toBe(0);
    await page.getByLabel('Filter rows').fill('layaway');
    await page
      .locator('#table-count')
      .getByText(/^1 of \d+ rows match\.$/)
      .waitFor();
    await checkAccessibility(page, 'lookup table read-only');
  }, 60_000);
});
