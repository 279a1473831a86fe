import type { Hub } from '../hub';
import { startAlertEvaluator } from '../ops/alert-evaluator';
import { pollIntervalMs } from '../pipeline/pull';
import { scheduleReconciliation } from '../pipeline/reconcile-schedule';

const BATCH = 500;
/** Sweeps between two re-installations of the poll schedules (they live in Redis and go with a FLUSHALL). */
const SCHEDULE_EVERY = 6;

/** Installs or removes the repeating pull of every source connection to match the store. */
export async function syncSchedules(hub: Hub): Promise<void> {
  if (!hub.config.pollSchedules) return;
  await scheduleReconciliation(hub);
  for (const c of await hub.store.listConnections({ kind: 'source' })) {
    const definition = hub.registry.source(c.connector);
    const pull = definition?.pull;
    await hub.queues.schedulePoll(
      c.id,
      c.enabled && pull ? pollIntervalMs(c.config, pull.defaultIntervalMs) : null,
    );
  }
  // Destinations that can be asked for shipments are read back on the same kind of schedule.
  for (const c of await hub.store.listConnections({ kind: 'destination' })) {
    const readBack = hub.registry.destination(c.connector)?.shipments;
    await hub.queues.schedulePoll(
      c.id,
      c.enabled && readBack ? pollIntervalMs(c.config, readBack.defaultIntervalMs ?? 300_000) : null,
      'shipments',
    );
  }
}

/**
 * One sweep: re-enqueues inbox events still pending after the grace period and deliveries that are due or
 * whose lease ran out. Job ids derive from the rows, so a job still in Redis is not duplicated; a job that
 * Redis lost (restart, FLUSHALL) is recreated. Returns how many rows were re-driven.
 */
export async function sweepOnce(hub: Hub): Promise<{ inbox: number; deliveries: number }> {
  const cutoff = new Date(hub.now().getTime() - hub.config.sweepGraceMs).toISOString();
  const inbox = await hub.store.listPendingInbox(cutoff, BATCH);
  await hub.queues.enqueueInbox(inbox);
  const due = await hub.store.listDueDeliveries(cutoff, BATCH);
  await hub.queues.enqueueDeliveries(due, hub.config.delivery.maxAttempts);
  // Shipments still waiting for write-back after the grace period (their job may be gone with Redis).
  const shipments = (await hub.store.listShipments({ state: 'pending', limit: BATCH })).items.filter(
    (s) => s.updatedAt < cutoff,
  );
  await hub.queues.enqueueWriteBack(shipments);
  return { inbox: inbox.length, deliveries: due.length };
}

/** Runs the sweeper on an interval until stopped. */
export function startSweeper(hub: Hub): { stop(): void } {
  let count = 0;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    const tick = async () => {
      const swept = await sweepOnce(hub);
      if (swept.inbox || swept.deliveries) hub.log.info(swept, 'sweeper re-enqueued pending rows');
      if (++count % SCHEDULE_EVERY === 0) await syncSchedules(hub);
    };
    tick()
      .catch((err: Error) => hub.log.warn({ err: { message: err.message } }, 'sweep failed; will try again'))
      .finally(() => {
        running = false;
      });
  }, hub.config.sweepIntervalMs);
  timer.unref();
  // Alert conditions are evaluated wherever the sweeper runs (worker processes).
  const alerts = startAlertEvaluator(hub);
  return {
    stop: () => {
      clearInterval(timer);
      alerts.stop();
    },
  };
}
