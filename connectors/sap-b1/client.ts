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
import { API_VERSION, DEFAULT_SESSION_MINUTES, type SapB1Config } from './config';

/** The one rate bucket: B1 documents no limit, but every call holds one of the Service Layer's few workers. */
export const BUCKET = 'serviceLayer';

/** Statuses we read the body of instead of letting the SDK throw: B1's error envelope says more. */
const READ_STATUSES = [400, 401, 403, 404, 405, 409, 410, 422, 429, 500, 502, 503, 504] as const;

const SESSION_KEY = 'session';

type Ctx = ConnectorContext<SapB1Config>;

/** `https://host:50000/b1s/v1/<path>`. */
export function slUrl(config: SapB1Config, path: string): string {
  return `${config.serviceLayerUrl.replace(/\/+$/, '')}/${API_VERSION}/${path}`;
}

/** B1's `{"error":{"code":..,"message":{"lang":..,"value":..}}}` (v2 flattens `message` to a string). */
export function parseSapError(data: unknown): { code: string; message: string } | undefined {
  if (!isJsonObject(data) || !isJsonObject(data.error)) return undefined;
  const { code, message } = data.error;
  const text = isJsonObject(message) && typeof message.value === 'string' ? message.value : message;
  return {
    code: typeof code === 'number' || typeof code === 'string' ? String(code) : '?',
    message: typeof text === 'string' ? text.slice(0, 300) : 'no message',
  };
}

/** Classifies a B1 answer that is not a success. The remote's message is kept: it names the field, not the buyer. */
export function sapError(res: HttpResponse, where: string, now: Date): ConnectorError {
  const parsed = parseSapError(res.data);
  const detail = parsed ? ` (B1 ${parsed.code}: ${parsed.message})` : '';
  const o = { status: res.status };
  if (res.status === 429) {
    const retryAfterMs = parseRetryAfter(res.headers['retry-after'], now.getTime()) ?? 1000;
    return rateLimitedError(`${where} is throttled`, { ...o, code: 'SAP_B1_RATE_LIMITED', retryAfterMs });
  }
  if (res.status === 401 || res.status === 403) {
    return authError(`${where} was refused${detail}`, {
      ...o,
      code: 'SAP_B1_PERMISSION_DENIED',
      remedy:
        'In B1 give the connection’s user a license and full authorization for Sales Orders (and read access to Deliveries), under Administration → System Initialization → Authorizations.',
    });
  }
  if (res.status === 404 || res.status === 405 || res.status === 410) {
    return configError(`${where} does not exist${detail}`, {
      ...o,
      code: 'SAP_B1_NOT_FOUND',
      remedy: 'Check serviceLayerUrl: it is the Service Layer base (https://host:50000), without /b1s/v1.',
    });
  }
  if (res.status === 409)
    return conflictError(`${where} reports a conflict${detail}`, { ...o, code: 'SAP_B1_CONFLICT' });
  if (res.status >= 500)
    return transientError(`${where} failed${detail}`, { ...o, code: `SAP_B1_HTTP_${res.status}` });
  return rejectedError(`SAP B1 refused the document${detail}`, {
    ...o,
    code: 'SAP_B1_VALIDATION',
    remedy:
      'Fix what B1 names (often a lookup table entry: item, tax code, warehouse, customer) and replay the order.',
  });
}

function routeId(setCookie: string | undefined): string | undefined {
  return setCookie ? /(?:^|[\s,;])ROUTEID=([^;,\s]+)/.exec(setCookie)?.[1] : undefined;
}

/** Logs in and returns the cookie header; `LoginFailed` errors carry the remedy ops need. */
export async function login(ctx: Ctx): Promise<string> {
  const { config } = ctx;
  await ctx.rate.take(BUCKET);
  const res = await ctx.http.request({
    method: 'POST',
    url: slUrl(config, 'Login'),
    headers: { 'content-type': 'application/json' },
    body: { CompanyDB: config.companyDb, UserName: config.userName, Password: config.password },
    okStatuses: READ_STATUSES,
  });
  if (res.status !== 200) {
    if (res.status === 401 || res.status === 400) {
      const parsed = parseSapError(res.data);
      throw authError(`SAP B1 refused the login${parsed ? ` (B1 ${parsed.code}: ${parsed.message})` : ''}`, {
        status: res.status,
        code: 'SAP_B1_LOGIN_FAILED',
        remedy:
          'Check companyDb (the database name, e.g. SBODEMOUS), userName and password; the user must have a B1 license and not be locked.',
      });
    }
    throw sapError(res, 'SAP B1 login', ctx.clock.now());
  }
  const data = res.data;
  const sessionId = isJsonObject(data) && typeof data.SessionId === 'string' ? data.SessionId : undefined;
  if (!sessionId) {
    throw configError('the Service Layer login answer has no SessionId', {
      code: 'SAP_B1_NOT_SERVICE_LAYER',
      remedy:
        'serviceLayerUrl must point at the B1 Service Layer (port 50000 by default), not at another server.',
    });
  }
  const minutes =
    isJsonObject(data) && typeof data.SessionTimeout === 'number' && data.SessionTimeout > 1
      ? data.SessionTimeout
      : DEFAULT_SESSION_MINUTES;
  const route = routeId(res.headers['set-cookie']);
  const cookie = `B1SESSION=${sessionId}${route ? `; ROUTEID=${route}` : ''}`;
  // Renew a minute early so a session never expires between our check and B1's.
  await ctx.cache.set(SESSION_KEY, cookie, (minutes - 1) * 60_000);
  return cookie;
}

/** A B1 request with one session: a cached cookie, renewed once when B1 answers 401 (session timed out). */
export interface SlRequest {
  method?: 'GET' | 'POST' | 'PATCH';
  /** Path below `/b1s/v1/`, with its query string already encoded. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export async function sl(ctx: Ctx, req: SlRequest): Promise<HttpResponse> {
  const method = req.method ?? 'GET';
  const where = `${method} ${req.path.split('?')[0] ?? ''}`;
  for (let attempt = 0; ; attempt++) {
    const cookie = (await ctx.cache.get(SESSION_KEY)) ?? (await login(ctx));
    await ctx.rate.take(BUCKET);
    const res = await ctx.http.request({
      method,
      url: slUrl(ctx.config, req.path),
      // The SDK sends the serialised body as a string, which axios would label as a form.
      headers: {
        cookie,
        accept: 'application/json',
        ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...req.headers,
      },
      body: req.body,
      okStatuses: READ_STATUSES,
    });
    if (res.status >= 200 && res.status < 300) return res;
    if (res.status === 401) {
      await ctx.cache.delete(SESSION_KEY);
      if (attempt === 0) continue;
      throw authError('SAP B1 refused a fresh session', {
        status: 401,
        code: 'SAP_B1_SESSION_REJECTED',
        remedy:
          'The user logs in but its session is refused: check that it is not locked or logged out by an admin.',
      });
    }
    throw sapError(res, `SAP B1 ${where}`, ctx.clock.now());
  }
}

/** A sales order as the look-up sees it. */
export interface ExistingOrder {
  docEntry: number;
  docNum: number;
  cancelled: boolean;
  /** Fully delivered or closed by hand: B1 takes no change and no cancel. */
  closed: boolean;
}

/** OData string literal: quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function toExisting(v: unknown): ExistingOrder | undefined {
  if (!isJsonObject(v) || typeof v.DocEntry !== 'number') return undefined;
  return {
    docEntry: v.DocEntry,
    docNum: typeof v.DocNum === 'number' ? v.DocNum : v.DocEntry,
    cancelled: v.Cancelled === 'tYES',
    closed: v.DocumentStatus === 'bost_Close',
  };
}

/**
 * The sales order carrying `numAtCard`. Two carrying it (one typed by hand) cannot be told apart safely, so the
 * oldest live one wins: it is the one the hub created first.
 */
export async function findOrder(ctx: Ctx, numAtCard: string): Promise<ExistingOrder | null> {
  const query = [
    `$filter=${encodeURIComponent(`NumAtCard eq ${odataString(numAtCard)}`)}`,
    `$select=${encodeURIComponent('DocEntry,DocNum,DocumentStatus,Cancelled')}`,
    `$orderby=DocEntry`,
  ].join('&');
  const res = await sl(ctx, { path: `Orders?${query}` });
  const rows = isJsonObject(res.data) && Array.isArray(res.data.value) ? res.data.value : [];
  const found = rows.map(toExisting).filter((o): o is ExistingOrder => o !== undefined);
  return found.find((o) => !o.cancelled) ?? found[0] ?? null;
}
