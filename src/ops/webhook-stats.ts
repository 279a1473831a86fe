import type { Hub } from '../hub';

/** Redis hash of one connection's webhook outcomes (shared by every API process). */
export const webhookStatsKey = (hub: Hub, connectionId: string) =>
  `${hub.config.queuePrefix}:webhook-stats:${connectionId}`;

/**
 * Counts one webhook outcome. Fire-and-forget off the acknowledgement path: losing a count when Redis is down
 * is acceptable, delaying or failing a channel's webhook is not.
 */
export function recordWebhookOutcome(
  hub: Hub,
  connectionId: string,
  outcome: { ok: boolean; code?: string },
) {
  const at = hub.now().toISOString();
  const key = webhookStatsKey(hub, connectionId);
  const multi = hub.redis.multi();
  if (outcome.ok) multi.hincrby(key, 'received', 1).hset(key, 'lastReceivedAt', at);
  else
    multi
      .hincrby(key, 'signatureFailures', 1)
      .hset(key, 'lastSignatureFailureAt', at, 'lastSignatureFailureCode', outcome.code ?? 'unknown');
  multi.exec().catch(() => undefined);
}

export interface WebhookStats {
  received: number;
  lastReceivedAt: string | null;
  signatureFailures: number;
  lastSignatureFailureAt: string | null;
  lastSignatureFailureCode: string | null;
}

export async function webhookStats(hub: Hub, connectionId: string): Promise<WebhookStats> {
  const h = await hub.redis.hgetall(webhookStatsKey(hub, connectionId));
  return {
    received: Number(h.received ?? 0),
    lastReceivedAt: h.lastReceivedAt ?? null,
    signatureFailures: Number(h.signatureFailures ?? 0),
    lastSignatureFailureAt: h.lastSignatureFailureAt ?? null,
    lastSignatureFailureCode: h.lastSignatureFailureCode ?? null,
  };
}
