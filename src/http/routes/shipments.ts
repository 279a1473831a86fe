import type { FastifyInstance } from 'fastify';
import { HubError } from '../../core/errors';
import type { Hub } from '../../hub';
import { audit } from '../../pipeline/replay';
import { assertRecorded, recordShipments, SHIPMENT_V1_ID } from '../../pipeline/shipments';
import type { ShipmentState } from '../../store/types';
import { errorResponses } from '../schemas';

/**
 * Shipments: receivers that got orders by push (the `webhook` destination, custom ERPs) post what they shipped;
 * ops list what came back from every destination and where its write-back stands.
 */
export function shipmentRoutes(hub: Hub) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.post<{ Body: unknown; Querystring: { destinationId?: string } }>(
      '/v1/shipments',
      {
        config: { role: 'receiver' },
        schema: {
          tags: ['shipments'],
          summary: 'Report a shipment of an order the hub delivered (idempotent on shipmentId)',
          querystring: {
            type: 'object',
            properties: {
              destinationId: {
                type: 'string',
                pattern: '^con_[0-9a-hjkmnp-tv-z]{26}$',
                description:
                  'The destination connection that delivered the order to you. Shipment ids are unique per reporter.',
              },
            },
          },
          body: { $ref: `${SHIPMENT_V1_ID}#` },
          response: {
            201: { type: 'object', properties: { id: { type: 'string' }, result: { type: 'string' } } },
            200: { type: 'object', properties: { id: { type: 'string' }, result: { type: 'string' } } },
            ...errorResponses(400, 401, 403, 404, 422),
          },
        },
      },
      async (req, reply) => {
        const reporter = req.query.destinationId ?? 'api';
        if (req.query.destinationId) {
          const connection = await hub.store.getConnection(req.query.destinationId);
          if (!connection || connection.kind !== 'destination')
            throw new HubError('API_NOT_FOUND', 'No such destination connection.');
        }
        const [outcome] = await recordShipments(hub, reporter, [req.body]);
        assertRecorded(outcome);
        if (!outcome || outcome.result === 'invalid') throw new HubError('SHIPMENT_INVALID');
        await audit(hub, req.principal?.id ?? 'unknown', 'shipment.reported', outcome.id, {
          result: outcome.result,
          reporter,
        });
        return reply
          .code(outcome.result === 'inserted' ? 201 : 200)
          .send({ id: outcome.id, result: outcome.result });
      },
    );

    app.get<{ Querystring: { limit: number; cursor?: string; orderId?: string; state?: ShipmentState } }>(
      '/v1/shipments',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['shipments'],
          summary: 'List reported shipments, newest first',
          querystring: {
            type: 'object',
            properties: {
              limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
              cursor: { type: 'string', maxLength: 200 },
              orderId: { type: 'string' },
              state: { enum: ['pending', 'written', 'failed', 'skipped'] },
            },
          },
          response: errorResponses(400, 401),
        },
      },
      async (req) => {
        const page = await hub.store.listShipments(req.query);
        return { items: page.items, nextCursor: page.nextCursor };
      },
    );
  };
}
