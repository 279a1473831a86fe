import { defineSource } from '../../src/sdk';
import { configSchema, type FileImportConfig } from './config';
import { readFolderPage } from './folder';
import { toCanonical } from './mapping';
import { parseFile } from './parse';
import { readRecord } from './record';

/** CSV and XLSX order files: uploaded to `POST /v1/imports/:connectionId`, or dropped in a watched folder. */
export default defineSource<FileImportConfig>({
  kind: 'source',
  meta: {
    id: 'file-import',
    version: '1.0.0',
    displayName: 'CSV / XLSX file import',
    apiVersion: 'file-import.v1',
    docsUrl: 'https://github.com/orderhub/orderhub/blob/main/connectors/file-import/README.md',
  },
  configSchema,
  async check(ctx) {
    const table = `file-import-columns-${ctx.config.columnProfile}`;
    if (!ctx.tables[table])
      return {
        ok: false,
        code: 'FILE_IMPORT_PROFILE_UNKNOWN',
        message: `There is no column profile "${ctx.config.columnProfile}".`,
        remedy: `Create mappings/${table}.json naming the file's column for each field (see the connector README), or pick an existing profile.`,
      };
    const folder = ctx.config.watchFolder;
    if (folder) {
      const { access, constants } = await import('node:fs/promises');
      const writable = await access(folder, constants.R_OK | constants.W_OK).then(
        () => true,
        () => false,
      );
      if (!writable)
        return {
          ok: false,
          code: 'FILE_IMPORT_FOLDER_UNUSABLE',
          message: `The watched folder ${folder} does not exist or the hub cannot read and write it.`,
          remedy:
            'Create the folder and give the hub’s user read and write access (files are moved into imported/).',
        };
    }
    return { ok: true };
  },
  identify(raw) {
    const record = readRecord(raw);
    return { externalId: record.orderNumber, revision: record.importedAt };
  },
  toCanonical,
  files: { maxBytes: 20 * 1024 * 1024, parse: parseFile },
  pull: {
    cursorField: 'file name (watched folder, oldest name first)',
    tieBreak: 'file name',
    overlapMs: 0,
    initialLookbackMs: 60_000,
    defaultIntervalMs: 60_000,
    fetchPage: readFolderPage,
  },
});
