import type { DeliveryPolicy } from '../config';
import type { FailureKind } from '../sdk/errors';

/** What the deliver stage does after a failure of each kind. */
export type NextStep =
  /** Retry after a jittered exponential backoff; dead-letter after `maxAttempts`. */
  | 'retry'
  /** Wait what the remote asked (`Retry-After`) without spending an attempt. */
  | 'wait'
  /** Record as delivered: the remote already has it (after a look-up where the connector can). */
  | 'record-delivered'
  /** Stop this delivery for a person: quarantine with the remote's reason. */
  | 'reject'
  /** Stop every delivery to this connection until its credentials or settings are fixed. */
  | 'block'
  /** Dead-letter for a developer. */
  | 'dead-letter';

export const NEXT_STEP: Readonly<Record<FailureKind, NextStep>> = {
  transient: 'retry',
  rate_limited: 'wait',
  conflict: 'record-delivered',
  rejected: 'reject',
  auth: 'block',
  config: 'block',
  bug: 'dead-letter',
};

/**
 * Backoff before retry number `attempt` (1-based): exponential from `retryBaseMs`, capped at `retryMaxMs`,
 * with "equal jitter" (half fixed, half random) so that many deliveries failing together do not retry in
 * lockstep. A `Retry-After` hint from the remote is a floor.
 */
export function backoffMs(
  attempt: number,
  policy: DeliveryPolicy,
  hintMs?: number,
  random = Math.random,
): number {
  const exp = Math.min(policy.retryMaxMs, policy.retryBaseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(exp / 2 + (random() * exp) / 2);
  return Math.max(jittered, hintMs ?? 0);
}
