import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { HubError } from '../core/errors';
import { ajv } from '../core/validation';
import type { Hub } from '../hub';
import { decodeCursor } from '../store/cursor';
import { registerAuth } from './auth';
import { registerErrorHandling } from './errors';
import { alertRoutes } from './routes/alerts';
import { connectionRoutes } from './routes/connections';
import { healthRoutes } from './routes/health';
import { opsRoutes } from './routes/ops';
import { reconciliationRoutes } from './routes/reconciliation';
import { orderRoutes } from './routes/orders';
import { importRoutes } from './routes/imports';
import { intakeRoutes } from './routes/intake';
import { shipmentRoutes } from './routes/shipments';
import { webhookRoutes } from './routes/webhooks';
import { holdRoutes } from './routes/holds';
import { routingRoutes } from './routes/routing';
import { consoleRoutes } from './routes/console';
import { queuesDashboardRoutes } from './routes/queues-dashboard';
import { insightsRoutes } from './routes/insights';
import { lookupTableRoutes } from './routes/lookup-tables';
import { sessionRoutes } from './routes/session';
import { API_SCHEMAS, urlAjv } from './schemas';

/** Deepest JSON nesting accepted in API bodies. */
export const MAX_JSON_DEPTH = 32;

function depth(value: unknown, level = 0): number {
  if (level > MAX_JSON_DEPTH || value === null || typeof value !== 'object') return level;
  let max = level;
  for (const v of Object.values(value)) max = Math.max(max, depth(v, level + 1));
  return max;
}

/** Parses JSON bodies with a nesting limit (deeply nested bodies are a cheap denial of service). */
export function parseJsonBody(text: string): unknown {
  const parsed: unknown = JSON.parse(text);
  if (depth(parsed) > MAX_JSON_DEPTH)
    throw new HubError('API_VALIDATION_FAILED', `JSON nested deeper than ${MAX_JSON_DEPTH} levels.`);
  return parsed;
}

/**
 * Builds the HTTP API for a hub: schemas registered once, OpenAPI at /docs, bearer API keys with roles.
 * Does not listen; `orderhub start|api` does, and tests call `inject()`.
 */
export async function buildApp(hub: Hub): Promise<FastifyInstance> {
  const loggerInstance: FastifyBaseLogger = hub.log;
  const app = Fastify({
    loggerInstance,
    bodyLimit: hub.config.bodyLimit,
    // Per-request access logs cost more than the webhook itself at 4,000/s; metrics carry the rates.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: { customOptions: {} },
  });
  // One Ajv (2020-12, strict) for bodies, shared with the pipeline; URL parts are strings and need coercion.
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? ajv.compile(schema) : urlAjv.compile(schema),
  );
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  for (const schema of API_SCHEMAS) app.addSchema(schema);
  // The API speaks JSON only: anything else is 415 (webhooks take raw bytes in their own plugin).
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, text, done) => {
    try {
      done(null, parseJsonBody(typeof text === 'string' ? text : text.toString('utf8')));
    } catch (error) {
      done(error instanceof HubError ? error : new HubError('API_INVALID_JSON'), undefined);
    }
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'OrderHub API',
        version: '1',
        description: 'Channels in, canonical orders out: connections, orders, deliveries, exceptions.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id.replace(/[^A-Za-z0-9_.-]/g, '_') : `def-${i}`,
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  registerErrorHandling(app);
  registerAuth(app, hub);
  // A cursor this API did not issue must not silently restart the listing from the first page.
  app.addHook('preHandler', async (req) => {
    const query = req.query;
    if (
      query &&
      typeof query === 'object' &&
      'cursor' in query &&
      typeof query.cursor === 'string' &&
      !decodeCursor(query.cursor)
    ) {
      throw new HubError('API_VALIDATION_FAILED', 'The cursor is not one this API issued.', [
        { path: 'querystring/cursor', message: 'unknown cursor' },
      ]);
    }
  });
  await app.register(healthRoutes(hub));
  await app.register(webhookRoutes(hub));
  await app.register(connectionRoutes(hub));
  await app.register(orderRoutes(hub));
  await app.register(opsRoutes(hub));
  await app.register(shipmentRoutes(hub));
  await app.register(intakeRoutes(hub));
  await app.register(importRoutes(hub));
  await app.register(alertRoutes(hub));
  await app.register(reconciliationRoutes(hub));
  await app.register(routingRoutes(hub));
  await app.register(holdRoutes(hub));
  await app.register(sessionRoutes(hub));
  await app.register(insightsRoutes(hub));
  await app.register(lookupTableRoutes(hub));
  await app.register(consoleRoutes());
  await app.register(queuesDashboardRoutes(hub));
  return app;
}
