import {
  type CheckFailureTexts,
  type StatusRestatement,
  checkFailureOf,
  restateHttpFailure,
  type JsonObject,
  numberField,
  textField,
  isJsonObject,
  ConnectorError,
  parseRetryAfter,
  rateLimitedError,
  rejectedError,
  transientError,
  type CheckResult,
  type ConnectorContext,
  type HttpRequest,
  type HttpResponse,
} from '../../src/sdk';
import { baseUrl, type ShipBobConfig } from './config';

/** Token bucket every call takes from. */
export const RATE_BUCKET = 'api';

/**
 * ShipBob allows 150 requests in any sliding minute. A bucket of 30 refilled at 2 a second can spend at most
 * 30 + 120 = 150 in one minute, so it never earns a 429 on its own.
 */
export const RATE_LIMIT = { ratePerSecond: 2, burst: 30 };

const TOKEN_REMEDY =
  'Create a Personal Access Token in the ShipBob dashboard (Integrations → API Tokens) for the account the orders ' +
  'belong to, and save it in this connection. A sandbox token only works with environment "sandbox".';

/**
 * The error text of a 4xx body, cut short: ShipBob answers problem-details objects (`title`, `errors` by field),
 * plain strings or `{ message }`. Field rules only; capped so an echoed value stays small.
 */
export function remoteMessage(data: unknown): string {
  if (typeof data === 'string') return data.slice(0, 300) || 'no message';
  const parts: string[] = [];
  const collect = (value: unknown, field?: string): void => {
    if (typeof value === 'string') parts.push(field ? `${field}: ${value}` : value);
    else if (Array.isArray(value)) value.forEach((v) => collect(v, field));
    else if (isJsonObject(value)) {
      for (const key of ['message', 'title', 'detail', 'error']) {
        const t = textField(value, key);
        if (t) parts.push(field ? `${field}: ${t}` : t);
      }
      const errors = value['errors'];
      if (isJsonObject(errors)) for (const [f, v] of Object.entries(errors)) collect(v, f);
      else if (errors !== undefined) collect(errors, field);
    }
  };
  collect(data);
  return parts.join(' – ').slice(0, 300) || 'no message';
}

/** The SDK's generic HTTP failures restated as ShipBob codes with remedies ops can act on. */
const HTTP_FAILURES: Readonly<Record<number, StatusRestatement>> = {
  401: {
    kind: 'auth',
    message: 'ShipBob refused the access token',
    code: 'SHIPBOB_TOKEN_INVALID',
    remedy: TOKEN_REMEDY,
  },
  403: {
    kind: 'auth',
    message: 'the token may not act on this channel',
    code: 'SHIPBOB_CHANNEL_FORBIDDEN',
    remedy:
      'Set channelId to the channel GET /channel lists with the orders_write scope for this token (your integration’s own channel).',
  },
  404: {
    kind: 'config',
    message: 'ShipBob does not know the requested resource',
    code: 'SHIPBOB_NOT_FOUND',
    remedy: 'Check environment (production or sandbox) and that the token belongs to that environment.',
  },
};

/**
 * One ShipBob call: takes from the rate bucket, sends the bearer token and `shipbob_channel_id`, and turns 429 into
 * `rate_limited` waiting `x-retry-after` seconds. Statuses in `answer` come back to the caller, which reads their body.
 */
export async function call(
  ctx: ConnectorContext<ShipBobConfig>,
  req: Omit<HttpRequest, 'url' | 'okStatuses'> & { path: string; channel?: boolean },
  answer: readonly number[] = [],
): Promise<HttpResponse> {
  await ctx.rate.take(RATE_BUCKET);
  const { path, channel = true, ...rest } = req;
  const headers: Record<string, string> = {
    authorization: `Bearer ${ctx.config.accessToken}`,
    accept: 'application/json',
    'content-type': 'application/json',
  };
  if (channel) headers['shipbob_channel_id'] = String(ctx.config.channelId);
  let res: HttpResponse;
  try {
    res = await ctx.http.request({
      ...rest,
      url: `${baseUrl(ctx.config)}${path}`,
      headers,
      okStatuses: [...answer, 429],
    });
  } catch (error) {
    throw restateHttpFailure(error, HTTP_FAILURES);
  }
  if (res.status === 429) {
    const retryAfterMs =
      parseRetryAfter(res.headers['x-retry-after']) ?? parseRetryAfter(res.headers['retry-after']) ?? 60_000;
    throw rateLimitedError('ShipBob rate limit reached (150 requests a minute)', {
      code: 'SHIPBOB_RATE_LIMITED',
      status: 429,
      retryAfterMs,
    });
  }
  return res;
}

/** A 2xx body that is not what the endpoint documents: retry, ShipBob may be mid-deploy. */
export function unexpected(what: string, status: number): ConnectorError {
  return transientError(`ShipBob answered ${what} without the documented body`, {
    code: 'SHIPBOB_UNEXPECTED_RESPONSE',
    status,
  });
}

/** A refused order, with ShipBob's reason. */
export function refused(res: HttpResponse, code = 'SHIPBOB_VALIDATION'): ConnectorError {
  return rejectedError(`ShipBob refused the order: ${remoteMessage(res.data)}`, { code, status: res.status });
}

/** The order ShipBob holds under our reference id, or undefined. */
export async function findByReference(
  ctx: ConnectorContext<ShipBobConfig>,
  referenceId: string,
): Promise<JsonObject | undefined> {
  const res = await call(ctx, { path: '/order', params: { ReferenceIds: referenceId, Limit: 1 } });
  if (!Array.isArray(res.data)) throw unexpected('GET /order', res.status);
  return res.data.filter(isJsonObject).find((o) => textField(o, 'reference_id') === referenceId);
}

/** ShipBob's numeric order id of an order object. */
export function orderIdOf(order: JsonObject): number | undefined {
  return numberField(order, 'id');
}

/** What a failed check tells ops when the error carries no remedy of its own. */
const CHECK_TEXTS: CheckFailureTexts = {
  rateLimited: {
    ok: false,
    code: 'SHIPBOB_RATE_LIMITED',
    message: 'ShipBob is rate-limiting this token right now',
    remedy: 'Try again in a minute; if it persists, another integration uses up the 150 requests a minute.',
  },
  unreachable: (code) => ({
    ok: false,
    code: 'SHIPBOB_UNREACHABLE',
    message: `could not reach ShipBob (${code})`,
    remedy: 'Check the hub’s outbound network (DNS, firewall, proxy).',
  }),
  unavailable: (status) => ({
    ok: false,
    code: 'SHIPBOB_UNAVAILABLE',
    message: `ShipBob answered ${status}`,
    remedy: 'ShipBob may be having trouble; try again later.',
  }),
};

const failure = (error: unknown): CheckResult => checkFailureOf(error, CHECK_TEXTS);

/** Proves the token with `GET /channel` and that `channelId` is one of its channels with `orders_write`. */
export async function checkConnection(ctx: ConnectorContext<ShipBobConfig>): Promise<CheckResult> {
  let res: HttpResponse;
  try {
    res = await call(ctx, { path: '/channel', channel: false });
  } catch (error) {
    return failure(error);
  }
  if (!Array.isArray(res.data)) return failure(unexpected('GET /channel', res.status));
  const channels = res.data.filter(isJsonObject);
  const writable = channels
    .filter((c) => Array.isArray(c['scopes']) && c['scopes'].includes('orders_write'))
    .map((c) => numberField(c, 'id'))
    .filter((id): id is number => id !== undefined);
  const channel = channels.find((c) => numberField(c, 'id') === ctx.config.channelId);
  if (!channel) {
    return {
      ok: false,
      code: 'SHIPBOB_CHANNEL_NOT_FOUND',
      message: `channel ${ctx.config.channelId} is not a channel of this token`,
      remedy: `Set channelId to the token’s channel with orders_write scope (${writable.join(', ') || 'none found'}).`,
    };
  }
  const scopes = channel['scopes'];
  if (!Array.isArray(scopes) || !scopes.includes('orders_write')) {
    return {
      ok: false,
      code: 'SHIPBOB_CHANNEL_READ_ONLY',
      message: `channel ${ctx.config.channelId} has no orders_write scope`,
      remedy: `Orders can only be created on the token’s own channel: use ${writable.join(', ') || 'the channel with orders_write'}.`,
    };
  }
  return {
    ok: true,
    detail: `Token works; orders go to channel "${textField(channel, 'name') ?? ctx.config.channelId}".`,
  };
}
