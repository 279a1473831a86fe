import {
  ConnectorError,
  authError,
  configError,
  parseRetryAfter,
  rateLimitedError,
  type ConnectorContext,
  type HttpResponse,
} from '../../src/sdk';
import { API_ORIGIN, STORE_HASH_PATTERN, type BigCommerceConfig } from './config';

/** The rate bucket every counted call takes from. */
export const RATE_BUCKET = 'bigcommerce-api';

/**
 * Standard and Plus stores get 150 requests per 30 s, shared by every app on the store. We take half of the
 * lowest plan's budget (2.5/s) and leave the rest to other apps; the headers slow us further when they use it.
 */
export const RATE_LIMIT = { ratePerSecond: 2.5, burst: 10 };

/** Below this many requests left in the store's window we wait for the window to reset. */
export const MIN_REQUESTS_LEFT = 10;

/** Used when a 429 carries no reset time: one whole quota window. */
const DEFAULT_RESET_MS = 30_000;

const STORE_HASH_RE = new RegExp(STORE_HASH_PATTERN);

/** Builds an API URL for the store, refusing a store hash that could point the token elsewhere. */
export function storeUrl(storeHash: string, path: string): string {
  if (!STORE_HASH_RE.test(storeHash)) {
    throw configError('store hash is not a BigCommerce store hash', {
      code: 'BIGCOMMERCE_STORE_HASH_INVALID',
      remedy:
        'Set storeHash to the id in the API path, e.g. abc123 from https://api.bigcommerce.com/stores/abc123/v3/.',
    });
  }
  return `${API_ORIGIN}/stores/${storeHash}${path}`;
}

/** Turns generic HTTP failures into BigCommerce codes with remedies; rate limits and 5xx pass unchanged. */
export function bigcommerceError(error: unknown): unknown {
  if (!(error instanceof ConnectorError) || error.status === undefined) return error;
  const o = { status: error.status, cause: error };
  switch (error.status) {
    case 401:
      return authError('BigCommerce refused the access token', {
        ...o,
        code: 'BIGCOMMERCE_TOKEN_INVALID',
        remedy:
          'The token is wrong or its API account was deleted. In the control panel open Settings → Store-level API accounts, create an account with Orders (read-only), and save its access token in the connection.',
      });
    case 403:
      return authError('the access token lacks the Orders scope', {
        ...o,
        code: 'BIGCOMMERCE_SCOPE_MISSING',
        remedy:
          'Edit the API account under Settings → Store-level API accounts and set OAuth scope Orders to read-only (or modify); BigCommerce keeps the token, no new one is needed.',
      });
    case 404:
      return configError('BigCommerce does not know this store', {
        ...o,
        code: 'BIGCOMMERCE_STORE_NOT_FOUND',
        remedy: 'Check storeHash: it is the id in the API path shown when the API account was created.',
      });
    default:
      return error;
  }
}

function headerNumber(res: HttpResponse, name: string): number | undefined {
  const raw = res.headers[name];
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}

/**
 * Sends one counted request (a GET unless `write` says otherwise). A 429 becomes `rate_limited` with the store's own reset time
 * (`X-Rate-Limit-Time-Reset-Ms`, which BigCommerce sends instead of Retry-After); when few requests are
 * left in the window, waits for the reset before returning so the next call does not hit the wall.
 */
export async function send(
  ctx: ConnectorContext<BigCommerceConfig>,
  path: string,
  params: Record<string, string | number> = {},
  okStatuses: readonly number[] = [],
  write?: { method: 'POST' | 'PUT' | 'DELETE'; body?: unknown },
): Promise<HttpResponse> {
  const url = storeUrl(ctx.config.storeHash, path);
  await ctx.rate.take(RATE_BUCKET);
  let res: HttpResponse;
  try {
    res = await ctx.http.request({
      url,
      params,
      headers: { 'x-auth-token': ctx.config.accessToken, accept: 'application/json' },
      okStatuses: [429, ...okStatuses],
      ...(write === undefined ? {} : { method: write.method, body: write.body }),
    });
  } catch (error) {
    throw bigcommerceError(error);
  }
  const resetMs = headerNumber(res, 'x-rate-limit-time-reset-ms');
  if (res.status === 429) {
    throw rateLimitedError('BigCommerce rate limit reached', {
      code: 'BIGCOMMERCE_RATE_LIMITED',
      status: 429,
      retryAfterMs: resetMs ?? parseRetryAfter(res.headers['retry-after']) ?? DEFAULT_RESET_MS,
    });
  }
  const left = headerNumber(res, 'x-rate-limit-requests-left');
  if (left !== undefined && resetMs !== undefined && left < MIN_REQUESTS_LEFT) {
    ctx.log.info({ left, resetMs }, 'bigcommerce quota nearly spent; waiting for the window to reset');
    await ctx.sleep(resetMs);
  }
  return res;
}
