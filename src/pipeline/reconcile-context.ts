import type { Hub } from '../hub';
import type { ConnectorContext, RateLimit } from '../sdk/context';
import type { ResolvedConnection } from './connections';
import { connectorContext, rateKeyOf } from './context';
import { abortableSleep, redisRateBudget } from './connector-services';

/**
 * A connector context for reconciliation calls. Every `ctx.rate.take` first takes from a second bucket sized to
 * `ORDERHUB_RECON_RATE_PERCENT` of the declared limit and then from the connection's shared bucket, so
 * reconciliation never uses more than its share and pulls, deliveries and write-back still see what it spent.
 */
export function reconContext(hub: Hub, resolved: ResolvedConnection): ConnectorContext<unknown> {
  const base = connectorContext(hub, resolved);
  const share = hub.config.reconciliation.ratePercent / 100;
  const declared = resolved.definition.rateLimits ?? {};
  const limits: Record<string, RateLimit> = {};
  for (const [name, limit] of Object.entries(declared)) {
    limits[name] = { ratePerSecond: limit.ratePerSecond * share, burst: Math.max(1, limit.burst * share) };
  }
  const own = redisRateBudget(hub.redis, `${rateKeyOf(hub, resolved)}:recon`, limits, (ms) =>
    abortableSleep(ms, base.signal),
  );
  return {
    ...base,
    rate: {
      async take(bucket, cost = 1) {
        await own.take(bucket, cost);
        await base.rate.take(bucket, cost);
      },
    },
  };
}
