import { authError, ConnectorError, isJsonObject, rateLimitedError, rejectedError } from '../../src/sdk';

/** The fields of a Pinduoduo `error_response` that decide what happens next; messages are never copied out. */
export interface PddError {
  code: number;
  subCode: string | undefined;
}

/** Reads `error_response` from a Pinduoduo body; undefined when the body is not an error. */
export function readPddError(body: unknown): PddError | undefined {
  if (!isJsonObject(body) || !isJsonObject(body['error_response'])) return undefined;
  const e = body['error_response'];
  const raw = e['error_code'];
  const code = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : Number.NaN;
  const sub = e['sub_code'];
  return {
    code: Number.isFinite(code) ? code : -1,
    subCode: typeof sub === 'string' ? sub : typeof sub === 'number' ? String(sub) : undefined,
  };
}

/** Pinduoduo limits calls per second; the platform states no wait, so one is assumed. */
const RATE_LIMIT_WAIT_MS = 5_000;

/** Error codes with a known meaning; everything else is a refusal of this request. */
const RATE_LIMITED = new Set([70031]);
const TOKEN_INVALID = new Set([10019]);

/** Turns a Pinduoduo `error_response` into the failure kind the queue steers by. */
export function pddFailure(e: PddError, type: string): ConnectorError {
  const what = `Pinduoduo ${type} answered error ${e.code}${e.subCode ? ` (${e.subCode})` : ''}`;
  if (RATE_LIMITED.has(e.code)) {
    return rateLimitedError(what, { code: 'PINDUODUO_RATE_LIMITED', retryAfterMs: RATE_LIMIT_WAIT_MS });
  }
  if (TOKEN_INVALID.has(e.code)) {
    return authError(what, {
      code: 'PINDUODUO_TOKEN_EXPIRED',
      remedy:
        'The shop’s access_token has expired or was revoked. Have the merchant authorize the application again (or refresh the token with its refresh_token) and save the new access_token in the connection.',
    });
  }
  return rejectedError(what, { code: `PINDUODUO_API_${e.code}` });
}
