import type { Hub } from '../hub';
import { recordPull } from '../ops/ops-status';
import type { PullCheckpoint } from '../sdk/define';
import { classify } from '../sdk/errors';
import { acquireLock } from './connector-services';
import { connectorContext } from './context';
import { runWindows } from '../sdk/window';

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
 * One pull of a source connection through the SDK's cursor/window engine (`runWindows`), storing pages in the
 * inbox and checkpoints in the store. One pull per connection at a time, across processes, through a Redis lock.
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
  const release = await acquireLock(
    hub.redis,
    `${hub.config.queuePrefix}:lock:pull:${connectionId}`,
    LOCK_TTL_MS,
  );
  if (!release) return { ...result, status: 'locked' };

  const ctx = connectorContext(hub, resolved);
  try {
    const run = await runWindows({
      spec,
      ctx,
      checkpoint: await hub.store.getCheckpoint(connectionId, ORDERS_STREAM),
      maxPages,
      store: async (records) => {
        const stored = await hub.ingestor.ingest(connectionId, definition, records, 'poll');
        result.stored += stored.stored;
        result.duplicates += stored.duplicates;
      },
      saveCheckpoint: (cp) =>
        hub.store.setCheckpoint(connectionId, ORDERS_STREAM, cp, hub.now().toISOString()),
    });
    result.pages = run.pages;
    result.records = run.records;
    const cp = run.checkpoint;
    if (run.more) result.status = 'more';
    result.checkpoint = cp;
    if (resolved.record.health !== 'ok') await hub.connections.setHealth(connectionId, { ok: true });
    await recordPull(hub, connectionId);
    return result;
  } catch (error) {
    const failure = classify(error);
    await recordPull(hub, connectionId, failure.code);
    await hub.connections.noteFailure(connectionId, failure);
    throw failure;
  } finally {
    await release();
  }
}

/** The polling interval of a source connection: its own setting, else the connector's default. */
export function pollIntervalMs(config: Record<string, unknown>, defaultMs: number | undefined): number {
  const seconds = config.pollIntervalSeconds;
  return typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : (defaultMs ?? 60_000);
}

/**
 * Fetches the orders a notice webhook named and stores them as webhook intake. A source without `fetchOrders`
 * gets a pull instead, which reads the same orders by their modification time.
 */
export async function fetchNoticed(hub: Hub, connectionId: string, externalIds: unknown): Promise<string> {
  const resolved = await hub.connections.resolve(connectionId);
  if (!resolved || resolved.definition.kind !== 'source' || !resolved.record.enabled) return 'not-fetchable';
  const ids = Array.isArray(externalIds) ? externalIds.filter((v): v is string => typeof v === 'string') : [];
  const definition = resolved.definition;
  if (!definition.fetchOrders) {
    await hub.queues.enqueuePoll(connectionId, 'notice');
    return 'pull';
  }
  const records = await definition.fetchOrders(connectorContext(hub, resolved), ids);
  await hub.ingestor.ingest(connectionId, definition, records, 'webhook');
  return 'fetched';
}
