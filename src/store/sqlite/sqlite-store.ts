import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { compareRevisions } from '../../core/revision';
import type { PullCheckpoint } from '../../sdk/define';
import { decodeCursor, pageOf } from '../cursor';
import type { Store } from '../port';
import type * as T from '../types';
import { SQLITE_MIGRATIONS } from './schema';
import * as R from './rows';

type Row = R.Row;

/**
 * WHERE clause of a paged list: equality on the given columns (constants of this file; unset or empty values
 * are skipped) and, with a cursor, the rows after it in `(created_at desc, id desc)` order.
 */
function listWhere(
  equals: Record<string, string | undefined>,
  cursorText: string | undefined,
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
    where.push('(created_at < ? OR (created_at = ? AND id < ?))');
    params.push(cursor.at, cursor.at, cursor.id);
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/**
 * The embedded default store: one SQLite file in WAL mode. `synchronous=NORMAL` keeps every committed
 * transaction across a process kill (the WAL is fsynced at checkpoints, not per commit), which is the
 * durability the hub promises; power loss may lose the last moments, as with any WAL database so configured.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = OFF');
  }

  private all(sql: string, ...params: unknown[]): Row[] {
    return this.db.prepare(sql).all(...params) as Row[];
  }

  private one(sql: string, ...params: unknown[]): Row | undefined {
    return this.db.prepare(sql).get(...params) as Row | undefined;
  }

  private run(sql: string, ...params: unknown[]): number {
    return this.db.prepare(sql).run(...params).changes;
  }

  async init(): Promise<void> {
    this.db.transaction(() => {
      for (const statement of SQLITE_MIGRATIONS) this.db.exec(statement);
    })();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  async ping(): Promise<void> {
    this.one('SELECT 1');
  }

  // Connections

  async insertConnection(c: T.ConnectionRecord): Promise<void> {
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
    const { sets, values } = R.patchColumns({ ...patch, updatedAt: at });
    this.run(`UPDATE connections SET ${sets.join(', ')} WHERE id = ?`, ...values, id);
    return this.getConnection(id);
  }

  async deleteConnection(id: string): Promise<boolean> {
    return this.run('DELETE FROM connections WHERE id = ?', id) > 0;
  }

  // Inbox

  async insertInbox(events: readonly T.NewInboxEvent[]): Promise<boolean[]> {
    const stmt = this.db.prepare(
      `INSERT OR IGNORE INTO inbox (id, connection_id, external_id, revision, source, raw, state, received_at, updated_at)
       VALUES (?,?,?,?,?,?, 'pending', ?, ?)`,
    );
    return this.db.transaction(() =>
      events.map(
        (e) =>
          stmt.run(
            e.id,
            e.connectionId,
            e.externalId,
            e.revision,
            e.source,
            e.raw,
            e.receivedAt,
            e.receivedAt,
          ).changes > 0,
      ),
    )();
  }

  async getInbox(id: string): Promise<T.InboxEvent | null> {
    const r = this.one('SELECT * FROM inbox WHERE id = ?', id);
    return r ? R.toInbox(r) : null;
  }

  async updateInbox(
    id: string,
    patch: Partial<Pick<T.InboxEvent, 'state' | 'raw' | 'orderId' | 'errorCode' | 'errorMessage'>>,
    at: T.Iso,
  ): Promise<void> {
    const { sets, values } = R.patchColumns({ ...patch, updatedAt: at });
    this.run(`UPDATE inbox SET ${sets.join(', ')} WHERE id = ?`, ...values, id);
  }

  async listPendingInbox(before: T.Iso, limit: number): Promise<T.InboxEvent[]> {
    return this.all(
      `SELECT * FROM inbox WHERE state = 'pending' AND received_at < ? ORDER BY received_at, id LIMIT ?`,
      before,
      limit,
    ).map(R.toInbox);
  }

  // Orders

  async recordOrder(input: T.RecordOrderInput): Promise<T.RecordOrderResult> {
    return this.db.transaction((): T.RecordOrderResult => {
      const row = this.one('SELECT * FROM orders WHERE id = ?', input.orderId);
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
      const order = input.build(revision);
      const body = JSON.stringify(order);
      const record: T.OrderRecord = {
        id: input.orderId,
        connectionId: order.channel.connectionId,
        connector: order.channel.connector,
        externalId: order.channel.externalId,
        orderNumber: order.channel.orderNumber,
        revision,
        channelRevision: input.channelRevision,
        state: input.state,
        hash: input.hash,
        placedAt: order.placedAt,
        createdAt: existing?.createdAt ?? input.at,
        updatedAt: input.at,
        order,
      };
      this.run(
        `INSERT INTO orders (id, connection_id, connector, external_id, order_number, revision, channel_revision, state,
           hash, placed_at, created_at, updated_at, body) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
         ON CONFLICT (id) DO UPDATE SET order_number = excluded.order_number, revision = excluded.revision,
           channel_revision = excluded.channel_revision, state = excluded.state, hash = excluded.hash,
           placed_at = excluded.placed_at, updated_at = excluded.updated_at, body = excluded.body`,
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
        body,
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
      return { outcome: existing ? 'updated' : 'created', order: record };
    })();
  }

  async getOrder(id: string): Promise<T.OrderRecord | null> {
    const r = this.one('SELECT * FROM orders WHERE id = ?', id);
    return r ? R.toOrder(r) : null;
  }

  async setOrderState(id: string, state: T.OrderState, at: T.Iso): Promise<void> {
    this.run('UPDATE orders SET state = ?, updated_at = ? WHERE id = ?', state, at, id);
  }

  async listOrders(filter: T.OrderFilter): Promise<T.PageOf<T.OrderRecord>> {
    const where = listWhere(
      {
        connection_id: filter.connectionId,
        state: filter.state,
        order_number: filter.orderNumber,
        external_id: filter.externalId,
      },
      filter.cursor,
    );
    const rows = this.all(
      `SELECT * FROM orders ${where.sql} ORDER BY created_at DESC, id DESC LIMIT ?`,
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

  // Deliveries

  async insertDeliveries(rows: readonly T.NewDelivery[]): Promise<T.DeliveryRecord[]> {
    const stmt = this.db.prepare(
      `INSERT OR IGNORE INTO deliveries (id, order_id, revision, operation, destination_id, state, attempts, generation,
         next_attempt_at, created_at, updated_at) VALUES (?,?,?,?,?, 'pending', 0, 0, ?, ?, ?)`,
    );
    return this.db.transaction(() => {
      const inserted: T.DeliveryRecord[] = [];
      for (const d of rows) {
        if (
          stmt.run(
            d.id,
            d.orderId,
            d.revision,
            d.operation,
            d.destinationId,
            d.createdAt,
            d.createdAt,
            d.createdAt,
          ).changes
        ) {
          inserted.push({
            ...d,
            state: 'pending',
            attempts: 0,
            generation: 0,
            nextAttemptAt: d.createdAt,
            leaseUntil: null,
            remoteId: null,
            lastErrorKind: null,
            lastErrorCode: null,
            lastErrorMessage: null,
            updatedAt: d.createdAt,
            deliveredAt: null,
          });
        }
      }
      return inserted;
    })();
  }

  async getDelivery(id: string): Promise<T.DeliveryRecord | null> {
    const r = this.one('SELECT * FROM deliveries WHERE id = ?', id);
    return r ? R.toDelivery(r) : null;
  }

  async updateDelivery(
    id: string,
    patch: T.DeliveryPatch,
    at: T.Iso,
    expectState?: readonly T.DeliveryState[],
  ): Promise<boolean> {
    const { sets, values } = R.patchColumns({ ...patch, updatedAt: at });
    const guard = expectState?.length ? ` AND state IN (${expectState.map(() => '?').join(',')})` : '';
    return (
      this.run(
        `UPDATE deliveries SET ${sets.join(', ')} WHERE id = ?${guard}`,
        ...values,
        id,
        ...(expectState ?? []),
      ) > 0
    );
  }

  async listDeliveries(filter: T.DeliveryFilter): Promise<T.PageOf<T.DeliveryRecord>> {
    const where = listWhere(
      { order_id: filter.orderId, destination_id: filter.destinationId, state: filter.state },
      filter.cursor,
    );
    const rows = this.all(
      `SELECT * FROM deliveries ${where.sql} ORDER BY created_at DESC, id DESC LIMIT ?`,
      ...where.params,
      filter.limit + 1,
    ).map(R.toDelivery);
    return pageOf(rows, filter.limit, (d) => ({ at: d.createdAt, id: d.id }));
  }

  async listDueDeliveries(now: T.Iso, limit: number): Promise<T.DeliveryRecord[]> {
    return this.all(
      `SELECT * FROM deliveries WHERE (state IN ('pending','retrying') AND next_attempt_at <= ?)
         OR (state = 'delivering' AND lease_until < ?) ORDER BY next_attempt_at, id LIMIT ?`,
      now,
      now,
      limit,
    ).map(R.toDelivery);
  }

  async latestDeliveredRevision(
    destinationId: string,
    orderId: string,
    operation: string,
  ): Promise<number | null> {
    const r = this.one(
      `SELECT MAX(revision) AS rev FROM deliveries WHERE destination_id = ? AND order_id = ? AND operation = ?
         AND state = 'delivered'`,
      destinationId,
      orderId,
      operation,
    );
    return r && r.rev !== null && r.rev !== undefined ? Number(r.rev) : null;
  }

  async addAttempt(a: T.DeliveryAttempt): Promise<void> {
    this.run(
      `INSERT INTO delivery_attempts (delivery_id, attempt, at, outcome, code, message, http_status, duration_ms)
       VALUES (?,?,?,?,?,?,?,?)`,
      a.deliveryId,
      a.attempt,
      a.at,
      a.outcome,
      a.code,
      a.message,
      a.httpStatus,
      a.durationMs,
    );
  }

  async listAttempts(deliveryId: string): Promise<T.DeliveryAttempt[]> {
    return this.all(
      'SELECT * FROM delivery_attempts WHERE delivery_id = ? ORDER BY at, attempt',
      deliveryId,
    ).map(R.toAttempt);
  }

  async countDeliveries(): Promise<{ destinationId: string; state: T.DeliveryState; count: number }[]> {
    return this.all(
      'SELECT destination_id, state, COUNT(*) AS n FROM deliveries GROUP BY destination_id, state',
    ).map((r) => ({
      destinationId: String(r.destination_id),
      state: String(r.state) as T.DeliveryState,
      count: Number(r.n),
    }));
  }

  // Checkpoints

  async getCheckpoint(connectionId: string, stream: string): Promise<PullCheckpoint | null> {
    const r = this.one(
      'SELECT value FROM checkpoints WHERE connection_id = ? AND stream = ?',
      connectionId,
      stream,
    );
    return r ? (JSON.parse(String(r.value)) as PullCheckpoint) : null;
  }

  async setCheckpoint(connectionId: string, stream: string, value: PullCheckpoint, at: T.Iso): Promise<void> {
    this.run(
      `INSERT INTO checkpoints (connection_id, stream, value, updated_at) VALUES (?,?,?,?)
       ON CONFLICT (connection_id, stream) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      connectionId,
      stream,
      JSON.stringify(value),
      at,
    );
  }

  // Exceptions

  async insertException(e: T.ExceptionRecord): Promise<void> {
    this.run(
      `INSERT INTO exceptions (id, kind, code, message, connection_id, inbox_event_id, order_id, delivery_id, state,
         created_at, resolved_at, resolution) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
      e.id,
      e.kind,
      e.code,
      e.message,
      e.connectionId,
      e.inboxEventId,
      e.orderId,
      e.deliveryId,
      e.state,
      e.createdAt,
      e.resolvedAt,
      e.resolution,
    );
  }

  async getException(id: string): Promise<T.ExceptionRecord | null> {
    const r = this.one('SELECT * FROM exceptions WHERE id = ?', id);
    return r ? R.toException(r) : null;
  }

  async listExceptions(filter: T.ExceptionFilter): Promise<T.PageOf<T.ExceptionRecord>> {
    const where = listWhere(
      {
        state: filter.state,
        kind: filter.kind,
        connection_id: filter.connectionId,
        order_id: filter.orderId,
      },
      filter.cursor,
    );
    const rows = this.all(
      `SELECT * FROM exceptions ${where.sql} ORDER BY created_at DESC, id DESC LIMIT ?`,
      ...where.params,
      filter.limit + 1,
    ).map(R.toException);
    return pageOf(rows, filter.limit, (e) => ({ at: e.createdAt, id: e.id }));
  }

  async resolveExceptions(
    subject: { inboxEventId?: string; orderId?: string; deliveryId?: string },
    resolution: string,
    at: T.Iso,
  ): Promise<number> {
    const [column, value] = subject.deliveryId
      ? ['delivery_id', subject.deliveryId]
      : subject.inboxEventId
        ? ['inbox_event_id', subject.inboxEventId]
        : ['order_id', subject.orderId];
    if (!value) return 0;
    return this.run(
      `UPDATE exceptions SET state = 'resolved', resolved_at = ?, resolution = ? WHERE ${column} = ? AND state = 'open'`,
      at,
      resolution,
      value,
    );
  }

  // Audit and API keys

  async appendAudit(a: T.AuditEntry): Promise<void> {
    this.run(
      'INSERT INTO audit_log (id, at, actor, action, subject, detail) VALUES (?,?,?,?,?,?)',
      a.id,
      a.at,
      a.actor,
      a.action,
      a.subject,
      JSON.stringify(a.detail),
    );
  }

  async listAudit(subject: string, limit: number): Promise<T.AuditEntry[]> {
    return this.all(
      'SELECT * FROM audit_log WHERE subject = ? ORDER BY at DESC, id DESC LIMIT ?',
      subject,
      limit,
    ).map(R.toAudit);
  }

  async insertApiKey(k: T.ApiKeyRecord): Promise<void> {
    this.run(
      'INSERT INTO api_keys (id, name, role, hash, created_at) VALUES (?,?,?,?,?)',
      k.id,
      k.name,
      k.role,
      k.hash,
      k.createdAt,
    );
  }

  async findApiKeyByHash(hash: string): Promise<T.ApiKeyRecord | null> {
    const r = this.one('SELECT * FROM api_keys WHERE hash = ?', hash);
    return r ? R.toApiKey(r) : null;
  }

  async listApiKeys(): Promise<T.ApiKeyRecord[]> {
    return this.all('SELECT * FROM api_keys ORDER BY created_at, id').map(R.toApiKey);
  }

  async deleteApiKey(id: string): Promise<boolean> {
    return this.run('DELETE FROM api_keys WHERE id = ?', id) > 0;
  }
}
