import type { ProfileSummary } from './cpu-profile';
import type { QueueDepths } from './redis-probe';
import type { Summary } from './stats';

/** A figure the design sets a target for. */
export interface TargetCheck {
  figure: string;
  value: number | null;
  unit: string;
  target: string;
  /** null when the figure could not be measured. */
  met: boolean | null;
}

/** One sample of the queue-depth timeline. */
export interface DepthSample extends QueueDepths {
  /** Seconds since sampling began (just before the warm-up). */
  t: number;
  phase: string;
  /** All hub processes together. */
  hubCpuPct: number | null;
  hubRssMb: number | null;
}

/** CPU and memory of one hub process. */
export interface HubProcessFigures {
  /** `hub`, `api`, `worker-1`, … */
  name: string;
  /** `orderhub` sub-command: start, api or worker. */
  role: string;
  cpuMs: number | null;
  cpuMsPerOrder: number | null;
  cpuMsPerOrderFullSpeed: number | null;
  coresBusyFullSpeed: number | null;
  peakRssMb: number | null;
  endRssMb: number | null;
  warnings: number;
  sqliteBusy: number;
  exit: string;
}

/** The V8 CPU profile of one hub process. */
export interface ProcessProfile {
  process: string;
  summary: ProfileSummary;
}

/** The whole result; `--json` prints it as is. */
export interface BenchResult {
  ok: boolean;
  failure: string | null;
  machine: { cpus: number; cpuModel: string; node: string; platform: string; loadAvg1AtStart: number };
  /** `single`, or `split` with `options.workers` worker processes. */
  topology: string;
  options: Record<string, number | string | boolean | null>;
  ingest: {
    orders: number;
    /** Mean size of one webhook body. */
    payloadBytes: number;
    concurrency: number;
    seconds: number;
    perSecond: number;
    ackMs: Summary;
    errors: number;
    firstError: string | null;
  } | null;
  endToEnd: {
    orders: number;
    perSecond: number;
    seconds: number;
    latencyMs: Summary;
    missing: number;
    duplicates: number;
  } | null;
  halfLoad: {
    orders: number;
    rate: number;
    ackMs: Summary;
    latencyMs: Summary;
    errors: number;
    missing: number;
    duplicates: number;
    /** How late the bench itself sent against its schedule. */
    sendLagP99Ms: number;
  } | null;
  /** All hub processes together; `processes` has each one. */
  hub: {
    /** Sum of every process's VmHWM (an upper bound of the hub's peak: each peaked at its own moment). */
    peakRssMb: number | null;
    /** The largest VmHWM of one process. */
    peakRssMaxMb: number | null;
    endRssMb: number | null;
    cpuMs: number | null;
    cpuMsPerOrder: number | null;
    cpuMsPerOrderFullSpeed: number | null;
    /** Cores the hub kept busy during the full-speed phase. */
    coresBusyFullSpeed: number | null;
    dataDirMb: number | null;
    /** Size of each file in the data dir at the end (database, WAL, …), MB. */
    dataFilesMb: Record<string, number>;
    warnings: number;
    /** Log lines mentioning SQLITE_BUSY or "database is locked". */
    sqliteBusy: number;
    exit: string;
    processes: HubProcessFigures[];
    logTail: string[];
  };
  redis: {
    usedMemoryBeforeMb: number | null;
    usedMemoryAfterMb: number | null;
    usedMemoryPeakMb: number | null;
    keysAfter: number | null;
    cpuMsPerOrder: number | null;
  };
  bench: { cpuMs: number; cpuMsPerOrder: number | null };
  checks: {
    lost: number;
    duplicated: number;
    ingestErrors: number;
    repeatedWebhookIds: number;
    foreignArrivals: number;
    signatures: Record<string, boolean>;
    hubFailed: boolean;
  };
  queuePeaks: Record<string, QueueDepths>;
  targets: TargetCheck[];
  timeline: DepthSample[];
  /** One per hub process with `--cpu-prof` (those that wrote a profile). */
  profiles: ProcessProfile[];
}
