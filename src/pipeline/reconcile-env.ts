/** Reconciliation settings (`ORDERHUB_RECON_*`), read once with the rest of the hub config. */
export interface ReconciliationSettings {
  /** `ORDERHUB_RECON_INTERVAL_MS`, default 300000 (5 min): how often the scheduled tick runs; 0 turns it off. */
  intervalMs: number;
  /** `ORDERHUB_RECON_BUCKET_MS`, default 3600000 (1 h): the time bucket one run compares. */
  bucketMs: number;
  /**
   * `ORDERHUB_RECON_MARGIN_MS`, default 600000 (10 min): a bucket is reconciled only once it ended this long
   * (plus the connector's settle delay) ago, so that webhooks and pulls still in flight are not "recovered".
   */
  marginMs: number;
  /** `ORDERHUB_RECON_MAX_PAGES`, default 20: pages one run may read; a run that hits it resumes on the next tick. */
  maxPages: number;
  /** `ORDERHUB_RECON_MAX_BUCKETS`, default 4: buckets per connection per tick, oldest first (catch-up pace). */
  maxBucketsPerTick: number;
  /** `ORDERHUB_RECON_RATE_PERCENT`, default 25: the most of a connection's rate budget reconciliation may use. */
  ratePercent: number;
  /**
   * `ORDERHUB_RECON_STUCK_MS`, default 1800000 (30 min): a delivery pending, retrying or delivering (lease run
   * out) that has not changed for this long is re-checked at the destination.
   */
  stuckMs: number;
}

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
  return n;
}

export function reconciliationFromEnv(env: NodeJS.ProcessEnv): ReconciliationSettings {
  const percent = int(env.ORDERHUB_RECON_RATE_PERCENT, 25, 'ORDERHUB_RECON_RATE_PERCENT');
  if (percent < 1 || percent > 100) throw new Error('ORDERHUB_RECON_RATE_PERCENT must be 1–100');
  return {
    intervalMs: int(env.ORDERHUB_RECON_INTERVAL_MS, 300_000, 'ORDERHUB_RECON_INTERVAL_MS'),
    bucketMs: Math.max(60_000, int(env.ORDERHUB_RECON_BUCKET_MS, 3_600_000, 'ORDERHUB_RECON_BUCKET_MS')),
    marginMs: int(env.ORDERHUB_RECON_MARGIN_MS, 600_000, 'ORDERHUB_RECON_MARGIN_MS'),
    maxPages: Math.max(1, int(env.ORDERHUB_RECON_MAX_PAGES, 20, 'ORDERHUB_RECON_MAX_PAGES')),
    maxBucketsPerTick: Math.max(1, int(env.ORDERHUB_RECON_MAX_BUCKETS, 4, 'ORDERHUB_RECON_MAX_BUCKETS')),
    ratePercent: percent,
    stuckMs: int(env.ORDERHUB_RECON_STUCK_MS, 1_800_000, 'ORDERHUB_RECON_STUCK_MS'),
  };
}
