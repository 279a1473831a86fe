import type { Hub } from '../hub';
import { orderForDelivery } from '../routing/plan';
import { alertDeadLetter } from '../ops/alerts';
import { backoffMs, NEXT_STEP } from '../queues/retry-policy';
import { classify, rateLimitedError, type ConnectorError } from '../sdk/errors';
import type { DeliveryAttempt, DeliveryPatch, DeliveryRecord, DeliveryState } from '../store/types';
import { acquireSlot } from './connector-services';
import { cancelTooLate, cancelTooLateMessage } from './cancellation';
import { connectorContext, type ResolvedDestination } from './context';
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

const CLEARED_ERROR = { lastErrorKind: null, lastErrorCode: null, lastErrorMessage: null } as const;

interface Attempt {
  hub: Hub;
  row: DeliveryRecord;
  number: number;
  started: number;
  connector: string;
}

/** Ends an attempt: the row's new state and the attempt log in one store write. */
async function finish(
  a: Attempt,
  patch: DeliveryPatch,
  outcome: DeliveryAttempt['outcome'],
  error?: ConnectorError,
  resolution?: string,
) {
  a.hub.metrics.deliveries.inc({ connector: a.connector, outcome });
  const at = a.hub.now().toISOString();
  await a.hub.store.finishAttempt(
    a.row.id,
    { attempts: a.number, leaseUntil: null, ...patch },
    {
      deliveryId: a.row.id,
      attempt: a.number,
      at,
      outcome,
      code: error?.code ?? null,
      message: error?.message.slice(0, 300) ?? null,
      httpStatus: error?.status ?? null,
      durationMs: Date.now() - a.started,
    },
    at,
    resolution,
  );
}

/** How long a delivery waits when its destination's concurrent slots are all taken. */
const SLOT_WAIT_MS = 500;

/**
 * Delivers one outbox row. The row is the truth: a stale job, a duplicate job or a job for a row that is
 * already done changes nothing. An older revision never overwrites a newer one downstream: a row whose order
 * has moved on to a newer revision is superseded by that revision's own delivery.
 * `receivedAt` (when the channel record arrived) feeds the end-to-end latency metric when known.
 */
export async function deliverOnce(hub: Hub, deliveryId: string, receivedAt?: string): Promise<DeliverStep> {
  const now = hub.now();
  const lease = new Date(now.getTime() + hub.config.delivery.leaseMs).toISOString();
  const row = await hub.store.claimDelivery(deliveryId, now.toISOString(), lease);
  if (!row) return { step: 'done' }; // done already, stopped, or another worker holds it
  const current = await hub.store.currentRevision(row.orderId);
  if (current === null || current > row.revision) {
    await hub.store.updateDelivery(row.id, { state: 'superseded', leaseUntil: null }, now.toISOString(), [
      'delivering',
    ]);
    return { step: 'done' };
  }

  const resolved = await hub.connections.resolve(row.destinationId);
  const a: Attempt = {
    hub,
    row,
    number: row.attempts + 1,
    started: Date.now(),
    connector: resolved?.definition.meta.id ?? 'unknown',
  };
  let failure: ConnectorError;
  try {
    if (!resolved || resolved.definition.kind !== 'destination') {
      return await stop(a, 'blocked', 'CONNECTION_DISABLED', 'The destination connection no longer exists.');
    }
    if (!resolved.record.enabled)
      return await stop(a, 'blocked', 'CONNECTION_DISABLED', 'The destination connection is disabled.');
    const destination: ResolvedDestination = { ...resolved, definition: resolved.definition };
    const revision = await hub.store.getOrderRevision(row.orderId, row.revision);
    if (!revision) throw new Error('order revision missing');
    const ctx = connectorContext(hub, destination);
    const payload = destination.definition.fromCanonical(await orderForDelivery(hub, row, revision.order), {
      connectionId: row.destinationId,
      config: resolved.config,
      tables: hub.tables,
    });
    const idem = destination.definition.idempotency;
    const info = { key: row.id, operation: row.operation, orderId: row.orderId, revision: row.revision };
    const slots = destination.definition.maxConcurrency?.(resolved.config);
    const release = slots
      ? await acquireSlot(
          hub.redis,
          `${hub.config.queuePrefix}:slots:${row.destinationId}`,
          slots,
          hub.config.delivery.leaseMs,
          `${row.id}.${a.number}`,
        )
      : undefined;
    if (release === null)
      throw rateLimitedError('Every concurrent slot of this destination is in use.', {
        code: 'DELIVERY_CONCURRENCY_FULL',
        retryAfterMs: SLOT_WAIT_MS,
      });
    let existing;
    let remote;
    try {
      existing =
        idem.mode === 'lookup-before-write' ? await idem.findExisting(ctx, row.id, payload, info) : null;
      remote = existing ?? (await destination.definition.deliver(ctx, payload, info));
    } finally {
      await release?.();
    }
    const retried = row.attempts > 0 || row.generation > 0;
    await finish(
      a,
      {
        state: 'delivered',
        remoteId: remote.remoteId,
        deliveredAt: hub.now().toISOString(),
        ...CLEARED_ERROR,
      },
      existing ? 'duplicate' : 'delivered',
      undefined,
      retried ? 'delivered' : undefined,
    );
    if (receivedAt) hub.metrics.endToEnd.observe((Date.now() - Date.parse(receivedAt)) / 1000);
    // A delivery that got through proves the credentials: clear an auth/config error mark, and a destination
    // nobody ran `check` on is healthy by its deliveries, as a source is by its pulls.
    if (resolved.record.health !== 'ok') await hub.connections.setHealth(row.destinationId, { ok: true });
    return { step: 'done' };
  } catch (error) {
    failure = classify(error);
  }

  switch (NEXT_STEP[failure.kind]) {
    case 'wait': {
      const delayMs = failure.retryAfterMs ?? hub.config.delivery.retryBaseMs;
      await reschedule(a, row.attempts, delayMs, failure);
      return { step: 'wait', delayMs };
    }
    case 'retry': {
      if (a.number >= hub.config.delivery.maxAttempts) {
        return stop(
          a,
          'dead',
          'DELIVERY_DEAD_LETTERED',
          `Gave up after ${a.number} attempts: ${failure.message}`,
          failure,
        );
      }
      const delayMs = backoffMs(a.number, hub.config.delivery, failure.retryAfterMs);
      await reschedule(a, a.number, delayMs, failure);
      return { step: 'retry', delayMs, error: failure };
    }
    case 'record-delivered': {
      // A conflict on a cancel can mean "shipped, cannot cancel": that is never recorded as done.
      if (await cancelTooLate(hub, row, failure))
        return stop(a, 'rejected', 'DELIVERY_REJECTED', failure.message, failure);
      const ref =
        resolved?.definition.kind === 'destination'
          ? await lookupAfterConflict(hub, { ...resolved, definition: resolved.definition }, row, failure)
          : null;
      if (ref) {
        await finish(
          a,
          { state: 'delivered', remoteId: ref, deliveredAt: hub.now().toISOString(), ...CLEARED_ERROR },
          'duplicate',
          undefined,
          'delivered',
        );
        return { step: 'done' };
      }
      return stop(
        a,
        'rejected',
        'DELIVERY_REJECTED',
        `Conflict without a match: ${failure.message}`,
        failure,
      );
    }
    case 'reject':
      return stop(a, 'rejected', 'DELIVERY_REJECTED', failure.message, failure);
    case 'block':
      await hub.connections.noteFailure(row.destinationId, failure);
      return stop(
        a,
        'blocked',
        failure.kind === 'auth' ? 'DELIVERY_AUTH_FAILED' : 'DELIVERY_CONFIG_INVALID',
        failure.remedy ?? failure.message,
        failure,
      );
    default:
      return stop(a, 'dead', 'DELIVERY_BUG', failure.message, failure);
  }
}

/** A 409 means the remote has the object: find it when the connector can, else trust the remote's answer. */
async function lookupAfterConflict(
  hub: Hub,
  resolved: ResolvedDestination,
  row: DeliveryRecord,
  failure: ConnectorError,
): Promise<string | null> {
  if (failure.remoteId) return failure.remoteId;
  const idem = resolved.definition.idempotency;
  if (idem.mode === 'native-key') return row.id;
  const revision = await hub.store.getOrderRevision(row.orderId, row.revision);
  if (!revision) return null;
  const payload = resolved.definition.fromCanonical(await orderForDelivery(hub, row, revision.order), {
    connectionId: row.destinationId,
    config: resolved.config,
    tables: hub.tables,
  });
  const info = { key: row.id, operation: row.operation, orderId: row.orderId, revision: row.revision };
  return (await idem.findExisting(connectorContext(hub, resolved), row.id, payload, info))?.remoteId ?? null;
}

async function reschedule(
  a: Attempt,
  attempts: number,
  delayMs: number,
  failure: ConnectorError,
): Promise<void> {
  await finish(
    a,
    {
      state: 'retrying',
      attempts,
      nextAttemptAt: new Date(a.hub.now().getTime() + delayMs).toISOString(),
      lastErrorKind: failure.kind,
      lastErrorCode: failure.code,
      lastErrorMessage: failure.message.slice(0, 300),
    },
    failure.kind,
    failure,
  );
}

async function stop(
  a: Attempt,
  state: 'dead' | 'rejected' | 'blocked',
  code: string,
  message: string,
  failure?: ConnectorError,
): Promise<DeliverStep> {
  await finish(
    a,
    {
      state,
      lastErrorKind: failure?.kind ?? null,
      lastErrorCode: failure?.code ?? code,
      lastErrorMessage: message.slice(0, 300),
    },
    failure?.kind ?? 'config',
    failure,
  );
  const late = state === 'rejected' && (await cancelTooLate(a.hub, a.row, failure));
  await openException(a.hub, {
    kind: late ? 'cancel_too_late' : state === 'dead' ? 'dead_lettered' : state,
    code: late ? 'ORDER_CANCEL_TOO_LATE' : code,
    message: late ? cancelTooLateMessage(failure) : message,
    connectionId: a.row.destinationId,
    orderId: a.row.orderId,
    deliveryId: a.row.id,
    occurrence: a.row.generation,
  });
  if (state === 'dead') await alertDeadLetter(a.hub, a.row.destinationId);
  return { step: 'stop', state };
}
