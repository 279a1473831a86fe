import type { CanonicalOrder } from '../../core/order';
import type * as T from '../types';

/** A row as better-sqlite3 returns it. */
export type Row = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : String(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : str(v));
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));

// Columns are written only by this adapter from typed records, so reading them back is a faithful narrowing.
const json = <V>(v: unknown): V => JSON.parse(str(v)) as V;

export function toConnection(r: Row): T.ConnectionRecord {
  return {
    id: str(r.id),
    connector: str(r.connector),
    kind: str(r.kind) as T.ConnectionKind,
    name: str(r.name),
    enabled: num(r.enabled) === 1,
    config: json(r.config),
    secrets: strOrNull(r.secrets),
    secretFields: json(r.secret_fields),
    health: str(r.health) as T.ConnectionHealth,
    healthCode: strOrNull(r.health_code),
    healthMessage: strOrNull(r.health_message),
    healthAt: strOrNull(r.health_at),
    createdAt: str(r.created_at),
    updatedAt: str(r.updated_at),
  };
}

export function toInbox(r: Row): T.InboxEvent {
  return {
    id: str(r.id),
    connectionId: str(r.connection_id),
    externalId: str(r.external_id),
    revision: str(r.revision),
    source: str(r.source) as T.InboxSource,
    raw: str(r.raw),
    state: str(r.state) as T.InboxState,
    receivedAt: str(r.received_at),
    updatedAt: str(r.updated_at),
    orderId: strOrNull(r.order_id),
    errorCode: strOrNull(r.error_code),
    errorMessage: strOrNull(r.error_message),
  };
}

export function toOrder(r: Row): T.OrderRecord {
  return {
    id: str(r.id),
    connectionId: str(r.connection_id),
    connector: str(r.connector),
    externalId: str(r.external_id),
    orderNumber: str(r.order_number),
    revision: num(r.revision),
    channelRevision: str(r.channel_revision),
    state: str(r.state) as T.OrderState,
    hash: str(r.hash),
    placedAt: str(r.placed_at),
    createdAt: str(r.created_at),
    updatedAt: str(r.updated_at),
    order: json<CanonicalOrder>(r.body),
  };
}

export function toRevision(r: Row): T.OrderRevisionRecord {
  return {
    orderId: str(r.order_id),
    revision: num(r.revision),
    channelRevision: str(r.channel_revision),
    inboxEventId: str(r.inbox_event_id),
    hash: str(r.hash),
    createdAt: str(r.created_at),
    order: json<CanonicalOrder>(r.body),
  };
}

export function toDelivery(r: Row): T.DeliveryRecord {
  return {
    id: str(r.id),
    orderId: str(r.order_id),
    revision: num(r.revision),
    operation: str(r.operation) as T.DeliveryRecord['operation'],
    destinationId: str(r.destination_id),
    state: str(r.state) as T.DeliveryState,
    attempts: num(r.attempts),
    generation: num(r.generation),
    nextAttemptAt: str(r.next_attempt_at),
    leaseUntil: strOrNull(r.lease_until),
    remoteId: strOrNull(r.remote_id),
    lastErrorKind: strOrNull(r.last_error_kind) as T.DeliveryRecord['lastErrorKind'],
    lastErrorCode: strOrNull(r.last_error_code),
    lastErrorMessage: strOrNull(r.last_error_message),
    createdAt: str(r.created_at),
    updatedAt: str(r.updated_at),
    deliveredAt: strOrNull(r.delivered_at),
  };
}

export function toAttempt(r: Row): T.DeliveryAttempt {
  return {
    deliveryId: str(r.delivery_id),
    attempt: num(r.attempt),
    at: str(r.at),
    outcome: str(r.outcome) as T.DeliveryAttempt['outcome'],
    code: strOrNull(r.code),
    message: strOrNull(r.message),
    httpStatus: r.http_status === null ? null : num(r.http_status),
    durationMs: num(r.duration_ms),
  };
}

export function toException(r: Row): T.ExceptionRecord {
  return {
    id: str(r.id),
    kind: str(r.kind) as T.ExceptionKind,
    code: str(r.code),
    message: str(r.message),
    connectionId: str(r.connection_id),
    inboxEventId: strOrNull(r.inbox_event_id),
    orderId: strOrNull(r.order_id),
    deliveryId: strOrNull(r.delivery_id),
    state: str(r.state) as T.ExceptionRecord['state'],
    createdAt: str(r.created_at),
    resolvedAt: strOrNull(r.resolved_at),
    resolution: strOrNull(r.resolution),
  };
}

export function toAudit(r: Row): T.AuditEntry {
  return {
    id: str(r.id),
    at: str(r.at),
    actor: str(r.actor),
    action: str(r.action),
    subject: str(r.subject),
    detail: json(r.detail),
  };
}

export function toApiKey(r: Row): T.ApiKeyRecord {
  return {
    id: str(r.id),
    name: str(r.name),
    role: str(r.role) as T.ApiRole,
    hash: str(r.hash),
    createdAt: str(r.created_at),
  };
}

/** camelCase patch keys → snake_case columns, with JSON/boolean encoding. */
export function patchColumns(patch: Record<string, unknown>): { sets: string[]; values: unknown[] } {
  const sets: string[] = [];
  const values: unknown[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    sets.push(`${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)} = ?`);
    values.push(
      typeof value === 'boolean'
        ? value
          ? 1
          : 0
        : Array.isArray(value) || (value !== null && typeof value === 'object')
          ? JSON.stringify(value)
          : value,
    );
  }
  return { sets, values };
}

export function toShipment(r: Row): T.ShipmentRecord {
  return {
    id: str(r.id),
    reporterId: str(r.reporter_id),
    orderId: str(r.order_id),
    shipmentId: str(r.shipment_id),
    report: json(r.report),
    hash: str(r.hash),
    state: str(r.state) as T.ShipmentState,
    createdAt: str(r.created_at),
    updatedAt: str(r.updated_at),
  };
}

export function toDoc(r: Row): T.DocRecord {
  return {
    kind: str(r.kind),
    id: str(r.id),
    value: JSON.parse(str(r.value)),
    createdAt: str(r.created_at),
    updatedAt: str(r.updated_at),
  };
}
