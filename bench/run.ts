/**
 * `npm run bench`: drives a real hub process (API + workers + sweeper, SQLite, local Redis) with signed
 * Shopify webhooks on loopback and measures ingest, end-to-end delivery to two webhook destinations, latency
 * at half load, and the hub's CPU and memory. It reports against the design's targets; it does not judge them.
 * See bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { indexArrivals, phaseDeliveries, unknownOrders, type PhaseDeliveries } from './analyze';
import { newestProfile, summarizeProfile, type ProfileSummary } from './cpu-profile';
import { HubProcess, type ProcSample } from './hub-process';
import { keepAliveAgent, prepareWebhooks, sendClosedLoop, sendPaced, type Ack, type Target } from './load';
import { parseOptions, USAGE, type BenchOptions } from './options';
import { RedisProbe, type QueueDepths } from './redis-probe';
import {
  renderTable,
  renderTimeline,
  toJson,
  type BenchResult,
  type DepthSample,
  type TargetCheck,
} from './report';
import { BenchSink } from './sink';
import { sleep, summarize } from './stats';

const SHOP = 'bench-shop.myshopify.com';
const DESTINATIONS = ['/erp-a', '/erp-b'] as const;
const MB = 1024 * 1024;
const SAMPLE_EVERY_MS = 250;

function log(opts: BenchOptions, message: string): void {
  // Progress goes to stderr, so `--json` keeps stdout to the one JSON object.
  if (!opts.json || process.stderr.isTTY) process.stderr.write(`[bench] ${message}\n`);
}

async function createConnection(hub: HubProcess, body: unknown): Promise<string> {
  const res = await fetch(`${hub.url}/v1/connections`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hub.adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 201)
    throw new Error(`creating a connection answered ${res.status}: ${text.slice(0, 300)}`);
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || !('id' in parsed) || typeof parsed.id !== 'string')
    throw new Error(`creating a connection answered without an id: ${text.slice(0, 300)}`);
  return parsed.id;
}

/** Samples queue depths and the hub's CPU/RSS in the background. */
class Sampler {
  readonly timeline: DepthSample[] = [];
  readonly peaks: Record<string, QueueDepths> = {};
  phase = 'warm-up';
  zero = performance.now();
  redisPeak = 0;
  private timer: NodeJS.Timeout | undefined;
  private last: { at: number; cpuMs: number } | null = null;
  private busy = false;

  constructor(
    private readonly hub: HubProcess,
    private readonly probe: RedisProbe,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), SAMPLE_EVERY_MS);
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const [depths, mem] = await Promise.all([this.probe.depths(this.hub.prefix), this.probe.usedMemory()]);
      this.redisPeak = Math.max(this.redisPeak, mem);
      const now = performance.now();
      const proc = this.hub.sample();
      let cpuPct: number | null = null;
      if (proc && this.last) cpuPct = ((proc.cpuMs - this.last.cpuMs) / (now - this.last.at)) * 100;
      if (proc) this.last = { at: now, cpuMs: proc.cpuMs };
      this.timeline.push({
        t: (now - this.zero) / 1000,
        phase: this.phase,
        ...depths,
        hubCpuPct: cpuPct,
        hubRssMb: proc ? proc.rssMb : null,
      });
      const peak = (this.peaks[this.phase] ??= {
        inboxWaiting: 0,
        inboxActive: 0,
        deliverWaiting: 0,
        deliverActive: 0,
        deliverDelayed: 0,
      });
      for (const key of Object.keys(peak) as (keyof QueueDepths)[])
        peak[key] = Math.max(peak[key], depths[key]);
    } catch {
      // Redis busy or gone: the next tick tries again.
    } finally {
      this.busy = false;
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

const failed = (acks: readonly Ack[]): Ack[] => acks.filter((a) => a.error !== null);
const hr = (): number => Number(process.hrtime.bigint() / 1000n);
const orNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

async function main(): Promise<number> {
  let opts: BenchOptions | null;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (!opts) return 0;
  const o = opts;
  const root = fileURLToPath(new URL('..', import.meta.url));

  const probe = new RedisProbe(o.redisUrl);
  const sink = new BenchSink();
  const hub = new HubProcess();
  const sampler = new Sampler(hub, probe);
  let cleaned: Promise<void> | null = null;
  const cleanup = (): Promise<void> =>
    (cleaned ??= (async () => {
      sampler.stop();
      await hub.stop(o.cpuProf ? 60_000 : 10_000).catch(() => hub.killNow());
      await probe.deleteKeys(hub.prefix).catch(() => 0);
      await sink.stop().catch(() => undefined);
      await probe.close();
    })());
  const onSignal = (signal: NodeJS.Signals): void => {
    log(o, `${signal}: stopping the hub and cleaning up`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', () => hub.killNow());

  const machineLoad = loadavg()[0] ?? Number.NaN;
  const shopSecret = randomBytes(24).toString('hex');
  const signingSecrets: Record<string, string> = {};
  for (const path of DESTINATIONS) signingSecrets[path] = `whsec_${randomBytes(32).toString('base64')}`;

  let failure: string | null = null;
  let warm: Ack[] = [];
  let full: Ack[] = [];
  let half: Ack[] = [];
  let halfRate = Number.NaN;
  let halfLags: number[] = [];
  let ingestSeconds = Number.NaN;
  let payloadBytes = Number.NaN;
  let redisBefore = Number.NaN;
  let redisAfter = Number.NaN;
  let redisCpu0 = Number.NaN;
  let redisCpu1 = Number.NaN;
  let keysAfter = Number.NaN;
  let dataFiles: Record<string, number> = {};
  let ready: ProcSample | null = null;
  let fullStart: ProcSample | null = null;
  let fullEnd: ProcSample | null = null;
  let fullStartAt = Number.NaN;
  let fullEndAt = Number.NaN;
  let end: ProcSample | null = null;
  let windowUs: [number, number] | null = null;
  let benchCpu = process.cpuUsage();

  try {
    await probe.connect();
    redisBefore = await probe.usedMemory();
    await sink.start();
    log(o, 'starting the hub');
    await hub.start({
      role: o.ingestOnly ? 'api' : 'start',
      redisUrl: o.redisUrl,
      deliveryConcurrency: o.deliveryConcurrency,
      cpuProfDir: o.cpuProf,
    });
    const shopId = await createConnection(hub, {
      connector: 'shopify',
      name: 'Bench shop',
      config: { shopDomain: SHOP, accessToken: 'shpat_bench_not_used', webhookSecret: shopSecret },
    });
    for (const path of DESTINATIONS) {
      await createConnection(hub, {
        connector: 'webhook',
        name: `Bench receiver ${path}`,
        config: { url: sink.url(path), signingSecret: signingSecrets[path] },
      });
    }
    const target: Target = {
      port: Number(new URL(hub.url).port),
      path: `/v1/webhooks/${shopId}`,
      agent: keepAliveAgent(),
    };
    const warmHooks = prepareWebhooks(0, o.warmup, SHOP, shopSecret);
    const fullHooks = prepareWebhooks(o.warmup, o.orders, SHOP, shopSecret);
    const halfHooks = prepareWebhooks(o.warmup + o.orders, o.halfOrders, SHOP, shopSecret);

    payloadBytes = fullHooks.reduce((n, h) => n + h.body.length, 0) / Math.max(1, fullHooks.length);
    ready = hub.sample();
    redisCpu0 = await probe.cpuSeconds();
    benchCpu = process.cpuUsage();
    sampler.zero = performance.now();
    sampler.start();
    const check = (): void => {
      if (hub.crashed) throw new Error(`the hub process ended (${hub.describeExit()})`);
    };

    if (o.warmup > 0) {
      log(o, `warm-up: ${o.warmup} orders`);
      warm = await sendClosedLoop(target, warmHooks, o.concurrency);
      if (!o.ingestOnly && !(await sink.waitForDistinct(2 * o.warmup, o.timeoutS * 1000)))
        throw new Error(`warm-up: ${2 * o.warmup - sink.ids.size} deliveries missing after ${o.timeoutS} s`);
      check();
    }

    log(o, `full speed: ${o.orders} orders, ${o.concurrency} in flight`);
    sampler.phase = 'full speed';
    fullStart = hub.sample();
    fullStartAt = performance.now();
    windowUs = [hr(), Number.NaN];
    full = await sendClosedLoop(target, fullHooks, o.concurrency);
    const firstSent = Math.min(...full.map((a) => a.sentAt));
    const lastAck = Math.max(...full.map((a) => a.ackAt));
    ingestSeconds = (lastAck - firstSent) / 1000;
    log(
      o,
      `ingest: ${Math.round(o.orders / ingestSeconds)}/s` +
        (o.ingestOnly ? '' : `; waiting for ${2 * o.orders} deliveries`),
    );
    sampler.phase = 'full speed drain';
    const fullDone =
      o.ingestOnly || (await sink.waitForDistinct(2 * (o.warmup + o.orders), o.timeoutS * 1000));
    fullEnd = hub.sample();
    fullEndAt = performance.now();
    check();
    if (!fullDone) {
      failure = `full speed: ${2 * (o.warmup + o.orders) - sink.ids.size} deliveries not at the sink after ${o.timeoutS} s`;
    } else if (o.halfOrders > 0) {
      halfRate = o.halfRate ?? o.orders / ingestSeconds / 2;
      log(o, `half load: ${o.halfOrders} orders at ${Math.round(halfRate)}/s`);
      sampler.phase = 'half load';
      const paced = await sendPaced(target, halfHooks, halfRate);
      half = paced.acks;
      halfLags = paced.lagsMs;
      sampler.phase = 'half load drain';
      const halfDone =
        o.ingestOnly ||
        (await sink.waitForDistinct(2 * (o.warmup + o.orders + o.halfOrders), o.timeoutS * 1000));
      check();
      if (!halfDone)
        failure = `half load: ${2 * (o.warmup + o.orders + o.halfOrders) - sink.ids.size} deliveries not at the sink after ${o.timeoutS} s`;
    }
    windowUs[1] = hr();
    sampler.phase = 'settle';
    if (o.settleS > 0) await sleep(o.settleS * 1000);
    check();
    end = hub.sample();
    redisCpu1 = await probe.cpuSeconds();
    redisAfter = await probe.usedMemory();
    keysAfter = await probe.countKeys(hub.prefix);
    dataFiles = hub.dataFiles();
    target.agent.destroy();
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  const benchCpuUsed = process.cpuUsage(benchCpu);
  sampler.stop();
  log(o, 'stopping the hub');
  await cleanup();

  let profile: ProfileSummary | null = null;
  if (o.cpuProf) {
    try {
      const file = newestProfile(o.cpuProf);
      if (file)
        profile = summarizeProfile(file, root, windowUs && Number.isFinite(windowUs[1]) ? windowUs : null);
      else log(o, `no .cpuprofile written into ${o.cpuProf} (the hub did not exit cleanly?)`);
    } catch (error) {
      log(o, `could not read the CPU profile: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const index = indexArrivals(sink.arrivals, signingSecrets);
  const phases: [Ack[], PhaseDeliveries][] = [warm, full, half].map((acks) => [
    acks,
    phaseDeliveries(index, acks, DESTINATIONS),
  ]);
  const [, fullD] = phases[1] ?? [];
  const [, halfD] = phases[2] ?? [];
  const allAcks = [...warm, ...full, ...half];
  // Ingest only: nothing is delivered, so only refused webhooks count.
  const lost = o.ingestOnly ? 0 : phases.reduce((n, [, d]) => n + d.missing, 0);
  const duplicated = phases.reduce((n, [, d]) => n + d.duplicates, 0) + index.repeatedIds;
  const ingestErrors = failed(allAcks).length;
  const orders = allAcks.length;

  const hubCpuMs = end && ready ? end.cpuMs - ready.cpuMs : Number.NaN;
  const fullCpuMs = fullEnd && fullStart ? fullEnd.cpuMs - fullStart.cpuMs : Number.NaN;
  const fullAck = summarize(full.map((a) => a.ackAt - a.sentAt));
  const halfAck = summarize(half.map((a) => a.ackAt - a.sentAt));
  const ingestPerSecond = full.length / ingestSeconds;
  const peakRss = end?.hwmMb ?? fullEnd?.hwmMb ?? Number.NaN;
  const cpuPerOrder = hubCpuMs / orders;

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
  const limits: Record<string, (v: number) => boolean> = {
    ingest: (v) => v >= 4000,
    e2e: (v) => v >= 2000,
    'ack-p99-half': (v) => v <= 20,
    'e2e-p99-half': (v) => v <= 500,
    cpu: (v) => v <= 0.5,
    rss: (v) => v <= 300,
  };
  for (const t of targets) t.met = t.value === null ? null : (limits[t.figure]?.(t.value) ?? null);

  const hubFailed = hub.crashed;
  const result: BenchResult = {
    ok: failure === null && !hubFailed && lost === 0 && duplicated === 0 && ingestErrors === 0,
    failure,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      node: process.version,
      platform: `${process.platform}/${process.arch}`,
      loadAvg1AtStart: machineLoad,
    },
    options: {
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
    ingest: full.length
      ? {
          orders: full.length,
          payloadBytes,
          concurrency: o.concurrency,
          seconds: ingestSeconds,
          perSecond: ingestPerSecond,
          ackMs: fullAck,
          errors: failed(full).length,
          firstError: failed(allAcks)[0]?.error ?? null,
        }
      : null,
    endToEnd:
      full.length && fullD && !o.ingestOnly
        ? {
            orders: full.length,
            perSecond: fullD.ordersPerSecond,
            seconds: fullD.spanMs / 1000,
            latencyMs: fullD.latency,
            missing: fullD.missing,
            duplicates: fullD.duplicates,
          }
        : null,
    halfLoad:
      half.length && halfD
        ? {
            orders: half.length,
            rate: halfRate,
            ackMs: halfAck,
            latencyMs: o.ingestOnly ? summarize([]) : halfD.latency,
            errors: failed(half).length,
            missing: o.ingestOnly ? 0 : halfD.missing,
            duplicates: halfD.duplicates,
            sendLagP99Ms: summarize(halfLags).p99,
          }
        : null,
    hub: {
      peakRssMb: orNull(peakRss),
      endRssMb: orNull(end?.rssMb ?? NaN),
      cpuMs: orNull(hubCpuMs),
      cpuMsPerOrder: orNull(cpuPerOrder),
      cpuMsPerOrderFullSpeed: orNull(fullCpuMs / full.length),
      coresBusyFullSpeed: orNull(fullCpuMs / (fullEndAt - fullStartAt)),
      dataDirMb: Object.keys(dataFiles).length
        ? Object.values(dataFiles).reduce((a, b) => a + b, 0) / MB
        : null,
      dataFilesMb: Object.fromEntries(Object.entries(dataFiles).map(([name, bytes]) => [name, bytes / MB])),
      warnings: hub.warnings,
      exit: hubFailed ? `crashed (${hub.describeExit()})` : 'ok',
      logTail: hub.logTail,
    },
    redis: {
      usedMemoryBeforeMb: orNull(redisBefore / MB),
      usedMemoryAfterMb: orNull(redisAfter / MB),
      usedMemoryPeakMb: orNull(sampler.redisPeak / MB),
      keysAfter: orNull(keysAfter),
      cpuMsPerOrder: orNull(((redisCpu1 - redisCpu0) * 1000) / orders),
    },
    bench: {
      cpuMs: (benchCpuUsed.user + benchCpuUsed.system) / 1000,
      cpuMsPerOrder: orNull((benchCpuUsed.user + benchCpuUsed.system) / 1000 / orders),
    },
    checks: {
      lost,
      duplicated,
      ingestErrors,
      repeatedWebhookIds: index.repeatedIds,
      foreignArrivals: index.foreign + unknownOrders(index, [warm, full, half]),
      signatures: index.signatures,
      hubFailed,
    },
    queuePeaks: sampler.peaks,
    targets,
    timeline: sampler.timeline,
    profile,
  };

  if (o.json) {
    process.stdout.write(`${toJson(result)}\n`);
  } else {
    console.log(renderTable(result));
    if (o.depths)
      console.log(`\nQueue depths every ${SAMPLE_EVERY_MS} ms:\n${renderTimeline(sampler.timeline)}`);
  }
  return result.ok ? 0 : 1;
}

process.exitCode = await main();
