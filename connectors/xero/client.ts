import {
  isJsonObject,
  authError,
  configError,
  conflictError,
  ConnectorError,
  parseRetryAfter,
  rateLimitedError,
  rejectedError,
  transientError,
  type ConnectorContext,
  type HttpResponse,
} from '../../src/sdk';
import { API_BASE, TOKEN_URL, type XeroConfig } from './config';

/** Per organisation: 60 calls a minute (burst 5 = the concurrent-call cap) and 5,000 a day. */
export const RATE_LIMITS = {
  minute: { ratePerSecond: 1, burst: 5 },
  day: { ratePerSecond: 5000 / 86_400, burst: 5000 },
};

const READ_STATUSES = [400, 401, 403, 404, 409, 429, 500, 502, 503, 504] as const;
const TOKEN_KEY = 'accessToken';

type Ctx = ConnectorContext<XeroConfig>;

const CREDENTIALS_REMEDY =
  'Copy the client id and a new client secret from the custom connection at developer.xero.com (My Apps), and check that the connection is still authorised by the organisation.';

/** Client-credentials token of the custom connection, cached for its lifetime. */
async function token(ctx: Ctx): Promise<string> {
  const cached = await ctx.cache.get(TOKEN_KEY);
  if (cached) return cached;
  const { clientId, clientSecret } = ctx.config;
  const res = await ctx.http.request({
    method: 'POST',
    url: TOKEN_URL,
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: 'grant_type=client_credentials',
    okStatuses: READ_STATUSES,
  });
  const data = isJsonObject(res.data) ? res.data : {};
  if (res.status === 400 || res.status === 401) {
    const unauthorisedClient = data.error === 'unauthorized_client';
    throw authError(
      `Xero refused the ${unauthorisedClient ? 'grant (not a custom connection?)' : 'client credentials'}`,
      {
        status: res.status,
        code: unauthorisedClient ? 'XERO_NOT_CUSTOM_CONNECTION' : 'XERO_CLIENT_INVALID',
        remedy: unauthorisedClient
          ? 'Client credentials only work for a Xero custom connection app; create one (My Apps → New app → Custom connection) and have the organisation authorise it.'
          : CREDENTIALS_REMEDY,
      },
    );
  }
  if (res.status !== 200 || typeof data.access_token !== 'string') {
    throw transientError(`Xero's identity service answered ${res.status}`, {
      status: res.status,
      code: 'XERO_TOKEN_UNAVAILABLE',
    });
  }
  const lifetimeS = typeof data.expires_in === 'number' ? data.expires_in : 1800;
  await ctx.cache.set(TOKEN_KEY, data.access_token, Math.max(60, lifetimeS - 120) * 1000);
  return data.access_token;
}

/** Messages of a `ValidationException` (`Elements[].ValidationErrors[].Message`), de-duplicated. */
export function validationMessages(data: unknown): string[] {
  if (!isJsonObject(data)) return [];
  const out = new Set<string>();
  for (const el of Array.isArray(data.Elements) ? data.Elements : []) {
    if (!isJsonObject(el)) continue;
    for (const v of Array.isArray(el.ValidationErrors) ? el.ValidationErrors : [])
      if (isJsonObject(v) && typeof v.Message === 'string') out.add(v.Message);
  }
  if (out.size === 0 && typeof data.Message === 'string') out.add(data.Message);
  return [...out];
}

/** Milliseconds to the next UTC midnight, for a daily limit without a Retry-After. */
function untilUtcMidnight(now: Date): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return next - now.getTime();
}

/** Classifies a Xero answer that is not a success. */
export function xeroError(res: HttpResponse, where: string, now: Date): ConnectorError {
  const o = { status: res.status };
  const problem = (res.headers['x-rate-limit-problem'] ?? '').toLowerCase();
  if (res.status === 429 || problem) {
    const after = parseRetryAfter(res.headers['retry-after'], now.getTime());
    if (problem === 'day') {
      return rateLimitedError('Xero’s daily call limit for this organisation is used up', {
        ...o,
        code: 'XERO_DAILY_LIMIT',
        retryAfterMs: after ?? untilUtcMidnight(now),
        remedy: 'Deliveries resume when the limit resets; other apps on the same organisation share it.',
      });
    }
    return rateLimitedError(`Xero throttled ${where} (${problem || 'minute'})`, {
      ...o,
      code:
        problem === 'appminute'
          ? 'XERO_APP_MINUTE_LIMIT'
          : problem === 'concurrent'
            ? 'XERO_CONCURRENT_LIMIT'
            : 'XERO_MINUTE_LIMIT',
      retryAfterMs: after ?? (problem === 'concurrent' ? 1000 : 60_000),
    });
  }
  const messages = validationMessages(res.data);
  const detail = messages.length ? `: ${messages.join('; ').slice(0, 300)}` : '';
  if (res.status === 401)
    return authError(`Xero refused the access token${detail}`, {
      ...o,
      code: 'XERO_TOKEN_REJECTED',
      remedy: CREDENTIALS_REMEDY,
    });
  if (res.status === 403) {
    return authError(`Xero denied ${where}${detail}`, {
      ...o,
      code: 'XERO_FORBIDDEN',
      remedy:
        'Check tenantId (GET https://api.xero.com/connections lists it) and that the custom connection has the accounting.transactions and accounting.contacts scopes.',
    });
  }
  if (res.status === 404)
    return configError(`${where} does not exist`, {
      ...o,
      code: 'XERO_NOT_FOUND',
      remedy: 'Check tenantId.',
    });
  if (res.status === 409)
    return conflictError(`Xero reports a conflict${detail}`, { ...o, code: 'XERO_CONFLICT' });
  if (res.status >= 500)
    return transientError(`Xero failed ${where}`, { ...o, code: `XERO_HTTP_${res.status}` });
  return rejectedError(`Xero refused the invoice${detail}`, {
    ...o,
    code: 'XERO_VALIDATION',
    remedy:
      'Fix what Xero names (an account code, tax type, item or currency in the lookup tables or organisation settings) and replay.',
  });
}

export interface XeroRequest {
  method?: 'GET' | 'PUT' | 'POST';
  /** Path below `/api.xro/2.0/`. */
  path: string;
  params?: Record<string, string>;
  body?: unknown;
  idempotencyKey?: string;
}

/** A Xero call: both rate buckets, the tenant header, a cached token renewed once on 401. */
export async function xero(ctx: Ctx, req: XeroRequest): Promise<HttpResponse> {
  const method = req.method ?? 'GET';
  const where = `${method} ${req.path}`;
  for (let attempt = 0; ; attempt++) {
    const bearer = await token(ctx);
    await ctx.rate.take('minute');
    await ctx.rate.take('day');
    const res = await ctx.http.request({
      method,
      url: `${API_BASE}/${req.path}`,
      params: req.params,
      headers: {
        authorization: `Bearer ${bearer}`,
        'xero-tenant-id': ctx.config.tenantId,
        accept: 'application/json',
        ...(req.idempotencyKey ? { 'idempotency-key': req.idempotencyKey } : {}),
        // The SDK sends the serialised body as a string, which axios would label as a form.
        ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: req.body,
      okStatuses: READ_STATUSES,
    });
    if (res.status >= 200 && res.status < 300) return res;
    if (res.status === 401 && attempt === 0) {
      await ctx.cache.delete(TOKEN_KEY);
      continue;
    }
    throw xeroError(res, where, ctx.clock.now());
  }
}

/** The records of `key` in a Xero list answer (`{"Invoices":[…]}`). */
export function listOf(res: HttpResponse, key: string): Record<string, unknown>[] {
  const list = isJsonObject(res.data) ? res.data[key] : undefined;
  return Array.isArray(list) ? list.filter(isJsonObject) : [];
}
