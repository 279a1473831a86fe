import http from 'node:http';
import https from 'node:https';
import axios, { AxiosError, type AxiosInstance } from 'axios';
import { ConnectorError } from './errors';
import { checkOutboundUrl, ForbiddenAddressError, guardedLookup } from './net-guard';
import type { Logger } from './context';

/** One outbound request. */
export interface HttpRequest {
  /** Default `GET`. */
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** Query parameters; undefined values are left out. */
  params?: Record<string, string | number | boolean | undefined>;
  /** A string or Buffer is sent as is; anything else as JSON. */
  body?: unknown;
  /** Default: the client's `timeoutMs`. */
  timeoutMs?: number;
  /** Statuses to return to the caller instead of throwing (e.g. `[404]` for a look-up that may miss). */
  okStatuses?: readonly number[];
  /** `json` (default) parses JSON bodies when the response says so; `text` always gives a string. */
  responseType?: 'json' | 'text';
}

/** A response with lower-cased header names. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  data: unknown;
}

/** What connectors call for every outbound request: `ctx.http`. */
export interface HttpClient {
  /** Sends a request; non-2xx answers (other than `okStatuses`) throw a classified `ConnectorError`. */
  request(req: HttpRequest): Promise<HttpResponse>;
}

/** Options of `createHttpClient`. */
export interface HttpClientOptions {
  /** Per-request timeout. Default 15 000 ms. */
  timeoutMs?: number;
  /** Allow loopback/private/link-local targets (local development and tests). Default false. */
  allowPrivate?: boolean;
  /** Aborts every request of this client, e.g. on shutdown. */
  signal?: AbortSignal;
  log?: Logger;
  /** Prefix for error codes, e.g. `SHOPIFY` gives `SHOPIFY_HTTP_429`. Default `HTTP`. */
  codePrefix?: string;
  /** Called with every response before classification (rate-budget bookkeeping). */
  onResponse?: (res: HttpResponse) => void;
}

const agents = {
  guarded: {
    http: new http.Agent({ keepAlive: true, lookup: guardedLookup }),
    https: new https.Agent({ keepAlive: true, lookup: guardedLookup }),
  },
  open: { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) },
};

let shared: AxiosInstance | undefined;
function instance(): AxiosInstance {
  shared ??= axios.create({
    validateStatus: () => true,
    maxRedirects: 0,
    transitional: { clarifyTimeoutError: true },
  });
  return shared;
}

/** Parses `Retry-After` (delta seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function lowerHeaders(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw)) {
      if (typeof v === 'string') out[k.toLowerCase()] = v;
      else if (Array.isArray(v)) out[k.toLowerCase()] = v.join(', ');
      else if (typeof v === 'number') out[k.toLowerCase()] = String(v);
    }
  }
  return out;
}

/** Maps an HTTP status to what the queue should do next. */
export function classifyStatus(
  status: number,
  headers: Record<string, string>,
  where: string,
  prefix: string,
): ConnectorError {
  const code = prefix === 'HTTP' ? `HTTP_${status}` : `${prefix}_HTTP_${status}`;
  const message = `${where} answered ${status}`;
  const retryAfterMs = parseRetryAfter(headers['retry-after']);
  if (status === 429)
    return new ConnectorError('rate_limited', message, { code, status, retryAfterMs: retryAfterMs ?? 1000 });
  if (status === 401 || status === 403) {
    return new ConnectorError('auth', message, {
      code,
      status,
      remedy: 'Check the connection’s credentials and the permissions (scopes) granted to them.',
    });
  }
  if (status === 409) return new ConnectorError('conflict', message, { code, status });
  if (status === 408 || status >= 500) {
    return new ConnectorError('transient', message, {
      code,
      status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  if (status === 404 || status === 405 || status === 410 || (status >= 300 && status < 400)) {
    return new ConnectorError('config', message, {
      code,
      status,
      remedy: 'Check the connection’s URL or account settings.',
    });
  }
  return new ConnectorError('rejected', message, { code, status });
}

function classifyTransport(error: unknown, where: string, prefix: string): ConnectorError {
  const cause = error instanceof AxiosError && error.cause ? error.cause : error;
  if (cause instanceof ForbiddenAddressError) {
    return new ConnectorError('config', cause.message, {
      code: 'HTTP_URL_FORBIDDEN',
      remedy: 'Use a public address, or set ORDERHUB_ALLOW_PRIVATE_URLS=true for local development.',
    });
  }
  if (error instanceof TypeError && 'code' in error && error.code === 'ERR_INVALID_URL') {
    return new ConnectorError('config', `${where}: not a valid URL`, {
      code: `${prefix}_URL_INVALID`,
      remedy: 'Fix the connection’s URL.',
    });
  }
  const errCode = error instanceof AxiosError ? error.code : undefined;
  if (errCode === 'ETIMEDOUT' || errCode === 'ECONNABORTED') {
    return new ConnectorError('transient', `${where} timed out`, { code: `${prefix}_TIMEOUT`, cause: error });
  }
  if (errCode === 'ERR_CANCELED') {
    return new ConnectorError('transient', `${where} was cancelled`, {
      code: `${prefix}_CANCELLED`,
      cause: error,
    });
  }
  return new ConnectorError('transient', `${where} failed: ${errCode ?? 'network error'}`, {
    code: `${prefix}_NETWORK`,
    cause: error,
  });
}

/**
 * Builds the HTTP client handed to connectors as `ctx.http`: timeouts, keep-alive, an SSRF guard that
 * checks every resolved address, and failures classified into the SDK's failure kinds with `Retry-After`.
 * Logs carry method, host and path only: never query strings, headers or bodies.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const allowPrivate = options.allowPrivate ?? false;
  const prefix = options.codePrefix ?? 'HTTP';
  const pool = allowPrivate ? agents.open : agents.guarded;
  const hasHeader = (headers: Record<string, string> | undefined, name: string): boolean =>
    Object.keys(headers ?? {}).some((k) => k.toLowerCase() === name);
  return {
    async request(req) {
      let url: URL;
      try {
        url = checkOutboundUrl(req.url, allowPrivate);
      } catch (error) {
        throw classifyTransport(error, `${req.method ?? 'GET'} (refused URL)`, prefix);
      }
      const method = req.method ?? 'GET';
      const where = `${method} ${url.host}${url.pathname}`;
      const isRaw = typeof req.body === 'string' || Buffer.isBuffer(req.body);
      const started = Date.now();
      let res;
      try {
        res = await instance().request({
          method,
          url: req.url,
          headers: {
            'user-agent': 'OrderHub/0.1',
            // An object body is sent as JSON; axios would label the serialised string as a form otherwise.
            ...(req.body !== undefined && !isRaw && !hasHeader(req.headers, 'content-type')
              ? { 'content-type': 'application/json' }
              : {}),
            ...req.headers,
          },
          params: req.params,
          data: req.body === undefined ? undefined : isRaw ? req.body : JSON.stringify(req.body),
          timeout: req.timeoutMs ?? timeoutMs,
          signal: options.signal,
          httpAgent: pool.http,
          httpsAgent: pool.https,
          responseType: 'text',
          transformResponse: [(d: unknown) => d],
        });
      } catch (error) {
        options.log?.debug({ where, ms: Date.now() - started }, 'http request failed');
        throw classifyTransport(error, where, prefix);
      }
      const headers = lowerHeaders(res.headers);
      const text = typeof res.data === 'string' ? res.data : '';
      let data: unknown = text;
      if (
        req.responseType !== 'text' &&
        text.length > 0 &&
        (headers['content-type'] ?? '').includes('json')
      ) {
        try {
          data = JSON.parse(text);
        } catch {
          data = text;
        }
      }
      const response: HttpResponse = { status: res.status, headers, data };
      options.log?.debug({ where, status: res.status, ms: Date.now() - started }, 'http request');
      options.onResponse?.(response);
      if ((res.status >= 200 && res.status < 300) || req.okStatuses?.includes(res.status)) return response;
      throw classifyStatus(res.status, headers, where, prefix);
    },
  };
}
