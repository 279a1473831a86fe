/**
 * What happens next after a connector call fails. The queue steers by this, never by message text:
 * - `transient`: retry with jittered exponential backoff (timeouts, 5xx, connection resets);
 * - `rate_limited`: wait `retryAfterMs`, then retry without spending an attempt;
 * - `auth`: stop, mark the connection, alert ops with the remedy (bad or expired credentials);
 * - `config`: stop, mark the connection (wrong URL, missing lookup, unknown account);
 * - `rejected`: the remote refused this order; quarantine it with the reason, other orders go on;
 * - `conflict`: the remote already has it; look it up and record the delivery as done;
 * - `bug`: an unexpected failure in the connector; dead-letter for a developer.
 */
export type FailureKind = 'transient' | 'rate_limited' | 'auth' | 'config' | 'rejected' | 'conflict' | 'bug';

export const FAILURE_KINDS: readonly FailureKind[] = [
  'transient',
  'rate_limited',
  'auth',
  'config',
  'rejected',
  'conflict',
  'bug',
];

/** Options common to every connector error. */
export interface ConnectorErrorOptions {
  /** Stable SCREAMING_SNAKE code, namespaced by connector or by the SDK (e.g. `SHOPIFY_SCOPE_MISSING`). */
  code: string;
  /** What an ops person should do about it. */
  remedy?: string;
  /** HTTP status of the remote answer, when there was one. */
  status?: number;
  /** For `rate_limited`: how long to wait before the next call. */
  retryAfterMs?: number;
  /** For `conflict`: the remote id of the object that already exists. */
  remoteId?: string;
  cause?: unknown;
}

/**
 * A classified connector failure. The message is for people and must not contain payload data: no
 * order contents, no addresses, no tokens.
 */
export class ConnectorError extends Error {
  readonly kind: FailureKind;
  readonly code: string;
  readonly remedy: string | undefined;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly remoteId: string | undefined;

  constructor(kind: FailureKind, message: string, options: ConnectorErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConnectorError';
    this.kind = kind;
    this.code = options.code;
    this.remedy = options.remedy;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.remoteId = options.remoteId;
  }
}

/** A failure worth retrying later with backoff. */
export const transientError = (message: string, o: ConnectorErrorOptions) =>
  new ConnectorError('transient', message, o);
/** The remote asked us to slow down; `retryAfterMs` says for how long. */
export const rateLimitedError = (message: string, o: ConnectorErrorOptions & { retryAfterMs: number }) =>
  new ConnectorError('rate_limited', message, o);
/** Credentials are wrong or expired; `remedy` tells ops how to fix them. */
export const authError = (message: string, o: ConnectorErrorOptions) =>
  new ConnectorError('auth', message, o);
/** The connection's settings are wrong; `remedy` tells ops what to change. */
export const configError = (message: string, o: ConnectorErrorOptions) =>
  new ConnectorError('config', message, o);
/** The remote refused this order for a reason retrying will not fix. */
export const rejectedError = (message: string, o: ConnectorErrorOptions) =>
  new ConnectorError('rejected', message, o);
/** The remote already holds this object (a duplicate key); `remoteId` names it when known. */
export const conflictError = (message: string, o: ConnectorErrorOptions) =>
  new ConnectorError('conflict', message, o);

/**
 * Thrown by `toCanonical` / `fromCanonical` for a value the mapping does not know or a field it needs and
 * lacks. Mapping never guesses: a defaulted status or quantity ships the wrong goods.
 */
export class MappingError extends Error {
  readonly code: 'MAPPING_UNKNOWN_VALUE' | 'MAPPING_MISSING_FIELD' | 'MAPPING_FAILED';
  /** JSON pointer into the raw record (or the canonical order, for destinations). */
  readonly path: string;

  constructor(code: MappingError['code'], path: string, message: string) {
    super(message);
    this.name = 'MappingError';
    this.code = code;
    this.path = path;
  }
}

/** A mapping met a value it has no rule for (an unknown status, currency or unit). */
export const unknownValue = (path: string, what: string) =>
  new MappingError('MAPPING_UNKNOWN_VALUE', path, `unknown ${what} at ${path}`);
/** A mapping needs a field the record does not have. */
export const missingField = (path: string) =>
  new MappingError('MAPPING_MISSING_FIELD', path, `missing required field ${path}`);

/** Turns anything thrown by connector code into a classified error; unknown throws are bugs. */
export function classify(error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (error instanceof MappingError)
    return new ConnectorError('rejected', error.message, { code: error.code });
  const message = error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown';
  return new ConnectorError('bug', message.slice(0, 300), { code: 'CONNECTOR_BUG', cause: error });
}
