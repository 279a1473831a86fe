import { HubError } from '../core/errors';
import type { Hub } from '../hub';
import { PULL_DEFAULTS } from '../sdk/window';
import { closedHorizon, reconcilable, reconcileBucket, type Reconcilable } from './reconcile';
import { getWatermark, setWatermark, type ReconciliationRun } from './reconcile-runs';

/** Job scheduler id and job name of the reconciliation tick, on the poll queue. */
export const RECON_JOB = 'reconcile';
/** How far back a connection's first reconciliation starts at most (its first pull may reach further). */
const FIRST_LOOKBACK_CAP_MS = 86_400_000;
/** Buckets one manual request may cover. */
export const MAX_MANUAL_BUCKETS = 48;

const floorTo = (ms: number, bucket: number): number => Math.floor(ms / bucket) * bucket;

/**
 * Installs (or removes, when `ORDERHUB_RECON_INTERVAL_MS` is 0) the repeating reconciliation tick. It lives in
 * Redis; the sweeper calls this with the poll schedules, so a Redis restart or FLUSHALL re-installs it, and the
 * stored watermarks make the next tick catch up on every bucket missed meanwhile.
 */
export async function scheduleReconciliation(hub: Hub): Promise<void> {
  const every = hub.config.reconciliation.intervalMs;
  if (every === 0) {
    await hub.queues.poll.removeJobScheduler(RECON_JOB);
    return;
  }
  const existing = await hub.queues.poll.getJobScheduler(RECON_JOB);
  if (existing && Number(existing.every) === every) return;
  await hub.queues.poll.upsertJobScheduler(
    RECON_JOB,
    { every },
    { name: RECON_JOB, data: {}, opts: { removeOnComplete: true, removeOnFail: true } },
  );
}

/**
 * One scheduled tick: for every enabled pollable source, reconciles the closed buckets since its watermark,
 * oldest first, at most `ORDERHUB_RECON_MAX_BUCKETS` of them. The watermark moves past a bucket only once its
 * run is done; a partial or failed run is resumed on the next tick.
 */
export async function reconcileTick(hub: Hub): Promise<ReconciliationRun[]> {
  const runs: ReconciliationRun[] = [];
  for (const c of await hub.store.listConnections({ kind: 'source' })) {
    if (!c.enabled || !hub.registry.source(c.connector)?.pull) continue;
    try {
      runs.push(...(await reconcileConnection(hub, await reconcilable(hub, c.id))));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      hub.log.warn({ connectionId: c.id, err: { message } }, 'reconciliation tick failed for a connection');
    }
  }
  return runs;
}

/** The scheduled catch-up of one connection. */
export async function reconcileConnection(hub: Hub, target: Reconcilable): Promise<ReconciliationRun[]> {
  const { bucketMs, maxBucketsPerTick } = hub.config.reconciliation;
  const connectionId = target.resolved.record.id;
  const horizon = closedHorizon(hub, target.spec);
  const stored = await getWatermark(hub, connectionId);
  const lookback = Math.min(
    target.spec.initialLookbackMs ?? PULL_DEFAULTS.initialLookbackMs,
    FIRST_LOOKBACK_CAP_MS,
  );
  let next =
    stored === null
      ? floorTo(Date.parse(target.resolved.record.createdAt) - lookback, bucketMs)
      : Date.parse(stored);
  const runs: ReconciliationRun[] = [];
  for (let i = 0; i < maxBucketsPerTick && next + bucketMs <= horizon; i += 1) {
    const { run } = await reconcileBucket(hub, target, next, 'schedule');
    runs.push(run);
    if (run.status !== 'done') break;
    next += bucketMs;
    await setWatermark(hub, connectionId, new Date(next).toISOString());
  }
  return runs;
}

/**
 * Buckets of a manual request: `from`/`to` rounded out to whole buckets; without them, the last closed bucket.
 * Refuses ranges that reach into buckets not yet closed, or that are too long for one request.
 */
export function manualBuckets(hub: Hub, target: Reconcilable, from?: string, to?: string): number[] {
  const { bucketMs } = hub.config.reconciliation;
  const horizon = closedHorizon(hub, target.spec);
  const lastClosed = floorTo(horizon, bucketMs) - bucketMs;
  const fromMs = from === undefined ? undefined : Date.parse(from);
  const toMs = to === undefined ? undefined : Date.parse(to);
  if ((fromMs !== undefined && Number.isNaN(fromMs)) || (toMs !== undefined && Number.isNaN(toMs)))
    throw new HubError('RECONCILIATION_RANGE_INVALID', '`from` and `to` must be ISO timestamps.');
  const end =
    toMs !== undefined
      ? Math.ceil(toMs / bucketMs) * bucketMs
      : (fromMs !== undefined ? floorTo(fromMs, bucketMs) : lastClosed) + bucketMs;
  const first = fromMs !== undefined ? floorTo(fromMs, bucketMs) : end - bucketMs;
  if (end <= first) throw new HubError('RECONCILIATION_RANGE_INVALID', '`to` must be after `from`.');
  if (end > horizon) {
    throw new HubError(
      'RECONCILIATION_RANGE_INVALID',
      `The range reaches past ${new Date(floorTo(horizon, bucketMs)).toISOString()}, the end of the last closed bucket.`,
    );
  }
  const count = (end - first) / bucketMs;
  if (count > MAX_MANUAL_BUCKETS)
    throw new HubError('RECONCILIATION_RANGE_INVALID', `At most ${MAX_MANUAL_BUCKETS} buckets per request.`);
  return Array.from({ length: count }, (_, i) => first + i * bucketMs);
}
