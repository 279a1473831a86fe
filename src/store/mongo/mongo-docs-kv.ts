import type { Collection, Filter } from 'mongodb';
import { decodeCursor, pageOf } from '../cursor';
import type * as T from '../types';
import { insertIgnoringDuplicates } from './mongo-writes';

/** `_id` is `<kind>\u0000<id>`: one unique key per (kind, id) without a compound index. */
export type KvDoc = Omit<T.DocRecord, never> & { _id: string };

const key = (kind: string, id: string): string => `${kind}\u0000${id}`;
const toRecord = ({ _id: _key, ...rest }: KvDoc): T.DocRecord => rest;

/** Ops documents on MongoDB, with the SQLite adapter's semantics. */
export class MongoKv {
  constructor(private readonly docs: Collection<KvDoc>) {}

  async put(kind: string, id: string, value: unknown, at: T.Iso): Promise<void> {
    await this.docs.updateOne(
      { _id: key(kind, id) },
      { $set: { value, updatedAt: at }, $setOnInsert: { kind, id, createdAt: at } },
      { upsert: true },
    );
  }

  async insert(kind: string, id: string, value: unknown, at: T.Iso): Promise<boolean> {
    const [stored] = await insertIgnoringDuplicates(1, () =>
      this.docs.insertOne({ _id: key(kind, id), kind, id, value, createdAt: at, updatedAt: at }),
    );
    return stored ?? false;
  }

  async get(kind: string, id: string): Promise<T.DocRecord | null> {
    const doc = await this.docs.findOne({ _id: key(kind, id) });
    return doc ? toRecord(doc) : null;
  }

  async list(filter: T.DocFilter): Promise<T.PageOf<T.DocRecord>> {
    const cursor = decodeCursor(filter.cursor);
    const query: Filter<KvDoc> = { kind: filter.kind };
    if (filter.idPrefix) query.id = { $regex: `^${filter.idPrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` };
    if (cursor)
      query.$or = [{ createdAt: { $lt: cursor.at } }, { createdAt: cursor.at, id: { $lt: cursor.id } }];
    const docs = await this.docs
      .find(query)
      .sort({ createdAt: -1, id: -1 })
      .limit(filter.limit + 1)
      .toArray();
    return pageOf(docs.map(toRecord), filter.limit, (d) => ({ at: d.createdAt, id: d.id }));
  }

  async delete(kind: string, id: string): Promise<boolean> {
    return (await this.docs.deleteOne({ _id: key(kind, id) })).deletedCount > 0;
  }
}
