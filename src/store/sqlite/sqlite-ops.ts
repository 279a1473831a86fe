import type * as T from '../types';
import { pageOf } from '../cursor';
import { listWhere } from './sqlite-base';
import { SqliteIntake } from './sqlite-intake';
import * as R from './rows';

/** What comes back from destinations and operators: shipments. Sits between intake and the outbox half. */
export class SqliteOps extends SqliteIntake {
  async upsertShipments(rows: readonly T.NewShipment[]): Promise<('inserted' | 'updated' | 'duplicate')[]> {
    return this.write(() =>
      rows.map((s) => {
        const inserted = this.run(
          `INSERT OR IGNORE INTO shipments (id, reporter_id, order_id, shipment_id, report, hash, state, created_at,
             updated_at) VALUES (?,?,?,?,?,?, 'pending', ?, ?)`,
          s.id,
          s.reporterId,
          s.orderId,
          s.shipmentId,
          JSON.stringify(s.report),
          s.hash,
          s.createdAt,
          s.createdAt,
        );
        if (inserted) return 'inserted';
        const changed = this.run(
          `UPDATE shipments SET report = ?, hash = ?, state = 'pending', updated_at = ? WHERE id = ? AND hash <> ?`,
          JSON.stringify(s.report),
          s.hash,
          s.createdAt,
          s.id,
          s.hash,
        );
        return changed ? 'updated' : 'duplicate';
      }),
    );
  }

  async getShipment(id: string): Promise<T.ShipmentRecord | null> {
    const r = this.one('SELECT * FROM shipments WHERE id = ?', id);
    return r ? R.toShipment(r) : null;
  }

  async listShipments(filter: T.ShipmentFilter): Promise<T.PageOf<T.ShipmentRecord>> {
    const where = listWhere({ order_id: filter.orderId, state: filter.state }, filter.cursor);
    const rows = this.all(
      `SELECT * FROM shipments ${where.sql} ORDER BY created_at DESC, id DESC LIMIT ?`,
      ...where.params,
      filter.limit + 1,
    ).map(R.toShipment);
    return pageOf(rows, filter.limit, (s) => ({ at: s.createdAt, id: s.id }));
  }

  async setShipmentState(id: string, state: T.ShipmentState, at: T.Iso): Promise<void> {
    return this.write(() => {
      this.run('UPDATE shipments SET state = ?, updated_at = ? WHERE id = ?', state, at, id);
    });
  }
}
