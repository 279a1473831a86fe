import type { Hub } from '../hub';
import type { ConnectorContext } from '../sdk/context';
import { createHttpClient } from '../sdk/http';
import type { AnyDestination } from '../registry';
import type { ResolvedConnection } from './connections';
import { abortableSleep, rateKeyPrefix, redisCache, redisRateBudget } from './connector-services';
import { secretFieldNames } from './secrets';

/** A resolved connection known to be a destination. */
export type ResolvedDestination = ResolvedConnection & { definition: AnyDestination };

/**
 * Contexts without a call-specific signal are reused for as long as the connection's resolved record is
 * (ConnectionService caches it briefly and replaces it on change): a child logger and an HTTP client per
 * delivery cost more than the delivery's own work.
 */
const shared = new WeakMap<ResolvedConnection['record'], ConnectorContext<unknown>>();

/** Builds the context a connector's I/O functions receive for one connection. */
export function connectorContext(
  hub: Hub,
  resolved: ResolvedConnection,
  signal?: AbortSignal,
): ConnectorContext<unknown> {
  if (!signal) {
    const cached = shared.get(resolved.record);
    if (cached) return cached;
    const ctx = buildContext(hub, resolved);
    shared.set(resolved.record, ctx);
    return ctx;
  }
  return buildContext(hub, resolved, signal);
}

function buildContext(
  hub: Hub,
  resolved: ResolvedConnection,
  signal?: AbortSignal,
): ConnectorContext<unknown> {
  const log = hub.log.child({ connectionId: resolved.record.id, connector: resolved.definition.meta.id });
  const combined = signal ? AbortSignal.any([signal, hub.shutdown.signal]) : hub.shutdown.signal;
  const id = resolved.record.id;
  const sleep = (ms: number): Promise<void> => abortableSleep(ms, combined);
  const definition = resolved.definition;
  return {
    sleep,
    rate: redisRateBudget(hub.redis, rateKeyOf(hub, resolved), definition.rateLimits ?? {}, sleep),
    cache: redisCache(hub.redis, `${hub.config.queuePrefix}:cache:${id}`, hub.secretBox, id),
    async saveSecret(field, value) {
      if (!secretFieldNames(definition.configSchema).includes(field))
        throw new Error(`"${field}" is not a writeOnly config field`);
      await hub.connections.update(id, { config: { [field]: value } });
    },
    connectionId: resolved.record.id,
    config: resolved.config,
    http: createHttpClient({
      allowPrivate: hub.config.allowPrivateUrls,
      signal: combined,
      log,
      codePrefix: resolved.definition.meta.id.toUpperCase().replace(/-/g, '_'),
    }),
    log,
    clock: { now: hub.now },
    signal: combined,
    tables: hub.tables,
  };
}

/** Where a connection's rate buckets live in Redis (shared by every connection on the same credential). */
export function rateKeyOf(hub: Hub, resolved: ResolvedConnection): string {
  const definition = resolved.definition;
  const credential = definition.credentialKey?.(resolved.config);
  return rateKeyPrefix(hub.config.queuePrefix, resolved.record.id, definition.meta.id, credential);
}
