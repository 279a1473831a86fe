import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { HubError } from '../../core/errors';

/** Where the console's static files live (no build step: plain ES modules, HTML, CSS and JSON). */
export const CONSOLE_DIR = resolve(import.meta.dirname, '../../../console');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** No inline scripts or styles, nothing from elsewhere, never framed. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const extension = (name: string) => name.slice(name.lastIndexOf('.'));

/** The allow-list: every file under the console folder with a known extension, found once at start. */
function listFiles(dir: string, base = dir): Set<string> {
  const out = new Set<string>();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) for (const f of listFiles(path, base)) out.add(f);
    else if (TYPES[extension(name)]) out.add(relative(base, path).split(sep).join('/'));
  }
  return out;
}

/**
 * Serves the operations console at /console. The files hold no data (everything comes from the API behind
 * the session cookie), so they are public; only names on the allow-list are read, so no path reaches
 * outside the folder.
 */
export function consoleRoutes(dir = CONSOLE_DIR) {
  const allowed = listFiles(dir);
  return async function plugin(app: FastifyInstance): Promise<void> {
    async function send(reply: FastifyReply, name: string) {
      const type = TYPES[extension(name)];
      if (!allowed.has(name) || !type) throw new HubError('API_NOT_FOUND', 'No such console file.');
      const body = await readFile(join(dir, name));
      return reply
        .header('content-type', type)
        .header('content-security-policy', CSP)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-cache')
        .send(body);
    }
    const hide = { schema: { hide: true }, config: { role: 'public' as const } };
    app.get('/console', hide, async (_req, reply) => reply.redirect('/console/'));
    app.get('/console/', hide, async (_req, reply) => send(reply, 'index.html'));
    app.get<{ Params: { '*': string } }>('/console/*', hide, async (req, reply) =>
      send(reply, req.params['*']),
    );
  };
}
