import { compileSchema } from '../core/validation';
import type { Hub } from '../hub';
import { rateKeyOf } from '../pipeline/context';
import type { ConnectionRecord } from '../store/types';
import { webhookStats } from './webhook-stats';

/** Documents holding each connection's last pull outcome (one per connection, replaced on every pull). */
export const PULL_STATUS_KIND = 'pull-status';
const STUCK_AFTER_MS = 15 * 60_000;
/** Rows read per state when counting stuck deliveries; beyond that the count is a floor (`stuckCapped`). */
const STUCK_SCAN = 2_000;
const DAY_MS = 86_400_000;

interface PullStatus {
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastFailureCode: string | null;
}
const validatePullStatus = compileSchema<PullStatus>({
  type: 'object',
  properties: {
    lastSuccessAt: { type: ['string', 'null'] },
    lastFailureAt: { type: ['string', 'null'] },
    lastFailureCode: { type: ['string', 'null'] },
  },
});

/** Records a pull's outcome for status (called by the pull stage; never throws). */
export async function recordPull(hub: Hub, connectionId: string, failureCode?: string): Promise<void> {
  try {
    const at = hub.now().toISOString();
    const old = await hub.store.getDoc(PULL_STATUS_KIND, connectionId);
    const prev = old && validatePullStatus(old.value);
    const base: PullStatus =
      prev && prev.ok ? prev.value : { lastSuccessAt: null, lastFailureAt: null, lastFailureCode: null };
    const next: PullStatus = failureCode
      ? { ...base, lastFailureAt: at, lastFailureCode: failureCode }
      : { ...base, lastSuccessAt: at };
    await hub.store.putDoc(PULL_STATUS_KIND, connectionId, next, at);
  } catch (err) {
    hub.log.warn(
      { err: { message: err instanceof Error ? err.message : String(err) } },
      'pull status not saved',
    );
  }
}

const validateRun = compileSchema<{ connectionId: string; recovered: number; finishedAt: string }>({
  type: 'object',
  required: ['connectionId', 'recovered', 'finishedAt'],
  properties: {
    connectionId: { type: 'string' },
    recovered: { type: 'integer', minimum: 0 },
    finishedAt: { type: 'string' },
  },
});

/** Orders recovered by reconciliation per connection over the last 24 h (runs written by reconciliation). */
export async function recoveredLastDay(hub: Hub): Promise<Map<string, number>> {
  const since = hub.now().getTime() - DAY_MS;
  const out = new Map<string, number>();
  let cursor: string | undefined;
  for (let pages = 0; pages < 10; pages++) {
    const page = await hub.store.listDocs({
      kind: 'reconciliation-run',
      limit: 500,
      ...(cursor ? { cursor } : {}),
    });
    let older = false;
    for (const doc of page.items) {
      const run = validateRun(doc.value);
      if (!run.ok) continue;
      if (Date.parse(run.value.finishedAt) < since) {
        older = true;
        continue;
      }
      out.set(run.value.connectionId, (out.get(run.value.connectionId) ?? 0) + run.value.recovered);
    }
    // Runs are listed newest first by creation: once a page reaches past a day, older pages add nothing.
    if (older || !page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return out;
}

/** Share of each declared rate budget in use now, read from the connector services' Redis token buckets. */
export async function rateBudget(hub: Hub, c: ConnectionRecord) {
  const def = c.kind === 'source' ? hub.registry.source(c.connector) : hub.registry.destination(c.connector);
  const limits = def?.rateLimits ?? {};
  const resolved = def && Object.keys(limits).length ? await hub.connections.resolve(c.id) : null;
  const prefix = resolved ? rateKeyOf(hub, resolved) : `${hub.config.queuePrefix}:rate:${c.id}`;
  const out: Record<string, { ratePerSecond: number; burst: number; available: number; usedRatio: number }> =
    {};
  for (const [bucket, limit] of Object.entries(limits)) {
    const h = await hub.redis.hmget(`${prefix}:${bucket}`, 'tokens', 'ts');
    const tokens = h[0] === null || h[0] === undefined ? limit.burst : Number(h[0]);
    const ts = h[1] === null || h[1] === undefined ? Date.now() : Number(h[1]);
    // The bucket refills between takes; apply the refill up to now as the Lua script would.
    const available = Math.min(
      limit.burst,
      tokens + (Math.max(0, Date.now() - ts) * limit.ratePerSecond) / 1000,
    );
    out[bucket] = {
      ratePerSecond: limit.ratePerSecond,
      burst: limit.burst,
      available: Math.round(available * 100) / 100,
      usedRatio: Math.round((1 - available / limit.burst) * 1000) / 1000,
    };
  }
  return out;
}

/** Deliveries pending or retrying for longer than 15 minutes, plus dead ones, for one destination. */
export async function stuckDeliveries(hub: Hub, destinationId: string, dead: number) {
  const before = hub.now().getTime() - STUCK_AFTER_MS;
  let old = 0;
  let capped = false;
  for (const state of ['pending', 'retrying'] as const) {
    let cursor: string | undefined;
    let seen = 0;
    for (;;) {
      const page = await hub.store.listDeliveries({
        destinationId,
        state,
        limit: 500,
        ...(cursor ? { cursor } : {}),
      });
      old += page.items.filter((d) => Date.parse(d.createdAt) < before).length;
      seen += page.items.length;
      if (!page.nextCursor) break;
      if (seen >= STUCK_SCAN) {
        capped = true;
        break;
      }
      cursor = page.nextCursor;
    }
  }
  return { olderThan15Minutes: old, dead, total: old + dead, capped };
}

/** The status fields this feature adds per connection. */
export async function opsStatus(
  hub: Hub,
  c: ConnectionRecord,
  recovered: Map<string, number>,
  deliveries: Record<string, number>,
) {
  const pull = await hub.store.getDoc(PULL_STATUS_KIND, c.id);
  const pullStatus = pull ? validatePullStatus(pull.value) : null;
  let webhooks = null;
  let rate = null;
  try {
    webhooks = await webhookStats(hub, c.id);
    rate = await rateBudget(hub, c);
  } catch {
    // Redis down: the store-backed fields still answer.
  }
  return {
    lastSuccessfulPull: pullStatus?.ok ? pullStatus.value.lastSuccessAt : null,
    lastFailedPull: pullStatus?.ok
      ? { at: pullStatus.value.lastFailureAt, code: pullStatus.value.lastFailureCode }
      : null,
    webhooks,
    rateBudget: rate,
    recoveredLast24h: recovered.get(c.id) ?? 0,
    ...(c.kind === 'destination'
      ? { stuckDeliveries: await stuckDeliveries(hub, c.id, deliveries.dead ?? 0) }
      : {}),
  };
}
