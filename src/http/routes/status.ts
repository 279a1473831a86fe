import type { Hub } from '../../hub';
import { ORDERS_STREAM } from '../../pipeline/pull';
import { listAlertStates } from '../../ops/alerts';
import { opsStatus, recoveredLastDay } from '../../ops/ops-status';

/**
 * Per connection: health, last pull watermark and lag, open exceptions, delivery counts; plus queue depths.
 * Redis being down is reported, not thrown: status is what ops open when things break.
 */
export async function connectionStatus(hub: Hub) {
  const now = hub.now().getTime();
  const [connections, counts, openExceptions] = await Promise.all([
    hub.store.listConnections(),
    hub.store.countDeliveries(),
    hub.store.listExceptions({ state: 'open', limit: 500 }),
  ]);
  let queues: Record<string, Record<string, number>> | { error: string };
  try {
    queues = await hub.queues.depths();
  } catch {
    queues = { error: 'Redis is unavailable; rows stay in the store and are re-driven when it returns.' };
  }
  // The reads above can succeed while the store refuses writes (SQLite locked by another process).
  const storeHealth = await hub.store.ping().then(
    () => ({ state: 'ok' as const, message: null }),
    (error: Error) => ({ state: 'down' as const, message: error.message.slice(0, 200) }),
  );
  const recovered = await recoveredLastDay(hub);
  const items = await Promise.all(
    connections.map(async (c) => {
      const checkpoint = c.kind === 'source' ? await hub.store.getCheckpoint(c.id, ORDERS_STREAM) : null;
      const deliveries = Object.fromEntries(
        counts.filter((r) => r.destinationId === c.id).map((r) => [r.state, r.count]),
      );
      return {
        id: c.id,
        name: c.name,
        connector: c.connector,
        kind: c.kind,
        enabled: c.enabled,
        health: { state: c.health, code: c.healthCode, message: c.healthMessage, at: c.healthAt },
        lastPull: checkpoint
          ? {
              watermark: checkpoint.watermark,
              lagSeconds: Math.round((now - Date.parse(checkpoint.watermark)) / 1000),
            }
          : null,
        openExceptions: openExceptions.items.filter((e) => e.connectionId === c.id).length,
        ...(c.kind === 'destination'
          ? {
              deliveries,
              stuck: (deliveries.retrying ?? 0) + (deliveries.dead ?? 0) + (deliveries.blocked ?? 0),
            }
          : {}),
        ...(await opsStatus(hub, c, recovered, deliveries)),
      };
    }),
  );
  const alerts = (await listAlertStates(hub)).filter((a) => a.status === 'firing');
  return {
    at: new Date(now).toISOString(),
    store: hub.store.kind,
    storeHealth,
    connections: items,
    queues,
    alerts,
  };
}
