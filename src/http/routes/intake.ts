import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { HubError } from '../../core/errors';
import { compileSchema } from '../../core/validation';
import type { Hub } from '../../hub';
import { dryRun } from '../../pipeline/dry-run';
import type { AnySource } from '../../registry';
import type { IntakeSpec } from '../../sdk/define';
import { errorResponses } from '../schemas';

const connectionParams = {
  type: 'object',
  properties: { connectionId: { type: 'string', maxLength: 64 } },
  required: ['connectionId'],
} as const;

/** The enabled source connection behind an intake or import route. */
export async function enabledSource(hub: Hub, id: string) {
  const resolved = await hub.connections.resolve(id);
  if (!resolved || resolved.definition.kind !== 'source')
    throw new HubError('API_NOT_FOUND', 'No such source connection.');
  if (!resolved.record.enabled) throw new HubError('CONNECTION_DISABLED');
  const definition: AnySource = resolved.definition;
  return { resolved, definition };
}

const validators = new WeakMap<object, ReturnType<typeof compileSchema>>();
function validatorFor(spec: IntakeSpec<unknown>) {
  let v = validators.get(spec.schema);
  if (!v) validators.set(spec.schema, (v = compileSchema(spec.schema)));
  return v;
}

/**
 * Orders people enter (phone and counter orders): a hosted form page and the JSON endpoint behind it. A posted
 * order is checked against the connector's schema and mapped before anything is stored, so the person at the
 * phone sees at once what to correct; what is accepted takes the same inbox, dedup and routing as any channel.
 */
export function intakeRoutes(hub: Hub) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.post<{ Params: { connectionId: string }; Body: unknown }>(
      '/v1/intake/:connectionId/orders',
      {
        config: { role: 'intake' },
        schema: {
          tags: ['intake'],
          summary: 'Enter one order (phone, counter); idempotent on its reference',
          params: connectionParams,
          response: errorResponses(400, 401, 403, 404, 409, 422),
        },
      },
      async (req, reply) => {
        const { resolved, definition } = await enabledSource(hub, req.params.connectionId);
        const spec = definition.intake;
        if (!spec) throw new HubError('INTAKE_UNSUPPORTED');
        const checked = validatorFor(spec)(req.body);
        if (!checked.ok) throw new HubError('INTAKE_VALIDATION_FAILED', undefined, checked.errors);
        const preview = dryRun(definition, req.body, {
          connectionId: resolved.record.id,
          config: resolved.config,
          tables: hub.tables,
        });
        if (!preview.ok && !preview.order)
          throw new HubError('INTAKE_ORDER_REFUSED', `${preview.code}: ${preview.message}`);
        const result = await hub.ingestor.ingest(resolved.record.id, definition, [req.body], 'api');
        return reply.code(result.stored ? 201 : 200).send({
          orderId: preview.order?.id,
          orderNumber: preview.order?.channel.orderNumber,
          result: result.stored ? 'stored' : 'duplicate',
          ...(preview.ok ? {} : { heldFor: preview.code }),
        });
      },
    );

    app.get<{ Params: { connectionId: string } }>(
      '/forms/:connectionId',
      {
        config: { role: 'public' },
        schema: {
          tags: ['intake'],
          summary: 'The order entry page of a phone-order connection',
          params: connectionParams,
        },
      },
      async (req, reply) => {
        const { resolved, definition } = await enabledSource(hub, req.params.connectionId);
        const spec = definition.intake;
        if (!spec?.formPage) throw new HubError('INTAKE_UNSUPPORTED');
        const nonce = randomBytes(16).toString('base64');
        // The page holds no data; posting needs an intake key the person types in. Scripts run only with the nonce.
        const html = spec.formPage(resolved.config, {
          connectionId: resolved.record.id,
          postUrl: `/v1/intake/${resolved.record.id}/orders`,
          title: resolved.record.name,
          nonce,
        });
        return reply
          .header(
            'content-security-policy',
            `default-src 'self'; script-src 'nonce-${nonce}'; style-src 'self' 'nonce-${nonce}'; form-action 'self'; frame-ancestors 'none'`,
          )
          .header('x-content-type-options', 'nosniff')
          .type('text/html; charset=utf-8')
          .send(html);
      },
    );
  };
}
