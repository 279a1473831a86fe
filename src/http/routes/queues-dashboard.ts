import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CATALOGUE, HubError, type ErrorCode } from '../../core/errors';
import type { Hub } from '../../hub';
import { hashKey, resolvePrincipal } from '../auth';
import { sessionKeyHash } from './session';

/** Where the BullMQ dashboard (bull-board) is mounted, under the console. */
export const QUEUES_DASHBOARD_PATH = '/console/queues';

/**
 * The console's CSP with what bull-board's page needs: its HTML sets `<base href>` (so base-uri 'self'
 * instead of 'none') and React and its loading screen use inline style attributes (so styles may be
 * inline). Scripts stay 'self' only; the Google Fonts link it carries is blocked and the page falls back
 * to system fonts, so nothing is fetched from elsewhere.
 */
export const QUEUES_DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; " +
  "frame-ancestors 'none'";

function refuse(reply: FastifyReply, code: ErrorCode, message?: string): FastifyReply {
  return reply
    .code(ERROR_CATALOGUE[code].status)
    .header('cache-control', 'no-store')
    .send({ error: { code, message: message ?? ERROR_CATALOGUE[code].message } });
}

/**
 * Admins only: the bearer key or the console session must resolve to an admin. Answered here rather than
 * thrown, because bull-board installs its own error handler on its routes, which would turn a 403 into a 500.
 */
async function admit(hub: Hub, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  try {
    const header = req.headers.authorization;
    const presented = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const hash = presented ? hashKey(presented) : await sessionKeyHash(hub, req);
    if (!hash) return refuse(reply, 'API_UNAUTHENTICATED');
    const principal = await resolvePrincipal(hub, hash);
    if (!principal) return refuse(reply, 'API_UNAUTHENTICATED', 'This API key is not known.');
    if (principal.role !== 'admin')
      return refuse(reply, 'API_FORBIDDEN', 'The queue dashboard is for admins.');
    req.principal = principal;
    return undefined;
  } catch (error) {
    if (error instanceof HubError) return refuse(reply, error.code, error.message);
    req.log.warn(
      { err: { message: error instanceof Error ? error.message : String(error) } },
      'queue dashboard: store unavailable',
    );
    return refuse(reply, 'API_UNAVAILABLE');
  }
}

/**
 * Mounts bull-board at /console/queues for the hub's three queues (inbox, deliver, poll), read-only: jobs are
 * retried and replayed through the hub's API, which checks roles, sends the CSRF header and writes the audit
 * log; bull-board's own write routes do neither, so its buttons stay off and its write routes answer 405.
 */
export function queuesDashboardRoutes(hub: Hub) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(QUEUES_DASHBOARD_PATH);
    const { inbox, deliver, poll } = hub.queues;
    createBullBoard({
      queues: [inbox, deliver, poll].map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'OrderHub queues' } },
    });
    await app.register(async (scope) => {
      scope.addHook('onRequest', async (req, reply) => admit(hub, req, reply));
      scope.addHook('onSend', async (_req, reply, payload) => {
        reply
          .header('content-security-policy', QUEUES_DASHBOARD_CSP)
          .header('x-content-type-options', 'nosniff')
          .header('referrer-policy', 'no-referrer');
        return payload;
      });
      await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUES_DASHBOARD_PATH });
    });
  };
}
