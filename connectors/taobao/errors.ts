import {
  authError,
  configError,
  ConnectorError,
  isJsonObject,
  own,
  rateLimitedError,
  rejectedError,
  transientError,
} from '../../src/sdk';

/** The fields of a TOP `error_response` that decide what happens next; messages are never copied out. */
export interface TopError {
  code: number;
  subCode: string | undefined;
  subMsg: string | undefined;
}

/** Reads `error_response` from a TOP body; undefined when the body is not an error. */
export function readTopError(body: unknown): TopError | undefined {
  if (!isJsonObject(body) || !isJsonObject(body['error_response'])) return undefined;
  const e = body['error_response'];
  const raw = e['code'];
  const code = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : Number.NaN;
  return {
    code: Number.isFinite(code) ? code : -1,
    subCode: typeof e['sub_code'] === 'string' ? e['sub_code'] : undefined,
    subMsg: typeof e['sub_msg'] === 'string' ? e['sub_msg'] : undefined,
  };
}

/** Call-count and frequency limits (user, session, partner, app, app frequency). */
const LIMIT_CODES = new Set([4, 5, 6, 7, 8]);
const LIMIT_SUB_CODES = new Set([
  'accesscontrol.limited-by-api-access-count',
  'accesscontrol.limited-by-app-access-count',
]);
/** How long to wait when a limit answer does not say: app bans run in minutes, not seconds. */
const DEFAULT_BAN_MS = 60_000;

/** `sub_msg` of a limit answer says how long the ban lasts, e.g. "This ban will last for 37 more seconds". */
export function banMs(subMsg: string | undefined): number {
  const m = subMsg === undefined ? null : /(\d+)\s*(?:more\s+)?seconds?/i.exec(subMsg);
  return m?.[1] ? Number(m[1]) * 1000 : DEFAULT_BAN_MS;
}

const SESSION_REMEDY =
  'The seller’s authorization is missing, expired or revoked. Have the shop owner authorize the application again (TOP OAuth) and save the new session key in the connection.';

/** Consignment refusals (`isv.logistics-offline-service-error:<code>`) retrying cannot fix, with a remedy. */
const LOGISTICS_REFUSALS: Readonly<Record<string, [string, string]>> = {
  B04: [
    'TAOBAO_ALREADY_SHIPPED_OR_CLOSED',
    'TOP says the trade (or these sub-orders) is already consigned with another waybill, or closed. Check the trade in 卖家中心; correct a wrong waybill there (修改物流).',
  ],
  S01: [
    'TAOBAO_ALREADY_SHIPPED_OR_CLOSED',
    'TOP says the trade is not waiting for consignment (already shipped, refunded or closed). Check the trade in 卖家中心.',
  ],
  B01: [
    'TAOBAO_TRADE_NOT_FOUND',
    'TOP does not know this trade for the authorized seller; check that the connection is the trade’s shop.',
  ],
  B60: [
    'TAOBAO_WAYBILL_INVALID',
    'TOP refused the waybill number for this company code; check the tracking number and the taobao-carriers entry.',
  ],
  P38: [
    'TAOBAO_SPLIT_REFUSED',
    'TOP refused the split consignment of these sub-orders; consign the trade by hand in 卖家中心.',
  ],
};

/** Turns a TOP `error_response` into the failure kind the queue steers by. */
export function topFailure(e: TopError, method: string): ConnectorError {
  const sub = e.subCode ?? '';
  const what = `TOP ${method} answered error ${e.code}${sub ? ` (${sub})` : ''}`;
  const o = { code: `TAOBAO_API_${e.code}` };
  if (LIMIT_CODES.has(e.code) || LIMIT_SUB_CODES.has(sub)) {
    return rateLimitedError(what, { code: 'TAOBAO_RATE_LIMITED', retryAfterMs: banMs(e.subMsg) });
  }
  if (e.code === 26 || e.code === 27 || /session/i.test(sub)) {
    return authError(what, { code: 'TAOBAO_SESSION_INVALID', remedy: SESSION_REMEDY });
  }
  if (e.code === 25 || e.code === 28 || e.code === 29) {
    return authError(what, {
      code: 'TAOBAO_APP_CREDENTIALS_INVALID',
      remedy:
        'The App Key or App Secret is wrong (error 25 is a signature made with the wrong secret or method). Copy both from the Taobao Open Platform console → the application → 应用管理/App overview, and check signMethod.',
    });
  }
  if (e.code === 11 || e.code === 12 || e.code === 13 || sub.startsWith('isv.permission')) {
    return authError(what, {
      code: 'TAOBAO_PERMISSION_MISSING',
      remedy:
        'The application lacks the trade API permission (权限包) or the seller did not grant it. Apply for the trade permission package for the application in the TOP console, then have the seller authorize again.',
    });
  }
  if (e.code === 31) {
    return configError(what, {
      code: 'TAOBAO_CLOCK_SKEW',
      remedy:
        'TOP refused the request timestamp: the hub’s clock is more than 10 minutes off. Fix NTP on the hub.',
    });
  }
  const logistics = /^isv\.logistics-(?:offline|online)-service-error:(\w+)$/.exec(sub)?.[1];
  const refusal = logistics === undefined ? undefined : own(LOGISTICS_REFUSALS, logistics);
  if (refusal) return rejectedError(what, { code: refusal[0], remedy: refusal[1] });
  // Below-100 platform errors other than these are malformed requests; isp.* sub-codes are TOP-side faults.
  if (e.code === 10 || sub.startsWith('isp.')) return transientError(what, o);
  return rejectedError(what, o);
}
