import type { FastifyInstance } from 'fastify';
import type { Hub } from '../../hub';
import { reconcilable, reconcileBucket } from '../../pipeline/reconcile';
import { listRuns, type ReconciliationRun } from '../../pipeline/reconcile-runs';
import { manualBuckets } from '../../pipeline/reconcile-schedule';
import { audit } from '../../pipeline/replay';
import { errorResponses } from '../schemas';

const runBody = {
  type: 'object',
  additionalProperties: false,
  required: ['connectionId'],
  properties: {
    connectionId: { type: 'string', minLength: 1, maxLength: 100 },
    from: {
      type: 'string',
      format: 'date-time',
      description: 'Start of the range (rounded down to a bucket). Default: the last closed bucket.',
    },
    to: {
      type: 'string',
      format: 'date-time',
      description: 'End of the range (rounded up to a bucket). Default: one bucket after `from`.',
    },
  },
} as const;

/** Reconciliation runs: what was compared, recovered and re-driven, per source connection and bucket. */
export function reconciliationRoutes(hub: Hub) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get<{ Querystring: { limit: number; cursor?: string; connectionId?: string } }>(
      '/v1/reconciliation/runs',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['reconciliation'],
          summary: 'Reconciliation runs, newest first',
          querystring: {
            type: 'object',
            properties: {
              limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
              cursor: { type: 'string', maxLength: 200 },
              connectionId: { type: 'string', maxLength: 100 },
            },
          },
        },
      },
      async (req) => listRuns(hub, req.query),
    );

    app.post<{ Body: { connectionId: string; from?: string; to?: string } }>(
      '/v1/reconciliation/run',
      {
        config: { role: 'operator' },
        schema: {
          tags: ['reconciliation'],
          summary: 'Reconcile a source connection now, for the given buckets; answers the run records',
          body: runBody,
          response: errorResponses(400, 404),
        },
      },
      async (req) => {
        const { connectionId, from, to } = req.body;
        const target = await reconcilable(hub, connectionId);
        const buckets = manualBuckets(hub, target, from, to);
        const items: ReconciliationRun[] = [];
        // One bucket after the other: they share the connection's rate budget anyway.
        for (const start of buckets) items.push((await reconcileBucket(hub, target, start, 'manual')).run);
        await audit(hub, req.principal?.name ?? 'unknown', 'reconciliation.run', connectionId, {
          runs: items.map((r) => r.id),
        });
        return { items };
      },
    );
  };
}
