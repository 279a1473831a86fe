import type { PullCheckpoint } from '../sdk/define';
import type * as T from './types';

/**
 * The store: where the truth lives. Queues only carry work; every stage writes here first. Two adapters
 * implement it (SQLite, the embedded default, and MongoDB), and one contract suite (test/store) runs over both.
 * Every write is idempotent on its natural key, so a repeated stage changes nothing.
 */
export interface Store {
  readonly kind: 'sqlite' | 'mongodb';
  /** Creates tables/collections and indexes. Safe to call on every start. */
  init(): Promise<void>;
  close(): Promise<void>;
  /** Cheap liveness check for /readyz. */
  ping(): Promise<void>;

  insertConnection(record: T.ConnectionRecord): Promise<void>;
  getConnection(id: string): Promise<T.ConnectionRecord | null>;
  listConnections(filter?: { kind?: T.ConnectionKind }): Promise<T.ConnectionRecord[]>;
  updateConnection(id: string, patch: T.ConnectionPatch, at: T.Iso): Promise<T.ConnectionRecord | null>;
  deleteConnection(id: string): Promise<boolean>;

  /** Inserts events; each answer is true when stored, false when its id was already there (a duplicate). */
  insertInbox(events: readonly T.NewInboxEvent[]): Promise<boolean[]>;
  getInbox(id: string): Promise<T.InboxEvent | null>;
  updateInbox(
    id: string,
    patch: Partial<Pick<T.InboxEvent, 'state' | 'raw' | 'orderId' | 'errorCode' | 'errorMessage'>>,
    at: T.Iso,
  ): Promise<void>;
  /** Ids of the events still pending that were received before `before`, oldest first (the sweeper's work). */
  listPendingInbox(before: T.Iso, limit: number): Promise<string[]>;

  /** Stores a normalized order revision: assigns the next hub revision atomically, never lets an older one win. */
  recordOrder(input: T.RecordOrderInput): Promise<T.RecordOrderResult>;
  getOrder(id: string): Promise<T.OrderRecord | null>;
  /** The current hub revision of an order, without reading its body (the deliver stage's supersede check). */
  currentRevision(orderId: string): Promise<number | null>;
  setOrderState(id: string, state: T.OrderState, at: T.Iso): Promise<void>;
  listOrders(filter: T.OrderFilter): Promise<T.PageOf<T.OrderRecord>>;
  /** Orders found by a search term and/or filters (see OrderSearchFilter), through indexes at any store size. */
  searchOrders(filter: T.OrderSearchFilter): Promise<T.PageOf<T.OrderRecord>>;
  /** Orders created in `[from, to)` per source connection and UTC hour; hours without orders are left out. */
  countOrdersPerHour(range: { from: T.Iso; to: T.Iso }): Promise<T.HourlyOrderCount[]>;
  listOrderRevisions(orderId: string): Promise<T.OrderRevisionRecord[]>;
  getOrderRevision(orderId: string, revision: number): Promise<T.OrderRevisionRecord | null>;

  /** Inserts outbox rows, ignoring ones whose id exists; returns the rows that were new. */
  insertDeliveries(rows: readonly T.NewDelivery[]): Promise<T.DeliveryRecord[]>;
  getDelivery(id: string): Promise<T.DeliveryRecord | null>;
  /**
   * Claims a delivery for one attempt in one write: when it is pending or retrying, or delivering under a
   * lease that ran out by `now`, sets it delivering until `leaseUntil` and answers the claimed row; else null.
   */
  claimDelivery(id: string, now: T.Iso, leaseUntil: T.Iso): Promise<T.DeliveryRecord | null>;
  /**
   * Updates a delivery; with `expectState`, only when its state is one of those (compare-and-set), answering
   * whether it changed.
   */
  updateDelivery(
    id: string,
    patch: T.DeliveryPatch,
    at: T.Iso,
    expectState?: readonly T.DeliveryState[],
  ): Promise<boolean>;
  listDeliveries(filter: T.DeliveryFilter): Promise<T.PageOf<T.DeliveryRecord>>;
  /** Deliveries due by `now` (pending/retrying) or whose lease ran out (delivering), oldest first. */
  listDueDeliveries(now: T.Iso, limit: number): Promise<T.DeliveryRecord[]>;
  addAttempt(attempt: T.DeliveryAttempt): Promise<void>;
  /**
   * Ends one delivery attempt in one write where the store can: applies `patch` to the delivery, records the
   * attempt, and with `resolution` resolves the delivery's open exceptions.
   */
  finishAttempt(
    id: string,
    patch: T.DeliveryPatch,
    attempt: T.DeliveryAttempt,
    at: T.Iso,
    resolution?: string,
  ): Promise<void>;
  listAttempts(deliveryId: string): Promise<T.DeliveryAttempt[]>;
  /** Delivery counts by destination and state, for status and metrics. */
  countDeliveries(): Promise<{ destinationId: string; state: T.DeliveryState; count: number }[]>;

  /**
   * Records shipments: new ids are inserted `pending`; a known id with a different hash replaces its report and
   * goes back to `pending`; an identical one is a duplicate.
   */
  upsertShipments(rows: readonly T.NewShipment[]): Promise<('inserted' | 'updated' | 'duplicate')[]>;
  getShipment(id: string): Promise<T.ShipmentRecord | null>;
  listShipments(filter: T.ShipmentFilter): Promise<T.PageOf<T.ShipmentRecord>>;
  setShipmentState(id: string, state: T.ShipmentState, at: T.Iso): Promise<void>;

  /** Stores a document (insert or replace); `createdAt` is kept from the first write. */
  putDoc(kind: string, id: string, value: unknown, at: T.Iso): Promise<void>;
  /** Inserts a document only if the id is new; false when it existed (deterministic ids make this a lock). */
  insertDoc(kind: string, id: string, value: unknown, at: T.Iso): Promise<boolean>;
  getDoc(kind: string, id: string): Promise<T.DocRecord | null>;
  /** Documents of a kind, newest first by creation, with cursors. */
  listDocs(filter: T.DocFilter): Promise<T.PageOf<T.DocRecord>>;
  deleteDoc(kind: string, id: string): Promise<boolean>;

  getCheckpoint(connectionId: string, stream: string): Promise<PullCheckpoint | null>;
  setCheckpoint(connectionId: string, stream: string, value: PullCheckpoint, at: T.Iso): Promise<void>;

  insertException(record: T.ExceptionRecord): Promise<void>;
  getException(id: string): Promise<T.ExceptionRecord | null>;
  listExceptions(filter: T.ExceptionFilter): Promise<T.PageOf<T.ExceptionRecord>>;
  /** Resolves every open exception of a subject (by inbox event, order or delivery id). */
  resolveExceptions(
    subject: { inboxEventId?: string; orderId?: string; deliveryId?: string },
    resolution: string,
    at: T.Iso,
  ): Promise<number>;

  appendAudit(entry: T.AuditEntry): Promise<void>;
  listAudit(subject: string, limit: number): Promise<T.AuditEntry[]>;

  insertApiKey(record: T.ApiKeyRecord): Promise<void>;
  findApiKeyByHash(hash: string): Promise<T.ApiKeyRecord | null>;
  listApiKeys(): Promise<T.ApiKeyRecord[]>;
  deleteApiKey(id: string): Promise<boolean>;
}
