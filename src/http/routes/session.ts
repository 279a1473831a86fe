import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HubError } from '../../core/errors';
import type { Hub } from '../../hub';
import { audit } from '../../pipeline/replay';
import { hashKey, resolvePrincipal } from '../auth';
import { errorResponses } from '../schemas';

/** Name of the console's session cookie. */
export const SESSION_COOKIE = 'orderhub_session';
/** Header a cookie-authenticated state-changing request must carry (its value is returned at login). */
export const CSRF_HEADER = 'x-orderhub-csrf';
/** Sessions last a working day; logging in again is cheap. */
export const SESSION_TTL_SECONDS = 8 * 3600;

interface SessionDoc {
  hash: string;
  csrf: string;
}

const sessionKey = (hub: Hub, id: string) => `${hub.config.queuePrefix}:console-session:${id}`;

function readCookie(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function parseSession(text: string | null): SessionDoc | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && 'hash' in value && 'csrf' in value) {
      const { hash, csrf } = value;
      if (typeof hash === 'string' && typeof csrf === 'string') return { hash, csrf };
    }
  } catch {
    // A damaged session is no session.
  }
  return undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Constant-time string equality (the CSRF token is a secret). */
function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The API key hash behind the request's session cookie, or undefined without one. A state-changing request
 * must also carry the CSRF header of its session: the cookie alone is sent by any page the browser opens.
 * Redis being down is a 503, not a 401 (the session may well be valid).
 */
export async function sessionKeyHash(hub: Hub, req: FastifyRequest): Promise<string | undefined> {
  const id = readCookie(req, SESSION_COOKIE);
  if (!id || !/^[A-Za-z0-9_-]{20,100}$/.test(id)) return undefined;
  let text: string | null;
  try {
    text = await hub.redis.get(sessionKey(hub, id));
  } catch {
    throw new HubError('API_UNAVAILABLE', 'Redis is unavailable; sessions cannot be checked.');
  }
  const session = parseSession(text);
  if (!session) throw new HubError('API_UNAUTHENTICATED', 'The console session expired; log in again.');
  if (!SAFE_METHODS.has(req.method)) {
    const presented = req.headers[CSRF_HEADER];
    if (typeof presented !== 'string' || !same(presented, session.csrf))
      throw new HubError('API_FORBIDDEN', `A cookie session must send the ${CSRF_HEADER} header.`);
  }
  return session.hash;
}

function setCookie(req: FastifyRequest, reply: FastifyReply, value: string, maxAge: number): void {
  const secure = req.protocol === 'https' ? '; Secure' : '';
  reply.header(
    'set-cookie',
    `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure}`,
  );
}

/** Console login: exchanges an API key for a session cookie (ids in Redis with a TTL), and logout. */
export function sessionRoutes(hub: Hub) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.post<{ Body: { key: string } }>(
      '/v1/session',
      {
        config: { role: 'public' },
        schema: {
          tags: ['session'],
          summary: 'Log in to the console with an API key; sets an HttpOnly session cookie',
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['key'],
            properties: { key: { type: 'string', minLength: 1, maxLength: 200 } },
          },
          response: errorResponses(400, 401, 403),
        },
      },
      async (req, reply) => {
        const hash = hashKey(req.body.key.trim());
        const principal = await resolvePrincipal(hub, hash);
        if (!principal) throw new HubError('API_UNAUTHENTICATED', 'This API key is not known.');
        // Intake and receiver keys belong to machines and order forms, not to people at the console.
        if (principal.role === 'intake' || principal.role === 'receiver')
          throw new HubError('API_FORBIDDEN', 'The console needs a viewer, operator or admin key.');
        const id = randomBytes(24).toString('base64url');
        const csrf = randomBytes(24).toString('base64url');
        const doc: SessionDoc = { hash, csrf };
        try {
          await hub.redis.set(sessionKey(hub, id), JSON.stringify(doc), 'EX', SESSION_TTL_SECONDS);
        } catch {
          throw new HubError('API_UNAVAILABLE', 'Redis is unavailable; the console cannot log in.');
        }
        await audit(hub, principal.name, 'console.login', principal.id);
        setCookie(req, reply, id, SESSION_TTL_SECONDS);
        return { name: principal.name, role: principal.role, csrf };
      },
    );

    app.get(
      '/v1/session',
      {
        config: { role: 'viewer' },
        schema: { tags: ['session'], summary: 'Who is logged in, and the CSRF token of the session' },
      },
      async (req) => {
        const id = readCookie(req, SESSION_COOKIE);
        const session = id ? parseSession(await hub.redis.get(sessionKey(hub, id))) : undefined;
        return {
          name: req.principal?.name ?? null,
          role: req.principal?.role ?? null,
          csrf: session?.csrf ?? null,
        };
      },
    );

    app.delete(
      '/v1/session',
      { config: { role: 'viewer' }, schema: { tags: ['session'], summary: 'Log out of the console' } },
      async (req, reply) => {
        const id = readCookie(req, SESSION_COOKIE);
        if (id) await hub.redis.del(sessionKey(hub, id));
        setCookie(req, reply, '', 0);
        return reply.code(204).send();
      },
    );
  };
}
