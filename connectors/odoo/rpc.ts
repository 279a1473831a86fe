import {
  isJsonObject,
  authError,
  configError,
  ConnectorError,
  parseRetryAfter,
  rateLimitedError,
  rejectedError,
  transientError,
  type ConnectorContext,
} from '../../src/sdk';
import { baseUrl, DEFAULT_TIMEOUT_MS, RATE_BUCKET, type OdooConfig } from './config';

export type Domain = readonly (readonly [string, string, unknown])[];
export type OdooRecord = Record<string, unknown>;

export const KEY_REMEDY =
  'Create a new API key for the integration user (Preferences > Account Security > New API Key; keys expire ' +
  'after at most three months), paste it here, and check the database name and, for jsonrpc, the login.';
export const RIGHTS_REMEDY =
  'Give the integration user the Sales / User: All Documents and Inventory / User groups (and Contact ' +
  'creation), or create the missing record rule exception.';

/** Maps an Odoo exception (by its Python class name) or an HTTP status to what the queue does next. */
export function classifyOdoo(
  name: string,
  message: string,
  status?: number,
  retryAfter?: string,
): ConnectorError {
  const short = message.replace(/\s+/g, ' ').slice(0, 240);
  const cls = name.split('.').pop() ?? name;
  if (status === 429) {
    return rateLimitedError('Odoo throttled the request', {
      code: 'ODOO_RATE_LIMITED',
      status,
      retryAfterMs: parseRetryAfter(retryAfter) ?? 5000,
    });
  }
  if (
    cls === 'AccessDenied' ||
    cls === 'Unauthorized' ||
    cls === 'SessionExpiredException' ||
    status === 401
  ) {
    return authError('Odoo refused the API key', { code: 'ODOO_ACCESS_DENIED', status, remedy: KEY_REMEDY });
  }
  if (cls === 'AccessError' || status === 403) {
    return authError(`Odoo denied access: ${short}`, {
      code: 'ODOO_ACCESS_ERROR',
      status,
      remedy: RIGHTS_REMEDY,
    });
  }
  if (/does not exist/.test(message) && /database/i.test(message)) {
    return configError('the Odoo database does not exist', {
      code: 'ODOO_DATABASE_UNKNOWN',
      remedy:
        'Set database to the name shown in the Odoo database selector (or in Odoo.sh / Online settings).',
    });
  }
  if (cls === 'SerializationFailure' || cls === 'ConcurrencyError' || cls === 'LockNotAvailable') {
    return transientError(`Odoo hit a concurrent update (${cls})`, {
      code: 'ODOO_CONCURRENT_UPDATE',
      status,
    });
  }
  if (status === 404) {
    return configError('Odoo has no such endpoint or model', {
      code: 'ODOO_NOT_FOUND',
      status,
      remedy: 'Check url; for Odoo 18 or older set protocol to jsonrpc (JSON-2 exists from Odoo 19).',
    });
  }
  const code =
    cls === 'ValidationError'
      ? 'ODOO_VALIDATION_ERROR'
      : cls === 'UserError' || cls === 'RedirectWarning'
        ? 'ODOO_USER_ERROR'
        : cls === 'MissingError'
          ? 'ODOO_MISSING_RECORD'
          : 'ODOO_SERVER_ERROR';
  return rejectedError(`Odoo refused the order (${cls}): ${short}`, {
    code,
    status,
    remedy: 'Fix the lookup tables or the Odoo record named in the message, then replay the order.',
  });
}

async function send(
  ctx: ConnectorContext<OdooConfig>,
  url: string,
  body: unknown,
  headers: Record<string, string>,
) {
  await ctx.rate.take(RATE_BUCKET);
  const res = await ctx.http.request({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json', ...headers },
    body,
    timeoutMs: ctx.config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    okStatuses: [400, 401, 403, 404, 409, 422, 429],
  });
  if (res.status >= 400) {
    const data = isJsonObject(res.data) ? res.data : {};
    const name = typeof data.name === 'string' ? data.name : `HTTP ${res.status}`;
    const message = typeof data.message === 'string' ? data.message : '';
    throw classifyOdoo(name, message, res.status, res.headers['retry-after']);
  }
  return res.data;
}

let rpcId = 0;
async function jsonrpc(ctx: ConnectorContext<OdooConfig>, service: string, method: string, args: unknown[]) {
  rpcId = (rpcId + 1) % 1_000_000;
  const data = await send(
    ctx,
    `${baseUrl(ctx.config)}/jsonrpc`,
    { jsonrpc: '2.0', method: 'call', id: rpcId, params: { service, method, args } },
    {},
  );
  if (!isJsonObject(data))
    throw transientError('Odoo answered without a JSON-RPC body', { code: 'ODOO_BAD_ANSWER' });
  if (isJsonObject(data.error)) {
    const err = isJsonObject(data.error.data) ? data.error.data : {};
    const name = typeof err.name === 'string' ? err.name : 'odoo.exceptions.UnknownError';
    const message = typeof err.message === 'string' ? err.message : String(data.error.message ?? '');
    throw classifyOdoo(name, message);
  }
  return data.result;
}

/** The user id for JSON-RPC `execute_kw`, cached per connection. */
async function uid(ctx: ConnectorContext<OdooConfig>): Promise<number> {
  const cached = await ctx.cache.get('uid');
  if (cached) return Number(cached);
  const { database, login, apiKey } = ctx.config;
  if (!login) {
    throw configError('login is required with protocol jsonrpc', {
      code: 'ODOO_LOGIN_MISSING',
      remedy: 'Set login to the integration user’s login (usually its e-mail).',
    });
  }
  const result = await jsonrpc(ctx, 'common', 'authenticate', [database, login, apiKey, {}]);
  if (typeof result !== 'number' || result <= 0) {
    throw authError('Odoo refused the login and API key', { code: 'ODOO_ACCESS_DENIED', remedy: KEY_REMEDY });
  }
  await ctx.cache.set('uid', String(result), 3_600_000);
  return result;
}

/**
 * Calls one model method. `named` is the JSON-2 body; `args`/`kwargs` the same call for JSON-RPC `execute_kw`.
 */
async function execute(
  ctx: ConnectorContext<OdooConfig>,
  model: string,
  method: string,
  named: Record<string, unknown>,
  args: unknown[],
  kwargs: Record<string, unknown> = {},
): Promise<unknown> {
  const { config } = ctx;
  if (config.protocol === 'jsonrpc') {
    const user = await uid(ctx);
    return jsonrpc(ctx, 'object', 'execute_kw', [
      config.database,
      user,
      config.apiKey,
      model,
      method,
      args,
      kwargs,
    ]);
  }
  return send(ctx, `${baseUrl(config)}/json/2/${model}/${method}`, named, {
    authorization: `bearer ${config.apiKey}`,
    'x-odoo-database': config.database,
  });
}

export interface SearchOptions {
  limit?: number;
  offset?: number;
  order?: string;
}

export async function searchRead(
  ctx: ConnectorContext<OdooConfig>,
  model: string,
  domain: Domain,
  fields: string[],
  options: SearchOptions = {},
): Promise<OdooRecord[]> {
  const result = await execute(ctx, model, 'search_read', { domain, fields, ...options }, [domain], {
    fields,
    ...options,
  });
  return Array.isArray(result) ? result.filter(isJsonObject) : [];
}

export async function create(
  ctx: ConnectorContext<OdooConfig>,
  model: string,
  vals: object,
): Promise<number> {
  const result = await execute(ctx, model, 'create', { vals_list: [vals] }, [[vals]]);
  const id = Array.isArray(result) ? result[0] : result;
  if (typeof id !== 'number')
    throw transientError(`Odoo create on ${model} gave no id`, { code: 'ODOO_BAD_ANSWER' });
  return id;
}

export async function write(ctx: ConnectorContext<OdooConfig>, model: string, ids: number[], vals: object) {
  await execute(ctx, model, 'write', { ids, vals }, [ids, vals]);
}

export async function callOnIds(
  ctx: ConnectorContext<OdooConfig>,
  model: string,
  method: string,
  ids: number[],
) {
  return execute(ctx, model, method, { ids }, [ids]);
}
