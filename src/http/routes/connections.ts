import type { FastifyInstance } from 'fastify';
import { HubError } from '../../core/errors';
import type { Hub } from '../../hub';
import { connectorContext } from '../../pipeline/context';
import { pollIntervalMs } from '../../pipeline/pull';
import { audit } from '../../pipeline/replay';
import { secretFieldNames } from '../../pipeline/secrets';
import { classify } from '../../sdk/errors';
import { checkSubscriptions, subscriptionView } from '../../pipeline/webhook-subscriptions';
import type { ConnectionRecord } from '../../store/types';
import { errorResponses, ref } from '../schemas';

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;
const CHECK_TIMEOUT_MS = 20_000;

/** Connectors and connections: create, change, check and sync. */
export function connectionRoutes(hub: Hub) {
  const actor = (p: { name: string } | undefined) => p?.name ?? 'unknown';

  async function afterChange(record: ConnectionRecord | null, id: string): Promise<void> {
    hub.invalidateConnections();
    if (!hub.config.pollSchedules) return;
    const pull = record ? hub.registry.source(record.connector)?.pull : undefined;
    await hub.queues.schedulePoll(
      id,
      record?.enabled && pull ? pollIntervalMs(record.config, pull.defaultIntervalMs) : null,
    );
  }

  async function mustGet(id: string): Promise<ConnectionRecord> {
    const record = await hub.store.getConnection(id);
    if (!record) throw new HubError('API_NOT_FOUND', 'No such connection.');
    return record;
  }

  async function mustResolve(id: string) {
    const resolved = await hub.connections.resolve(id);
    if (!resolved) throw new HubError('API_NOT_FOUND', 'No such connection.');
    return resolved;
  }

  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get(
      '/v1/connectors',
      {
        config: { role: 'viewer' },
        schema: { tags: ['connections'], summary: 'Installed connectors and their config schemas' },
      },
      async () => ({
        items: hub.registry.all().map((d) => ({
          id: d.meta.id,
          kind: d.kind,
          displayName: d.meta.displayName,
          version: d.meta.version,
          apiVersion: d.meta.apiVersion,
          docsUrl: d.meta.docsUrl,
          configSchema: d.configSchema,
          secretFields: secretFieldNames(d.configSchema),
          webhook: d.kind === 'source' && Boolean(d.webhook),
          webhookSubscriptions: d.kind === 'source' && Boolean(d.webhookSubscriptions),
          pull: d.kind === 'source' && Boolean(d.pull),
          idempotency: d.kind === 'destination' ? d.idempotency.mode : undefined,
        })),
      }),
    );

    app.get(
      '/v1/connections',
      { config: { role: 'viewer' }, schema: { tags: ['connections'], summary: 'List connections' } },
      async () => ({
        items: (await hub.store.listConnections()).map((c) => hub.connections.view(c)),
      }),
    );

    app.post<{
      Body: { connector: string; name: string; config: Record<string, unknown>; enabled?: boolean };
    }>(
      '/v1/connections',
      {
        config: { role: 'admin' },
        schema: {
          tags: ['connections'],
          summary: 'Create a connection',
          body: ref('ConnectionInput'),
          response: { 201: ref('Connection'), ...errorResponses(400, 401, 403) },
        },
      },
      async (req, reply) => {
        const record = await hub.connections.create(req.body);
        await afterChange(record, record.id);
        await audit(hub, actor(req.principal), 'connection.create', record.id, {
          connector: record.connector,
        });
        return reply.code(201).send(hub.connections.view(record));
      },
    );

    app.get<{ Params: { id: string } }>(
      '/v1/connections/:id',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['connections'],
          params: idParams,
          response: { 200: ref('Connection'), ...errorResponses(404) },
        },
      },
      async (req) => hub.connections.view(await mustGet(req.params.id)),
    );

    app.patch<{
      Params: { id: string };
      Body: { name?: string; enabled?: boolean; config?: Record<string, unknown> };
    }>(
      '/v1/connections/:id',
      {
        config: { role: 'admin' },
        schema: {
          tags: ['connections'],
          params: idParams,
          body: ref('ConnectionPatch'),
          response: { 200: ref('Connection'), ...errorResponses(400, 404) },
        },
      },
      async (req) => {
        const record = await hub.connections.update(req.params.id, req.body);
        await afterChange(record, record.id);
        const changed = Object.keys(req.body.config ?? {});
        await audit(hub, actor(req.principal), 'connection.update', record.id, {
          fields: [...Object.keys(req.body).filter((k) => k !== 'config'), ...changed],
        });
        return hub.connections.view(record);
      },
    );

    app.delete<{ Params: { id: string } }>(
      '/v1/connections/:id',
      {
        config: { role: 'admin' },
        schema: { tags: ['connections'], params: idParams, response: errorResponses(404) },
      },
      async (req, reply) => {
        if (!(await hub.connections.remove(req.params.id)))
          throw new HubError('API_NOT_FOUND', 'No such connection.');
        await afterChange(null, req.params.id);
        await audit(hub, actor(req.principal), 'connection.delete', req.params.id);
        return reply.code(204).send();
      },
    );

    app.post<{ Params: { id: string } }>(
      '/v1/connections/:id/check',
      {
        config: { role: 'operator' },
        schema: { tags: ['connections'], summary: 'Test the credentials', params: idParams },
      },
      async (req) => {
        const resolved = await mustResolve(req.params.id);
        const ctx = connectorContext(hub, resolved, AbortSignal.timeout(CHECK_TIMEOUT_MS));
        let result;
        try {
          result = await resolved.definition.check(ctx);
        } catch (error) {
          const failure = classify(error);
          result = {
            ok: false as const,
            code: failure.code,
            message: failure.message,
            remedy: failure.remedy ?? 'See the connector README.',
          };
        }
        await hub.connections.setHealth(
          resolved.record.id,
          result.ok ? { ok: true } : { ok: false, code: result.code, message: result.remedy },
        );
        return result;
      },
    );

    app.get<{ Params: { id: string } }>(
      '/v1/connections/:id/webhook-subscriptions',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['connections'],
          summary: 'Webhook subscription state: the last check with the channel, and the webhooks received',
          params: idParams,
          response: errorResponses(404),
        },
      },
      async (req) => subscriptionView(hub, await mustResolve(req.params.id)),
    );

    app.post<{ Params: { id: string } }>(
      '/v1/connections/:id/webhook-subscriptions/check',
      {
        config: { role: 'operator' },
        schema: {
          tags: ['connections'],
          summary: 'Ask the channel for the subscriptions now, registering what is missing',
          params: idParams,
          response: errorResponses(400, 404, 409),
        },
      },
      async (req) => {
        const resolved = await mustResolve(req.params.id);
        const source = hub.registry.source(resolved.record.connector);
        if (!source?.webhookSubscriptions) throw new HubError('CONNECTION_NO_WEBHOOK_SUBSCRIPTIONS');
        const ctx = connectorContext(hub, resolved, AbortSignal.timeout(CHECK_TIMEOUT_MS));
        await checkSubscriptions(hub, resolved, source, ctx, 'manual', actor(req.principal));
        return subscriptionView(hub, resolved);
      },
    );

    app.post<{ Params: { id: string } }>(
      '/v1/connections/:id/sync',
      {
        config: { role: 'operator' },
        schema: {
          tags: ['connections'],
          summary: 'Pull now',
          params: idParams,
          response: errorResponses(400, 404, 409),
        },
      },
      async (req, reply) => {
        const record = await mustGet(req.params.id);
        if (!hub.registry.source(record.connector)?.pull) throw new HubError('CONNECTION_NO_PULL');
        if (!record.enabled) throw new HubError('CONNECTION_DISABLED');
        await hub.queues.enqueuePoll(record.id, 'manual');
        await audit(hub, actor(req.principal), 'connection.sync', record.id);
        return reply.code(202).send({ queued: true });
      },
    );
  };
}
