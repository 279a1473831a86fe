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
import { API_HOSTS, MINOR_VERSION, TOKEN_URL, type QuickBooksConfig } from './config';

/** 500 requests a minute per company; a burst of 10 matches Intuit's cap on concurrent requests. */
export const BUCKET = 'realm';
export const RATE_LIMITS = { [BUCKET]: { ratePerSecond: 500 / 60, burst: 10 } };

const READ_STATUSES = [400, 401, 403, 404, 429, 500, 502, 503, 504] as const;
const TOKEN_KEY = 'accessToken';

type Ctx = ConnectorContext<QuickBooksConfig>;

const RECONNECT =
  'Reconnect the QuickBooks company (OAuth authorization with the com.intuit.quickbooks.accounting scope) and save the new refresh token in the connection.';

/** Exchanges the refresh token; saves the rotated one and caches the access token for its lifetime. */
async function refresh(ctx: Ctx): Promise<string> {
  const { clientId, clientSecret, refreshToken } = ctx.config;
  const res = await ctx.http.request({
    method: 'POST',
    url: TOKEN_URL,
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
    okStatuses: READ_STATUSES,
  });
  const data = isJsonObject(res.data) ? res.data : {};
  if (res.status === 400 || res.status === 401) {
    const invalidClient = data.error === 'invalid_client' || res.status === 401;
    throw authError(`Intuit refused the ${invalidClient ? 'app credentials' : 'refresh token'}`, {
      status: res.status,
      code: invalidClient ? 'QUICKBOOKS_CLIENT_INVALID' : 'QUICKBOOKS_REFRESH_TOKEN_INVALID',
      remedy: invalidClient
        ? 'Copy the Client ID and Client secret from the Intuit developer portal (Keys & credentials, production or development to match environment).'
        : `The refresh token expired (100 days unused) or was revoked. ${RECONNECT}`,
    });
  }
  if (res.status !== 200 || typeof data.access_token !== 'string') {
    throw res.status >= 500 || res.status === 429
      ? transientError(`Intuit's token endpoint answered ${res.status}`, {
          status: res.status,
          code: 'QUICKBOOKS_TOKEN_UNAVAILABLE',
        })
      : authError('Intuit gave no access token', {
          status: res.status,
          code: 'QUICKBOOKS_TOKEN_MISSING',
          remedy: RECONNECT,
        });
  }
  // Intuit rotates refresh tokens: the old one stops working soon after, so the new one must be kept.
  if (typeof data.refresh_token === 'string' && data.refresh_token !== refreshToken)
    await ctx.saveSecret('refreshToken', data.refresh_token);
  const lifetimeS = typeof data.expires_in === 'number' ? data.expires_in : 3600;
  await ctx.cache.set(TOKEN_KEY, data.access_token, Math.max(60, lifetimeS - 120) * 1000);
  return data.access_token;
}

/** QuickBooks faults: `Fault.Error[]`, or lower-case `fault.error[]` on authentication failures. */
export function faultsOf(data: unknown): { code: string; message: string; detail: string }[] {
  if (!isJsonObject(data)) return [];
  const fault = data.Fault ?? data.fault;
  if (!isJsonObject(fault)) return [];
  const errors = fault.Error ?? fault.error;
  return (Array.isArray(errors) ? errors : []).filter(isJsonObject).map((e) => ({
    code: typeof e.code === 'string' ? e.code : String(e.code ?? '?'),
    message: typeof (e.Message ?? e.message) === 'string' ? String(e.Message ?? e.message) : '',
    detail: typeof (e.Detail ?? e.detail) === 'string' ? String(e.Detail ?? e.detail) : '',
  }));
}

/** Classifies a QuickBooks answer that is not a success. */
export function qboError(res: HttpResponse, where: string, now: Date): ConnectorError {
  const faults = faultsOf(res.data);
  const codes = new Set(faults.map((f) => f.code.replace(/^0+/, '')));
  const text = faults
    .map((f) => `${f.code} ${f.detail || f.message}`)
    .join('; ')
    .slice(0, 300);
  const detail = text ? ` (${text})` : '';
  const o = { status: res.status };
  if (res.status === 429 || codes.has('3001') || faults.some((f) => /throttl/i.test(f.message))) {
    const retryAfterMs = parseRetryAfter(res.headers['retry-after'], now.getTime()) ?? 60_000;
    return rateLimitedError(`QuickBooks throttled ${where}`, {
      ...o,
      code: 'QUICKBOOKS_THROTTLED',
      retryAfterMs,
    });
  }
  if (res.status === 401 || codes.has('3200')) {
    return authError(`QuickBooks refused the access token${detail}`, {
      ...o,
      code: 'QUICKBOOKS_TOKEN_REJECTED',
      remedy: RECONNECT,
    });
  }
  if (res.status === 403 || codes.has('3100')) {
    return authError(`QuickBooks denied ${where}${detail}`, {
      ...o,
      code: 'QUICKBOOKS_FORBIDDEN',
      remedy:
        'The connecting user needs an admin role and the company an active subscription; reconnect as an admin.',
    });
  }
  if (codes.has('6140'))
    return conflictError(`QuickBooks already has this document number${detail}`, {
      ...o,
      code: 'QUICKBOOKS_DUPLICATE_DOC_NUMBER',
    });
  if (codes.has('6240'))
    return rejectedError(`QuickBooks already has this name${detail}`, {
      ...o,
      code: 'QUICKBOOKS_DUPLICATE_NAME',
    });
  if (res.status === 404) {
    return configError(`${where} does not exist${detail}`, {
      ...o,
      code: 'QUICKBOOKS_NOT_FOUND',
      remedy: 'Check realmId and environment (a sandbox company is only reachable with environment=sandbox).',
    });
  }
  if (res.status >= 500 || codes.has('5010'))
    return transientError(`QuickBooks failed ${where}${detail}`, {
      ...o,
      code: `QUICKBOOKS_HTTP_${res.status}`,
    });
  return rejectedError(`QuickBooks refused the transaction${detail}`, {
    ...o,
    code: 'QUICKBOOKS_VALIDATION',
    remedy:
      'Fix what QuickBooks names (often an item, tax code or customer in the lookup tables) and replay the order.',
  });
}

export interface QboRequest {
  method?: 'GET' | 'POST';
  /** Path below `/v3/company/<realmId>/`. */
  path: string;
  params?: Record<string, string>;
  body?: unknown;
}

/** A QuickBooks call with a cached access token, refreshed once when QuickBooks answers 401. */
export async function qbo(ctx: Ctx, req: QboRequest): Promise<HttpResponse> {
  const method = req.method ?? 'GET';
  const host = API_HOSTS[ctx.config.environment ?? 'production'];
  const where = `${method} ${req.path}`;
  for (let attempt = 0; ; attempt++) {
    const token = (await ctx.cache.get(TOKEN_KEY)) ?? (await refresh(ctx));
    await ctx.rate.take(BUCKET);
    const res = await ctx.http.request({
      method,
      url: `${host}/v3/company/${encodeURIComponent(ctx.config.realmId)}/${req.path}`,
      params: { ...req.params, minorversion: MINOR_VERSION },
      // The SDK sends the serialised body as a string, which axios would label as a form.
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
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
    throw qboError(res, where, ctx.clock.now());
  }
}

/** A query string literal: backslash and quote escaped. */
export function qboString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** Rows of one entity from `/query`. */
export async function query(ctx: Ctx, entity: string, statement: string): Promise<Record<string, unknown>[]> {
  const res = await qbo(ctx, { path: 'query', params: { query: statement } });
  const qr = isJsonObject(res.data) ? res.data.QueryResponse : undefined;
  const rows = isJsonObject(qr) ? qr[entity] : undefined;
  return Array.isArray(rows) ? rows.filter(isJsonObject) : [];
}
