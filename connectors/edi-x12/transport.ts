import { link, mkdir, open, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { configError, ConnectorError, transientError } from '../../src/sdk';

/** A file in a listed folder. */
export interface FileInfo {
  name: string;
  mtimeMs: number;
  size: number;
}

/**
 * Where 940s are written and 945/997s are read: a local folder or an SFTP server. Paths are `/`-separated and
 * relative to the transport's root. Failures are thrown as classified `ConnectorError`s.
 */
export interface Transport {
  exists(path: string): Promise<boolean>;
  /** The file's text, or null when it does not exist. */
  readText(path: string): Promise<string | null>;
  /**
   * Writes a complete file under a temporary name and then moves it into place, so the partner never picks
   * up half a file. Returns false (and writes nothing) when the target already exists.
   */
  publish(path: string, data: string): Promise<boolean>;
  /** Creates a file only if it does not exist; false when it does (a lock held by someone else). */
  createExclusive(path: string, data: string): Promise<boolean>;
  /** Writes a file, replacing what was there. */
  overwrite(path: string, data: string): Promise<void>;
  remove(path: string): Promise<void>;
  /** Plain files in a folder; throws a config error when the folder does not exist. */
  list(dir: string): Promise<FileInfo[]>;
  /** Creates a folder and its parents if missing. */
  ensureDir(dir: string): Promise<void>;
  close(): Promise<void>;
}

/** Joins `/`-separated segments, refusing anything that would climb out of the root. */
export function joinPath(...parts: string[]): string {
  const segments = parts.flatMap((p) => p.split('/')).filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..'))
    throw configError('paths may not contain ".."', { code: 'EDI_X12_PATH_INVALID' });
  return segments.join('/');
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function errnoOf(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
}

/** Classifies a local file-system failure: a missing or unwritable folder is ops' to fix, the rest is retried. */
export function fsFailure(error: unknown, what: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const code = errnoOf(error);
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return configError(`${what}: the folder does not exist`, {
      code: 'EDI_X12_FOLDER_MISSING',
      remedy: 'Create the folder or fix outboundPath / inboundPath / statePath in the connection settings.',
      cause: error,
    });
  if (['EACCES', 'EPERM', 'EROFS'].includes(code))
    return configError(`${what}: permission denied`, {
      code: 'EDI_X12_FOLDER_NOT_WRITABLE',
      remedy: 'Give the hub’s user read and write access to the folders.',
      cause: error,
    });
  return transientError(`${what} failed (${code || 'unknown'})`, { code: 'EDI_X12_IO_FAILED', cause: error });
}

/** A folder on the hub's host (or a mounted share). */
export function localTransport(root: string): Transport {
  const base = resolve(root);
  const at = (path: string): string => {
    const full = resolve(base, joinPath(path));
    if (full !== base && !full.startsWith(base + sep))
      throw configError('path leaves the root folder', { code: 'EDI_X12_PATH_INVALID' });
    return full;
  };
  const guard = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw fsFailure(error, what);
    }
  };
  return {
    exists: (path) =>
      guard('stat', async () => {
        try {
          await stat(at(path));
          return true;
        } catch (error) {
          if (errnoOf(error) === 'ENOENT') return false;
          throw error;
        }
      }),
    readText: (path) =>
      guard('read', async () => {
        try {
          return await readFile(at(path), 'utf8');
        } catch (error) {
          if (errnoOf(error) === 'ENOENT') return null;
          throw error;
        }
      }),
    publish: (path, data) =>
      guard('write', async () => {
        const target = at(path);
        const temp = join(target, '..', `.${target.slice(target.lastIndexOf(sep) + 1)}.part`);
        await writeFile(temp, data);
        try {
          // link() refuses an existing target, unlike rename(): a file already delivered is never replaced.
          await link(temp, target);
          return true;
        } catch (error) {
          if (errnoOf(error) === 'EEXIST') return false;
          throw error;
        } finally {
          await unlink(temp).catch(() => undefined);
        }
      }),
    createExclusive: (path, data) =>
      guard('lock', async () => {
        try {
          const handle = await open(at(path), 'wx');
          await handle.writeFile(data);
          await handle.close();
          return true;
        } catch (error) {
          if (errnoOf(error) === 'EEXIST') return false;
          throw error;
        }
      }),
    overwrite: (path, data) => guard('write', () => writeFile(at(path), data)),
    remove: (path) => guard('remove', () => rm(at(path), { force: true })),
    list: (dir) =>
      guard('list', async () => {
        const entries = await readdir(at(dir), { withFileTypes: true });
        const files: FileInfo[] = [];
        for (const e of entries) {
          if (!e.isFile()) continue;
          const s = await stat(join(at(dir), e.name));
          files.push({ name: e.name, mtimeMs: s.mtimeMs, size: s.size });
        }
        return files;
      }),
    ensureDir: (dir) => guard('mkdir', async () => void (await mkdir(at(dir), { recursive: true }))),
    close: async () => undefined,
  };
}
