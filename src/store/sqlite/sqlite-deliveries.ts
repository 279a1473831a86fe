import type * as T from '../types';
import { pageOf } from '../cursor';
import { listWhere } from './sqlite-base';
import { SqliteOps } from './sqlite-ops';
import * as R from './rows';

/** The outbox half of the SQLite store: deliveries and their attempts. */
export class SqliteDeliveries extends SqliteOps {
  // Deliveries

  async insertDeliveries(rows: readonly T.NewDelivery[]): Promise<T.DeliveryRecord[]> {
    return this.write(() => {
      const stmt = this.prepare(
        `INSERT OR IGNORE INTO deliveries (id, order_id, revision, operation, destination_id, state, attempts, generation,
           next_attempt_at, created_at, updated_at) VALUES (?,?,?,?,?, 'pending', 0, 0, ?, ?, ?)`,
      );
      {
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
      }
    });
  }

  async getDelivery(id: string): Promise<T.DeliveryRecord | null> {
    const r = this.one('SELECT * FROM deliveries WHERE id = ?', id);
    return r ? R.toDelivery(r) : null;
  }

  async claimDelivery(id: string, now: T.Iso, leaseUntil: T.Iso): Promise<T.DeliveryRecord | null> {
    return this.write(() => {
      const r = this.one(
        `UPDATE deliveries SET state = 'delivering', lease_until = ?, updated_at = ?
         WHERE id = ? AND (state IN ('pending', 'retrying')
           OR (state = 'delivering' AND (lease_until IS NULL OR lease_until <= ?)))
         RETURNING *`,
        leaseUntil,
        now,
        id,
        now,
      );
      return r ? R.toDelivery(r) : null;
    });
  }

  async updateDelivery(
    id: string,
    patch: T.DeliveryPatch,
    at: T.Iso,
    expectState?: readonly T.DeliveryState[],
  ): Promise<boolean> {
    return this.write(() => {
      return this.patchDelivery(id, patch, at, expectState);
    });
  }

  private patchDelivery(
    id: string,
    patch: T.DeliveryPatch,
    at: T.Iso,
    expectState?: readonly T.DeliveryState[],
  ): boolean {
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

  async addAttempt(a: T.DeliveryAttempt): Promise<void> {
    return this.write(() => {
      this.insertAttempt(a);
    });
  }

  private insertAttempt(a: T.DeliveryAttempt): void {
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

  async finishAttempt(
    id: string,
    patch: T.DeliveryPatch,
    attempt: T.DeliveryAttempt,
    at: T.Iso,
    resolution?: string,
  ): Promise<void> {
    return this.write(() => {
      {
        this.patchDelivery(id, patch, at);
        this.insertAttempt(attempt);
        if (resolution) this.resolveFor({ deliveryId: id }, resolution, at);
      }
    });
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

  /** Resolves the open exceptions of a subject; also used when a delivery's last attempt settles it. */
  protected resolveFor(
    subject: { inboxEventId?: string; orderId?: string; deliveryId?: string },
    resolution: string,
    at: T.Iso,
  ): number {
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
}
