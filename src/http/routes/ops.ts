import type { FastifyInstance } from 'fastify';
import { HubError } from '../../core/errors';
import type { Hub } from '../../hub';
import { retryDelivery, replayException, audit } from '../../pipeline/replay';
import { bulkReplay, type BulkReplayInput } from '../../pipeline/bulk-replay';
import type { ApiRole, DeliveryState, ExceptionKind } from '../../store/types';
import { createApiKey } from '../auth';
import { errorResponses, ref } from '../schemas';
import { connectionStatus } from './status';

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;
const page = {
  limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
  cursor: { type: 'string', maxLength: 200 },
} as const;
const who = (p: { name: string } | undefined) => p?.name ?? 'unknown';

/** Deliveries, exceptions, status and API keys: what ops and admins act on. */
export function opsRoutes(hub: Hub) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get<{
      Querystring: {
        limit: number;
        cursor?: string;
        orderId?: string;
        destinationId?: string;
        state?: DeliveryState;
      };
    }>(
      '/v1/deliveries',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['deliveries'],
          querystring: {
            type: 'object',
            properties: {
              ...page,
              orderId: { type: 'string' },
              destinationId: { type: 'string' },
              state: {
                enum: [
                  'pending',
                  'delivering',
                  'retrying',
                  'delivered',
                  'dead',
                  'rejected',
                  'blocked',
                  'superseded',
                ],
              },
            },
          },
        },
      },
      async (req) => hub.store.listDeliveries(req.query),
    );

    app.post<{ Params: { id: string } }>(
      '/v1/deliveries/:id/retry',
      {
        config: { role: 'operator' },
        schema: {
          tags: ['deliveries'],
          summary: 'Retry a dead, rejected or blocked delivery',
          params: idParams,
          response: errorResponses(404, 409),
        },
      },
      async (req, reply) => {
        await retryDelivery(hub, req.params.id, who(req.principal));
        return reply.code(202).send({ queued: true });
      },
    );

    app.get<{
      Querystring: {
        limit: number;
        cursor?: string;
        state?: 'open' | 'resolved';
        kind?: ExceptionKind;
        connectionId?: string;
      };
    }>(
      '/v1/exceptions',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['exceptions'],
          querystring: {
            type: 'object',
            properties: {
              ...page,
              state: { enum: ['open', 'resolved'], default: 'open' },
              kind: {
                enum: [
                  'quarantined',
                  'held',
                  'rejected',
                  'dead_lettered',
                  'blocked',
                  'writeback_failed',
                  'cancel_too_late',
                ],
              },
              connectionId: { type: 'string' },
            },
          },
        },
      },
      async (req) => {
        const result = await hub.store.listExceptions(req.query);
        // The raw record of a quarantined exception is what ops fix and replay.
        const items = await Promise.all(
          result.items.map(async (e) => {
            const event = e.inboxEventId ? await hub.store.getInbox(e.inboxEventId) : null;
            // The channel's own id names an order that never became one (quarantined before normalizing).
            return {
              ...e,
              externalId: event?.externalId ?? null,
              payload: event ? JSON.parse(event.raw) : null,
            };
          }),
        );
        return { items, nextCursor: result.nextCursor };
      },
    );

    app.post<{
      Params: { id: string };
      Body: { payload?: unknown; release?: boolean; note?: string } | undefined;
    }>(
      '/v1/exceptions/:id/replay',
      {
        config: { role: 'operator' },
        schema: {
          tags: ['exceptions'],
          summary: 'Replay: re-normalize (optionally edited), release a held order, or retry a delivery',
          params: idParams,
          body: ref('ReplayInput'),
          response: errorResponses(400, 404, 409),
        },
      },
      async (req, reply) =>
        reply.code(202).send(await replayException(hub, req.params.id, req.body ?? {}, who(req.principal))),
    );

    app.post<{ Body: BulkReplayInput }>(
      '/v1/exceptions/replay',
      {
        config: { role: 'operator' },
        schema: {
          tags: ['exceptions'],
          summary:
            'Replay several exceptions, each on its own, optionally with one JSON Patch applied to every stored payload; dryRun previews',
          body: ref('BulkReplayInput'),
          response: errorResponses(400),
        },
      },
      async (req) => ({ items: await bulkReplay(hub, req.body, who(req.principal)) }),
    );

    app.get(
      '/v1/status',
      {
        config: { role: 'viewer' },
        schema: { tags: ['status'], summary: 'Sync status per connection and queue health' },
      },
      async () => connectionStatus(hub),
    );

    app.get('/v1/api-keys', { config: { role: 'admin' }, schema: { tags: ['api-keys'] } }, async () => ({
      items: (await hub.store.listApiKeys()).map(({ id, name, role, createdAt }) => ({
        id,
        name,
        role,
        createdAt,
      })),
    }));

    app.post<{ Body: { name: string; role: ApiRole } }>(
      '/v1/api-keys',
      {
        config: { role: 'admin' },
        schema: { tags: ['api-keys'], summary: 'Create an API key (shown once)', body: ref('ApiKeyInput') },
      },
      async (req, reply) => {
        const created = await createApiKey(hub, req.body.name, req.body.role);
        await audit(hub, who(req.principal), 'api-key.create', created.id, { role: req.body.role });
        return reply
          .code(201)
          .send({ id: created.id, name: req.body.name, role: req.body.role, key: created.key });
      },
    );

    app.delete<{ Params: { id: string } }>(
      '/v1/api-keys/:id',
      { config: { role: 'admin' }, schema: { tags: ['api-keys'], params: idParams } },
      async (req, reply) => {
        if (!(await hub.store.deleteApiKey(req.params.id)))
          throw new HubError('API_NOT_FOUND', 'No such API key.');
        await audit(hub, who(req.principal), 'api-key.delete', req.params.id);
        return reply.code(204).send();
      },
    );
  };
}
