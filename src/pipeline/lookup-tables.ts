import type { Logger } from 'pino';
import { HubError } from '../core/errors';
import { ajv, validator } from '../core/validation';
import type { LookupTables } from '../sdk/context';
import type { Store } from '../store/port';

/** Document kind of a table override (id: the table name) and of the version claims that serialise edits. */
export const LOOKUP_TABLE_KIND = 'lookup-table';
const VERSION_CLAIM_KIND = 'lookup-table-version';
export const TABLE_NAME_PATTERN = '^[a-z0-9][a-z0-9-]*$';
export const MAX_TABLE_ENTRIES = 10_000;
export const MAX_KEY_LENGTH = 200;
export const MAX_VALUE_LENGTH = 500;
/** How stale a process's view of the overrides may be: ops fix a table and replay within seconds. */
export const REFRESH_EVERY_MS = 2_000;

/** The entries of a table as the API takes them; shared with the route schema. */
export const ENTRIES_SCHEMA = {
  type: 'object',
  maxProperties: MAX_TABLE_ENTRIES,
  propertyNames: { minLength: 1, maxLength: MAX_KEY_LENGTH },
  additionalProperties: { type: 'string', maxLength: MAX_VALUE_LENGTH },
} as const;

/** A stored override. `entries: null` is a dropped override kept so that versions never go backwards. */
export interface TableOverride {
  entries: Record<string, string> | null;
  version: number;
  updatedBy: string;
  note: string;
  updatedAt: string;
}

const checkOverride = validator<TableOverride>(
  ajv.compile<TableOverride>({
    type: 'object',
    required: ['entries', 'version', 'updatedBy', 'note', 'updatedAt'],
    properties: {
      entries: { anyOf: [{ type: 'null' }, ENTRIES_SCHEMA] },
      version: { type: 'integer', minimum: 1 },
      updatedBy: { type: 'string' },
      note: { type: 'string' },
      updatedAt: { type: 'string' },
    },
  }),
);

export interface TableSummary {
  name: string;
  entries: number;
  overridden: boolean;
  version: number;
}

export interface TableView {
  name: string;
  source: 'file' | 'override';
  version: number;
  entries: Record<string, string>;
  updatedAt: string | null;
  updatedBy: string | null;
}

/**
 * The hub's lookup tables: the files of `mappings/` overlaid by overrides stored as documents. `tables` keeps
 * its identity for the life of the process and is updated in place, so that code holding `hub.tables`
 * (mapping contexts, routing) reads the current entries synchronously.
 */
export class LookupTableOverlay {
  readonly tables: Record<string, Readonly<Record<string, string>>> = {};
  private overrides = new Map<string, TableOverride>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Refreshes can overlap (timer and an edit): only a later-started one may replace what is applied. */
  private started = 0;
  private applied = 0;

  constructor(
    private readonly files: LookupTables,
    private readonly store: Store,
    private readonly log: Logger,
  ) {
    this.apply();
  }

  /** Re-reads every override from the store. A malformed document is skipped (with a warning), not fatal. */
  async refresh(): Promise<void> {
    const seq = ++this.started;
    const next = new Map<string, TableOverride>();
    let cursor: string | undefined;
    do {
      const page = await this.store.listDocs({
        kind: LOOKUP_TABLE_KIND,
        limit: 500,
        ...(cursor ? { cursor } : {}),
      });
      for (const doc of page.items) {
        const checked = checkOverride(doc.value);
        if (checked.ok) next.set(doc.id, checked.value);
        else this.log.warn({ table: doc.id }, 'ignoring a malformed lookup-table override');
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    if (seq < this.applied) return;
    this.applied = seq;
    this.overrides = next;
    this.apply();
  }

  /** Reloads every REFRESH_EVERY_MS in the background (every process: API, workers, CLI-started hubs). */
  start(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => {
      this.refresh().catch((err: Error) => {
        if (!this.closed) this.log.warn({ err: { message: err.message } }, 'lookup table refresh failed');
      });
    }, REFRESH_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private apply(): void {
    const names = new Set([...Object.keys(this.files), ...this.overrides.keys()]);
    for (const name of Object.keys(this.tables)) if (!names.has(name)) delete this.tables[name];
    for (const name of names) {
      const entries = this.overrides.get(name)?.entries ?? this.files[name];
      if (entries) this.tables[name] = entries;
      else delete this.tables[name];
    }
  }

  list(): TableSummary[] {
    return Object.keys(this.tables)
      .sort()
      .map((name) => {
        const o = this.overrides.get(name);
        return {
          name,
          entries: Object.keys(this.tables[name] ?? {}).length,
          overridden: Boolean(o?.entries),
          version: o?.version ?? 0,
        };
      });
  }

  /** Reads the table from the store (not the cache): an editor must see the version it will write against. */
  async get(name: string): Promise<TableView | null> {
    const o = await this.readOverride(name);
    if (o?.entries)
      return {
        name,
        source: 'override',
        version: o.version,
        entries: o.entries,
        updatedAt: o.updatedAt,
        updatedBy: o.updatedBy,
      };
    const file = this.files[name];
    if (!file) return null;
    return {
      name,
      source: 'file',
      version: o?.version ?? 0,
      entries: { ...file },
      updatedAt: o?.updatedAt ?? null,
      updatedBy: o?.updatedBy ?? null,
    };
  }

  /**
   * Writes (entries) or drops (null) the override of `name` if its current version is `version`. The version
   * claim is an insert, atomic in both stores, so two editors in two processes cannot both win.
   */
  async write(
    name: string,
    entries: Record<string, string> | null,
    version: number,
    actor: string,
    note: string,
    at: string,
  ): Promise<TableOverride> {
    const current = (await this.readOverride(name))?.version ?? 0;
    if (current !== version) throw conflict(current);
    const next: TableOverride = { entries, version: version + 1, updatedBy: actor, note, updatedAt: at };
    const claimed = await this.store.insertDoc(
      VERSION_CLAIM_KIND,
      `${name}@${next.version}`,
      { actor, at },
      at,
    );
    if (!claimed) throw conflict(current + 1);
    await this.store.putDoc(LOOKUP_TABLE_KIND, name, next, at);
    await this.refresh();
    return next;
  }

  private async readOverride(name: string): Promise<TableOverride | null> {
    const doc = await this.store.getDoc(LOOKUP_TABLE_KIND, name);
    if (!doc) return null;
    const checked = checkOverride(doc.value);
    return checked.ok ? checked.value : null;
  }
}

function conflict(current: number): HubError {
  return new HubError(
    'LOOKUP_TABLE_VERSION_CONFLICT',
    `The table changed since you loaded it (now version ${current}); reload and retry.`,
  );
}
