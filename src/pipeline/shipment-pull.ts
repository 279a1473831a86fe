import type { Hub } from '../hub';
import { classify } from '../sdk/errors';
import { acquireLock } from './connector-services';
import { connectorContext } from './context';
import { recordShipments } from './shipments';

export const SHIPMENTS_STREAM = 'shipments';
const MAX_PAGES = 50;
const LOCK_TTL_MS = 5 * 60_000;

export interface ShipmentPullResult {
  status: 'done' | 'more' | 'locked' | 'not-readable';
  pages: number;
  reported: number;
  recorded: number;
}

/**
 * Reads shipments back from a destination since its stored watermark (less the connector's overlap; repeats are
 * dropped by shipment id) and records them for write-back. The watermark moves to the run's start time only
 * after the last page is stored, so a crash re-reads instead of skipping. One reader per connection at a time.
 */
export async function pullShipments(hub: Hub, connectionId: string): Promise<ShipmentPullResult> {
  const result: ShipmentPullResult = { status: 'done', pages: 0, reported: 0, recorded: 0 };
  const resolved = await hub.connections.resolve(connectionId);
  const spec = resolved?.definition.kind === 'destination' ? resolved.definition.shipments : undefined;
  if (!resolved || !spec || !resolved.record.enabled) return { ...result, status: 'not-readable' };
  const release = await acquireLock(
    hub.redis,
    `${hub.config.queuePrefix}:lock:shipments:${connectionId}`,
    LOCK_TTL_MS,
  );
  if (!release) return { ...result, status: 'locked' };
  const ctx = connectorContext(hub, resolved);
  const startedAt = hub.now();
  try {
    const stored = await hub.store.getCheckpoint(connectionId, SHIPMENTS_STREAM);
    const watermark = stored
      ? Date.parse(stored.watermark)
      : startedAt.getTime() - (spec.initialLookbackMs ?? 7 * 86_400_000);
    const since = new Date(watermark - (spec.overlapMs ?? 10 * 60_000)).toISOString();
    let pageToken = stored?.pageToken;
    while (result.pages < MAX_PAGES) {
      const page = await spec.fetchPage(ctx, { since, ...(pageToken ? { pageToken } : {}) });
      const outcomes = await recordShipments(hub, connectionId, page.shipments);
      result.pages += 1;
      result.reported += page.shipments.length;
      result.recorded += outcomes.filter((o) => o.result === 'inserted' || o.result === 'updated').length;
      for (const o of outcomes)
        if (o.result === 'invalid')
          hub.log.warn({ connectionId, code: o.code }, 'read-back shipment refused');
      pageToken = page.nextPageToken;
      // Mid-run, keep the old watermark and remember the page: the next run resumes the same read.
      await hub.store.setCheckpoint(
        connectionId,
        SHIPMENTS_STREAM,
        pageToken
          ? { watermark: new Date(watermark).toISOString(), pageToken }
          : { watermark: startedAt.toISOString() },
        hub.now().toISOString(),
      );
      if (!pageToken) break;
    }
    if (pageToken) result.status = 'more';
    return result;
  } catch (error) {
    const failure = classify(error);
    await hub.connections.noteFailure(connectionId, failure);
    throw failure;
  } finally {
    await release();
  }
}
