import type { FastifyInstance } from 'fastify';
import { HubError } from '../../core/errors';
import type { Hub } from '../../hub';
import { noDeliveryEvents } from '../../routing/plan';
import type { OrderRecord, OrderState } from '../../store/types';
import { CANONICAL_ORDER_REF, errorResponses } from '../schemas';

const listQuery = {
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    cursor: { type: 'string', maxLength: 200 },
    connectionId: { type: 'string' },
    state: { enum: ['active', 'held'] },
    orderNumber: { type: 'string' },
    externalId: { type: 'string' },
  },
} as const;

function summary(o: OrderRecord) {
  return {
    id: o.id,
    orderNumber: o.orderNumber,
    connector: o.connector,
    connectionId: o.connectionId,
    externalId: o.externalId,
    revision: o.revision,
    state: o.state,
    placedAt: o.placedAt,
    updatedAt: o.updatedAt,
    currency: o.order.currency,
    total: o.order.totals.total,
  };
}

/** Orders: search and the full story of one order. */
export function orderRoutes(hub: Hub) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get<{
      Querystring: {
        limit: number;
        cursor?: string;
        connectionId?: string;
        state?: OrderState;
        orderNumber?: string;
        externalId?: string;
      };
    }>(
      '/v1/orders',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['orders'],
          summary: 'List orders, newest first',
          querystring: listQuery,
          response: errorResponses(400, 401),
        },
      },
      async (req) => {
        const page = await hub.store.listOrders(req.query);
        return { items: page.items.map(summary), nextCursor: page.nextCursor };
      },
    );

    app.get<{ Params: { id: string } }>(
      '/v1/orders/:id',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['orders'],
          summary:
            'One order: canonical form, revisions, deliveries with attempts, exceptions and a timeline',
          params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
          response: {
            200: { type: 'object', properties: { order: CANONICAL_ORDER_REF } },
            ...errorResponses(404),
          },
        },
      },
      async (req) => {
        const record = await hub.store.getOrder(req.params.id);
        if (!record) throw new HubError('API_NOT_FOUND', 'No such order.');
        const [revisions, deliveries, exceptions] = await Promise.all([
          hub.store.listOrderRevisions(record.id),
          hub.store.listDeliveries({ orderId: record.id, limit: 500 }),
          hub.store.listExceptions({ orderId: record.id, limit: 100 }),
        ]);
        const withAttempts = await Promise.all(
          deliveries.items.map(async (d) => ({ ...d, attemptLog: await hub.store.listAttempts(d.id) })),
        );
        const inbox = await Promise.all(revisions.map((r) => hub.store.getInbox(r.inboxEventId)));
        const notSent = await noDeliveryEvents(
          hub,
          record.id,
          revisions.map((r) => r.revision),
        );
        const timeline = [
          ...inbox.flatMap((e) =>
            e
              ? [
                  {
                    at: e.receivedAt,
                    event: 'received',
                    detail: { source: e.source, revision: e.revision, inboxEventId: e.id },
                  },
                ]
              : [],
          ),
          ...revisions.map((r) => ({
            at: r.createdAt,
            event: 'normalized',
            detail: { revision: r.revision, channelRevision: r.channelRevision },
          })),
          ...withAttempts.flatMap((d) =>
            d.attemptLog.map((a) => ({
              at: a.at,
              event: a.outcome === 'delivered' || a.outcome === 'duplicate' ? 'delivered' : 'delivery-failed',
              detail: {
                deliveryId: d.id,
                destinationId: d.destinationId,
                revision: d.revision,
                operation: d.operation,
                attempt: a.attempt,
                outcome: a.outcome,
                code: a.code,
                httpStatus: a.httpStatus,
              },
            })),
          ),
          ...exceptions.items.map((e) => ({
            at: e.createdAt,
            event: 'exception',
            detail: { id: e.id, kind: e.kind, code: e.code, state: e.state },
          })),
          // A rule sent the revision nowhere: no delivery row tells, so the recorded decision does.
          ...notSent,
        ].sort((a, b) => a.at.localeCompare(b.at));
        return {
          id: record.id,
          state: record.state,
          revision: record.revision,
          order: record.order,
          revisions: revisions.map((r) => ({
            revision: r.revision,
            channelRevision: r.channelRevision,
            inboxEventId: r.inboxEventId,
            createdAt: r.createdAt,
          })),
          deliveries: withAttempts,
          exceptions: exceptions.items,
          timeline,
        };
      },
    );
  };
}
