import type * as T from '../types';
import { pageOf } from '../cursor';
import { listWhere } from './sqlite-base';
import { SqliteSearch } from './sqlite-search';
import * as R from './rows';

/** What comes back from destinations and operators: shipments. Sits between intake and the outbox half. */
export class SqliteOps extends SqliteSearch {
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

  // Documents

  async putDoc(kind: string, id: string, value: unknown, at: T.Iso): Promise<void> {
    return this.write(() => {
      this.run(
        `INSERT INTO docs (kind, id, value, created_at, updated_at) VALUES (?,?,?,?,?)
         ON CONFLICT (kind, id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        kind,
        id,
        JSON.stringify(value),
        at,
        at,
      );
    });
  }

  async insertDoc(kind: string, id: string, value: unknown, at: T.Iso): Promise<boolean> {
    return this.write(
      () =>
        this.run(
          'INSERT OR IGNORE INTO docs (kind, id, value, created_at, updated_at) VALUES (?,?,?,?,?)',
          kind,
          id,
          JSON.stringify(value),
          at,
          at,
        ) > 0,
    );
  }

  async getDoc(kind: string, id: string): Promise<T.DocRecord | null> {
    const r = this.one('SELECT * FROM docs WHERE kind = ? AND id = ?', kind, id);
    return r ? R.toDoc(r) : null;
  }

  async listDocs(filter: T.DocFilter): Promise<T.PageOf<T.DocRecord>> {
    const where = listWhere({ kind: filter.kind }, filter.cursor);
    const prefix = filter.idPrefix ? ' AND substr(id, 1, ?) = ?' : '';
    const params: unknown[] = [...where.params];
    if (filter.idPrefix) params.push(filter.idPrefix.length, filter.idPrefix);
    const rows = this.all(
      `SELECT * FROM docs ${where.sql}${prefix} ORDER BY created_at DESC, id DESC LIMIT ?`,
      ...params,
      filter.limit + 1,
    ).map(R.toDoc);
    return pageOf(rows, filter.limit, (d) => ({ at: d.createdAt, id: d.id }));
  }

  async deleteDoc(kind: string, id: string): Promise<boolean> {
    return this.write(() => this.run('DELETE FROM docs WHERE kind = ? AND id = ?', kind, id) > 0);
  }
}
