import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startTestHub, waitFor, type TestHub } from '../helpers/hub';
import { checkAccessibility } from './a11y';
import { launchBrowser, type Browser } from './browser';

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
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('lookup tables in the console', () => {
  it('edits the table an exception names, then replays the exception', async () => {
    const quarantined = await waitFor(
      async () => (await exceptions('open')).find((e) => e.message.includes('on hold')),
      15_000,
      'the SO-1004 exception',
    );
    const { page } = browser;
    await page.goto(`${base}/console/`);
    await page.getByLabel('API key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();

    await page.getByRole('link', { name: 'Lookup tables' }).click();
    await page.locator('#lookup-tables').getByRole('link', { name: 'file-import-status' }).waitFor();
    await checkAccessibility(page, 'lookup tables');

    await page.goto(`${base}/console/#/exceptions`);
    await page.getByRole('link', { name: 'Edit lookup table file-import-status' }).first().click();
    await page.getByRole('heading', { name: 'Lookup table file-import-status' }).waitFor();
    const editor = page.locator('#table-json');
    const entries = JSON.parse(await editor.inputValue()) as Record<string, string>;
    await editor.fill(JSON.stringify({ ...entries, 'on hold': 'open/paid/unfulfilled' }, null, 2));
    await page.getByLabel('Note (why)').fill('SO-1004: on hold means paid, not shipped');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved as version 1').waitFor();
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
});
