import type { Hub } from '../hub';
import { backoffMs, NEXT_STEP } from '../queues/retry-policy';
import { classify, type ConnectorError } from '../sdk/errors';
import type { DeliveryRecord, DeliveryState } from '../store/types';
import { connectorContext } from './context';
import { openException } from './exceptions';

/** What the queue should do after one delivery attempt. */
export type DeliverStep =
  | { step: 'done' }
  /** Retry through the queue's backoff after `delayMs`. */
  | { step: 'retry'; delayMs: number; error: ConnectorError }
  /** Wait `delayMs` without spending an attempt (rate limited). */
  | { step: 'wait'; delayMs: number }
  /** Terminal for now: dead-lettered, rejected or blocked; a person can retry it. */
  | { step: 'stop'; state: DeliveryState };

const CLAIMABLE: readonly DeliveryState[] = ['pending', 'retrying', 'delivering'];

/**
 * Delivers one outbox row. The row is the truth: a stale job, a duplicate job or a job for a row that is
 * already done changes nothing. An older revision never overwrites a newer one downstream.
 */
export async function deliverOnce(hub: Hub, deliveryId: string): Promise<DeliverStep> {
  const row = await hub.store.getDelivery(deliveryId);
  if (!row || !CLAIMABLE.includes(row.state)) return { step: 'done' };
  const now = hub.now();
  if (row.state === 'delivering' && row.leaseUntil && row.leaseUntil > now.toISOString())
    return { step: 'done' };

  const order = await hub.store.getOrder(row.orderId);
  const delivered = await hub.store.latestDeliveredRevision(row.destinationId, row.orderId, row.operation);
  if (!order || order.revision > row.revision || (delivered !== null && delivered >= row.revision)) {
    await hub.store.updateDelivery(row.id, { state: 'superseded' }, now.toISOString(), CLAIMABLE);
    return { step: 'done' };
  }
  const claimed = await hub.store.updateDelivery(
    row.id,
    { state: 'delivering', leaseUntil: new Date(now.getTime() + hub.config.delivery.leaseMs).toISOString() },
    now.toISOString(),
    [row.state],
  );
  if (!claimed) return { step: 'done' };

  const attempt = row.attempts + 1;
  const started = Date.now();
  const resolved = await hub.connections.resolve(row.destinationId);
  const record = async (outcome: string, error?: ConnectorError) => {
    hub.metrics.deliveries.inc({ connector: resolved?.definition.meta.id ?? 'unknown', outcome });
    await hub.store.addAttempt({
      deliveryId: row.id,
      attempt,
      at: hub.now().toISOString(),
      outcome: error ? error.kind : outcome === 'duplicate' ? 'duplicate' : 'delivered',
      code: error?.code ?? null,
      message: error?.message.slice(0, 300) ?? null,
      httpStatus: error?.status ?? null,
      durationMs: Date.now() - started,
    });
  };

  let failure: ConnectorError;
  try {
    if (!resolved || resolved.definition.kind !== 'destination')
      throw new Error('destination connection is gone');
    if (!resolved.record.enabled) {
      return await stop(
        hub,
        row,
        attempt,
        'blocked',
        'CONNECTION_DISABLED',
        'The destination connection is disabled.',
      );
    }
    const revision = await hub.store.getOrderRevision(row.orderId, row.revision);
    if (!revision) throw new Error('order revision missing');
    const definition = resolved.definition;
    const ctx = connectorContext(hub, resolved);
    const payload = definition.fromCanonical(revision.order, {
      connectionId: row.destinationId,
      config: resolved.config,
      tables: hub.tables,
    });
    const info = { key: row.id, operation: row.operation, orderId: row.orderId, revision: row.revision };
    let existing = null;
    if (definition.idempotency.mode === 'lookup-before-write') {
      existing = await definition.idempotency.findExisting(ctx, row.id, payload);
    }
    const remote = existing ?? (await definition.deliver(ctx, payload, info));
    await markDelivered(hub, row, remote.remoteId, attempt);
    await record(existing ? 'duplicate' : 'delivered');
    const received = await hub.store.getInbox(revision.inboxEventId);
    if (received) hub.metrics.endToEnd.observe((Date.now() - Date.parse(received.receivedAt)) / 1000);
    return { step: 'done' };
  } catch (error) {
    failure = classify(error);
  }

  await record(failure.kind, failure);
  switch (NEXT_STEP[failure.kind]) {
    case 'wait': {
      const delayMs = failure.retryAfterMs ?? hub.config.delivery.retryBaseMs;
      await reschedule(hub, row, row.attempts, delayMs, failure);
      return { step: 'wait', delayMs };
    }
    case 'retry': {
      if (attempt >= hub.config.delivery.maxAttempts) {
        return stop(
          hub,
          row,
          attempt,
          'dead',
          'DELIVERY_DEAD_LETTERED',
          `Gave up after ${attempt} attempts: ${failure.message}`,
          failure,
        );
      }
      const delayMs = backoffMs(attempt, hub.config.delivery, failure.retryAfterMs);
      await reschedule(hub, row, attempt, delayMs, failure);
      return { step: 'retry', delayMs, error: failure };
    }
    case 'record-delivered': {
      const ref = await lookupAfterConflict(hub, row, failure);
      if (ref) {
        await markDelivered(hub, row, ref, attempt);
        return { step: 'done' };
      }
      return stop(
        hub,
        row,
        attempt,
        'rejected',
        'DELIVERY_REJECTED',
        `Conflict without a match: ${failure.message}`,
        failure,
      );
    }
    case 'reject':
      return stop(hub, row, attempt, 'rejected', 'DELIVERY_REJECTED', failure.message, failure);
    case 'block':
      await hub.connections.setHealth(row.destinationId, {
        ok: false,
        code: failure.code,
        message: failure.remedy ?? failure.message,
      });
      return stop(
        hub,
        row,
        attempt,
        'blocked',
        failure.kind === 'auth' ? 'DELIVERY_AUTH_FAILED' : 'DELIVERY_CONFIG_INVALID',
        failure.remedy ?? failure.message,
        failure,
      );
    default:
      return stop(hub, row, attempt, 'dead', 'DELIVERY_BUG', failure.message, failure);
  }
}

async function markDelivered(
  hub: Hub,
  row: DeliveryRecord,
  remoteId: string,
  attempts: number,
): Promise<void> {
  const at = hub.now().toISOString();
  await hub.store.updateDelivery(
    row.id,
    {
      state: 'delivered',
      remoteId,
      attempts,
      deliveredAt: at,
      leaseUntil: null,
      lastErrorKind: null,
      lastErrorCode: null,
      lastErrorMessage: null,
    },
    at,
  );
  await hub.store.resolveExceptions({ deliveryId: row.id }, 'delivered', at);
}

/** A 409 means the remote has the object: find it when the connector can, else trust the remote's id. */
async function lookupAfterConflict(
  hub: Hub,
  row: DeliveryRecord,
  failure: ConnectorError,
): Promise<string | null> {
  if (failure.remoteId) return failure.remoteId;
  const resolved = await hub.connections.resolve(row.destinationId);
  if (resolved?.definition.kind !== 'destination') return null;
  const idem = resolved.definition.idempotency;
  if (idem.mode === 'native-key') return row.id;
  const revision = await hub.store.getOrderRevision(row.orderId, row.revision);
  if (!revision) return null;
  const ctx = connectorContext(hub, resolved);
  const payload = resolved.definition.fromCanonical(revision.order, {
    connectionId: row.destinationId,
    config: resolved.config,
    tables: hub.tables,
  });
  return (await idem.findExisting(ctx, row.id, payload))?.remoteId ?? null;
}

async function reschedule(
  hub: Hub,
  row: DeliveryRecord,
  attempts: number,
  delayMs: number,
  failure: ConnectorError,
): Promise<void> {
  const at = hub.now();
  await hub.store.updateDelivery(
    row.id,
    {
      state: 'retrying',
      attempts,
      leaseUntil: null,
      nextAttemptAt: new Date(at.getTime() + delayMs).toISOString(),
      lastErrorKind: failure.kind,
      lastErrorCode: failure.code,
      lastErrorMessage: failure.message.slice(0, 300),
    },
    at.toISOString(),
  );
}

async function stop(
  hub: Hub,
  row: DeliveryRecord,
  attempts: number,
  state: 'dead' | 'rejected' | 'blocked',
  code: string,
  message: string,
  failure?: ConnectorError,
): Promise<DeliverStep> {
  const at = hub.now().toISOString();
  await hub.store.updateDelivery(
    row.id,
    {
      state,
      attempts,
      leaseUntil: null,
      lastErrorKind: failure?.kind ?? null,
      lastErrorCode: failure?.code ?? code,
      lastErrorMessage: message.slice(0, 300),
    },
    at,
  );
  await openException(hub, {
    kind: state === 'dead' ? 'dead_lettered' : state,
    code,
    message,
    connectionId: row.destinationId,
    orderId: row.orderId,
    deliveryId: row.id,
    occurrence: row.generation,
  });
  return { step: 'stop', state };
}
