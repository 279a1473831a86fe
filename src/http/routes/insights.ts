import type { FastifyInstance } from 'fastify';
import { HubError } from '../../core/errors';
import type { Hub } from '../../hub';
import type { OrderRecord } from '../../store/types';
import { errorResponses } from '../schemas';

const HOUR_MS = 3_600_000;

const summary = (o: OrderRecord) => ({
  id: o.id,
  orderNumber: o.orderNumber,
  connector: o.connector,
  connectionId: o.connectionId,
  externalId: o.externalId,
  revision: o.revision,
  state: o.state,
  status: o.order.status,
  placedAt: o.placedAt,
  createdAt: o.createdAt,
  currency: o.order.currency,
  total: o.order.totals.total,
});

/**
 * Queries of the operations console: orders per hour per channel, and search by order number, external id,
 * customer e-mail, phone or SKU. Both are store queries on their own indexes, so they answer over every order,
 * at any store size.
 */
export function insightsRoutes(hub: Hub) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get<{ Querystring: { hours: number } }>(
      '/v1/insights/orders-per-hour',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['insights'],
          summary: 'Orders received per hour per source connection',
          querystring: {
            type: 'object',
            properties: { hours: { type: 'integer', minimum: 1, maximum: 72, default: 24 } },
          },
        },
      },
      async (req) => {
        const hours = req.query.hours;
        const end = Math.floor(hub.now().getTime() / HOUR_MS) * HOUR_MS + HOUR_MS;
        const start = end - hours * HOUR_MS;
        const from = new Date(start).toISOString();
        const to = new Date(end).toISOString();
        const series = new Map<string, number[]>();
        for (const c of await hub.store.countOrdersPerHour({ from, to })) {
          const slot = Math.floor((Date.parse(c.hour) - start) / HOUR_MS);
          if (!(slot >= 0 && slot < hours)) continue;
          let counts = series.get(c.connectionId);
          if (!counts) series.set(c.connectionId, (counts = new Array<number>(hours).fill(0)));
          counts[slot] = (counts[slot] ?? 0) + c.count;
        }
        return {
          from,
          to,
          hours: Array.from({ length: hours }, (_, i) => new Date(start + i * HOUR_MS).toISOString()),
          series: [...series].map(([connectionId, counts]) => ({ connectionId, counts })),
        };
      },
    );

    app.get<{ Params: { id: string } }>(
      '/v1/insights/inbox/:id',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['insights'],
          summary: 'One received record as the channel sent it (the start of an order timeline)',
          params: {
            type: 'object',
            properties: { id: { type: 'string', maxLength: 200 } },
            required: ['id'],
          },
          response: errorResponses(404),
        },
      },
      async (req) => {
        const e = await hub.store.getInbox(req.params.id);
        if (!e) throw new HubError('API_NOT_FOUND', 'No such received record.');
        let raw: unknown;
        try {
          raw = JSON.parse(e.raw);
        } catch {
          // Some channels send text that is not JSON (XML, CSV rows): show it as it came.
          raw = e.raw;
        }
        return { id: e.id, source: e.source, state: e.state, receivedAt: e.receivedAt, raw };
      },
    );

    app.get<{ Querystring: { q?: string; status?: string; limit: number } }>(
      '/v1/insights/orders/search',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['insights'],
          summary:
            'Find orders by order number, external id, customer e-mail, phone or SKU (exact, case-insensitive) and status, newest first',
          querystring: {
            type: 'object',
            properties: {
              q: { type: 'string', maxLength: 200 },
              status: {
                type: 'string',
                maxLength: 40,
                description: 'Hub state (active, held) or a canonical order, payment or fulfillment status.',
              },
              limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            },
          },
        },
      },
      async (req) => {
        const q = (req.query.q ?? '').trim();
        const { status, limit } = req.query;
        const page = await hub.store.searchOrders({
          ...(q ? { term: q } : {}),
          ...(status ? { status } : {}),
          limit,
        });
        return { items: page.items.map(summary) };
      },
    );
  };
}
