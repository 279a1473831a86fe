import type { CanonicalOrder } from '../core/order';
import type { DeliveryOperation } from '../core/ids';
import type { FailureKind } from '../sdk/errors';
import type { ShipmentReport } from '../sdk/define';

/** ISO-8601 UTC timestamp string. */
export type Iso = string;

export type ConnectionKind = 'source' | 'destination';
export type ConnectionHealth = 'unknown' | 'ok' | 'error';

export interface ConnectionRecord {
  id: string;
  connector: string;
  kind: ConnectionKind;
  name: string;
  enabled: boolean;
  /** Settings without secrets. */
  config: Record<string, unknown>;
  /** Secret settings, AES-256-GCM encrypted (see store/crypto.ts); null when there are none. */
  secrets: string | null;
  /** Names of the secret fields that are set, so the API can say "set" without returning them. */
  secretFields: string[];
  health: ConnectionHealth;
  healthCode: string | null;
  healthMessage: string | null;
  healthAt: Iso | null;
  createdAt: Iso;
  updatedAt: Iso;
}

export type ConnectionPatch = Partial<
  Pick<
    ConnectionRecord,
    | 'name'
    | 'enabled'
    | 'config'
    | 'secrets'
    | 'secretFields'
    | 'health'
    | 'healthCode'
    | 'healthMessage'
    | 'healthAt'
  >
>;

export type InboxSource = 'webhook' | 'poll' | 'api' | 'import' | 'replay' | 'reconcile';
export type InboxState = 'pending' | 'done' | 'quarantined' | 'stale';

/** One received channel record, stored before anything else happens to it. */
export interface InboxEvent {
  /** Dedup key: stableId(connection, externalId, revision). */
  id: string;
  connectionId: string;
  externalId: string;
  revision: string;
  source: InboxSource;
  /** The record as received, JSON text. */
  raw: string;
  state: InboxState;
  receivedAt: Iso;
  updatedAt: Iso;
  orderId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}

export type NewInboxEvent = Pick<
  InboxEvent,
  'id' | 'connectionId' | 'externalId' | 'revision' | 'source' | 'raw' | 'receivedAt'
>;

export type OrderState = 'active' | 'held';

/** The current state of one order: its newest canonical revision. */
export interface OrderRecord {
  id: string;
  connectionId: string;
  connector: string;
  externalId: string;
  orderNumber: string;
  revision: number;
  channelRevision: string;
  state: OrderState;
  hash: string;
  placedAt: Iso;
  createdAt: Iso;
  updatedAt: Iso;
  order: CanonicalOrder;
}

export interface OrderRevisionRecord {
  orderId: string;
  revision: number;
  channelRevision: string;
  inboxEventId: string;
  hash: string;
  createdAt: Iso;
  order: CanonicalOrder;
}

/** Input of `recordOrder`: a normalized order without hub revision. */
export interface RecordOrderInput {
  orderId: string;
  inboxEventId: string;
  channelRevision: string;
  hash: string;
  state: OrderState;
  /** Builds the canonical order once the store has chosen the revision. */
  build(revision: number): CanonicalOrder;
  at: Iso;
}

export type RecordOrderResult =
  /** A new order, or a newer revision with a changed content: `revision` is the new hub revision. */
  | { outcome: 'created' | 'updated'; order: OrderRecord }
  /** The content did not change (same hash); `order` is the current record. */
  | { outcome: 'unchanged'; order: OrderRecord }
  /** The record is older than what the hub has; it never overwrites a newer one. */
  | { outcome: 'stale'; order: OrderRecord };

export type DeliveryState =
  'pending' | 'delivering' | 'retrying' | 'delivered' | 'dead' | 'rejected' | 'blocked' | 'superseded';

/** One (destination, order, revision, operation): the outbox row. Its id is the delivery key. */
export interface DeliveryRecord {
  id: string;
  orderId: string;
  revision: number;
  operation: DeliveryOperation;
  destinationId: string;
  state: DeliveryState;
  attempts: number;
  /** Bumped by a manual retry, so the queue gets a fresh job id. */
  generation: number;
  nextAttemptAt: Iso;
  leaseUntil: Iso | null;
  remoteId: string | null;
  lastErrorKind: FailureKind | null;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  createdAt: Iso;
  updatedAt: Iso;
  deliveredAt: Iso | null;
}

export type NewDelivery = Pick<
  DeliveryRecord,
  'id' | 'orderId' | 'revision' | 'operation' | 'destinationId' | 'createdAt'
>;

export type DeliveryPatch = Partial<
  Pick<
    DeliveryRecord,
    | 'state'
    | 'attempts'
    | 'generation'
    | 'nextAttemptAt'
    | 'leaseUntil'
    | 'remoteId'
    | 'lastErrorKind'
    | 'lastErrorCode'
    | 'lastErrorMessage'
    | 'deliveredAt'
  >
>;

export interface DeliveryAttempt {
  deliveryId: string;
  attempt: number;
  at: Iso;
  outcome: 'delivered' | 'duplicate' | FailureKind;
  code: string | null;
  message: string | null;
  httpStatus: number | null;
  durationMs: number;
}

export type ExceptionKind =
  'quarantined' | 'held' | 'rejected' | 'dead_lettered' | 'blocked' | 'writeback_failed' | 'cancel_too_late';

/** Something a person must look at: a quarantined record, a held order, a failed delivery. */
export interface ExceptionRecord {
  id: string;
  kind: ExceptionKind;
  code: string;
  message: string;
  connectionId: string;
  inboxEventId: string | null;
  orderId: string | null;
  deliveryId: string | null;
  state: 'open' | 'resolved';
  createdAt: Iso;
  resolvedAt: Iso | null;
  resolution: string | null;
}

export interface AuditEntry {
  id: string;
  at: Iso;
  actor: string;
  action: string;
  subject: string;
  detail: Record<string, unknown>;
}

export type ApiRole = 'admin' | 'operator' | 'viewer' | 'intake' | 'receiver';

export interface ApiKeyRecord {
  id: string;
  name: string;
  role: ApiRole;
  /** SHA-256 of the key, hex; the key itself is never stored. */
  hash: string;
  createdAt: Iso;
}

/** A page of a list with an opaque cursor for the next one. */
/**
 * A small JSON document kept by an ops feature (a routing rule set version, a reconciliation run, alert state),
 * by kind and id. The value is the feature's own, validated by it before it is stored.
 */
export interface DocRecord {
  kind: string;
  id: string;
  value: unknown;
  createdAt: Iso;
  updatedAt: Iso;
}

export interface DocFilter {
  kind: string;
  /** Only ids starting with this. */
  idPrefix?: string;
  cursor?: string;
  limit: number;
}

/** Where a shipment stands in being written back to the order's channel. */
export type ShipmentState = 'pending' | 'written' | 'failed' | 'skipped';

/** A shipment reported by a destination (read back, pushed, or posted to `/v1/shipments`). */
export interface ShipmentRecord {
  /** stableId('shp', reporter, shipmentId). */
  id: string;
  /** The destination connection that reported it, or `api` for POST /v1/shipments without one. */
  reporterId: string;
  orderId: string;
  shipmentId: string;
  report: ShipmentReport;
  /** Content hash of `report`: a changed report (voided, more tracking) is written back again. */
  hash: string;
  state: ShipmentState;
  createdAt: Iso;
  updatedAt: Iso;
}

export type NewShipment = Omit<ShipmentRecord, 'state' | 'updatedAt'>;

export interface ShipmentFilter {
  orderId?: string;
  state?: ShipmentState;
  cursor?: string;
  limit: number;
}

// The search filter and hourly counts live beside the search keys they are about.
export type { HourlyOrderCount, OrderSearchFilter } from './search-terms';

export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}

export interface OrderFilter {
  connectionId?: string;
  state?: OrderState;
  orderNumber?: string;
  externalId?: string;
  cursor?: string;
  limit: number;
}

export interface DeliveryFilter {
  orderId?: string;
  destinationId?: string;
  state?: DeliveryState;
  cursor?: string;
  limit: number;
}

export interface ExceptionFilter {
  state?: 'open' | 'resolved';
  kind?: ExceptionKind;
  connectionId?: string;
  orderId?: string;
  cursor?: string;
  limit: number;
}
