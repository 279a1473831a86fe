import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { DeliveryInfo } from '../../src/sdk';
import type { WarehouseOrder } from './warehouse-order';

/** One line of a ledger file. */
export interface LedgerEntry {
  /** The hub's delivery key: the warehouse's idempotency key. */
  key: string;
  receivedAt: string;
  operation: DeliveryInfo['operation'];
  remoteId: string;
  order: WarehouseOrder;
}

/** What `appendOnce` did. */
export interface AppendResult {
  /** False when the key was already in the ledger and nothing was written. */
  written: boolean;
  remoteId: string;
}

/**
 * An append-only JSON Lines file with an in-memory index of its delivery keys. All work on one file runs one
 * call at a time (a promise chain), so two concurrent deliveries of the same key cannot both miss the index
 * and both append. Good for one hub process; several processes writing one file are not coordinated.
 */
class LedgerFile {
  private readonly keys = new Map<string, string>();
  private tail: Promise<unknown> = Promise.resolve();
  /** A crash mid-append can leave a last line without its newline; the next append starts a fresh line. */
  private needsNewline = false;
  private loaded = false;

  constructor(readonly path: string) {}

  /** Runs `fn` after every earlier call on this file has finished. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async load(): Promise<void> {
    if (this.loaded) return;
    let text = '';
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
    }
    for (const line of text.split('\n')) {
      const entry = parseLine(line);
      if (entry) this.keys.set(entry.key, entry.remoteId);
    }
    this.needsNewline = text.length > 0 && !text.endsWith('\n');
    this.loaded = true;
  }

  appendOnce(entry: LedgerEntry): Promise<AppendResult> {
    return this.exclusive(async () => {
      await this.load();
      const existing = this.keys.get(entry.key);
      if (existing !== undefined) return { written: false, remoteId: existing };
      await appendFile(this.path, `${this.needsNewline ? '\n' : ''}${JSON.stringify(entry)}\n`, 'utf8');
      this.needsNewline = false;
      this.keys.set(entry.key, entry.remoteId);
      return { written: true, remoteId: entry.remoteId };
    });
  }
}

/** Reads the key and remote id of one ledger line; anything unreadable (a torn last line) is skipped. */
function parseLine(line: string): { key: string; remoteId: string } | undefined {
  if (line.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const key: unknown = 'key' in value ? value.key : undefined;
  const remoteId: unknown = 'remoteId' in value ? value.remoteId : undefined;
  return typeof key === 'string'
    ? { key, remoteId: typeof remoteId === 'string' ? remoteId : '' }
    : undefined;
}

// One LedgerFile per absolute path for the whole process, so every connection context shares the index and lock.
const files = new Map<string, LedgerFile>();

/** Path of a connection's ledger: `<directory>/<connectionId>.jsonl`. */
export function ledgerPath(directory: string, connectionId: string): string {
  return resolve(directory, `${connectionId}.jsonl`);
}

/** Appends `entry` unless its key is already in the ledger at `path`. Creates the directory when missing. */
export async function appendOnce(directory: string, path: string, entry: LedgerEntry): Promise<AppendResult> {
  let file = files.get(path);
  if (!file) {
    await mkdir(directory, { recursive: true });
    file = files.get(path) ?? new LedgerFile(path);
    files.set(path, file);
  }
  return file.appendOnce(entry);
}

/** Reads every readable entry of a ledger, for demos and tests. */
export async function readLedger(path: string): Promise<unknown[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((l) => {
      try {
        return [JSON.parse(l)];
      } catch {
        return [];
      }
    });
}
