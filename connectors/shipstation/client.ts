import {
  type CheckFailureTexts,
  type StatusRestatement,
  checkFailureOf,
  restateHttpFailure,
  textField,
  isJsonObject,
  configError,
  ConnectorError,
  rateLimitedError,
  rejectedError,
  transientError,
  type CheckResult,
  type ConnectorContext,
  type HttpRequest,
  type HttpResponse,
} from '../../src/sdk';
import { BASE_URL, type ShipStationConfig } from './config';
import { isTimeZone } from './time-zone';

/** Token bucket every call takes from: V1 allows 40 requests a minute per API key. */
export const RATE_BUCKET = 'api';

/** Longest pause taken on the rate-limit headers (one V1 window). */
const MAX_PAUSE_MS = 60_000;

const CREDENTIALS_REMEDY =
  'In ShipStation open Settings → Account → API Settings, copy the V1 API Key and API Secret (regenerating them ' +
  'invalidates the old pair) and save both in this connection. Only the account owner can see them.';

/** `X-Rate-Limit-Reset` (seconds until the window resets) in milliseconds, when present. */
function resetMs(headers: Record<string, string>): number | undefined {
  const raw = headers['x-rate-limit-reset'];
  if (raw === undefined || !/^\d+(\.\d+)?$/.test(raw.trim())) return undefined;
  return Math.min(MAX_PAUSE_MS, Math.ceil(Number(raw) * 1000));
}

/**
 * The error text ShipStation put in a 4xx body (ASP.NET style: `Message`, `ExceptionMessage`, `ModelState`),
 * cut short. It names fields and rules, never our payload, but it is capped so an echoed value stays small.
 */
export function remoteMessage(data: unknown): string {
  if (typeof data === 'string') return data.slice(0, 300) || 'no message';
  if (!isJsonObject(data)) return 'no message';
  const parts = [textField(data, 'Message'), textField(data, 'ExceptionMessage')].filter(
    (p): p is string => !!p,
  );
  const state = data['ModelState'];
  if (isJsonObject(state)) {
    for (const [field, messages] of Object.entries(state)) {
      if (Array.isArray(messages))
        parts.push(`${field}: ${messages.filter((m) => typeof m === 'string').join('; ')}`);
    }
  }
  return parts.join(' – ').slice(0, 300) || 'no message';
}

/** The SDK's generic HTTP failures restated as ShipStation codes with remedies ops can act on. */
const HTTP_FAILURES: Readonly<Record<number, StatusRestatement>> = {
  401: {
    kind: 'auth',
    message: 'ShipStation refused the API key and secret',
    code: 'SHIPSTATION_CREDENTIALS_INVALID',
    remedy: CREDENTIALS_REMEDY,
  },
  403: {
    kind: 'auth',
    message: 'ShipStation refused access for these credentials',
    code: 'SHIPSTATION_ACCESS_DENIED',
    remedy:
      'The account may lack API access on its plan, or the key belongs to another account: check the plan and the key under Settings → Account → API Settings.',
  },
  404: {
    kind: 'config',
    message: 'ShipStation does not know the requested resource',
    code: 'SHIPSTATION_NOT_FOUND',
    remedy: 'Check storeId: it must be one of the stores GET /stores lists for this account.',
  },
};

/** Options of `call`. */
export interface CallOptions {
  /** A 400 refuses the order (rejected) rather than pointing at a wrong setting (config). */
  refusesOrder?: boolean;
}

/**
 * One V1 call: takes from the rate bucket, sends Basic credentials, turns 429 into `rate_limited` waiting for
 * `X-Rate-Limit-Reset`, and pauses when the window is used up so the next call does not earn a 429.
 */
export async function call(
  ctx: ConnectorContext<ShipStationConfig>,
  req: Omit<HttpRequest, 'url' | 'okStatuses'> & { path: string },
  options: CallOptions = {},
): Promise<HttpResponse> {
  await ctx.rate.take(RATE_BUCKET);
  const { path, ...rest } = req;
  const basic = Buffer.from(`${ctx.config.apiKey}:${ctx.config.apiSecret}`, 'utf8').toString('base64');
  let res: HttpResponse;
  try {
    res = await ctx.http.request({
      ...rest,
      url: `${BASE_URL}${path}`,
      headers: {
        authorization: `Basic ${basic}`,
        accept: 'application/json',
        'content-type': 'application/json',
      },
      okStatuses: [400, 429],
    });
  } catch (error) {
    throw restateHttpFailure(error, HTTP_FAILURES);
  }
  if (res.status === 429) {
    throw rateLimitedError('ShipStation rate limit reached (40 requests a minute)', {
      code: 'SHIPSTATION_RATE_LIMITED',
      status: 429,
      retryAfterMs: resetMs(res.headers) ?? MAX_PAUSE_MS,
    });
  }
  if (res.status === 400) {
    const message = `ShipStation refused the request: ${remoteMessage(res.data)}`;
    if (options.refusesOrder) throw rejectedError(message, { code: 'SHIPSTATION_VALIDATION', status: 400 });
    throw configError(message, {
      code: 'SHIPSTATION_BAD_REQUEST',
      status: 400,
      remedy: 'Check the connection settings (storeId, timeZone) against the ShipStation account.',
    });
  }
  if (res.headers['x-rate-limit-remaining']?.trim() === '0') {
    const wait = resetMs(res.headers);
    if (wait !== undefined && wait > 0) {
      ctx.log.info({ waitMs: wait }, 'shipstation rate window used up; pausing');
      await ctx.sleep(wait);
    }
  }
  return res;
}

/** A 2xx body that is not the object the endpoint documents: retry, ShipStation may be mid-deploy. */
export function unexpected(what: string, status: number): ConnectorError {
  return transientError(`ShipStation answered ${what} without the documented body`, {
    code: 'SHIPSTATION_UNEXPECTED_RESPONSE',
    status,
  });
}

/** What a failed check tells ops when the error carries no remedy of its own. */
const CHECK_TEXTS: CheckFailureTexts = {
  rateLimited: {
    ok: false,
    code: 'SHIPSTATION_RATE_LIMITED',
    message: 'ShipStation is rate-limiting these credentials right now',
    remedy:
      'Try again in a minute; if it persists, another app is using the same key (V1 allows 40 requests a minute per key).',
  },
  unreachable: (code) => ({
    ok: false,
    code: 'SHIPSTATION_UNREACHABLE',
    message: `could not reach ssapi.shipstation.com (${code})`,
    remedy: 'Check the hub’s outbound network (DNS, firewall, proxy).',
  }),
  unavailable: (status) => ({
    ok: false,
    code: 'SHIPSTATION_UNAVAILABLE',
    message: `ShipStation answered ${status}`,
    remedy: 'ShipStation may be having trouble; see status.shipstation.com and try again later.',
  }),
};

const failure = (error: unknown): CheckResult => checkFailureOf(error, CHECK_TEXTS);

/** Proves the credentials with `GET /stores` and, when set, that `storeId` is one of the account's stores. */
export async function checkConnection(ctx: ConnectorContext<ShipStationConfig>): Promise<CheckResult> {
  const zone = ctx.config.timeZone;
  if (zone !== undefined && !isTimeZone(zone)) {
    return {
      ok: false,
      code: 'SHIPSTATION_TIME_ZONE_INVALID',
      message: `time zone "${zone}" is not an IANA zone`,
      remedy: 'Set timeZone to an IANA zone name such as America/Los_Angeles, or leave it empty.',
    };
  }
  let res: HttpResponse;
  try {
    res = await call(ctx, { path: '/stores', params: { showInactive: false } });
  } catch (error) {
    return failure(error);
  }
  const stores = Array.isArray(res.data) ? res.data.filter(isJsonObject) : undefined;
  if (!stores) return failure(unexpected('GET /stores', res.status));
  const { storeId } = ctx.config;
  if (storeId === undefined)
    return {
      ok: true,
      detail: `Credentials work; ${stores.length} active store(s); orders go to the manual store.`,
    };
  const store = stores.find((s) => s['storeId'] === storeId);
  if (!store) {
    const ids = stores.map((s) => s['storeId']).filter((id) => typeof id === 'number');
    return {
      ok: false,
      code: 'SHIPSTATION_STORE_NOT_FOUND',
      message: `store ${storeId} is not an active store of this account`,
      remedy: `Set storeId to one of the account’s active stores (${ids.join(', ') || 'none'}), or leave it empty.`,
    };
  }
  return {
    ok: true,
    detail: `Credentials work; orders go to store "${textField(store, 'storeName') ?? storeId}".`,
  };
}
