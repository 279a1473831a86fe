import type { Hub } from '../hub';
import { loadAlertSettings, type AlertSettings } from './alert-config';
import { ALERT_STATE_KIND, listAlertStates, raiseAlert, resolveAlert } from './alerts';

/** Orders read per connection for the quiet-channel baseline (the newest ones). */
const QUIET_SAMPLE = 500;

/**
 * How long a source usually goes between orders, and whether it is quiet now. Baseline: the median gap between
 * consecutive orders (by the hub's `createdAt`) among the newest orders of the last `lookbackDays`; the median
 * ignores the night-time and weekend outliers a mean would chase. Quiet when the time since the newest order
 * exceeds `factor` × that gap and at least `minQuietMinutes`. Fewer than `minOrders` orders: no baseline, never quiet.
 */
export function quietVerdict(
  createdAt: readonly string[],
  now: number,
  quiet: AlertSettings['quiet'],
): { quiet: boolean; usualGapMs: number | null; quietForMs: number | null } {
  const since = now - quiet.lookbackDays * 86_400_000;
  const times = createdAt
    .map((t) => Date.parse(t))
    .filter((t) => t >= since)
    .sort((a, b) => a - b);
  const newest = times.at(-1);
  if (newest === undefined || times.length < quiet.minOrders)
    return { quiet: false, usualGapMs: null, quietForMs: newest === undefined ? null : now - newest };
  const gaps = times
    .slice(1)
    .map((t, i) => t - (times[i] ?? t))
    .sort((a, b) => a - b);
  const mid = Math.floor(gaps.length / 2);
  const median = gaps.length % 2 ? (gaps[mid] ?? 0) : ((gaps[mid - 1] ?? 0) + (gaps[mid] ?? 0)) / 2;
  const quietForMs = now - newest;
  const limit = Math.max(quiet.factor * median, quiet.minQuietMinutes * 60_000);
  return { quiet: quietForMs > limit, usualGapMs: median, quietForMs };
}

/**
 * One evaluation of every alert condition: failing connections, quiet channels, dead letters cleared, recovered
 * orders gone quiet, queue backlogs. Raising an alert that is already open only counts it, so running this in
 * every worker process is safe; notices are de-duplicated by the send locks.
 */
export async function evaluateAlerts(hub: Hub): Promise<void> {
  const { settings } = await loadAlertSettings(hub);
  const now = hub.now().getTime();
  const connections = await hub.store.listConnections();

  for (const c of connections) {
    if (c.enabled && c.health === 'error') {
      await raiseAlert(hub, {
        kind: 'connection_error',
        connectionId: c.id,
        count: 0,
        message:
          `Connection "${c.name}" (${c.connector}) is failing: ${c.healthCode ?? 'error'}. ${c.healthMessage ?? ''}`.trim(),
      });
    } else await resolveAlert(hub, 'connection_error', c.id);

    if (c.kind !== 'source') continue;
    const orders = c.enabled
      ? (await hub.store.listOrders({ connectionId: c.id, limit: QUIET_SAMPLE })).items.map(
          (o) => o.createdAt,
        )
      : [];
    const verdict = quietVerdict(orders, now, settings.quiet);
    if (verdict.quiet && verdict.usualGapMs !== null && verdict.quietForMs !== null) {
      await raiseAlert(hub, {
        kind: 'channel_quiet',
        connectionId: c.id,
        count: 0,
        message: `No order from "${c.name}" for ${minutes(verdict.quietForMs)} min; usually one every ${minutes(verdict.usualGapMs)} min.`,
      });
    } else await resolveAlert(hub, 'channel_quiet', c.id);
  }

  const dead = new Map<string, number>();
  for (const row of await hub.store.countDeliveries())
    if (row.state === 'dead') dead.set(row.destinationId, (dead.get(row.destinationId) ?? 0) + row.count);
  const reminderMs = settings.reminderMinutes * 60_000;
  for (const state of await listAlertStates(hub)) {
    if (state.status !== 'firing') continue;
    // Dead letters are raised by the deliver stage; they resolve once none is left (retried or delivered).
    if (state.kind === 'deliveries_dead' && !dead.get(state.subject))
      await resolveAlert(hub, state.kind, state.subject);
    // Recoveries are events: the episode ends after a reminder interval without a new one.
    if (state.kind === 'orders_recovered' && now - Date.parse(state.lastSeenAt) >= reminderMs)
      await resolveAlert(hub, state.kind, state.subject);
    // A connection deleted while failing or quiet resolves too.
    if (
      (state.kind === 'connection_error' || state.kind === 'channel_quiet') &&
      !connections.some((c) => c.id === state.subject)
    )
      await resolveAlert(hub, state.kind, state.subject);
  }

  await evaluateQueues(hub, settings, now);
  await evaluateHolds(hub, now);
}

/** Orders waiting in review (审核) longer than `ORDERHUB_ALERT_HELD_HOURS`: one grouped alert for all of them. */
async function evaluateHolds(hub: Hub, now: number): Promise<void> {
  const cutoff = new Date(now - hub.config.alerts.heldHours * 3_600_000).toISOString();
  const held = await hub.store.listExceptions({ state: 'open', kind: 'held', limit: 500 });
  const stale = held.items.filter((e) => e.createdAt < cutoff).length;
  if (stale === 0) return resolveAlert(hub, 'held_too_long', 'holds');
  const count = stale + (held.nextCursor ? 1 : 0);
  await raiseAlert(hub, {
    kind: 'held_too_long',
    subject: 'holds',
    count: 0,
    message: `${held.nextCursor ? `More than ${count - 1}` : count} order(s) held for review for over ${hub.config.alerts.heldHours} h: see GET /v1/holds.`,
  });
}

async function evaluateQueues(hub: Hub, settings: AlertSettings, now: number): Promise<void> {
  let depths: Record<string, Record<string, number>>;
  try {
    depths = await hub.queues.depths();
  } catch {
    return; // Redis down: /readyz reports it; a backlog cannot be measured now.
  }
  const at = new Date(now).toISOString();
  for (const [queue, states] of Object.entries(depths)) {
    const waiting = (states.waiting ?? 0) + (states.prioritized ?? 0);
    const pendingId = `pending:queue_backlog:${queue}`;
    if (waiting <= settings.queueBacklog.threshold) {
      await hub.store.deleteDoc(ALERT_STATE_KIND, pendingId);
      await resolveAlert(hub, 'queue_backlog', queue);
      continue;
    }
    // Remember when the backlog began (first writer wins), and alert once it has lasted long enough.
    await hub.store.insertDoc(ALERT_STATE_KIND, pendingId, { since: at }, at);
    const since = (await hub.store.getDoc(ALERT_STATE_KIND, pendingId))?.createdAt ?? at;
    if (now - Date.parse(since) >= settings.queueBacklog.minutes * 60_000) {
      await raiseAlert(hub, {
        kind: 'queue_backlog',
        subject: queue,
        count: 0,
        message: `Queue "${queue}" has ${waiting} waiting jobs (threshold ${settings.queueBacklog.threshold}) since ${since}.`,
      });
    }
  }
}

function minutes(ms: number): number {
  return Math.round(ms / 60_000);
}

/** Runs the evaluator on an interval in worker processes until stopped. */
export function startAlertEvaluator(hub: Hub): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    evaluateAlerts(hub)
      .catch((err: Error) => hub.log.warn({ err: { message: err.message } }, 'alert evaluation failed'))
      .finally(() => {
        running = false;
      });
  }, hub.config.alerts.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
