import type { FastifyInstance } from 'fastify';
import { HubError } from '../../core/errors';
import type { Hub } from '../../hub';
import { recordWebhookOutcome } from '../../ops/webhook-stats';
import { recordShipments } from '../../pipeline/shipments';
import { MappingError } from '../../sdk/errors';
import { errorResponses } from '../schemas';

/**
 * Channel webhooks. No API key: each connector checks the channel's signature over the raw body. The answer
 * is 200 only after the records are committed to the inbox, so the channel retries what we could still lose.
 */
export function webhookRoutes(hub: Hub) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    // Signatures are computed over the exact bytes: keep the body raw in this plugin.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    app.post<{ Params: { connectionId: string } }>(
      '/v1/webhooks/:connectionId',
      {
        config: { role: 'public' },
        schema: {
          tags: ['webhooks'],
          summary: 'Receive a channel webhook (signed by the channel)',
          security: [],
          params: {
            type: 'object',
            properties: { connectionId: { type: 'string' } },
            required: ['connectionId'],
          },
          response: errorResponses(400, 401, 404, 409, 413, 503),
        },
      },
      async (req, reply) => {
        const started = process.hrtime.bigint();
        const resolved = await hub.connections.resolve(req.params.connectionId);
        if (!resolved) throw new HubError('API_NOT_FOUND', 'No such connection.');
        const request = {
          headers: Object.fromEntries(
            Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]),
          ),
          rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
          query: Object.fromEntries(new URL(req.url, 'http://hub.invalid').searchParams.entries()),
        };
        if (resolved.definition.kind === 'destination') {
          // A destination pushing back what it shipped (e.g. a Qimen WMS calling deliveryorder.confirm).
          const inbound = resolved.definition.inbound;
          if (!inbound) throw new HubError('WEBHOOK_UNSUPPORTED');
          if (!resolved.record.enabled) throw new HubError('CONNECTION_DISABLED');
          const verdict = inbound.verify(request, resolved.config);
          recordWebhookOutcome(hub, resolved.record.id, verdict.ok ? { ok: true } : verdict);
          if (!verdict.ok) throw new HubError(verdict.code);
          let parsed;
          try {
            parsed = inbound.parse(request, resolved.config);
          } catch (error) {
            if (error instanceof MappingError || error instanceof SyntaxError)
              throw new HubError(
                'WEBHOOK_PAYLOAD_INVALID',
                `The body is not a shipment confirmation: ${error.message}`,
              );
            throw error;
          }
          const outcomes = await recordShipments(hub, resolved.record.id, parsed.shipments);
          for (const o of outcomes)
            if (o.result === 'invalid')
              hub.log.warn({ connectionId: resolved.record.id, code: o.code }, 'pushed shipment refused');
          if (parsed.reply) return reply.type(parsed.reply.contentType).send(parsed.reply.body);
          return reply.send({ received: outcomes.length, results: outcomes.map((o) => o.result) });
        }
        const definition = resolved.definition;
        if (!definition.webhook) throw new HubError('WEBHOOK_UNSUPPORTED');
        if (!resolved.record.enabled) throw new HubError('CONNECTION_DISABLED');
        const verdict = definition.webhook.verify(request, resolved.config);
        recordWebhookOutcome(hub, resolved.record.id, verdict.ok ? { ok: true } : verdict);
        if (!verdict.ok) throw new HubError(verdict.code);
        let content;
        try {
          content = definition.webhook.parse(request, resolved.config);
        } catch (error) {
          if (error instanceof MappingError || error instanceof SyntaxError) {
            throw new HubError(
              'WEBHOOK_PAYLOAD_INVALID',
              `The body is not a ${definition.meta.id} order: ${error.message}`,
            );
          }
          throw error;
        }
        if (content.kind === 'ignore') return reply.send({ received: 0, ignored: content.reason });
        if (content.kind === 'notices') {
          // The channel only said which orders changed: acknowledge now, fetch them off the request path.
          if (content.externalIds.length)
            await hub.queues.enqueueFetch(resolved.record.id, content.externalIds);
          hub.metrics.webhookAck.observe(Number(process.hrtime.bigint() - started) / 1e9);
          return reply.send({ received: content.externalIds.length, fetching: content.externalIds.length });
        }
        const result = await hub.ingestor.ingest(
          resolved.record.id,
          definition,
          content.records,
          'webhook',
          content.raw,
        );
        hub.metrics.webhookAck.observe(Number(process.hrtime.bigint() - started) / 1e9);
        return reply.send({
          received: content.records.length,
          stored: result.stored,
          duplicates: result.duplicates,
        });
      },
    );
  };
}
