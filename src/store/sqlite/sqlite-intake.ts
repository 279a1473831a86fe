import { compareRevisions } from '../../core/revision';
import { buildOrderRecord } from '../order-record';
import { orderSearchTerms } from '../search-terms';
import type * as T from '../types';
import { pageOf } from '../cursor';
import { listWhere, SqliteBase } from './sqlite-base';
import * as R from './rows';

/** Adds one search key of an order (store/search-terms.ts); a key already there is left as it is. */
export const INSERT_TERM = 'INSERT OR IGNORE INTO order_terms (term, created_at, order_id) VALUES (?, ?, ?)';
const INBOX_SELECT = 'SELECT i.*, r.raw FROM inbox i JOIN inbox_raw r ON r.id = i.id';
/** An order row with the body of its current revision (bodies are stored once, in order_revisions). */
export const ORDER_SELECT =
  'SELECT o.*, r.body FROM orders o JOIN order_revisions r ON r.order_id = o.id AND r.revision = o.revision';

/** Connections, the inbox and orders: the intake half of the SQLite store. */
export class SqliteIntake extends SqliteBase {
  // Connections

  async insertConnection(c: T.ConnectionRecord): Promise<void> {
    return this.write(() => {
      this.run(
        `INSERT INTO connections (id, connector, kind, name, enabled, config, secrets, secret_fields, health, health_code,
           health_message, health_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
        c.id,
        c.connector,
        c.kind,
        c.name,
        c.enabled ? 1 : 0,
        JSON.stringify(c.config),
        c.secrets,
        JSON.stringify(c.secretFields),
        c.health,
        c.healthCode,
        c.healthMessage,
        c.healthAt,
        c.createdAt,
        c.updatedAt,
      );
    });
  }

  async getConnection(id: string): Promise<T.ConnectionRecord | null> {
    const r = this.one('SELECT * FROM connections WHERE id = ?', id);
    return r ? R.toConnection(r) : null;
  }

  async listConnections(filter: { kind?: T.ConnectionKind } = {}): Promise<T.ConnectionRecord[]> {
    const rows = filter.kind
      ? this.all('SELECT * FROM connections WHERE kind = ? ORDER BY created_at, id', filter.kind)
      : this.all('SELECT * FROM connections ORDER BY created_at, id');
    return rows.map(R.toConnection);
  }

  async updateConnection(
    id: string,
    patch: T.ConnectionPatch,
    at: T.Iso,
  ): Promise<T.ConnectionRecord | null> {
    await this.write(() => {
      const { sets, values } = R.patchColumns({ ...patch, updatedAt: at });
      this.run(`UPDATE connections SET ${sets.join(', ')} WHERE id = ?`, ...values, id);
    });
    return this.getConnection(id);
  }

  async deleteConnection(id: string): Promise<boolean> {
    return this.write(() => {
      return this.run('DELETE FROM connections WHERE id = ?', id) > 0;
    });
  }

  // Inbox

  async insertInbox(events: readonly T.NewInboxEvent[]): Promise<boolean[]> {
    return this.write(() => {
      const row = this.prepare(
        `INSERT OR IGNORE INTO inbox (id, connection_id, external_id, revision, source, state, received_at, updated_at)
         VALUES (?,?,?,?,?, 'pending', ?, ?)`,
      );
      const raw = this.prepare('INSERT INTO inbox_raw (id, raw) VALUES (?, ?)');
      return events.map((e) => {
        const fresh =
          row.run(e.id, e.connectionId, e.externalId, e.revision, e.source, e.receivedAt, e.receivedAt)
            .changes > 0;
        if (fresh) raw.run(e.id, e.raw);
        return fresh;
      });
    });
  }

  async getInbox(id: string): Promise<T.InboxEvent | null> {
    const r = this.one(`${INBOX_SELECT} WHERE i.id = ?`, id);
    return r ? R.toInbox(r) : null;
  }

  async updateInbox(
    id: string,
    patch: Partial<Pick<T.InboxEvent, 'state' | 'raw' | 'orderId' | 'errorCode' | 'errorMessage'>>,
    at: T.Iso,
  ): Promise<void> {
    return this.write(() => {
      const { raw, ...rest } = patch;
      const { sets, values } = R.patchColumns({ ...rest, updatedAt: at });
      {
        if (raw !== undefined) this.run('UPDATE inbox_raw SET raw = ? WHERE id = ?', raw, id);
        this.run(`UPDATE inbox SET ${sets.join(', ')} WHERE id = ?`, ...values, id);
      }
    });
  }

  async listPendingInbox(before: T.Iso, limit: number): Promise<string[]> {
    // Ids only: under a backlog the sweeper runs this every few seconds and must not read raw bodies.
    return this.all(
      `SELECT id FROM inbox WHERE state = 'pending' AND received_at < ? ORDER BY received_at, id LIMIT ?`,
      before,
      limit,
    ).map((r) => String(r.id));
  }

  // Orders

  async recordOrder(input: T.RecordOrderInput): Promise<T.RecordOrderResult> {
    return this.write(() => {
      {
        const row = this.one(`${ORDER_SELECT} WHERE o.id = ?`, input.orderId);
        const existing = row ? R.toOrder(row) : undefined;
        if (existing) {
          const cmp = compareRevisions(input.channelRevision, existing.channelRevision);
          if (cmp < 0) return { outcome: 'stale', order: existing };
          if (input.hash === existing.hash) {
            if (cmp > 0) {
              this.run(
                'UPDATE orders SET channel_revision = ? WHERE id = ?',
                input.channelRevision,
                input.orderId,
              );
            }
            return { outcome: 'unchanged', order: { ...existing, channelRevision: input.channelRevision } };
          }
        }
        const revision = (existing?.revision ?? 0) + 1;
        const record = buildOrderRecord(input, revision, existing);
        const body = JSON.stringify(record.order);
        this.run(
          `INSERT INTO orders (id, connection_id, connector, external_id, order_number, revision, channel_revision, state,
             hash, placed_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)
           ON CONFLICT (id) DO UPDATE SET order_number = excluded.order_number, revision = excluded.revision,
             channel_revision = excluded.channel_revision, state = excluded.state, hash = excluded.hash,
             placed_at = excluded.placed_at, updated_at = excluded.updated_at`,
          record.id,
          record.connectionId,
          record.connector,
          record.externalId,
          record.orderNumber,
          revision,
          record.channelRevision,
          record.state,
          record.hash,
          record.placedAt,
          record.createdAt,
          record.updatedAt,
        );
        this.run(
          `INSERT INTO order_revisions (order_id, revision, channel_revision, inbox_event_id, hash, created_at, body)
           VALUES (?,?,?,?,?,?,?)`,
          record.id,
          revision,
          record.channelRevision,
          input.inboxEventId,
          record.hash,
          input.at,
          body,
        );
        this.replaceTerms(record, existing);
        return { outcome: existing ? 'updated' : 'created', order: record };
      }
    });
  }

  /**
   * Keeps an order's search keys in step with its current revision, in the same transaction. Every key is
   * (re)inserted, not only the new ones, so a key missing for any reason is restored by the next revision.
   */
  private replaceTerms(record: T.OrderRecord, existing: T.OrderRecord | undefined): void {
    const next = orderSearchTerms(record);
    if (existing) {
      const keep = new Set(next);
      const remove = this.prepare(
        'DELETE FROM order_terms WHERE term = ? AND created_at = ? AND order_id = ?',
      );
      for (const term of orderSearchTerms(existing))
        if (!keep.has(term)) remove.run(term, existing.createdAt, existing.id);
    }
    const add = this.prepare(INSERT_TERM);
    for (const term of next) add.run(term, record.createdAt, record.id);
  }

  async getOrder(id: string): Promise<T.OrderRecord | null> {
    const r = this.one(`${ORDER_SELECT} WHERE o.id = ?`, id);
    return r ? R.toOrder(r) : null;
  }

  async currentRevision(orderId: string): Promise<number | null> {
    const r = this.one('SELECT revision FROM orders WHERE id = ?', orderId);
    return r ? Number(r.revision) : null;
  }

  async setOrderState(id: string, state: T.OrderState, at: T.Iso): Promise<void> {
    return this.write(() => {
      this.run('UPDATE orders SET state = ?, updated_at = ? WHERE id = ?', state, at, id);
    });
  }

  async listOrders(filter: T.OrderFilter): Promise<T.PageOf<T.OrderRecord>> {
    const where = listWhere(
      {
        'o.connection_id': filter.connectionId,
        'o.state': filter.state,
        'o.order_number': filter.orderNumber,
        'o.external_id': filter.externalId,
      },
      filter.cursor,
      'o.',
    );
    const rows = this.all(
      `${ORDER_SELECT} ${where.sql} ORDER BY o.created_at DESC, o.id DESC LIMIT ?`,
      ...where.params,
      filter.limit + 1,
    ).map(R.toOrder);
    return pageOf(rows, filter.limit, (o) => ({ at: o.createdAt, id: o.id }));
  }

  async listOrderRevisions(orderId: string): Promise<T.OrderRevisionRecord[]> {
    return this.all('SELECT * FROM order_revisions WHERE order_id = ? ORDER BY revision', orderId).map(
      R.toRevision,
    );
  }

  async getOrderRevision(orderId: string, revision: number): Promise<T.OrderRevisionRecord | null> {
    const r = this.one(
      'SELECT * FROM order_revisions WHERE order_id = ? AND revision = ?',
      orderId,
      revision,
    );
    return r ? R.toRevision(r) : null;
  }
}
