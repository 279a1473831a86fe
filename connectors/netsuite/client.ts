import {
  authError,
  ConnectorError,
  parseRetryAfter,
  rateLimitedError,
  rejectedError,
  type ConnectorContext,
  type HttpResponse,
} from '../../src/sdk';
import {
  DEFAULT_CONCURRENCY_LIMIT,
  DEFAULT_TIMEOUT_MS,
  RATE_BUCKET,
  realm,
  restBase,
  type NetSuiteConfig,
} from './config';
import { authorizationHeader, newNonce } from './oauth1';

/** One NetSuite REST call; `path` is below `/services/rest`. */
export interface NetSuiteRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One entry of `o:errorDetails`. */
export interface ErrorDetail {
  code: string;
  detail: string;
  path?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Reads `o:errorDetails` from an error body; empty when the body is not NetSuite's error shape. */
export function errorDetails(data: unknown): ErrorDetail[] {
  if (!isRecord(data) || !Array.isArray(data['o:errorDetails'])) return [];
  const out: ErrorDetail[] = [];
  for (const d of data['o:errorDetails']) {
    if (!isRecord(d)) continue;
    const code = typeof d['o:errorCode'] === 'string' ? d['o:errorCode'] : 'UNKNOWN';
    const detail = typeof d.detail === 'string' ? d.detail : '';
    const path = typeof d['o:errorPath'] === 'string' ? d['o:errorPath'] : undefined;
    out.push({ code, detail, ...(path ? { path } : {}) });
  }
  return out;
}

export const LOGIN_REMEDY =
  'NetSuite refused the token: check the account id, consumer key/secret and token id/secret, that the token ' +
  'is not revoked, and the Login Audit Trail (Setup > Users/Roles > User Management > View Login Audit Trail).';
export const PERMISSION_REMEDY =
  'Give the token’s role the permissions REST Web Services, Log in using Access Tokens, Sales Order (Create/Edit) ' +
  'and, for shipments, Item Fulfillment (View) and SuiteAnalytics Workbook.';

/** Classifies a NetSuite 4xx answer by its `o:errorCode`, then by status. */
export function classifyError(
  status: number,
  headers: Record<string, string>,
  data: unknown,
): ConnectorError {
  const details = errorDetails(data);
  const codes = details.map((d) => d.code);
  const first = details[0];
  if (status === 429 || codes.includes('CONCURRENCY_LIMIT_EXCEEDED')) {
    return rateLimitedError(`NetSuite concurrency limit reached (${status})`, {
      code: 'NETSUITE_CONCURRENCY_LIMIT',
      status,
      retryAfterMs: parseRetryAfter(headers['retry-after']) ?? 1000,
      remedy: 'Lower concurrencyLimit to the account’s real limit, or buy SuiteCloud Plus licences.',
    });
  }
  if (status === 401 || codes.includes('INVALID_LOGIN')) {
    return authError('NetSuite refused the login (INVALID_LOGIN)', {
      code: 'NETSUITE_LOGIN_INVALID',
      status,
      remedy: LOGIN_REMEDY,
    });
  }
  if (status === 403) {
    return authError(`NetSuite denied access (${first?.code ?? status})`, {
      code: 'NETSUITE_PERMISSION_DENIED',
      status,
      remedy: PERMISSION_REMEDY,
    });
  }
  // NetSuite details name the field and the offending internal id, never customer data; cap the length anyway.
  const where = first?.path ? ` at ${first.path}` : '';
  const text = first ? `${first.code}${where}: ${first.detail.slice(0, 240)}` : `HTTP ${status}`;
  return rejectedError(`NetSuite refused the sales order: ${text}`, {
    code: `NETSUITE_${/^[A-Z0-9_]+$/.test(first?.code ?? '') ? first?.code : 'REJECTED'}`,
    status,
    remedy: 'Fix the lookup tables or the record in NetSuite named in the message, then replay the order.',
  });
}

/** URL with its query string: the signature covers the query, so both are built once, here. */
export function requestUrl(config: NetSuiteConfig, path: string, query?: Record<string, string>): string {
  const qs = query && Object.keys(query).length > 0 ? `?${new URLSearchParams(query).toString()}` : '';
  return `${restBase(config.accountId)}${path}${qs}`;
}

/**
 * Sends one signed request after taking from the account's concurrency budget. 4xx bodies are classified by
 * their NetSuite error code; 5xx and transport failures come classified from the SDK (transient).
 */
export async function nsRequest(
  ctx: ConnectorContext<NetSuiteConfig>,
  req: NetSuiteRequest,
): Promise<HttpResponse> {
  const { config } = ctx;
  await ctx.rate.take(
    RATE_BUCKET,
    DEFAULT_CONCURRENCY_LIMIT / (config.concurrencyLimit ?? DEFAULT_CONCURRENCY_LIMIT),
  );
  const url = requestUrl(config, req.path, req.query);
  const authorization = authorizationHeader(
    {
      realm: realm(config.accountId),
      consumerKey: config.consumerKey,
      consumerSecret: config.consumerSecret,
      tokenId: config.tokenId,
      tokenSecret: config.tokenSecret,
    },
    req.method,
    url,
    newNonce(),
    Math.floor(ctx.clock.now().getTime() / 1000),
  );
  const res = await ctx.http.request({
    method: req.method,
    url,
    headers: {
      authorization,
      accept: 'application/json',
      ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...req.headers,
    },
    ...(req.body === undefined ? {} : { body: req.body }),
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    okStatuses: [400, 401, 403, 429],
  });
  if (res.status >= 400) throw classifyError(res.status, res.headers, res.data);
  return res;
}
