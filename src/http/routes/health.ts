import type { FastifyInstance } from 'fastify';
import type { Hub } from '../../hub';
import { updateOpsMetrics } from '../../ops/ops-metrics';

/** Liveness, readiness and Prometheus metrics. */
export function healthRoutes(hub: Hub) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get('/healthz', { config: { role: 'public' }, schema: { hide: true } }, async () => ({
      status: 'ok',
    }));

    app.get('/readyz', { config: { role: 'public' }, schema: { hide: true } }, async (_req, reply) => {
      const [store, redis] = await Promise.all([
        hub.store.ping().then(
          () => 'ok',
          () => 'down',
        ),
        hub.redis.ping().then(
          () => 'ok',
          () => 'down',
        ),
      ]);
      const ready = store === 'ok' && redis === 'ok';
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', store, redis });
    });

    app.get('/metrics', { config: { role: 'public' }, schema: { hide: true } }, async (_req, reply) => {
      const m = hub.metrics;
      try {
        const depths = await hub.queues.depths();
        for (const [queue, states] of Object.entries(depths)) {
          for (const [state, n] of Object.entries(states)) m.queueDepth.set({ queue, state }, n);
        }
      } catch {
        // Redis down: keep the last known depths; /readyz says what is down.
      }
      m.deliveryRows.reset();
      for (const row of await hub.store.countDeliveries())
        m.deliveryRows.set({ destination: row.destinationId, state: row.state }, row.count);
      await updateOpsMetrics(hub);
      return reply.header('content-type', m.registry.contentType).send(await m.registry.metrics());
    });
  };
}
