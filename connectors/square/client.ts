import {
  ConnectorError,
  authError,
  configError,
  parseRetryAfter,
  rateLimitedError,
  type ConnectorContext,
  type HttpResponse,
} from '../../src/sdk';
import { HOSTS, SQUARE_VERSION, type SquareConfig } from './config';

/** The rate bucket every call takes from. */
export const RATE_BUCKET = 'square-api';

/**
 * Square does not publish its limits ("we don't document the limits"), so the budget is our own: 5 requests a
 * second, bursts of 10, well under what sellers' POS integrations commonly run at.
 */
export const RATE_LIMIT = { ratePerSecond: 5, burst: 10 };

/** Square sends 429 without Retry-After; wait this long before the queue retries. */
export const DEFAULT_RETRY_AFTER_MS = 5_000;

/** The `code` of each entry of a Square `errors` body. */
export function errorCodes(res: HttpResponse): string[] {
  const data = res.data;
  if (typeof data !== 'object' || data === null || !('errors' in data) || !Array.isArray(data.errors))
    return [];
  return data.errors.flatMap((e: unknown) =>
    typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? [e.code] : [],
  );
}

/** Turns a failed answer into a Square-specific error with a remedy; 5xx stay transient. */
function squareError(res: HttpResponse, where: string): ConnectorError | undefined {
  const codes = errorCodes(res);
  const o = { status: res.status };
  if (res.status === 401) {
    return authError(`Square refused the access token (${codes.join(', ') || 'UNAUTHORIZED'})`, {
      ...o,
      code: 'SQUARE_TOKEN_INVALID',
      remedy:
        'The token is wrong, revoked or expired (OAuth tokens last 30 days unless refreshed). Copy a current access token from the Developer Console → the application → Credentials (or re-authorise the seller) and save it in the connection; check environment matches the token (sandbox tokens only work with sandbox).',
    });
  }
  if (res.status === 403) {
    return authError('the access token lacks a required permission', {
      ...o,
      code: 'SQUARE_SCOPE_MISSING',
      remedy:
        'Re-authorise the seller with ORDERS_READ (and MERCHANT_PROFILE_READ when no locationIds are set), then save the new token.',
    });
  }
  if (res.status === 429) {
    return rateLimitedError('Square rate limit reached', {
      ...o,
      code: 'SQUARE_RATE_LIMITED',
      retryAfterMs: parseRetryAfter(res.headers['retry-after']) ?? DEFAULT_RETRY_AFTER_MS,
    });
  }
  if (res.status === 400 && codes.some((c) => c === 'NOT_FOUND' || c === 'INVALID_VALUE')) {
    return configError(`${where}: Square refused the request (${codes.join(', ')})`, {
      ...o,
      code: 'SQUARE_LOCATION_INVALID',
      remedy: 'Check locationIds: each must be a location id of this seller (Square Dashboard → Locations).',
    });
  }
  return undefined;
}

/**
 * Sends one counted request with the pinned version and the bearer token. Statuses in `accept` come back to the
 * caller unclassified (write-back reads 400/404/409 bodies itself).
 */
export async function call(
  ctx: ConnectorContext<SquareConfig>,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
  accept: readonly number[] = [],
): Promise<HttpResponse> {
  const env = ctx.config.environment;
  const origin = Object.hasOwn(HOSTS, env) ? HOSTS[env] : undefined;
  if (origin === undefined) {
    throw configError('unknown Square environment', {
      code: 'SQUARE_ENVIRONMENT_INVALID',
      remedy: 'Set environment to production or sandbox.',
    });
  }
  await ctx.rate.take(RATE_BUCKET);
  const res = await ctx.http.request({
    method,
    url: `${origin}${path}`,
    headers: {
      authorization: `Bearer ${ctx.config.accessToken}`,
      'square-version': SQUARE_VERSION,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body }),
    okStatuses: [400, 401, 403, 429, ...accept],
  });
  if ((res.status >= 200 && res.status < 300) || accept.includes(res.status)) return res;
  throw (
    squareError(res, `${method} ${path}`) ??
    new ConnectorError('rejected', `${method} ${path} answered ${res.status}`, {
      code: `SQUARE_HTTP_${res.status}`,
      status: res.status,
    })
  );
}
