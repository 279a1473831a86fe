import type { Hub } from '../hub';
import type { ConnectorContext } from '../sdk/context';
import { createHttpClient } from '../sdk/http';
import type { AnyDestination } from '../registry';
import type { ResolvedConnection } from './connections';

/** A resolved connection known to be a destination. */
export type ResolvedDestination = ResolvedConnection & { definition: AnyDestination };

/** Builds the context a connector's I/O functions receive for one connection. */
export function connectorContext(
  hub: Hub,
  resolved: ResolvedConnection,
  signal?: AbortSignal,
): ConnectorContext<unknown> {
  const log = hub.log.child({ connectionId: resolved.record.id, connector: resolved.definition.meta.id });
  const combined = signal ? AbortSignal.any([signal, hub.shutdown.signal]) : hub.shutdown.signal;
  return {
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
