import { HubError } from '../core/errors';
import { randomId } from '../core/ids';
import type { Hub } from '../hub';
import { releaseHold } from './holds';

/** Records who did what to which subject. Details hold ids and reasons, never payloads. */
export async function audit(
  hub: Hub,
  actor: string,
  action: string,
  subject: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await hub.store.appendAudit({
    id: randomId('aud'),
    at: hub.now().toISOString(),
    actor,
    action,
    subject,
    detail,
  });
}

/** Sends a stopped delivery (dead, rejected, blocked) through again, as a new generation with fresh attempts. */
export async function retryDelivery(hub: Hub, deliveryId: string, actor: string): Promise<void> {
  const row = await hub.store.getDelivery(deliveryId);
  if (!row) throw new HubError('API_NOT_FOUND', 'No such delivery.');
  const generation = row.generation + 1;
  const at = hub.now().toISOString();
  const changed = await hub.store.updateDelivery(
    row.id,
    { state: 'pending', attempts: 0, generation, nextAttemptAt: at, leaseUntil: null },
    at,
    ['dead', 'rejected', 'blocked', 'retrying'],
  );
  if (!changed) throw new HubError('API_CONFLICT', `A ${row.state} delivery cannot be retried.`);
  await hub.store.resolveExceptions({ deliveryId: row.id }, `retried by ${actor}`, at);
  await audit(hub, actor, 'delivery.retry', row.id, { generation });
  await hub.queues.enqueueDeliveries([{ id: row.id, generation }], hub.config.delivery.maxAttempts);
}

/**
 * Replays an exception: a quarantined record is normalized again (optionally from a corrected payload, after
 * a mapping fix); a held order is re-checked, or sent on as it is with `release`; a stopped delivery is retried.
 */
export async function replayException(
  hub: Hub,
  exceptionId: string,
  input: { payload?: unknown; release?: boolean; note?: string },
  actor: string,
): Promise<{ action: string }> {
  const exc = await hub.store.getException(exceptionId);
  if (!exc) throw new HubError('API_NOT_FOUND', 'No such exception.');
  if (exc.state !== 'open') throw new HubError('API_CONFLICT', 'This exception is already resolved.');
  const at = hub.now().toISOString();
  const note = input.note ?? null;

  if (exc.deliveryId) {
    await retryDelivery(hub, exc.deliveryId, actor);
    return { action: 'delivery-retried' };
  }
  if (exc.kind === 'writeback_failed' && exc.orderId) {
    // The channel refused a fulfilment (a missing carrier code, a scope): after the fix, write it back again.
    const failed = (await hub.store.listShipments({ orderId: exc.orderId, state: 'failed', limit: 100 }))
      .items;
    for (const s of failed) await hub.store.setShipmentState(s.id, 'pending', at);
    await hub.store.resolveExceptions({ orderId: exc.orderId }, `write-back retried by ${actor}`, at);
    await audit(hub, actor, 'shipment.writeback_retry', exc.orderId, {
      exceptionId,
      note,
      shipments: failed.length,
    });
    await hub.queues.enqueueWriteBack(failed.map((s) => ({ id: s.id, hash: `${s.hash}-${Date.now()}` })));
    return { action: 'writeback-retried' };
  }
  if (exc.kind === 'held' && exc.orderId && input.release) {
    // The same release as POST /v1/holds/:id/release: hold rules released for this revision, then routed.
    await releaseHold(hub, exc.orderId, { note: note ?? `released from exception ${exceptionId}` }, actor, {
      action: 'order.release',
      detail: { exceptionId },
    });
    return { action: 'order-released' };
  }
  const inboxId =
    exc.inboxEventId ??
    (exc.orderId ? (await hub.store.listOrderRevisions(exc.orderId)).at(-1)?.inboxEventId : undefined);
  if (!inboxId) throw new HubError('API_CONFLICT', 'Nothing to replay for this exception.');
  const event = await hub.store.getInbox(inboxId);
  if (!event) throw new HubError('API_NOT_FOUND', 'The stored record is gone.');
  await hub.store.updateInbox(
    inboxId,
    {
      state: 'pending',
      errorCode: null,
      errorMessage: null,
      ...(input.payload === undefined ? {} : { raw: JSON.stringify(input.payload) }),
    },
    at,
  );
  if (exc.orderId && exc.kind === 'held')
    await hub.store.resolveExceptions({ orderId: exc.orderId }, `replayed by ${actor}`, at);
  await hub.store.resolveExceptions({ inboxEventId: inboxId }, `replayed by ${actor}`, at);
  await audit(hub, actor, 'exception.replay', exc.id, {
    inboxEventId: inboxId,
    edited: input.payload !== undefined,
    note,
  });
  await hub.queues.enqueueInbox([inboxId]);
  return { action: input.payload === undefined ? 'renormalize' : 'renormalize-edited' };
}
