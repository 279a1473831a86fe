import { setMaxListeners } from 'node:events';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { HubConfig } from './config';
import { createLogger } from './logging';
import { Metrics } from './metrics';
import { ConnectionService } from './pipeline/connections';
import { Ingestor } from './pipeline/ingest';
import { loadTables } from './pipeline/tables';
import { LookupTableOverlay } from './pipeline/lookup-tables';
import { Queues } from './queues/queues';
import { discoverConnectors, type Registry } from './registry';
import type { LookupTables } from './sdk/context';
import { loadSecretKey, SecretBox } from './store/crypto';
import { openStore } from './store';
import type { Store } from './store/port';
import type { ConnectionRecord } from './store/types';

/** Everything the pipeline stages, workers and routes share within one process. */
export interface Hub {
  config: HubConfig;
  store: Store;
  registry: Registry;
  log: Logger;
  redis: Redis;
  queues: Queues;
  connections: ConnectionService;
  ingestor: Ingestor;
  metrics: Metrics;
  tables: LookupTables;
  /** The files of mappings/ overlaid by ops overrides; `tables` is its live view, refreshed every 2 s. */
  lookupTables: LookupTableOverlay;
  now(): Date;
  /** Aborted at shutdown; connector calls in flight see it as `ctx.signal`. */
  shutdown: AbortController;
  /** Seals connection secrets and connector cache entries. */
  secretBox: SecretBox;
  /** Enabled destination connections, cached briefly: routing reads this for every order. */
  destinations(): Promise<ConnectionRecord[]>;
  /** Drops cached connection lists after a change. */
  invalidateConnections(): void;
  close(): Promise<void>;
}

export interface CreateHubOptions {
  registry?: Registry;
  logger?: Logger;
  now?: () => Date;
}

const DESTINATIONS_TTL_MS = 1_000;

/** Opens the store, Redis and queues and wires the services. Starts no worker and no server. */
export async function createHub(config: HubConfig, options: CreateHubOptions = {}): Promise<Hub> {
  const registry = options.registry ?? (await discoverConnectors());
  const log = options.logger ?? createLogger(config.logLevel, registry.all());
  const now = options.now ?? (() => new Date());
  const store = await openStore({ mongodbUrl: config.mongodbUrl, dataDir: config.dataDir });
  const { key, generated } = loadSecretKey(config.secretKey, config.dataDir);
  if (generated)
    log.warn(
      { file: `${config.dataDir}/secret.key` },
      'generated a secret key for connection secrets; back it up',
    );
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
  redis.on('error', (err) => log.warn({ err: { message: err.message } }, 'redis connection error'));
  const queues = new Queues(redis, config.queuePrefix);
  const secretBox = new SecretBox(key);
  const connections = new ConnectionService(store, registry, secretBox, now);
  const metrics = new Metrics();
  const ingestor = new Ingestor({ store, queues, metrics, log, now });
  let destinationsCache: { at: number; value: Promise<ConnectionRecord[]> } | undefined;

  const lookupTables = new LookupTableOverlay(await loadTables(), store, log);
  await lookupTables.refresh();
  lookupTables.start();

  const shutdown = new AbortController();
  // Every in-flight connector call listens on the shutdown signal; hundreds at once are normal here.
  setMaxListeners(0, shutdown.signal);
  const hub: Hub = {
    config,
    store,
    registry,
    log,
    redis,
    queues,
    connections,
    metrics,
    tables: lookupTables.tables,
    lookupTables,
    now,
    shutdown,
    secretBox,
    ingestor,
    destinations() {
      const t = Date.now();
      if (!destinationsCache || t - destinationsCache.at > DESTINATIONS_TTL_MS) {
        destinationsCache = {
          at: t,
          value: store.listConnections({ kind: 'destination' }).then((all) => all.filter((c) => c.enabled)),
        };
      }
      return destinationsCache.value;
    },
    invalidateConnections() {
      destinationsCache = undefined;
    },
    async close() {
      hub.shutdown.abort();
      lookupTables.stop();
      await hub.ingestor.flush();
      await queues.close();
      redis.disconnect();
      await store.close();
    },
  };
  return hub;
}
