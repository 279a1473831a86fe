import type { Collection, Filter } from 'mongodb';
import { decodeCursor, pageOf } from '../cursor';
import type * as T from '../types';
import { insertIgnoringDuplicates } from './mongo-writes';

export type ShipmentDoc = Omit<T.ShipmentRecord, 'id'> & { _id: string };

const toShipment = ({ _id, ...rest }: ShipmentDoc): T.ShipmentRecord => ({ id: _id, ...rest });

/** Shipments on MongoDB, with the SQLite adapter's semantics (see Store.upsertShipments). */
export class MongoShipments {
  constructor(private readonly shipments: Collection<ShipmentDoc>) {}

  async upsert(rows: readonly T.NewShipment[]): Promise<('inserted' | 'updated' | 'duplicate')[]> {
    const out: ('inserted' | 'updated' | 'duplicate')[] = [];
    for (const { id, ...s } of rows) {
      const [inserted] = await insertIgnoringDuplicates(1, () =>
        this.shipments.insertOne({ _id: id, ...s, state: 'pending', updatedAt: s.createdAt }),
      );
      if (inserted) {
        out.push('inserted');
        continue;
      }
      const changed = await this.shipments.updateOne(
        { _id: id, hash: { $ne: s.hash } },
        { $set: { report: s.report, hash: s.hash, state: 'pending', updatedAt: s.createdAt } },
      );
      out.push(changed.modifiedCount ? 'updated' : 'duplicate');
    }
    return out;
  }

  async get(id: string): Promise<T.ShipmentRecord | null> {
    const doc = await this.shipments.findOne({ _id: id });
    return doc ? toShipment(doc) : null;
  }

  async list(filter: T.ShipmentFilter): Promise<T.PageOf<T.ShipmentRecord>> {
    const key = decodeCursor(filter.cursor);
    const query: Filter<ShipmentDoc> = key
      ? { $or: [{ createdAt: { $lt: key.at } }, { createdAt: key.at, _id: { $lt: key.id } }] }
      : {};
    if (filter.orderId) query.orderId = filter.orderId;
    if (filter.state) query.state = filter.state;
    const docs = await this.shipments
      .find(query)
      .sort({ createdAt: -1, _id: -1 })
      .limit(filter.limit + 1)
      .toArray();
    return pageOf(docs.map(toShipment), filter.limit, (s) => ({ at: s.createdAt, id: s.id }));
  }

  async setState(id: string, state: T.ShipmentState, at: T.Iso): Promise<void> {
    await this.shipments.updateOne({ _id: id }, { $set: { state, updatedAt: at } });
  }
}
