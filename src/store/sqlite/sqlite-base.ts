import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { decodeCursor } from '../cursor';
import { SQLITE_MIGRATIONS } from './schema';
import type { Row } from './rows';

/**
 * WHERE clause of a paged list: equality on the given columns (constants of this file; unset or empty values
 * are skipped) and, with a cursor, the rows after it in `(created_at desc, id desc)` order.
 */
export function listWhere(
  equals: Record<string, string | undefined>,
  cursorText: string | undefined,
  table = '',
): { sql: string; params: string[] } {
  const where: string[] = [];
  const params: string[] = [];
  for (const [column, value] of Object.entries(equals)) {
    if (!value) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  const cursor = decodeCursor(cursorText);
  if (cursor) {
    where.push(`(${table}created_at < ? OR (${table}created_at = ? AND ${table}id < ?))`);
    params.push(cursor.at, cursor.at, cursor.id);
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** How long a write waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;
/** The health probe's wait: long enough for another process's commit, short as it blocks the event loop. */
const PING_BUSY_TIMEOUT_MS = 200;

/**
 * Connection, pragmas and the group commit shared by the SQLite store's files. Write groups start with BEGIN
 * IMMEDIATE: with several processes on one file, a deferred transaction that read first could not upgrade to
 * a writer after another process committed, and would fail instead of waiting for `busy_timeout`.
 */
export class SqliteBase {
  readonly kind = 'sqlite' as const;
  protected readonly db: Database.Database;
  /** Prepared statements by SQL text: preparing costs more than running on the hot path. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    // The busy timeout first: switching a fresh file to WAL takes a lock another process may hold.
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = OFF');
  }

  private pending:
    { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } | undefined;

  /**
   * Runs one write now, inside the current group transaction, and resolves once that transaction has
   * committed. The group is opened by the first write of an event-loop turn and committed on the next
   * `setImmediate`, so concurrent jobs share one commit — the dominant SQLite cost under load — while every
   * caller still learns of success only after its write is durable. A write that throws rolls back alone (a
   * savepoint) and rejects only its caller.
   */
  protected write<T>(fn: () => T): Promise<T> {
    const group = this.pending ?? this.openGroup();
    let value: T;
    try {
      value = this.db.transaction(fn)();
    } catch (error) {
      return Promise.reject(error);
    }
    return group.promise.then(() => value);
  }

  private openGroup(): NonNullable<SqliteBase['pending']> {
    this.db.exec('BEGIN IMMEDIATE');
    let resolve: () => void = () => undefined;
    let reject: (error: unknown) => void = () => undefined;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const group = { promise, resolve, reject };
    this.pending = group;
    setImmediate(() => this.commitGroup(group));
    return group;
  }

  private commitGroup(group: NonNullable<SqliteBase['pending']>): void {
    if (this.pending !== group) return;
    this.pending = undefined;
    try {
      this.db.exec('COMMIT');
      group.resolve();
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      group.reject(error);
    }
  }

  protected prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  protected all(sql: string, ...params: unknown[]): Row[] {
    return this.prepare(sql).all(...params) as Row[];
  }

  protected one(sql: string, ...params: unknown[]): Row | undefined {
    return this.prepare(sql).get(...params) as Row | undefined;
  }

  protected run(sql: string, ...params: unknown[]): number {
    return this.prepare(sql).run(...params).changes;
  }

  async init(): Promise<void> {
    this.db
      .transaction(() => {
        for (const statement of SQLITE_MIGRATIONS) this.db.exec(statement);
      })
      .immediate();
  }

  async close(): Promise<void> {
    if (this.pending) this.commitGroup(this.pending);
    if (this.db.open) this.db.close();
  }

  /**
   * Answers only when the store can take writes now. In WAL mode reads go on while another process (a backup, a
   * `sqlite3` shell left in a transaction) holds the write lock, so `SELECT 1` alone would call a store healthy
   * that refuses every order; taking the write lock with a short wait and releasing it at once tells.
   */
  async ping(): Promise<void> {
    this.one('SELECT 1');
    // Inside our own open write group the lock is ours.
    if (this.db.inTransaction || this.db.memory) return;
    this.db.pragma(`busy_timeout = ${PING_BUSY_TIMEOUT_MS}`);
    try {
      this.db.prepare('BEGIN IMMEDIATE').run();
      this.db.prepare('ROLLBACK').run();
    } finally {
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }
}
