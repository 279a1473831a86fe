import type { CheckResult } from './define';
import { ConnectorError, type FailureKind } from './errors';

/** How a connector restates one HTTP status the SDK classified generically. */
export interface StatusRestatement {
  kind: FailureKind;
  message: string;
  /** The connector's own code, e.g. `SHIPBOB_TOKEN_INVALID`. */
  code: string;
  remedy?: string;
}

/**
 * Restates a `ConnectorError` the SDK's HTTP client threw for a status listed in `byStatus` with the connector's
 * kind, message, code and remedy, keeping the status and the original as `cause`. Anything else — another
 * status, a transport failure without one, a non-ConnectorError — comes back unchanged, to be rethrown.
 */
export function restateHttpFailure(
  error: unknown,
  byStatus: Readonly<Partial<Record<number, StatusRestatement>>>,
): unknown {
  if (!(error instanceof ConnectorError) || error.status === undefined) return error;
  const rule = byStatus[error.status];
  if (!rule) return error;
  return new ConnectorError(rule.kind, rule.message, {
    code: rule.code,
    status: error.status,
    cause: error,
    ...(rule.remedy === undefined ? {} : { remedy: rule.remedy }),
  });
}

/** A failed check as ops read it. */
export type CheckFailure = Extract<CheckResult, { ok: false }>;

/** What `checkFailureOf` answers for the failures that carry no remedy of their own. */
export interface CheckFailureTexts {
  /** The remote is rate-limiting the connection right now. */
  rateLimited: CheckFailure;
  /** No HTTP answer at all (DNS, connect, timeout); gets the transport error's code. */
  unreachable: (code: string) => CheckFailure;
  /** Any other HTTP status. */
  unavailable: (status: number) => CheckFailure;
}

/**
 * Turns what a connection check threw into a failed `CheckResult`: auth and config errors that carry a remedy
 * pass through as they are; rate limits, unreachable remotes and other statuses get the connector's texts.
 * Anything that is not a `ConnectorError` is a bug and is rethrown.
 */
export function checkFailureOf(error: unknown, texts: CheckFailureTexts): CheckFailure {
  if (!(error instanceof ConnectorError)) throw error;
  if (error.remedy !== undefined && (error.kind === 'auth' || error.kind === 'config'))
    return { ok: false, code: error.code, message: error.message, remedy: error.remedy };
  if (error.kind === 'rate_limited') return texts.rateLimited;
  if (error.status === undefined) return texts.unreachable(error.code);
  return texts.unavailable(error.status);
}

/** The code and remedy a failed check gets; the message stays the error's own. */
export interface CheckAdvice {
  code: string;
  remedy: string;
}

/** What `gatewayCheckFailureOf` answers for the failures that carry no remedy of their own. */
export interface GatewayCheckTexts {
  /** The gateway is limiting this application's calls (quota used up, temporary ban). */
  rateLimited: CheckAdvice;
  /** No HTTP answer at all: network, timeout or cancellation. */
  unreachable: CheckAdvice;
  /** Any other refusal, which keeps the gateway's own (namespaced) error code and message. */
  refusedRemedy: string;
}

const TRANSPORT_CODE = /^HTTP_(NETWORK|TIMEOUT|CANCELLED)$/;

/**
 * `checkFailureOf` for signed-gateway channels (TOP, Pinduoduo) whose refusals carry the gateway's own error
 * code, which ops look up in the platform's error list: an error with a remedy passes through whatever its kind;
 * a rate limit or a transport failure gets the connector's code and remedy; any other failure keeps its code and
 * gets `refusedRemedy`. The message is always the error's own. Anything not a `ConnectorError` is rethrown.
 */
export function gatewayCheckFailureOf(error: unknown, texts: GatewayCheckTexts): CheckFailure {
  if (!(error instanceof ConnectorError)) throw error;
  if (error.remedy !== undefined)
    return { ok: false, code: error.code, message: error.message, remedy: error.remedy };
  const advice =
    error.kind === 'rate_limited'
      ? texts.rateLimited
      : error.kind === 'transient' && TRANSPORT_CODE.test(error.code)
        ? texts.unreachable
        : { code: error.code, remedy: texts.refusedRemedy };
  return { ok: false, code: advice.code, message: error.message, remedy: advice.remedy };
}
