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
  type HttpResponse,
} from '../../src/sdk';
import { DEFAULT_TIMEOUT_MS, RATE_BUCKET, TOKEN_SCOPE, tokenUrl, type BusinessCentralConfig } from './config';

type Ctx = ConnectorContext<BusinessCentralConfig>;

export const CREDENTIALS_REMEDY =
  'Check tenantId, clientId and the client secret (Entra admin center > App registrations > Certificates & ' +
  'secrets; secrets expire), and that the app has the API permission Dynamics 365 Business Central > ' +
  'API.ReadWrite.All (application) with admin consent.';
export const PERMISSION_REMEDY =
  'In Business Central open Microsoft Entra Applications, add the app’s client id, set State to Enabled and ' +
  'grant it permission sets that cover sales orders (e.g. D365 BUS FULL ACCESS or a custom set).';

const TOKEN_KEY = 'token';

/** A client-credentials access token, cached for its lifetime less five minutes. */
export async function accessToken(ctx: Ctx): Promise<string> {
  const cached = await ctx.cache.get(TOKEN_KEY);
  if (cached) return cached;
  const { config } = ctx;
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: config.clientId,
    client_secret: config.clientSecret,
    scope: TOKEN_SCOPE,
  });
  const res = await ctx.http.request({
    method: 'POST',
    url: tokenUrl(config),
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    okStatuses: [400, 401],
  });
  const data = isJsonObject(res.data) ? res.data : {};
  if (res.status >= 400) {
    const error = typeof data.error === 'string' ? data.error : 'invalid_request';
    const description = typeof data.error_description === 'string' ? data.error_description : '';
    const aadsts = /AADSTS\d+/.exec(description)?.[0] ?? error;
    if (/AADSTS(90002|900023|90013)/.test(description)) {
      throw configError(`Microsoft Entra does not know the tenant (${aadsts})`, {
        code: 'BC_TENANT_UNKNOWN',
        status: res.status,
        remedy: 'Set tenantId to the directory (tenant) id of the Business Central tenant.',
      });
    }
    throw authError(`Microsoft Entra refused the client credentials (${aadsts})`, {
      code: 'BC_CLIENT_CREDENTIALS_INVALID',
      status: res.status,
      remedy: CREDENTIALS_REMEDY,
    });
  }
  const token = data.access_token;
  const expiresIn = typeof data.expires_in === 'number' ? data.expires_in : Number(data.expires_in ?? 0);
  if (typeof token !== 'string' || token.length === 0)
    throw transientError('the token endpoint answered without an access token', { code: 'BC_TOKEN_MISSING' });
  await ctx.cache.set(TOKEN_KEY, token, Math.max(60, expiresIn - 300) * 1000);
  return token;
}

/** Classifies a Business Central OData error by `error.code`, then by status. */
export function classifyBc(status: number, headers: Record<string, string>, data: unknown): ConnectorError {
  const error = isJsonObject(data) && isJsonObject(data.error) ? data.error : {};
  const code = typeof error.code === 'string' ? error.code : `HTTP_${status}`;
  const message = (typeof error.message === 'string' ? error.message : '').replace(/\s+/g, ' ').slice(0, 240);
  if (status === 429) {
    return rateLimitedError('Business Central throttled the request', {
      code: 'BC_RATE_LIMITED',
      status,
      retryAfterMs: parseRetryAfter(headers['retry-after']) ?? 1000,
    });
  }
  if (status === 401 || code.startsWith('Authentication_'))
    return authError(`Business Central refused the token (${code})`, {
      code: 'BC_AUTHENTICATION',
      status,
      remedy: CREDENTIALS_REMEDY,
    });
  if (status === 403 || code.startsWith('Authorization_'))
    return authError(`Business Central denied access (${code})`, {
      code: 'BC_PERMISSION_DENIED',
      status,
      remedy: PERMISSION_REMEDY,
    });
  if (status === 404 || code === 'BadRequest_NotFound' || code === 'Internal_CompanyNotFound') {
    return configError(`Business Central has no such resource (${code})`, {
      code: 'BC_NOT_FOUND',
      status,
      remedy: 'Check environment and companyId (GET …/api/v2.0/companies lists the company ids).',
    });
  }
  if (status === 412 || status === 409)
    return transientError(`the sales order changed meanwhile (${code})`, {
      code: 'BC_CONCURRENT_UPDATE',
      status,
    });
  return rejectedError(`Business Central refused the sales order (${code}): ${message}`, {
    code: `BC_${code.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`,
    status,
    remedy:
      'Fix the lookup tables or the Business Central record named in the message, then replay the order.',
  });
}

export interface BcRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  etag?: string;
}

/** One API call with a bearer token; a 401 drops the cached token so the next attempt gets a fresh one. */
export async function bcRequest(ctx: Ctx, req: BcRequest): Promise<HttpResponse> {
  await ctx.rate.take(RATE_BUCKET);
  const token = await accessToken(ctx);
  const res = await ctx.http.request({
    method: req.method,
    url: req.url,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(req.etag ? { 'if-match': req.etag } : {}),
    },
    ...(req.body === undefined ? {} : { body: req.body }),
    timeoutMs: ctx.config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    okStatuses: [400, 401, 403, 404, 409, 412, 422, 429],
  });
  if (res.status >= 400) {
    if (res.status === 401) await ctx.cache.delete(TOKEN_KEY);
    throw classifyBc(res.status, res.headers, res.data);
  }
  return res;
}
