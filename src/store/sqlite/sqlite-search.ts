import { decodeCursor, pageOf, type CursorKey } from '../cursor';
import { hourStart, orderSearchTerms, planSearch, type SearchPlan } from '../search-terms';
import type * as T from '../types';
import { INSERT_TERM, ORDER_SELECT, SqliteIntake } from './sqlite-intake';
import * as R from './rows';

/**
 * `PRAGMA user_version` counts the data back-fills a database has had (the schema statements themselves are
 * idempotent and run on every start). 1: the order search keys. Should the keys ever change, the next version
 * empties `order_terms` and fills it again.
 */
const DATA_VERSION = 1;
/**
 * Orders per back-fill transaction (a tenth of a second or so): another process on the file waits for one batch
 * at most. Few, large commits matter most, as every commit rewrites each index page its keys touched.
 */
const BACKFILL_BATCH = 10_000;
/** Page cache while back-filling, KiB (SQLite's default is 2 MB): the key index is written all over. */
const BACKFILL_CACHE_KIB = 65_536;

const TERM_SELECT = `SELECT o.*, r.body FROM order_terms t CROSS JOIN orders o ON o.id = t.order_id
  JOIN order_revisions r ON r.order_id = o.id AND r.revision = o.revision`;

/** The newest `count` of several newest-first lists, each order once. */
function newestOf(lists: T.OrderRecord[][], count: number): T.OrderRecord[] {
  const byId = new Map<string, T.OrderRecord>();
  for (const list of lists) for (const o of list) byId.set(o.id, o);
  return [...byId.values()]
    .sort((a, b) =>
      a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1,
    )
    .slice(0, count);
}

/**
 * Order search and the orders-per-hour count. Search is driven by one index: the primary key for a hub order
 * id, else a text key (or each of two, merged here: SQLite does not merge two ranges of an index in order), else
 * the status key, else the state or connection index, else the list index; the other filters are checked on the
 * rows that index yields.
 */
export class SqliteSearch extends SqliteIntake {
  override async init(): Promise<void> {
    await super.init();
    const version = Number(this.db.pragma('user_version', { simple: true }));
    if (version < 1) this.backfillTerms();
    if (version < DATA_VERSION) this.db.pragma(`user_version = ${DATA_VERSION}`);
  }

  /** Writes the search keys of every order (idempotent: an interrupted back-fill starts over next time). */
  private backfillTerms(): void {
    const add = this.prepare(INSERT_TERM);
    const batch = this.db.transaction((after: string): string | null => {
      const rows = this.all(`${ORDER_SELECT} WHERE o.id > ? ORDER BY o.id LIMIT ?`, after, BACKFILL_BATCH);
      let last: string | null = null;
      for (const row of rows) {
        const order = R.toOrder(row);
        for (const term of orderSearchTerms(order)) add.run(term, order.createdAt, order.id);
        last = order.id;
      }
      return rows.length === BACKFILL_BATCH ? last : null;
    });
    const cache = Number(this.db.pragma('cache_size', { simple: true }));
    this.db.pragma(`cache_size = -${BACKFILL_CACHE_KIB}`);
    try {
      for (let after: string | null = ''; after !== null;) after = batch.immediate(after);
    } finally {
      this.db.pragma(`cache_size = ${cache}`);
    }
  }

  async searchOrders(filter: T.OrderSearchFilter): Promise<T.PageOf<T.OrderRecord>> {
    const plan = planSearch(filter);
    if (plan.empty) return { items: [], nextCursor: null };
    const cursor = decodeCursor(filter.cursor);
    const fetch = filter.limit + 1;
    let rows: T.OrderRecord[];
    if (plan.orderId) {
      rows = this.byColumns(plan, cursor, fetch);
    } else if (plan.keys.length) {
      rows = newestOf(
        plan.keys.map((key) => this.byKey(key, plan.statusKey, plan, cursor, fetch)),
        fetch,
      );
    } else if (plan.statusKey) {
      rows = this.byKey(plan.statusKey, null, plan, cursor, fetch);
    } else {
      rows = this.byColumns(plan, cursor, fetch);
    }
    return pageOf(rows, filter.limit, (o) => ({ at: o.createdAt, id: o.id }));
  }

  /** Orders with `key`, read newest first from order_terms' primary key. */
  private byKey(
    key: string,
    statusKey: string | null,
    plan: SearchPlan,
    cursor: CursorKey | undefined,
    fetch: number,
  ): T.OrderRecord[] {
    const where = ['t.term = ?'];
    const params: unknown[] = [key];
    if (cursor) {
      where.push('(t.created_at, t.order_id) < (?, ?)');
      params.push(cursor.at, cursor.id);
    }
    if (statusKey) {
      where.push(
        'EXISTS (SELECT 1 FROM order_terms s WHERE s.term = ? AND s.created_at = t.created_at AND s.order_id = t.order_id)',
      );
      params.push(statusKey);
    }
    this.columnFilters(plan, where, params);
    return this.all(
      `${TERM_SELECT} WHERE ${where.join(' AND ')} ORDER BY t.created_at DESC, t.order_id DESC LIMIT ?`,
      ...params,
      fetch,
    ).map(R.toOrder);
  }

  /** One order by id, or orders by state and/or connection (their indexes), or all of them, newest first. */
  private byColumns(plan: SearchPlan, cursor: CursorKey | undefined, fetch: number): T.OrderRecord[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (plan.orderId) {
      where.push('o.id = ?');
      params.push(plan.orderId);
      if (plan.statusKey) {
        where.push(
          'EXISTS (SELECT 1 FROM order_terms s WHERE s.term = ? AND s.created_at = o.created_at AND s.order_id = o.id)',
        );
        params.push(plan.statusKey);
      }
    }
    if (cursor) {
      where.push('(o.created_at, o.id) < (?, ?)');
      params.push(cursor.at, cursor.id);
    }
    this.columnFilters(plan, where, params);
    return this.all(
      `${ORDER_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY o.created_at DESC, o.id DESC LIMIT ?`,
      ...params,
      fetch,
    ).map(R.toOrder);
  }

  private columnFilters(plan: SearchPlan, where: string[], params: unknown[]): void {
    if (plan.connectionId) {
      where.push('o.connection_id = ?');
      params.push(plan.connectionId);
    }
    if (plan.state) {
      where.push('o.state = ?');
      params.push(plan.state);
    }
  }

  async countOrdersPerHour(range: { from: T.Iso; to: T.Iso }): Promise<T.HourlyOrderCount[]> {
    // Timestamps are `toISOString` text, so the first 13 characters are the UTC hour.
    return this.all(
      `SELECT connection_id, substr(created_at, 1, 13) AS hour, COUNT(*) AS n FROM orders INDEXED BY orders_hourly
       WHERE created_at >= ? AND created_at < ? GROUP BY connection_id, hour ORDER BY connection_id, hour`,
      range.from,
      range.to,
    ).map((r) => ({
      connectionId: String(r.connection_id),
      hour: hourStart(String(r.hour)),
      count: Number(r.n),
    }));
  }
}
