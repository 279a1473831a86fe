import { resolve } from 'node:path';
import { alertDefaultsFromEnv, type AlertDefaults } from './ops/alert-env';
import { reconciliationFromEnv, type ReconciliationSettings } from './pipeline/reconcile-env';

/** Hub settings, read once from the environment. */
export interface HubConfig {
  /** `PORT`, default 8080. */
  port: number;
  /** `HOST`, default 0.0.0.0. */
  host: string;
  /** `REDIS_URL`, default redis://127.0.0.1:6379. */
  redisUrl: string;
  /** `MONGODB_URL`; unset means the embedded SQLite store. */
  mongodbUrl: string | undefined;
  /** `ORDERHUB_DATA_DIR`, default ./data. */
  dataDir: string;
  /** `ORDERHUB_QUEUE_PREFIX`, default `orderhub`. Use a `{hash-tag}` on Redis Cluster. */
  queuePrefix: string;
  /** `ORDERHUB_ADMIN_KEY`: the first admin API key. When unset, one is generated into the data dir. */
  adminKey: string | undefined;
  /** `ORDERHUB_SECRET_KEY`: 32 bytes (hex or base64) for AES-256-GCM; generated into the data dir when unset. */
  secretKey: string | undefined;
  /** `ORDERHUB_SAMPLE_CONFIG`: `off` starts with no connections; default on (sandbox-shop → sandbox-3pl). */
  sampleConfig: boolean;
  /** `ORDERHUB_ALLOW_PRIVATE_URLS=true` lets connectors call loopback/private addresses (development, tests). */
  allowPrivateUrls: boolean;
  /** `LOG_LEVEL`, default info. */
  logLevel: string;
  /** `ORDERHUB_BODY_LIMIT` in bytes, default 2 MiB: larger requests get 413 unparsed. */
  bodyLimit: number;
  delivery: DeliveryPolicy;
  /** `ORDERHUB_POLL_SCHEDULES`, default on: `off` installs no repeating pulls (pulls run only on demand). */
  pollSchedules: boolean;
  /** `ORDERHUB_SWEEP_INTERVAL_MS`, default 5000: how often pending rows are re-driven. */
  sweepIntervalMs: number;
  /** `ORDERHUB_SWEEP_GRACE_MS`, default 15000: how long a row may stay pending before the sweeper re-enqueues it. */
  sweepGraceMs: number;
  /** `ORDERHUB_ALERT_*`: alert channels and thresholds until `PUT /v1/alerts` stores a configuration. */
  alerts: AlertDefaults;
  /** `ORDERHUB_PUBLIC_URL`: the hub's address as channels reach it; reconciliation re-registers webhooks with it. */
  publicUrl: string | undefined;
  /** `ORDERHUB_RECON_*`: reconciliation schedule, buckets and budgets (src/pipeline/reconcile-env.ts). */
  reconciliation: ReconciliationSettings;
}

/** How deliveries are retried. */
export interface DeliveryPolicy {
  /** `ORDERHUB_DELIVERY_MAX_ATTEMPTS`, default 10: transient failures before a delivery is dead-lettered. */
  maxAttempts: number;
  /** `ORDERHUB_RETRY_BASE_MS`, default 2000: first backoff; doubles per attempt, with full jitter. */
  retryBaseMs: number;
  /** `ORDERHUB_RETRY_MAX_MS`, default 900000 (15 min): backoff ceiling. */
  retryMaxMs: number;
  /** `ORDERHUB_DELIVERY_CONCURRENCY`, default 32: deliveries in flight per process. */
  concurrency: number;
  /** `ORDERHUB_DELIVERY_LEASE_MS`, default 60000: a claimed delivery not finished by then is re-driven. */
  leaseMs: number;
}

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  return {
    port: int(env.PORT, 8080, 'PORT'),
    host: env.HOST ?? '0.0.0.0',
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    mongodbUrl: env.MONGODB_URL || undefined,
    dataDir: resolve(env.ORDERHUB_DATA_DIR ?? './data'),
    queuePrefix: env.ORDERHUB_QUEUE_PREFIX || 'orderhub',
    adminKey: env.ORDERHUB_ADMIN_KEY || undefined,
    secretKey: env.ORDERHUB_SECRET_KEY || undefined,
    sampleConfig: (env.ORDERHUB_SAMPLE_CONFIG ?? 'on') !== 'off',
    allowPrivateUrls: env.ORDERHUB_ALLOW_PRIVATE_URLS === 'true',
    logLevel: env.LOG_LEVEL ?? 'info',
    bodyLimit: int(env.ORDERHUB_BODY_LIMIT, 2 * 1024 * 1024, 'ORDERHUB_BODY_LIMIT'),
    delivery: {
      maxAttempts: Math.max(1, int(env.ORDERHUB_DELIVERY_MAX_ATTEMPTS, 10, 'ORDERHUB_DELIVERY_MAX_ATTEMPTS')),
      retryBaseMs: int(env.ORDERHUB_RETRY_BASE_MS, 2000, 'ORDERHUB_RETRY_BASE_MS'),
      retryMaxMs: int(env.ORDERHUB_RETRY_MAX_MS, 900_000, 'ORDERHUB_RETRY_MAX_MS'),
      concurrency: Math.max(1, int(env.ORDERHUB_DELIVERY_CONCURRENCY, 32, 'ORDERHUB_DELIVERY_CONCURRENCY')),
      leaseMs: int(env.ORDERHUB_DELIVERY_LEASE_MS, 60_000, 'ORDERHUB_DELIVERY_LEASE_MS'),
    },
    pollSchedules: env.ORDERHUB_POLL_SCHEDULES !== 'off',
    sweepIntervalMs: int(env.ORDERHUB_SWEEP_INTERVAL_MS, 5000, 'ORDERHUB_SWEEP_INTERVAL_MS'),
    sweepGraceMs: int(env.ORDERHUB_SWEEP_GRACE_MS, 15_000, 'ORDERHUB_SWEEP_GRACE_MS'),
    alerts: alertDefaultsFromEnv(env),
    publicUrl: env.ORDERHUB_PUBLIC_URL?.replace(/\/+$/, '') || undefined,
    reconciliation: reconciliationFromEnv(env),
  };
}
