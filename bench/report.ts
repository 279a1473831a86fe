import type { ProfileSummary } from './cpu-profile';
import type { QueueDepths } from './redis-probe';
import { round, type Summary } from './stats';

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
  hubCpuPct: number | null;
  hubRssMb: number | null;
}

/** The whole result; `--json` prints it as is. */
export interface BenchResult {
  ok: boolean;
  failure: string | null;
  machine: { cpus: number; cpuModel: string; node: string; platform: string; loadAvg1AtStart: number };
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
  hub: {
    peakRssMb: number | null;
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
    exit: string;
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
  profile: ProfileSummary | null;
}

const nf = (v: number | null | undefined, digits = 1): string => {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
};

const n0 = (v: number | null | undefined): string => nf(v, 0);

function table(rows: string[][], header: string[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function verdict(met: boolean | null): string {
  return met === null ? 'n/a' : met ? 'meets' : 'misses';
}

/** The human-readable report. */
export function renderTable(r: BenchResult): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(
    `OrderHub bench — ${m.cpus} CPUs (${m.cpuModel}), Node ${m.node}, ${m.platform}, load average ${nf(m.loadAvg1AtStart, 2)} at start`,
  );
  const o = r.options;
  out.push(
    `Shopify orders/create webhooks (${r.ingest ? nf(r.ingest.payloadBytes / 1024) : '—'} KB each) → hub → two webhook destinations on loopback; warm-up ${o.warmup}, full speed ${o.orders} ` +
      `orders at ${o.concurrency} in flight, half load ${o.halfOrders} orders` +
      (r.halfLoad ? ` at ${n0(r.halfLoad.rate)}/s` : '') +
      (o.ingestOnly ? '. INGEST ONLY: `orderhub api`, no workers, nothing delivered' : ''),
  );
  out.push('');

  const t = (figure: string): TargetCheck | undefined => r.targets.find((x) => x.figure === figure);
  const rows: string[][] = [];
  const targetRow = (label: string, figure: string, shown: string): void => {
    const c = t(figure);
    rows.push([label, shown, c?.target ?? '', verdict(c?.met ?? null)]);
  };
  const info = (label: string, shown: string): void => {
    rows.push([label, shown, '', '']);
  };
  const ing = r.ingest;
  const e2e = r.endToEnd;
  const half = r.halfLoad;
  targetRow('Ingest: verified, committed webhooks', 'ingest', ing ? `${n0(ing.perSecond)} /s` : '—');
  if (ing)
    info(
      '  ack p50 / p99 / max at full speed',
      `${nf(ing.ackMs.p50)} / ${nf(ing.ackMs.p99)} / ${nf(ing.ackMs.max)} ms`,
    );
  targetRow(
    'End to end, to two destinations',
    'e2e',
    e2e && Number.isFinite(e2e.perSecond) ? `${n0(e2e.perSecond)} orders/s` : '—',
  );
  if (e2e)
    info(
      '  webhook → destination p50 / p99 at full speed',
      `${n0(e2e.latencyMs.p50)} / ${n0(e2e.latencyMs.p99)} ms`,
    );
  targetRow(
    `Ack p99 at half load${half ? ` (${n0(half.rate)}/s)` : ''}`,
    'ack-p99-half',
    half ? `${nf(half.ackMs.p99)} ms` : '—',
  );
  if (half) info('  ack p50 / max at half load', `${nf(half.ackMs.p50)} / ${nf(half.ackMs.max)} ms`);
  targetRow(
    'Webhook → destination p99 at half load',
    'e2e-p99-half',
    half?.latencyMs.count ? `${n0(half.latencyMs.p99)} ms` : '—',
  );
  if (half?.latencyMs.count)
    info('  p50 / max at half load', `${n0(half.latencyMs.p50)} / ${n0(half.latencyMs.max)} ms`);
  targetRow('Hub CPU per order (whole run)', 'cpu', `${nf(r.hub.cpuMsPerOrder, 2)} ms`);
  info(
    '  at full speed',
    `${nf(r.hub.cpuMsPerOrderFullSpeed, 2)} ms (${nf(r.hub.coresBusyFullSpeed, 2)} cores busy)`,
  );
  targetRow('Hub peak RSS (VmHWM)', 'rss', `${n0(r.hub.peakRssMb)} MB`);
  info('  RSS at the end', `${n0(r.hub.endRssMb)} MB`);
  info(
    'Redis used_memory before → after (peak)',
    `${nf(r.redis.usedMemoryBeforeMb)} → ${nf(r.redis.usedMemoryAfterMb)} MB (${nf(r.redis.usedMemoryPeakMb)} MB)`,
  );
  info('  keys left under the prefix', n0(r.redis.keysAfter));
  info('Redis CPU per order (whole server)', `${nf(r.redis.cpuMsPerOrder, 2)} ms`);
  const files = Object.entries(r.hub.dataFilesMb)
    .filter(([, mb]) => mb >= 0.1)
    .map(([name, mb]) => `${name.replace(/^orderhub\./, '')} ${nf(mb)}`)
    .join(', ');
  info('Data dir at the end', `${nf(r.hub.dataDirMb)} MB${files ? ` (${files})` : ''}`);
  info('Bench process CPU per order (same cores)', `${nf(r.bench.cpuMsPerOrder, 2)} ms`);
  out.push(table(rows, ['Figure', 'Measured', 'Target', '']));
  out.push('');

  const c = r.checks;
  const sigs = Object.entries(c.signatures)
    .map(([path, ok]) => `${path} ${ok ? 'ok' : 'BAD'}`)
    .join(', ');
  out.push(
    `Checks: lost ${c.lost}, duplicated ${c.duplicated}, ingest errors ${c.ingestErrors}, repeated webhook-ids ` +
      `${c.repeatedWebhookIds}, unexpected arrivals ${c.foreignArrivals}, signatures ${sigs || '—'}, hub ${r.hub.exit}` +
      `, hub warnings ${r.hub.warnings}`,
  );
  if (ing?.firstError) out.push(`First ingest error: ${ing.firstError}`);
  const peaks = Object.entries(r.queuePeaks).map(
    ([phase, p]) =>
      `${phase}: inbox ${n0(p.inboxWaiting)} waiting / ${n0(p.inboxActive)} active, deliver ` +
      `${n0(p.deliverWaiting)} waiting / ${n0(p.deliverActive)} active / ${n0(p.deliverDelayed)} delayed`,
  );
  if (peaks.length) out.push(`Queue peaks — ${peaks.join('; ')}`);
  if (r.failure) out.push(`FAILED: ${r.failure}`);
  if ((r.failure || c.hubFailed || r.hub.warnings > 0) && r.hub.logTail.length) {
    out.push('', 'Hub log (last lines):', ...r.hub.logTail.slice(-15).map((l) => `  ${l}`));
  }

  if (r.profile) {
    const p = r.profile;
    out.push(
      '',
      `Hub CPU profile (${p.file}), ${p.windowed ? 'measured phases only' : 'whole process life'}: ` +
        `${n0(p.busyMs)} ms busy, ${n0(p.idleMs)} ms idle in ${n0(p.windowMs)} ms`,
    );
    const lines = (title: string, list: { name: string; ms: number; share: number }[]): void => {
      out.push(
        '',
        table(
          list.map((l) => [l.name, `${n0(l.ms)} ms`, `${nf(l.share)} %`]),
          [title, 'ms', 'of busy'],
        ),
      );
    };
    lines('Self time by area', p.byArea);
    lines('Self time by function', p.bySelf);
    lines('Inclusive time, repository code', p.byInclusive);
  }
  return out.join('\n');
}

export function renderTimeline(samples: readonly DepthSample[]): string {
  return table(
    samples.map((s) => [
      nf(s.t, 1),
      s.phase,
      n0(s.inboxWaiting),
      n0(s.inboxActive),
      n0(s.deliverWaiting),
      n0(s.deliverActive),
      n0(s.deliverDelayed),
      nf(s.hubCpuPct, 0),
      n0(s.hubRssMb),
    ]),
    [
      't (s)',
      'phase',
      'inbox wait',
      'inbox act',
      'deliver wait',
      'deliver act',
      'delayed',
      'hub CPU %',
      'RSS MB',
    ],
  );
}

/** JSON with NaN turned into null and floats rounded. */
export function toJson(r: BenchResult): string {
  return JSON.stringify(
    r,
    (_key, value: unknown) =>
      typeof value === 'number' ? (Number.isInteger(value) ? value : round(value, 3)) : value,
    2,
  );
}
