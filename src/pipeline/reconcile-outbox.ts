import type { Hub } from '../hub';
import { classify } from '../sdk/errors';
import type { DeliveryRecord } from '../store/types';
import { reconContext } from './reconcile-context';
import type { ReconciliationRun } from './reconcile-runs';
import { audit } from './replay';

const ACTOR = 'reconciliation';
/** Deliveries looked at per order: an order has one row per (destination, revision, operation). */
const PER_ORDER = 200;

/**
 * Whether a delivery was sent but never acknowledged: pending, retrying or delivering (lease run out) without
 * change for `stuckMs`, or dead-lettered after transient failures. Rejected and blocked ones wait for a person;
 * a dead `bug` would only fail again.
 */
function unacknowledged(hub: Hub, row: DeliveryRecord, now: number): boolean {
  const idle = now - Date.parse(row.updatedAt) >= hub.config.reconciliation.stuckMs;
  switch (row.state) {
    case 'pending':
    case 'retrying':
      return idle;
    case 'delivering':
      return idle && (row.leaseUntil === null || Date.parse(row.leaseUntil) < now);
    case 'dead':
      return row.lastErrorKind !== 'bug';
    default:
      return false;
  }
}

/**
 * Re-checks the unacknowledged deliveries of the given orders. A `lookup-before-write` destination is asked
 * whether it has the order (`findExisting`): found means the first attempt did land, and the row is recorded as
 * delivered without sending again. Otherwise — and always for `native-key` destinations, which dedupe on the
 * delivery key — the delivery is re-driven: re-enqueued under its job id (a job still queued is not duplicated),
 * and a dead one as a new generation with fresh attempts, as a manual retry would.
 */
export async function recheckDeliveries(
  hub: Hub,
  orderIds: Iterable<string>,
  run: ReconciliationRun,
): Promise<void> {
  const now = hub.now().getTime();
  const tally = run.deliveries;
  for (const orderId of orderIds) {
    const rows = await hub.store.listDeliveries({ orderId, limit: PER_ORDER });
    for (const row of rows.items) {
      if (!unacknowledged(hub, row, now)) continue;
      tally.checked += 1;
      try {
        const outcome = await recheck(hub, row);
        if (outcome === 'skipped') continue;
        hub.metrics.reconRedriven.inc({ destination: row.destinationId, outcome });
        if (outcome === 'confirmed') tally.confirmed += 1;
        else {
          tally.redriven += 1;
          tally.redrivenIds.push(row.id);
        }
      } catch (error) {
        const failure = classify(error);
        run.errors.push({
          at: hub.now().toISOString(),
          code: failure.code,
          message: `delivery ${row.id}: ${failure.message.slice(0, 200)}`,
        });
      }
    }
  }
}

async function recheck(hub: Hub, row: DeliveryRecord): Promise<'confirmed' | 'redriven' | 'skipped'> {
  const resolved = await hub.connections.resolve(row.destinationId);
  const definition = resolved?.definition;
  // A destination that is gone or disabled would only block the row again; its exception already says why.
  if (!resolved || definition?.kind !== 'destination' || !resolved.record.enabled) return 'skipped';
  const at = hub.now().toISOString();
  const idem = definition.idempotency;
  if (idem.mode === 'lookup-before-write') {
    const revision = await hub.store.getOrderRevision(row.orderId, row.revision);
    if (revision) {
      const payload = definition.fromCanonical(revision.order, {
        connectionId: row.destinationId,
        config: resolved.config,
        tables: hub.tables,
      });
      const info = { key: row.id, operation: row.operation, orderId: row.orderId, revision: row.revision };
      const found = await idem.findExisting(reconContext(hub, resolved), row.id, payload, info);
      if (found) {
        const changed = await hub.store.updateDelivery(
          row.id,
          {
            state: 'delivered',
            remoteId: found.remoteId,
            deliveredAt: at,
            leaseUntil: null,
            lastErrorKind: null,
            lastErrorCode: null,
            lastErrorMessage: null,
          },
          at,
          [row.state],
        );
        if (!changed) return 'skipped'; // a worker moved it meanwhile; that worker's outcome stands
        await hub.store.resolveExceptions({ deliveryId: row.id }, 'found at the destination', at);
        await audit(hub, ACTOR, 'delivery.confirm', row.id, { remoteId: found.remoteId });
        return 'confirmed';
      }
    }
  }
  let generation = row.generation;
  if (row.state === 'dead') {
    generation += 1;
    const changed = await hub.store.updateDelivery(
      row.id,
      { state: 'pending', attempts: 0, generation, nextAttemptAt: at, leaseUntil: null },
      at,
      ['dead'],
    );
    if (!changed) return 'skipped';
    await hub.store.resolveExceptions({ deliveryId: row.id }, 're-driven by reconciliation', at);
    await audit(hub, ACTOR, 'delivery.redrive', row.id, { generation });
  }
  await hub.queues.enqueueDeliveries([{ id: row.id, generation }], hub.config.delivery.maxAttempts);
  return 'redriven';
}
