import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HubError } from '../core/errors';
import { randomId } from '../core/ids';
import type { Hub } from '../hub';
import type { ApiRole } from '../store/types';
import { sessionKeyHash } from './routes/session';

/** Who is calling: the API key's id, name and role. */
export interface Principal {
  id: string;
  name: string;
  role: ApiRole;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least role a route needs; `public` needs no key (health, webhooks checked by signature). */
    role?: ApiRole | 'public';
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

const RANK: Record<ApiRole, number> = { intake: 0, receiver: 0, viewer: 1, operator: 2, admin: 3 };

/**
 * Whether `have` may call a route that needs `need`. Intake keys (order forms) and receiver keys (systems posting
 * shipments back) reach only their own routes; operators may post shipments by hand; admins reach everything.
 */
export function allows(have: ApiRole, need: ApiRole): boolean {
  if (have === 'admin') return true;
  if (need === 'intake') return have === 'intake';
  if (need === 'receiver') return have === 'receiver' || have === 'operator';
  if (have === 'intake' || have === 'receiver') return false;
  return RANK[have] >= RANK[need];
}

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** Checks `Authorization: Bearer <key>` against the env admin key and the stored keys, per route role. */
export function registerAuth(app: FastifyInstance, hub: Hub): void {
  const envHash = hub.config.adminKey ? Buffer.from(hashKey(hub.config.adminKey), 'hex') : undefined;
  app.addHook('onRequest', async (req: FastifyRequest) => {
    const need = req.routeOptions.config.role;
    if (!need || need === 'public') return;
    const header = req.headers.authorization;
    const presented = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    // The console's session cookie stands in for the bearer key (with a CSRF header on writes).
    const hash = presented ? hashKey(presented) : await sessionKeyHash(hub, req);
    if (!hash) throw new HubError('API_UNAUTHENTICATED');
    const principal = await resolvePrincipal(hub, hash, envHash);
    if (!principal) throw new HubError('API_UNAUTHENTICATED', 'This API key is not known.');
    if (!allows(principal.role, need))
      throw new HubError('API_FORBIDDEN', `This route needs the ${need} role.`);
    req.principal = principal;
  });
}

/** The principal of an API key hash: the env admin key or a stored key; undefined when unknown. */
export async function resolvePrincipal(
  hub: Hub,
  hash: string,
  envHash = hub.config.adminKey ? Buffer.from(hashKey(hub.config.adminKey), 'hex') : undefined,
): Promise<Principal | undefined> {
  if (envHash && timingSafeEqual(Buffer.from(hash, 'hex'), envHash))
    return { id: 'env-admin', name: 'ORDERHUB_ADMIN_KEY', role: 'admin' };
  const stored = await hub.store.findApiKeyByHash(hash);
  return stored ? { id: stored.id, name: stored.name, role: stored.role } : undefined;
}

/** Creates an API key; the key itself is returned once and only its hash is stored. */
export async function createApiKey(
  hub: Hub,
  name: string,
  role: ApiRole,
): Promise<{ id: string; key: string }> {
  const key = `ohk_${randomBytes(24).toString('base64url')}`;
  const id = randomId('key');
  await hub.store.insertApiKey({ id, name, role, hash: hashKey(key), createdAt: hub.now().toISOString() });
  return { id, key };
}

/**
 * For a first start without ORDERHUB_ADMIN_KEY: creates an admin key and writes it to `<dataDir>/admin.key`
 * (mode 0600). The key is never logged; the log says where the file is.
 */
export async function ensureAdminKey(hub: Hub): Promise<string | null> {
  if (hub.config.adminKey) return null;
  const file = join(hub.config.dataDir, 'admin.key');
  if (existsSync(file) || (await hub.store.listApiKeys()).some((k) => k.role === 'admin')) return null;
  const { key } = await createApiKey(hub, 'first admin (generated)', 'admin');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return file;
}
