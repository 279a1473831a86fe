import type { FastifyInstance } from 'fastify';
import type { Hub } from '../../hub';
import { cancelHold, listHolds, releaseHold } from '../../pipeline/holds';
import { errorResponses } from '../schemas';

const who = (p: { name: string } | undefined) => p?.name ?? 'unknown';
const params = {
  type: 'object',
  properties: { orderId: { type: 'string', maxLength: 64 } },
  required: ['orderId'],
} as const;
const note = {
  type: 'string',
  minLength: 1,
  maxLength: 1000,
  description: 'Why; required, kept in the audit log with who did it.',
} as const;

/** Orders held for review (审核): list them with their reasons, release (route now) or cancel (never send). */
export function holdRoutes(hub: Hub) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get<{ Querystring: { limit: number; cursor?: string; connectionId?: string; cancelled?: boolean } }>(
      '/v1/holds',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['holds'],
          summary: 'Held orders with their reasons, newest first',
          querystring: {
            type: 'object',
            properties: {
              limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
              cursor: { type: 'string', maxLength: 200 },
              connectionId: { type: 'string', maxLength: 64 },
              cancelled: { type: 'boolean', default: false, description: 'List cancelled holds instead.' },
            },
          },
        },
      },
      async (req) => listHolds(hub, req.query),
    );

    app.post<{ Params: { orderId: string }; Body: { note: string; destinations?: string[] } }>(
      '/v1/holds/:orderId/release',
      {
        config: { role: 'operator' },
        schema: {
          tags: ['holds'],
          summary: 'Release a held order and route it now',
          params,
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['note'],
            properties: {
              note,
              destinations: {
                type: 'array',
                minItems: 1,
                maxItems: 50,
                uniqueItems: true,
                items: { type: 'string', maxLength: 64 },
                description: 'Also send the whole order here (for an order no routing rule matched).',
              },
            },
          },
          response: errorResponses(400, 404, 409),
        },
      },
      async (req) => {
        const r = await releaseHold(hub, req.params.orderId, req.body, who(req.principal));
        return { ...r, deliveries: r.deliveries.map((d) => ({ id: d.id, destinationId: d.destinationId })) };
      },
    );

    app.post<{ Params: { orderId: string }; Body: { note: string } }>(
      '/v1/holds/:orderId/cancel',
      {
        config: { role: 'operator' },
        schema: {
          tags: ['holds'],
          summary: 'Cancel a held order: it is never sent, not even a later revision',
          params,
          body: { type: 'object', additionalProperties: false, required: ['note'], properties: { note } },
          response: errorResponses(400, 404, 409),
        },
      },
      async (req) => cancelHold(hub, req.params.orderId, req.body, who(req.principal)),
    );
  };
}
