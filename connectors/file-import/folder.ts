import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConnectorContext, Page, PageRequest } from '../../src/sdk';
import type { FileImportConfig } from './config';
import { parseFile } from './parse';

/** A file changed this recently may still be being written; it waits for the next read. */
const SETTLE_MS = 5_000;
const IMPORTABLE = /\.(csv|xlsx)$/i;

async function moveTo(folder: string, sub: string, name: string, stamp: string): Promise<string> {
  await mkdir(join(folder, sub), { recursive: true });
  const target = join(folder, sub, `${stamp.replace(/[:.]/g, '-')}-${name}`);
  await rename(join(folder, name), target).catch((error: NodeJS.ErrnoException) => {
    // Another process already moved it: the records were stored by whoever read it first.
    if (error.code !== 'ENOENT') throw error;
  });
  return target;
}

/**
 * One page of the watched folder: the oldest-named settled file's orders. A file moves to `imported/` only when
 * the next page is asked for, that is after the hub stored its orders, so a crash re-reads a file (which stores
 * nothing new) and never loses one. Unreadable files move to `failed/` with the reason beside them.
 */
export async function readFolderPage(
  ctx: ConnectorContext<FileImportConfig>,
  req: PageRequest,
): Promise<Page> {
  const folder = ctx.config.watchFolder;
  if (!folder) return { records: [] };
  const stamp = ctx.clock.now().toISOString();
  if (req.pageToken) await moveTo(folder, 'imported', req.pageToken, stamp);
  const names = (await readdir(folder)).filter((n) => IMPORTABLE.test(n)).sort();
  for (const name of names) {
    const info = await stat(join(folder, name)).catch(() => null);
    if (!info?.isFile() || ctx.clock.now().getTime() - info.mtimeMs < SETTLE_MS) continue;
    const bytes = await readFile(join(folder, name));
    try {
      const parsed = await parseFile({ name, contentType: '', bytes, receivedAt: stamp }, ctx);
      if (parsed.errors.length) {
        await mkdir(join(folder, 'imported'), { recursive: true });
        await writeFile(
          join(folder, 'imported', `${stamp.replace(/[:.]/g, '-')}-${name}.errors.json`),
          `${JSON.stringify(parsed.errors, null, 2)}\n`,
        );
        ctx.log.warn({ file: name, rowErrors: parsed.errors.length }, 'imported file has row errors');
      }
      ctx.log.info({ file: name, orders: parsed.records.length }, 'importing file');
      return { records: parsed.records, nextPageToken: name };
    } catch (error) {
      const target = await moveTo(folder, 'failed', name, stamp);
      const reason = error instanceof Error ? error.message : 'unreadable';
      await writeFile(`${target}.error.txt`, `${reason}\n`);
      ctx.log.warn({ file: name, reason }, 'file could not be imported; moved to failed/');
    }
  }
  return { records: [] };
}
