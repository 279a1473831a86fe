import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import writeXlsxFile from 'write-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTables } from '../../src/pipeline/tables';
import { createTestContext, fixedClock, fixturePath, pullAll } from '../../src/sdk';
import { startTestHub, type TestHub } from '../../test/helpers/hub';
import type { FileImportConfig } from './config';
import fileImport from './index';
import { parseCsv } from './csv';

const csv = readFileSync(fixturePath('file-import', 'files/orders-2026-03.csv'));
const config = {
  columnProfile: 'generic',
  taxesIncluded: true,
  timezoneOffset: '+01:00',
  sourceType: 'import',
} satisfies FileImportConfig;

/** The CSV fixture as an XLSX workbook: the same cells, with the order dates as real spreadsheet dates. */
async function asXlsx(): Promise<Buffer> {
  const rows = parseCsv(csv.toString('utf8'), ',').map((r, i) =>
    r.cells.map((value, column) => {
      if (i > 0 && column === 1 && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(value))
        return { value: new Date(`${value.replace(' ', 'T')}:00Z`), type: Date, format: 'yyyy-mm-dd hh:mm' };
      return { value };
    }),
  );
  return writeXlsxFile(rows).toBuffer();
}

describe('file-import over the API', () => {
  let t: TestHub;
  let id: string;
  beforeAll(async () => {
    t = await startTestHub();
    id = (await t.hub.connections.create({ connector: 'file-import', name: 'Spreadsheet', config })).id;
  });
  afterAll(async () => {
    await t.close();
  });

  const upload = (body: Buffer, filename: string, contentType: string, query = '') =>
    t.app.inject({
      method: 'POST',
      url: `/v1/imports/${id}?filename=${encodeURIComponent(filename)}${query}`,
      headers: { ...t.auth, 'content-type': contentType },
      payload: body,
    });

  it('imports a CSV: one record per order, row errors with row numbers, bad orders quarantined with reasons', async () => {
    const res = await upload(csv, 'orders-2026-03.csv', 'text/csv');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ orders: 5, stored: 5, duplicates: 0, unchanged: 0 });
    expect(body.rowErrors).toEqual([
      expect.objectContaining({ row: 5, column: 'Order Number', code: 'FILE_IMPORT_ORDER_NUMBER_MISSING' }),
    ]);
    expect(body.quarantined).toEqual([
      expect.objectContaining({
        externalId: 'SO-1004',
        code: 'MAPPING_UNKNOWN_VALUE',
        message: expect.stringContaining('row 7'),
      }),
      expect.objectContaining({
        externalId: 'SO-1005',
        code: 'MAPPING_FAILED',
        message: expect.stringContaining('row 8'),
      }),
    ]);
  });

  it('names the lower-case key an unknown status needs first, with the text as written', async () => {
    const header = csv.toString('utf8').split('\n')[0] ?? '';
    const row =
      'SO-2001,2026-03-03 09:00,On Hold,EUR,LAMP-DESK,Desk lamp,1,79.00,,13.71,,,,79.00' + ','.repeat(13);
    const res = await upload(Buffer.from(`${header}\n${row}\n`), 'on-hold.csv', 'text/csv', '&dryRun=true');
    expect(res.json().quarantined).toEqual([
      expect.objectContaining({
        externalId: 'SO-2001',
        message: expect.stringContaining(
          'status "on hold" (written "On Hold") (add it to mappings/file-import-status.json)',
        ),
      }),
    ]);
  });

  it('a dry run reports without storing, and the same file again changes nothing', async () => {
    const { normalizeEvent } = await import('../../src/pipeline/normalize');
    for (const eventId of await t.hub.store.listPendingInbox(
      new Date(Date.now() + 60_000).toISOString(),
      100,
    ))
      await normalizeEvent(t.hub, eventId);
    const orders = await t.hub.store.listOrders({ connectionId: id, limit: 10 });
    expect(orders.items.map((o) => o.externalId).sort()).toEqual(['SO-1001', 'SO-1002', 'SO-1003']);
    const dry = await upload(csv, 'orders-2026-03.csv', 'text/csv', '&dryRun=true');
    expect(dry.json()).toMatchObject({ dryRun: true, stored: 0, unchanged: 3 });
    const again = await upload(csv, 'orders-2026-03.csv', 'text/csv');
    expect(again.json()).toMatchObject({ orders: 5, unchanged: 3 });
    const after = await t.hub.store.listOrders({ connectionId: id, limit: 10 });
    expect(after.items.map((o) => [o.externalId, o.revision])).toEqual(
      orders.items.map((o) => [o.externalId, o.revision]),
    );
  });

  it('imports the same orders from an XLSX workbook with the same result', async () => {
    const res = await upload(await asXlsx(), 'orders-2026-03.xlsx', 'application/octet-stream');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ orders: 5, unchanged: 3 });
    expect(res.json().rowErrors).toEqual([expect.objectContaining({ row: 5 })]);
  });

  it('refuses an unreadable file and a header without the profile’s columns, with stable codes', async () => {
    const bad = await upload(Buffer.from('Order,Date\nA,B\n'), 'x.csv', 'text/csv');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({
      code: 'IMPORT_FILE_UNREADABLE',
      message: expect.stringContaining('"Order Number"'),
    });
    const notXlsx = await upload(Buffer.from('not a zip'), 'x.xlsx', 'application/octet-stream');
    expect(notXlsx.json().error.code).toBe('IMPORT_FILE_UNREADABLE');
    const noName = await t.app.inject({
      method: 'POST',
      url: `/v1/imports/${id}`,
      headers: { ...t.auth, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(noName.statusCode).toBe(400);
  });
});

describe('file-import watched folder', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'orderhub-import-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('imports settled files oldest name first, moving each only after its orders were stored', async () => {
    const old = new Date('2026-03-03T07:00:00Z');
    writeFileSync(join(folder, 'a-orders.csv'), csv);
    writeFileSync(join(folder, 'b-broken.csv'), 'Nope\n1\n');
    writeFileSync(join(folder, 'c-fresh.csv'), csv);
    writeFileSync(join(folder, 'notes.txt'), 'ignored');
    utimesSync(join(folder, 'a-orders.csv'), old, old);
    utimesSync(join(folder, 'b-broken.csv'), old, old);
    const clock = fixedClock('2026-03-03T08:00:00Z');
    // c-fresh.csv was written "now" on the real clock, which is after the test clock: it is still settling.
    utimesSync(
      join(folder, 'c-fresh.csv'),
      new Date('2026-03-03T07:59:58Z'),
      new Date('2026-03-03T07:59:58Z'),
    );
    const ctx = createTestContext({ ...config, watchFolder: folder }, { clock, tables: await loadTables() });
    const run = await pullAll(fileImport, ctx);
    expect(run.records).toHaveLength(5);
    expect(run.requests.map((r) => r.pageToken)).toEqual([undefined, 'a-orders.csv']);
    expect(readdirSync(folder).sort()).toEqual(['c-fresh.csv', 'failed', 'imported', 'notes.txt']);
    const imported = readdirSync(join(folder, 'imported'));
    expect(imported.some((n) => n.endsWith('-a-orders.csv'))).toBe(true);
    const errors = imported.find((n) => n.endsWith('.errors.json'));
    expect(JSON.parse(readFileSync(join(folder, 'imported', errors ?? ''), 'utf8'))).toEqual([
      expect.objectContaining({ row: 5 }),
    ]);
    const failed = readdirSync(join(folder, 'failed'));
    const reason = failed.find((n) => n.endsWith('.error.txt'));
    expect(readFileSync(join(folder, 'failed', reason ?? ''), 'utf8')).toContain('Order Number');
    expect(existsSync(join(folder, 'c-fresh.csv'))).toBe(true);
  });

  it('check() tells ops about an unknown column profile or an unusable folder', async () => {
    const tables = await loadTables();
    const unknown = await fileImport.check(
      createTestContext({ ...config, columnProfile: 'nope' }, { tables }),
    );
    expect(unknown).toMatchObject({
      ok: false,
      code: 'FILE_IMPORT_PROFILE_UNKNOWN',
      remedy: expect.stringContaining('mappings/file-import-columns-nope.json'),
    });
    const missing = await fileImport.check(
      createTestContext({ ...config, watchFolder: join(folder, 'missing') }, { tables }),
    );
    expect(missing).toMatchObject({ ok: false, code: 'FILE_IMPORT_FOLDER_UNUSABLE' });
    expect(await fileImport.check(createTestContext({ ...config, watchFolder: folder }, { tables }))).toEqual(
      { ok: true },
    );
  });
});
