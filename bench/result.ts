import { cpus } from 'node:os';
import { phaseDeliveries, unknownOrders, type SinkIndex } from './analyze';
import type { HubCluster, HubSample } from './hub-cluster';
import type { Ack } from './load';
import type { BenchOptions } from './options';
import type { BenchResult, HubProcessFigures, ProcessProfile, TargetCheck } from './result-types';
import type { Sampler } from './sampler';
import { summarize } from './stats';

const MB = 1024 * 1024;

/** What a run measured, filled in as it goes (NaN / null / empty where it did not get that far). */
export interface Measured {
  failure: string | null;
  machineLoad: number;
  warm: Ack[];
  full: Ack[];
  half: Ack[];
  halfRate: number;
  halfLags: number[];
  ingestSeconds: number;
  payloadBytes: number;
  redisBefore: number;
  redisAfter: number;
  redisCpu0: number;
  redisCpu1: number;
  keysAfter: number;
  dataFiles: Record<string, number>;
  /** Hub samples: once ready (connections made), around the full-speed phase, and at the end. */
  ready: HubSample | null;
  fullStart: HubSample | null;
  fullEnd: HubSample | null;
  end: HubSample | null;
  fullStartAt: number;
  fullEndAt: number;
  /** The bench process's own CPU use when the hub was ready, and from then to the end, ms. */
  benchCpuAtReady: NodeJS.CpuUsage | null;
  benchCpuMs: number;
}

export function emptyMeasured(machineLoad: number): Measured {
  return {
    failure: null,
    machineLoad,
    warm: [],
    full: [],
    half: [],
    halfRate: Number.NaN,
    halfLags: [],
    ingestSeconds: Number.NaN,
    payloadBytes: Number.NaN,
    redisBefore: Number.NaN,
    redisAfter: Number.NaN,
    redisCpu0: Number.NaN,
    redisCpu1: Number.NaN,
    keysAfter: Number.NaN,
    dataFiles: {},
    ready: null,
    fullStart: null,
    fullEnd: null,
    end: null,
    fullStartAt: Number.NaN,
    fullEndAt: Number.NaN,
    benchCpuAtReady: null,
    benchCpuMs: Number.NaN,
  };
}

const failed = (acks: readonly Ack[]): Ack[] => acks.filter((a) => a.error !== null);
const orNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

const LIMITS: Record<string, (v: number) => boolean> = {
  ingest: (v) => v >= 4000,
  e2e: (v) => v >= 2000,
  'ack-p99-half': (v) => v <= 20,
  'e2e-p99-half': (v) => v <= 500,
  cpu: (v) => v <= 0.5,
  rss: (v) => v <= 300,
};

function processFigures(hub: HubCluster, m: Measured, orders: number): HubProcessFigures[] {
  return hub.processes.map((p, i) => {
    const at = (s: HubSample | null): number => s?.processes[i]?.cpuMs ?? Number.NaN;
    const cpuMs = at(m.end) - at(m.ready);
    const fullCpuMs = at(m.fullEnd) - at(m.fullStart);
    const last = m.end?.processes[i] ?? m.fullEnd?.processes[i];
    return {
      name: p.name,
      role: p.role,
      cpuMs: orNull(cpuMs),
      cpuMsPerOrder: orNull(cpuMs / orders),
      cpuMsPerOrderFullSpeed: orNull(fullCpuMs / m.full.length),
      coresBusyFullSpeed: orNull(fullCpuMs / (m.fullEndAt - m.fullStartAt)),
      peakRssMb: orNull(last?.hwmMb ?? NaN),
      endRssMb: orNull(m.end?.processes[i]?.rssMb ?? NaN),
      warnings: p.warnings,
      sqliteBusy: p.sqliteBusy,
      exit: p.crashed ? `crashed (${p.describeExit()})` : 'ok',
    };
  });
}

/** Turns what a run measured into the result the report and `--json` show. */
export function buildResult(
  o: BenchOptions,
  m: Measured,
  hub: HubCluster,
  sampler: Sampler,
  index: SinkIndex,
  destinations: readonly string[],
  profiles: ProcessProfile[],
): BenchResult {
  const [warmD, fullD, halfD] = [m.warm, m.full, m.half].map((acks) =>
    phaseDeliveries(index, acks, destinations),
  );
  const phases = [warmD, fullD, halfD];
  const allAcks = [...m.warm, ...m.full, ...m.half];
  // Ingest only: nothing is delivered, so only refused webhooks count.
  const lost = o.ingestOnly ? 0 : phases.reduce((n, d) => n + (d?.missing ?? 0), 0);
  const duplicated = phases.reduce((n, d) => n + (d?.duplicates ?? 0), 0) + index.repeatedIds;
  const ingestErrors = failed(allAcks).length;
  const orders = allAcks.length;

  const hubCpuMs = m.end && m.ready ? m.end.cpuMs - m.ready.cpuMs : Number.NaN;
  const fullCpuMs = m.fullEnd && m.fullStart ? m.fullEnd.cpuMs - m.fullStart.cpuMs : Number.NaN;
  const fullAck = summarize(m.full.map((a) => a.ackAt - a.sentAt));
  const halfAck = summarize(m.half.map((a) => a.ackAt - a.sentAt));
  const ingestPerSecond = m.full.length / m.ingestSeconds;
  const lastSample = m.end ?? m.fullEnd;
  const peakRss = lastSample?.hwmSumMb ?? Number.NaN;
  const cpuPerOrder = hubCpuMs / orders;
  const n = hub.processes.length;

  const targets: TargetCheck[] = [
    { figure: 'ingest', value: orNull(ingestPerSecond), unit: 'webhooks/s', target: '≥ 4,000 /s', met: null },
    {
      figure: 'e2e',
      value: orNull(fullD?.ordersPerSecond ?? NaN),
      unit: 'orders/s',
      target: '≥ 2,000 orders/s',
      met: null,
    },
    { figure: 'ack-p99-half', value: orNull(halfAck.p99), unit: 'ms', target: '≤ 20 ms', met: null },
    {
      figure: 'e2e-p99-half',
      value: orNull(halfD?.latency.p99 ?? NaN),
      unit: 'ms',
      target: '≤ 500 ms',
      met: null,
    },
    { figure: 'cpu', value: orNull(cpuPerOrder), unit: 'ms/order', target: '≤ 0.5 ms', met: null },
    { figure: 'rss', value: orNull(peakRss), unit: 'MB', target: '≤ 300 MB', met: null },
  ];
  for (const t of targets) t.met = t.value === null ? null : (LIMITS[t.figure]?.(t.value) ?? null);

  const hubFailed = hub.crashed;
  return {
    ok: m.failure === null && !hubFailed && lost === 0 && duplicated === 0 && ingestErrors === 0,
    failure: m.failure,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      node: process.version,
      platform: `${process.platform}/${process.arch}`,
      loadAvg1AtStart: m.machineLoad,
    },
    topology: o.topology,
    options: {
      topology: o.topology,
      workers: o.topology === 'split' ? o.workers : null,
      orders: o.orders,
      concurrency: o.concurrency,
      warmup: o.warmup,
      halfOrders: o.halfOrders,
      halfRate: o.halfRate,
      timeoutS: o.timeoutS,
      settleS: o.settleS,
      deliveryConcurrency: o.deliveryConcurrency,
      cpuProf: o.cpuProf,
      ingestOnly: o.ingestOnly,
    },
    ingest: m.full.length
      ? {
          orders: m.full.length,
          payloadBytes: m.payloadBytes,
          concurrency: o.concurrency,
          seconds: m.ingestSeconds,
          perSecond: ingestPerSecond,
          ackMs: fullAck,
          errors: failed(m.full).length,
          firstError: failed(allAcks)[0]?.error ?? null,
        }
      : null,
    endToEnd:
      m.full.length && fullD && !o.ingestOnly
        ? {
            orders: m.full.length,
            perSecond: fullD.ordersPerSecond,
            seconds: fullD.spanMs / 1000,
            latencyMs: fullD.latency,
            missing: fullD.missing,
            duplicates: fullD.duplicates,
          }
        : null,
    halfLoad:
      m.half.length && halfD
        ? {
            orders: m.half.length,
            rate: m.halfRate,
            ackMs: halfAck,
            latencyMs: o.ingestOnly ? summarize([]) : halfD.latency,
            errors: failed(m.half).length,
            missing: o.ingestOnly ? 0 : halfD.missing,
            duplicates: halfD.duplicates,
            sendLagP99Ms: summarize(m.halfLags).p99,
          }
        : null,
    hub: {
      peakRssMb: orNull(peakRss),
      peakRssMaxMb: orNull(lastSample?.hwmMaxMb ?? NaN),
      endRssMb: orNull(m.end?.rssMb ?? NaN),
      cpuMs: orNull(hubCpuMs),
      cpuMsPerOrder: orNull(cpuPerOrder),
      cpuMsPerOrderFullSpeed: orNull(fullCpuMs / m.full.length),
      coresBusyFullSpeed: orNull(fullCpuMs / (m.fullEndAt - m.fullStartAt)),
      dataDirMb: Object.keys(m.dataFiles).length
        ? Object.values(m.dataFiles).reduce((a, b) => a + b, 0) / MB
        : null,
      dataFilesMb: Object.fromEntries(Object.entries(m.dataFiles).map(([name, bytes]) => [name, bytes / MB])),
      warnings: hub.warnings,
      sqliteBusy: hub.sqliteBusy,
      exit: hubFailed ? `crashed (${hub.describeExit()})` : 'ok',
      processes: n > 0 ? processFigures(hub, m, orders) : [],
      logTail: hub.logTail,
    },
    redis: {
      usedMemoryBeforeMb: orNull(m.redisBefore / MB),
      usedMemoryAfterMb: orNull(m.redisAfter / MB),
      usedMemoryPeakMb: orNull(sampler.redisPeak / MB),
      keysAfter: orNull(m.keysAfter),
      cpuMsPerOrder: orNull(((m.redisCpu1 - m.redisCpu0) * 1000) / orders),
    },
    bench: {
      cpuMs: m.benchCpuMs,
      cpuMsPerOrder: orNull(m.benchCpuMs / orders),
    },
    checks: {
      lost,
      duplicated,
      ingestErrors,
      repeatedWebhookIds: index.repeatedIds,
      foreignArrivals: index.foreign + unknownOrders(index, [m.warm, m.full, m.half]),
      signatures: index.signatures,
      hubFailed,
    },
    queuePeaks: sampler.peaks,
    targets,
    timeline: sampler.timeline,
    profiles,
  };
}
