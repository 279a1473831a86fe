import type { Filter } from 'mongodb';
import type { PullCheckpoint } from '../../sdk/define';
import type { Store } from '../port';
import type * as T from '../types';
import * as D from './mongo-docs';
import { MongoOutbox } from './mongo-outbox';
import { recordOrderInMongo } from './mongo-orders';
import * as Q from './mongo-queries';
import * as S from './mongo-search';
import { insertIgnoringDuplicates, retryOnDuplicate } from './mongo-writes';

/**
 * The store on MongoDB (a replica set in production), for clusters of workers. Same semantics as SQLite; every
 * dedup key is a unique index, and `recordOrder` is an optimistic, retried compare-and-set (see mongo-orders.ts).
 */
export class MongoStore extends MongoOutbox implements Store {
  // Connections

  async insertConnection(record: T.ConnectionRecord): Promise<void> {
    await this.connections.insertOne(D.connectionDoc(record));
  }

  async getConnection(id: string): Promise<T.ConnectionRecord | null> {
    const doc = await this.connections.findOne({ _id: id });
    return doc ? D.toConnection(doc) : null;
  }

  async listConnections(filter: { kind?: T.ConnectionKind } = {}): Promise<T.ConnectionRecord[]> {
    const query: Filter<D.ConnectionDoc> = filter.kind ? { kind: filter.kind } : {};
    const docs = await this.connections.find(query).sort({ createdAt: 1, _id: 1 }).toArray();
    return docs.map(D.toConnection);
  }

  async updateConnection(
    id: string,
    patch: T.ConnectionPatch,
    at: T.Iso,
  ): Promise<T.ConnectionRecord | null> {
    const doc = await this.connections.findOneAndUpdate(
      { _id: id },
      { $set: { ...D.definedOnly(patch), updatedAt: at } },
      { returnDocument: 'after' },
    );
    return doc ? D.toConnection(doc) : null;
  }

  async deleteConnection(id: string): Promise<boolean> {
    return (await this.connections.deleteOne({ _id: id })).deletedCount > 0;
  }

  // Inbox

  async insertInbox(events: readonly T.NewInboxEvent[]): Promise<boolean[]> {
    const docs = events.map(D.inboxDoc);
    return insertIgnoringDuplicates(docs.length, () => this.inbox.insertMany(docs, { ordered: false }));
  }

  async getInbox(id: string): Promise<T.InboxEvent | null> {
    const doc = await this.inbox.findOne({ _id: id });
    return doc ? D.toInbox(doc) : null;
  }

  async updateInbox(
    id: string,
    patch: Partial<Pick<T.InboxEvent, 'state' | 'raw' | 'orderId' | 'errorCode' | 'errorMessage'>>,
    at: T.Iso,
  ): Promise<void> {
    await this.inbox.updateOne({ _id: id }, { $set: { ...D.definedOnly(patch), updatedAt: at } });
  }

  async listPendingInbox(before: T.Iso, limit: number): Promise<string[]> {
    return Q.listPendingInbox(this.inbox, before, limit);
  }

  // Orders

  async recordOrder(input: T.RecordOrderInput): Promise<T.RecordOrderResult> {
    return recordOrderInMongo(this.orders, this.revisions, input);
  }

  async getOrder(id: string): Promise<T.OrderRecord | null> {
    const doc = await this.orders.findOne({ _id: id });
    return doc ? D.toOrder(doc) : null;
  }

  async setOrderState(id: string, state: T.OrderState, at: T.Iso): Promise<void> {
    await this.orders.updateOne({ _id: id }, { $set: { state, updatedAt: at } });
  }

  async listOrders(filter: T.OrderFilter): Promise<T.PageOf<T.OrderRecord>> {
    return Q.listOrders(this.orders, filter);
  }

  async searchOrders(filter: T.OrderSearchFilter): Promise<T.PageOf<T.OrderRecord>> {
    return S.searchOrders(this.orders, filter);
  }

  async countOrdersPerHour(range: { from: T.Iso; to: T.Iso }): Promise<T.HourlyOrderCount[]> {
    return S.countOrdersPerHour(this.orders, range);
  }

  async listOrderRevisions(orderId: string): Promise<T.OrderRevisionRecord[]> {
    const docs = await this.revisions.find({ orderId }).sort({ revision: 1 }).toArray();
    return docs.map(D.toRevision);
  }

  async getOrderRevision(orderId: string, revision: number): Promise<T.OrderRevisionRecord | null> {
    const doc = await this.revisions.findOne({ orderId, revision });
    return doc ? D.toRevision(doc) : null;
  }

  // Checkpoints

  // Shipments

  upsertShipments(rows: readonly T.NewShipment[]): Promise<('inserted' | 'updated' | 'duplicate')[]> {
    return this.shipments.upsert(rows);
  }

  getShipment(id: string): Promise<T.ShipmentRecord | null> {
    return this.shipments.get(id);
  }

  listShipments(filter: T.ShipmentFilter): Promise<T.PageOf<T.ShipmentRecord>> {
    return this.shipments.list(filter);
  }

  setShipmentState(id: string, state: T.ShipmentState, at: T.Iso): Promise<void> {
    return this.shipments.setState(id, state, at);
  }

  // Documents

  putDoc(kind: string, id: string, value: unknown, at: T.Iso): Promise<void> {
    return this.kv.put(kind, id, value, at);
  }

  insertDoc(kind: string, id: string, value: unknown, at: T.Iso): Promise<boolean> {
    return this.kv.insert(kind, id, value, at);
  }

  getDoc(kind: string, id: string): Promise<T.DocRecord | null> {
    return this.kv.get(kind, id);
  }

  listDocs(filter: T.DocFilter): Promise<T.PageOf<T.DocRecord>> {
    return this.kv.list(filter);
  }

  deleteDoc(kind: string, id: string): Promise<boolean> {
    return this.kv.delete(kind, id);
  }

  async getCheckpoint(connectionId: string, stream: string): Promise<PullCheckpoint | null> {
    const doc = await this.checkpoints.findOne({ connectionId, stream });
    return doc ? D.toCheckpoint(doc.value) : null;
  }

  async setCheckpoint(connectionId: string, stream: string, value: PullCheckpoint, at: T.Iso): Promise<void> {
    await retryOnDuplicate(() =>
      this.checkpoints.updateOne(
        { connectionId, stream },
        { $set: { value: D.toCheckpoint(value), updatedAt: at } },
        { upsert: true },
      ),
    );
  }

  // Audit and API keys

  async appendAudit(entry: T.AuditEntry): Promise<void> {
    const { id, ...rest } = entry;
    await this.audit.insertOne({ _id: id, ...rest });
  }

  async listAudit(subject: string, limit: number): Promise<T.AuditEntry[]> {
    if (limit <= 0) return [];
    const docs = await this.audit.find({ subject }).sort({ at: -1, _id: -1 }).limit(limit).toArray();
    return docs.map(D.toAudit);
  }

  async insertApiKey(record: T.ApiKeyRecord): Promise<void> {
    const { id, ...rest } = record;
    await this.apiKeys.insertOne({ _id: id, ...rest });
  }

  async findApiKeyByHash(hash: string): Promise<T.ApiKeyRecord | null> {
    const doc = await this.apiKeys.findOne({ hash });
    return doc ? D.toApiKey(doc) : null;
  }

  async listApiKeys(): Promise<T.ApiKeyRecord[]> {
    const docs = await this.apiKeys.find().sort({ createdAt: 1, _id: 1 }).toArray();
    return docs.map(D.toApiKey);
  }

  async deleteApiKey(id: string): Promise<boolean> {
    return (await this.apiKeys.deleteOne({ _id: id })).deletedCount > 0;
  }
}
