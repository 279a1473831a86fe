import type { FastifyInstance } from 'fastify';
import { HubError } from '../../core/errors';
import type { Hub } from '../../hub';
import type { OrderRecord } from '../../store/types';
import { errorResponses } from '../schemas';

/** The most recent orders one insights request reads: keeps it cheap at any store size (pages of 500). */
export const INSIGHTS_SCAN_LIMIT = 2000;
const PAGE = 500;
const HOUR_MS = 3_600_000;

/** Reads recent orders, newest first, until `stop` says so or the scan limit is reached. */
async function scanRecent(
  hub: Hub,
  visit: (o: OrderRecord) => 'continue' | 'stop',
): Promise<{ scanned: number; capped: boolean }> {
  let cursor: string | undefined;
  let scanned = 0;
  while (scanned < INSIGHTS_SCAN_LIMIT) {
    const page = await hub.store.listOrders({ limit: PAGE, ...(cursor ? { cursor } : {}) });
    for (const o of page.items) {
      scanned++;
      if (visit(o) === 'stop') return { scanned, capped: false };
    }
    if (!page.nextCursor) return { scanned, capped: false };
    cursor = page.nextCursor;
  }
  return { scanned, capped: true };
}

function matches(o: OrderRecord, q: string, status: string | undefined): boolean {
  if (status) {
    const s = o.order.status;
    const states: string[] = [o.state, s.order, s.payment, s.fulfillment];
    if (!states.includes(status)) return false;
  }
  if (!q) return true;
  const needle = q.toLowerCase();
  const eq = (v: string | null | undefined) => typeof v === 'string' && v.toLowerCase() === needle;
  return (
    eq(o.orderNumber) ||
    eq(o.externalId) ||
    eq(o.id) ||
    eq(o.order.customer.email) ||
    o.order.lines.some((l) => eq(l.sku))
  );
}

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
 * Queries the operations console needs that the store has no index for: orders per hour per channel, and
 * search by customer e-mail or SKU. Both scan at most the newest INSIGHTS_SCAN_LIMIT orders and say whether
 * they were capped, so they stay cheap on a big store.
 */
export function insightsRoutes(hub: Hub) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get<{ Querystring: { hours: number } }>(
      '/v1/insights/orders-per-hour',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['insights'],
          summary: 'Orders received per hour per source connection (newest orders, bounded scan)',
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
        const series = new Map<string, number[]>();
        const { scanned, capped } = await scanRecent(hub, (o) => {
          const at = Date.parse(o.createdAt);
          if (at < start) return 'stop';
          const slot = Math.floor((at - start) / HOUR_MS);
          if (slot >= hours) return 'continue';
          let counts = series.get(o.connectionId);
          if (!counts) series.set(o.connectionId, (counts = new Array<number>(hours).fill(0)));
          counts[slot] = (counts[slot] ?? 0) + 1;
          return 'continue';
        });
        return {
          from: new Date(start).toISOString(),
          to: new Date(end).toISOString(),
          hours: Array.from({ length: hours }, (_, i) => new Date(start + i * HOUR_MS).toISOString()),
          series: [...series].map(([connectionId, counts]) => ({ connectionId, counts })),
          scanned,
          capped,
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
            'Find recent orders by order number, external id, customer e-mail or SKU (exact, case-insensitive) and status',
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
        const items: ReturnType<typeof summary>[] = [];
        const { scanned, capped } = await scanRecent(hub, (o) => {
          if (matches(o, q, req.query.status)) items.push(summary(o));
          return items.length >= req.query.limit ? 'stop' : 'continue';
        });
        return { items, scanned, capped };
      },
    );
  };
}
