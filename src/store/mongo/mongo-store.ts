import { MongoClient, type Collection, type Db, type Filter } from 'mongodb';
import type { PullCheckpoint } from '../../sdk/define';
import type { Store } from '../port';
import type * as T from '../types';
import * as D from './mongo-docs';
import { recordOrderInMongo } from './mongo-orders';
import * as Q from './mongo-queries';
import * as S from './mongo-search';
import { COLLECTIONS, dbNameOf, ensureIndexes } from './mongo-schema';
import { MongoKv } from './mongo-docs-kv';
import { MongoShipments } from './mongo-shipments';
import { insertIgnoringDuplicates, retryOnDuplicate } from './mongo-writes';

/**
 * The store on MongoDB (a replica set in production), for clusters of workers. Same semantics as SQLite; every
 * dedup key is a unique index, and `recordOrder` is an optimistic, retried compare-and-set (see mongo-orders.ts).
 */
export class MongoStore implements Store {
  readonly kind = 'mongodb' as const;
  private readonly client: MongoClient;
  private readonly db: Db;
  private readonly connections: Collection<D.ConnectionDoc>;
  private readonly inbox: Collection<D.InboxDoc>;
  private readonly orders: Collection<D.OrderDoc>;
  private readonly revisions: Collection<D.RevisionDoc>;
  private readonly deliveries: Collection<D.DeliveryDoc>;
  private readonly attempts: Collection<D.AttemptDoc>;
  private readonly checkpoints: Collection<D.CheckpointDoc>;
  private readonly exceptions: Collection<D.ExceptionDoc>;
  private readonly audit: Collection<D.AuditDoc>;
  private readonly apiKeys: Collection<D.ApiKeyDoc>;
  private readonly shipments: MongoShipments;
  private readonly kv: MongoKv;

  /** `dbName` defaults to the database in the URL, else `orderhub`. */
  constructor(url: string, dbName?: string) {
    // Optional fields left undefined are omitted, never stored as null.
    this.client = new MongoClient(url, { ignoreUndefined: true });
    this.db = this.client.db(dbName ?? dbNameOf(url) ?? 'orderhub');
    this.connections = this.db.collection(COLLECTIONS.connections);
    this.inbox = this.db.collection(COLLECTIONS.inbox);
    this.orders = this.db.collection(COLLECTIONS.orders);
    this.revisions = this.db.collection(COLLECTIONS.revisions);
    this.deliveries = this.db.collection(COLLECTIONS.deliveries);
    this.attempts = this.db.collection(COLLECTIONS.attempts);
    this.checkpoints = this.db.collection(COLLECTIONS.checkpoints);
    this.exceptions = this.db.collection(COLLECTIONS.exceptions);
    this.audit = this.db.collection(COLLECTIONS.audit);
    this.apiKeys = this.db.collection(COLLECTIONS.apiKeys);
    this.shipments = new MongoShipments(this.db.collection(COLLECTIONS.shipments));
    this.kv = new MongoKv(this.db.collection(COLLECTIONS.docs));
  }

  async init(): Promise<void> {
    await this.client.connect();
    await ensureIndexes(this.db);
    await S.backfillSearchTerms(this.orders);
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

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

  // Deliveries

  async insertDeliveries(rows: readonly T.NewDelivery[]): Promise<T.DeliveryRecord[]> {
    const docs = rows.map(D.newDeliveryDoc);
    const stored = await insertIgnoringDuplicates(docs.length, () =>
      this.deliveries.insertMany(docs, { ordered: false }),
    );
    return docs.filter((_, i) => stored[i]).map(D.toDelivery);
  }

  async finishAttempt(
    id: string,
    patch: T.DeliveryPatch,
    attempt: T.DeliveryAttempt,
    at: T.Iso,
    resolution?: string,
  ): Promise<void> {
    // No transaction: the attempt log first, then the state, so a crash in between repeats an idempotent delivery.
    await this.addAttempt(attempt);
    await this.updateDelivery(id, patch, at);
    if (resolution) await this.resolveExceptions({ deliveryId: id }, resolution, at);
  }

  async currentRevision(orderId: string): Promise<number | null> {
    const doc = await this.orders.findOne({ _id: orderId }, { projection: { revision: 1 } });
    return doc ? doc.revision : null;
  }

  async getDelivery(id: string): Promise<T.DeliveryRecord | null> {
    const doc = await this.deliveries.findOne({ _id: id });
    return doc ? D.toDelivery(doc) : null;
  }

  async claimDelivery(id: string, now: T.Iso, leaseUntil: T.Iso): Promise<T.DeliveryRecord | null> {
    const doc = await this.deliveries.findOneAndUpdate(
      {
        _id: id,
        $or: [
          { state: { $in: ['pending', 'retrying'] } },
          { state: 'delivering', $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }] },
        ],
      },
      { $set: { state: 'delivering', leaseUntil, updatedAt: now } },
      { returnDocument: 'after' },
    );
    return doc ? D.toDelivery(doc) : null;
  }

  async updateDelivery(
    id: string,
    patch: T.DeliveryPatch,
    at: T.Iso,
    expectState?: readonly T.DeliveryState[],
  ): Promise<boolean> {
    const query: Filter<D.DeliveryDoc> = { _id: id };
    if (expectState?.length) query.state = { $in: [...expectState] };
    const result = await this.deliveries.updateOne(query, {
      $set: { ...D.definedOnly(patch), updatedAt: at },
    });
    return result.matchedCount > 0;
  }

  async listDeliveries(filter: T.DeliveryFilter): Promise<T.PageOf<T.DeliveryRecord>> {
    return Q.listDeliveries(this.deliveries, filter);
  }

  async listDueDeliveries(now: T.Iso, limit: number): Promise<T.DeliveryRecord[]> {
    return Q.listDueDeliveries(this.deliveries, now, limit);
  }

  async addAttempt(attempt: T.DeliveryAttempt): Promise<void> {
    // A copy: the driver adds `_id` to the document it inserts.
    await this.attempts.insertOne({ ...attempt });
  }

  async listAttempts(deliveryId: string): Promise<T.DeliveryAttempt[]> {
    const docs = await this.attempts.find({ deliveryId }).sort({ at: 1, attempt: 1 }).toArray();
    return docs.map(D.toAttempt);
  }

  async countDeliveries(): Promise<{ destinationId: string; state: T.DeliveryState; count: number }[]> {
    return Q.countDeliveries(this.deliveries);
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

  // Exceptions

  async insertException(record: T.ExceptionRecord): Promise<void> {
    await this.exceptions.insertOne(D.exceptionDoc(record));
  }

  async getException(id: string): Promise<T.ExceptionRecord | null> {
    const doc = await this.exceptions.findOne({ _id: id });
    return doc ? D.toException(doc) : null;
  }

  async listExceptions(filter: T.ExceptionFilter): Promise<T.PageOf<T.ExceptionRecord>> {
    return Q.listExceptions(this.exceptions, filter);
  }

  async resolveExceptions(
    subject: { inboxEventId?: string; orderId?: string; deliveryId?: string },
    resolution: string,
    at: T.Iso,
  ): Promise<number> {
    // One subject field, in the same precedence as the SQLite adapter: delivery, then inbox event, then order.
    const query: Filter<D.ExceptionDoc> = { state: 'open' };
    if (subject.deliveryId) query.deliveryId = subject.deliveryId;
    else if (subject.inboxEventId) query.inboxEventId = subject.inboxEventId;
    else if (subject.orderId) query.orderId = subject.orderId;
    else return 0;
    const result = await this.exceptions.updateMany(query, {
      $set: { state: 'resolved', resolvedAt: at, resolution },
    });
    return result.modifiedCount;
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
