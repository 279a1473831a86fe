import type { PullCheckpoint } from '../../sdk/define';
import type { Store } from '../port';
import type * as T from '../types';
import { pageOf } from '../cursor';
import { listWhere } from './sqlite-base';
import { SqliteDeliveries } from './sqlite-deliveries';
import * as R from './rows';

/**
 * The embedded default store: one SQLite file in WAL mode. `synchronous=NORMAL` keeps every committed
 * transaction across a process kill (the WAL is fsynced at checkpoints, not per commit), which is the
 * durability the hub promises; power loss may lose the last moments, as with any WAL database so configured.
 * This file holds checkpoints, exceptions, audit and API keys; the layers below it hold the rest.
 */
export class SqliteStore extends SqliteDeliveries implements Store {
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
    return this.write(() => {
      this.run(
        `INSERT INTO checkpoints (connection_id, stream, value, updated_at) VALUES (?,?,?,?)
         ON CONFLICT (connection_id, stream) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        connectionId,
        stream,
        JSON.stringify(value),
        at,
      );
    });
  }

  // Exceptions

  async insertException(e: T.ExceptionRecord): Promise<void> {
    return this.write(() => {
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
    });
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
    return this.write(() => {
      return this.resolveFor(subject, resolution, at);
    });
  }

  // Audit and API keys

  async appendAudit(a: T.AuditEntry): Promise<void> {
    return this.write(() => {
      this.run(
        'INSERT INTO audit_log (id, at, actor, action, subject, detail) VALUES (?,?,?,?,?,?)',
        a.id,
        a.at,
        a.actor,
        a.action,
        a.subject,
        JSON.stringify(a.detail),
      );
    });
  }

  async listAudit(subject: string, limit: number): Promise<T.AuditEntry[]> {
    return this.all(
      'SELECT * FROM audit_log WHERE subject = ? ORDER BY at DESC, id DESC LIMIT ?',
      subject,
      limit,
    ).map(R.toAudit);
  }

  async insertApiKey(k: T.ApiKeyRecord): Promise<void> {
    return this.write(() => {
      this.run(
        'INSERT INTO api_keys (id, name, role, hash, created_at) VALUES (?,?,?,?,?)',
        k.id,
        k.name,
        k.role,
        k.hash,
        k.createdAt,
      );
    });
  }

  async findApiKeyByHash(hash: string): Promise<T.ApiKeyRecord | null> {
    const r = this.one('SELECT * FROM api_keys WHERE hash = ?', hash);
    return r ? R.toApiKey(r) : null;
  }

  async listApiKeys(): Promise<T.ApiKeyRecord[]> {
    return this.all('SELECT * FROM api_keys ORDER BY created_at, id').map(R.toApiKey);
  }

  async deleteApiKey(id: string): Promise<boolean> {
    return this.write(() => {
      return this.run('DELETE FROM api_keys WHERE id = ?', id) > 0;
    });
  }
}
