import type { BenchResult, DepthSample, ProcessProfile, TargetCheck } from './result-types';
import { round } from './stats';

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

function topologyLine(r: BenchResult): string {
  const o = r.options;
  if (o.ingestOnly) return 'Topology: one `orderhub api` alone (ingest only)';
  if (r.topology === 'split')
    return `Topology: split — one \`orderhub api\` + ${o.workers} × \`orderhub worker\` (one SQLite file, one Redis prefix)`;
  return 'Topology: single — one `orderhub start` (API + workers + sweeper)';
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
  out.push(topologyLine(r));
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
  const procs = r.hub.processes;
  const several = procs.length > 1;
  const all = several ? `, all ${procs.length} processes` : '';
  targetRow(`Hub CPU per order (whole run${all})`, 'cpu', `${nf(r.hub.cpuMsPerOrder, 2)} ms`);
  info(
    '  at full speed',
    `${nf(r.hub.cpuMsPerOrderFullSpeed, 2)} ms (${nf(r.hub.coresBusyFullSpeed, 2)} cores busy)`,
  );
  targetRow(`Hub peak RSS (VmHWM${several ? ', sum' : ''})`, 'rss', `${n0(r.hub.peakRssMb)} MB`);
  if (several) info('  largest one process', `${n0(r.hub.peakRssMaxMb)} MB`);
  info('  RSS at the end', `${n0(r.hub.endRssMb)} MB`);
  if (several) {
    info('Per process: CPU per order (at full speed), peak RSS', '');
    for (const p of procs)
      info(
        `  ${p.name}`,
        `${nf(p.cpuMsPerOrder, 2)} ms (${nf(p.cpuMsPerOrderFullSpeed, 2)} ms, ` +
          `${nf(p.coresBusyFullSpeed, 2)} cores), ${n0(p.peakRssMb)} MB`,
      );
  }
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
      `, hub warnings ${r.hub.warnings}` +
      (several ? ` (${procs.map((p) => `${p.name} ${p.warnings}`).join(', ')})` : '') +
      `, SQLITE_BUSY log lines ${r.hub.sqliteBusy}`,
  );
  const crashed = procs.filter((p) => p.exit !== 'ok');
  if (several && crashed.length) out.push(`Crashed: ${crashed.map((p) => `${p.name} ${p.exit}`).join(', ')}`);
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

  r.profiles.forEach((p, i) => out.push(...renderProfile(p, i < FULL_PROFILES)));
  return out.join('\n');
}

/** Profiles shown with their tables (the API and the first worker, or the one process); later ones in a line. */
const FULL_PROFILES = 2;

function renderProfile({ process, summary: p }: ProcessProfile, full: boolean): string[] {
  const out = [
    '',
    `CPU profile of ${process} (${p.file}), ${p.windowed ? 'measured phases only' : 'whole process life'}: ` +
      `${n0(p.busyMs)} ms busy, ${n0(p.idleMs)} ms idle in ${n0(p.windowMs)} ms`,
  ];
  if (!full) return out;
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
  return out;
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
