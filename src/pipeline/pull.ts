import { randomUUID } from 'node:crypto';
import type { Hub } from '../hub';
import type { PullCheckpoint } from '../sdk/define';
import { classify } from '../sdk/errors';
import { connectorContext } from './context';

export const ORDERS_STREAM = 'orders';

export interface PullResult {
  status: 'done' | 'more' | 'locked' | 'not-pullable';
  pages: number;
  records: number;
  stored: number;
  duplicates: number;
  checkpoint: PullCheckpoint | null;
}

/** Pages one pull may read before yielding the worker to other connections; the next run carries on. */
const DEFAULT_MAX_PAGES = 50;
const LOCK_TTL_MS = 5 * 60_000;

/**
 * The cursor/window engine. Slides windows over the connector's cursor field from the stored watermark,
 * re-reading `overlapMs` behind it so that records sharing a boundary timestamp are never skipped (the inbox
 * dedups what it already has), stays `settleDelayMs` behind now, honours `maxWindowMs`, and stores each page
 * before the checkpoint that moves past it — a crash repeats a page, never skips one. One pull per connection
 * at a time, across processes, through a Redis lock.
 */
export async function pullConnection(
  hub: Hub,
  connectionId: string,
  maxPages = DEFAULT_MAX_PAGES,
): Promise<PullResult> {
  const result: PullResult = {
    status: 'done',
    pages: 0,
    records: 0,
    stored: 0,
    duplicates: 0,
    checkpoint: null,
  };
  const resolved = await hub.connections.resolve(connectionId);
  if (
    !resolved ||
    resolved.definition.kind !== 'source' ||
    !resolved.definition.pull ||
    !resolved.record.enabled
  ) {
    return { ...result, status: 'not-pullable' };
  }
  const definition = resolved.definition;
  const spec = resolved.definition.pull;
  const lockKey = `${hub.config.queuePrefix}:lock:pull:${connectionId}`;
  const token = randomUUID();
  if ((await hub.redis.set(lockKey, token, 'PX', LOCK_TTL_MS, 'NX')) !== 'OK')
    return { ...result, status: 'locked' };

  const maxWindow = spec.maxWindowMs ?? Number.POSITIVE_INFINITY;
  const overlap = Math.min(spec.overlapMs ?? 60_000, maxWindow / 2);
  const settle = spec.settleDelayMs ?? 0;
  const ctx = connectorContext(hub, resolved);
  try {
    let cp: PullCheckpoint = (await hub.store.getCheckpoint(connectionId, ORDERS_STREAM)) ?? {
      watermark: new Date(hub.now().getTime() - (spec.initialLookbackMs ?? 7 * 86_400_000)).toISOString(),
    };
    while (result.pages < maxPages) {
      const horizon = hub.now().getTime() - settle;
      const watermark = Date.parse(cp.watermark);
      const from = cp.windowFrom ?? new Date(watermark - overlap).toISOString();
      const to = cp.windowTo ?? new Date(Math.min(horizon, Date.parse(from) + maxWindow)).toISOString();
      if (!cp.windowFrom && Date.parse(to) <= watermark) break;
      const page = await spec.fetchPage(ctx, {
        from,
        to,
        ...(cp.pageToken ? { pageToken: cp.pageToken } : {}),
      });
      const stored = await hub.ingestor.ingest(connectionId, definition, page.records, 'poll');
      result.pages += 1;
      result.records += page.records.length;
      result.stored += stored.stored;
      result.duplicates += stored.duplicates;
      cp = page.nextPageToken
        ? { watermark: cp.watermark, windowFrom: from, windowTo: to, pageToken: page.nextPageToken }
        : { watermark: to };
      await hub.store.setCheckpoint(connectionId, ORDERS_STREAM, cp, hub.now().toISOString());
      if (!page.nextPageToken && Date.parse(to) >= horizon) break;
    }
    if (result.pages >= maxPages) result.status = 'more';
    result.checkpoint = cp;
    if (resolved.record.health !== 'ok') await hub.connections.setHealth(connectionId, { ok: true });
    return result;
  } catch (error) {
    const failure = classify(error);
    if (failure.kind === 'auth' || failure.kind === 'config') {
      await hub.connections.setHealth(connectionId, {
        ok: false,
        code: failure.code,
        message: failure.remedy ?? failure.message,
      });
    }
    throw failure;
  } finally {
    // Release only our own lock: a pull that outlived its TTL must not free another process's lock.
    await hub.redis
      .eval(
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
        1,
        lockKey,
        token,
      )
      .catch(() => undefined);
  }
}

/** The polling interval of a source connection: its own setting, else the connector's default. */
export function pollIntervalMs(config: Record<string, unknown>, defaultMs: number | undefined): number {
  const seconds = config.pollIntervalSeconds;
  return typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : (defaultMs ?? 60_000);
}
