import { HubError } from '../core/errors';
import { orderId } from '../core/ids';
import { compareRevisions } from '../core/revision';
import type { Hub } from '../hub';
import type { AnySource } from '../registry';
import type { ConnectorContext } from '../sdk/context';
import type { PullSpec } from '../sdk/define';
import { classify } from '../sdk/errors';
import { PULL_DEFAULTS } from '../sdk/window';
import type { ResolvedConnection } from './connections';
import { Ingestor } from './ingest';
import { acquireLock } from './connector-services';
import { reconContext } from './reconcile-context';
import { recheckDeliveries } from './reconcile-outbox';
import { getRun, newRun, RUN_KIND, runId, saveRun, type ReconciliationRun } from './reconcile-runs';
import { raiseAlert } from '../ops/alerts';
import { audit } from './replay';
import { checkSubscriptions } from './webhook-subscriptions';

/** Longest a run may hold its bucket's lock; a crashed run's bucket is resumed after it. */
const LOCK_TTL_MS = 10 * 60_000;
const ACTOR = 'reconciliation';

/** A source connection that reconciliation can read: it has a pull spec. */
export interface Reconcilable {
  resolved: ResolvedConnection;
  definition: AnySource;
  spec: PullSpec<unknown>;
}

/** Opens a connection for reconciliation, or throws the API's error for one that cannot be reconciled. */
export async function reconcilable(hub: Hub, connectionId: string): Promise<Reconcilable> {
  const resolved = await hub.connections.resolve(connectionId);
  if (!resolved) throw new HubError('API_NOT_FOUND', 'No such connection.');
  const definition = resolved.definition;
  if (definition.kind !== 'source' || !definition.pull)
    throw new HubError('CONNECTION_NO_PULL', 'Only sources that can be polled can be reconciled.');
  return { resolved, definition, spec: definition.pull };
}

/**
 * The latest instant a reconciled bucket may end at: now minus the connector's settle delay minus the margin,
 * so that orders still on their way (a webhook retried by the channel, the next pull) are not counted missing.
 */
export function closedHorizon(hub: Hub, spec: PullSpec<unknown>): number {
  const settle = spec.settleDelayMs ?? PULL_DEFAULTS.settleDelayMs;
  return hub.now().getTime() - settle - hub.config.reconciliation.marginMs;
}

/** What `reconcileBucket` did: `ran` is false when another process holds the bucket or it was finished. */
export interface BucketOutcome {
  run: ReconciliationRun;
  ran: boolean;
}

/**
 * Reconciles one (source connection, bucket): re-reads the bucket from the channel through the connector's pull
 * spec, ingests what the hub lacks (marked `reconcile` in the inbox), re-checks the unacknowledged deliveries of
 * the orders it saw, and keeps webhook subscriptions in place. The run's id is deterministic, its record is
 * inserted once, and a Redis lock keeps two processes from running it at the same time; a run stopped by the page
 * cap or an error keeps its position and the next call carries on from it. `manual` re-checks a finished bucket
 * as its next pass.
 */
export async function reconcileBucket(
  hub: Hub,
  target: Reconcilable,
  bucketStartMs: number,
  trigger: ReconciliationRun['trigger'],
): Promise<BucketOutcome> {
  const connectionId = target.resolved.record.id;
  const start = new Date(bucketStartMs).toISOString();
  const end = new Date(bucketStartMs + hub.config.reconciliation.bucketMs).toISOString();
  let pass = 1;
  for (;;) {
    const existing = await getRun(hub, runId(connectionId, start, pass));
    if (!existing || existing.status !== 'done') break;
    if (trigger === 'schedule') return { run: existing, ran: false };
    pass += 1;
  }
  const id = runId(connectionId, start, pass);
  const fresh = newRun(connectionId, start, end, pass, trigger, hub.now().toISOString());
  await hub.store.insertDoc(RUN_KIND, id, fresh, fresh.startedAt);
  const release = await acquireLock(hub.redis, `${hub.config.queuePrefix}:lock:recon:${id}`, LOCK_TTL_MS);
  if (!release) return { run: (await getRun(hub, id)) ?? fresh, ran: false };
  try {
    const run = (await getRun(hub, id)) ?? fresh;
    if (run.status === 'done') return { run, ran: false };
    run.status = 'running';
    run.stoppedEarly = false;
    await saveRun(hub, run);
    await runPages(hub, target, run);
    return { run, ran: true };
  } finally {
    await release();
  }
}

async function runPages(hub: Hub, target: Reconcilable, run: ReconciliationRun): Promise<void> {
  const ctx = reconContext(hub, target.resolved);
  const recoveredBefore = run.recoveredCount;
  try {
    await ensureWebhooks(hub, target, ctx, run);
    const endMs = Date.parse(run.bucketEnd);
    const maxWindow = target.spec.maxWindowMs ?? Number.POSITIVE_INFINITY;
    let from = Date.parse(run.resume?.windowFrom ?? run.bucketStart);
    let pageToken = run.resume?.pageToken;
    let pages = 0;
    while (from < endMs) {
      if (pages >= hub.config.reconciliation.maxPages) {
        run.stoppedEarly = true;
        break;
      }
      const to = Math.min(endMs, from + maxWindow);
      const page = await target.spec.fetchPage(ctx, {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        ...(pageToken ? { pageToken } : {}),
      });
      pages += 1;
      run.pagesRead += 1;
      await comparePage(hub, target, run, page.records);
      if (page.nextPageToken) pageToken = page.nextPageToken;
      else {
        from = to;
        pageToken = undefined;
      }
      // The position is stored after the page's orders are, like a pull's checkpoint: a crash repeats a page.
      run.resume =
        from < endMs
          ? { windowFrom: new Date(from).toISOString(), ...(pageToken ? { pageToken } : {}) }
          : null;
      await saveRun(hub, run);
    }
    run.status = run.stoppedEarly ? 'partial' : 'done';
    run.finishedAt = run.stoppedEarly ? null : hub.now().toISOString();
  } catch (error) {
    const failure = classify(error);
    run.status = 'failed';
    run.errors.push({
      at: hub.now().toISOString(),
      code: failure.code,
      message: failure.message.slice(0, 300),
    });
    hub.log.warn(
      { runId: run.id, err: { kind: failure.kind, code: failure.code, message: failure.message } },
      'reconciliation run failed; the next tick resumes it',
    );
  }
  await saveRun(hub, run);
  const recovered = run.recoveredCount - recoveredBefore;
  if (recovered > 0) {
    await audit(hub, ACTOR, 'reconciliation.recover', run.id, {
      connectionId: run.connectionId,
      count: recovered,
    });
    // Missed orders mean webhooks are being lost: ops should hear of it even though nothing is missing now.
    await raiseAlert(hub, {
      kind: 'orders_recovered',
      connectionId: run.connectionId,
      count: recovered,
    }).catch((err: Error) =>
      hub.log.warn({ err: { message: err.message } }, 'recovered-orders alert not raised'),
    );
  }
}

/** Re-registers webhook subscriptions the channel dropped, when the hub knows its public address. */
async function ensureWebhooks(
  hub: Hub,
  target: Reconcilable,
  ctx: ConnectorContext<unknown>,
  run: ReconciliationRun,
): Promise<void> {
  if (!target.definition.webhookSubscriptions || !hub.config.publicUrl || run.webhooks) return;
  // A failed check is recorded and must not stop the order comparison; the next run tries again.
  const check = await checkSubscriptions(
    hub,
    target.resolved,
    target.definition,
    ctx,
    'reconciliation',
    ACTOR,
  );
  if (check.ok) {
    const restored = check.topics.filter((t) => t.state === 'restored').map((t) => t.topic);
    const active = check.topics.filter((t) => t.state === 'active').map((t) => t.topic);
    run.webhooks = { created: restored, ok: active };
  } else if (check.error) {
    run.errors.push({
      at: check.checkedAt,
      code: check.error.code,
      message: `webhook subscriptions: ${check.error.message.slice(0, 200)}`,
    });
  }
}

/**
 * Compares one page of the channel's list with the hub: a record is there when the inbox has its exact
 * (external id, revision), or the order already has that revision or a newer one. The rest is ingested, each
 * record on its own so that one that arrived meanwhile by webhook counts as a duplicate, not as recovered.
 */
async function comparePage(
  hub: Hub,
  target: Reconcilable,
  run: ReconciliationRun,
  records: unknown[],
): Promise<void> {
  const connectionId = run.connectionId;
  const at = hub.now().toISOString();
  run.channelCount += records.length;
  // Within a page only the newest revision of an order matters: an older one would be stale on arrival.
  const newest = new Map<string, { record: unknown; event: ReturnType<typeof Ingestor.event> }>();
  for (const record of records) {
    const event = Ingestor.event(connectionId, target.definition, record, 'reconcile', at);
    const seen = newest.get(event.externalId);
    if (!seen || compareRevisions(event.revision, seen.event.revision) > 0)
      newest.set(event.externalId, { record, event });
  }
  const missing: { record: unknown; externalId: string }[] = [];
  const present = new Set<string>();
  for (const { record, event } of newest.values()) {
    const id = orderId(connectionId, event.externalId);
    if (await hub.store.getInbox(event.id)) {
      present.add(id);
      continue;
    }
    const order = await hub.store.getOrder(id);
    if (order && compareRevisions(order.channelRevision, event.revision) >= 0) {
      present.add(id);
      continue;
    }
    missing.push({ record, externalId: event.externalId });
  }
  const results = await Promise.all(
    missing.map((m) => hub.ingestor.ingest(connectionId, target.definition, [m.record], 'reconcile')),
  );
  results.forEach((result, i) => {
    const externalId = missing[i]?.externalId;
    if (result.stored === 0 || externalId === undefined) return;
    run.recoveredCount += 1;
    run.recoveredIds.push(externalId);
    hub.metrics.reconRecovered.inc({ connection: connectionId });
  });
  // Orders just recovered have no deliveries yet; the ones the hub had are checked downstream.
  await recheckDeliveries(hub, present, run);
}
