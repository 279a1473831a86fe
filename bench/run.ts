/**
 * `npm run bench`: drives a real hub (one `orderhub start` process, or `orderhub api` + N `orderhub worker`
 * processes on one SQLite file and one Redis prefix) with signed Shopify webhooks on loopback and measures
 * ingest, end-to-end delivery to two webhook destinations, latency at half load, and the hub's CPU and memory.
 * It reports against the design's targets; it does not judge them. See bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { indexArrivals } from './analyze';
import { summarizeProfile } from './cpu-profile';
import { HubCluster } from './hub-cluster';
import { keepAliveAgent, prepareWebhooks, sendClosedLoop, sendPaced, type Target } from './load';
import { parseOptions, USAGE, type BenchOptions } from './options';
import { RedisProbe } from './redis-probe';
import { renderTable, renderTimeline, toJson } from './report';
import { buildResult, emptyMeasured, type Measured } from './result';
import type { ProcessProfile } from './result-types';
import { SAMPLE_EVERY_MS, Sampler } from './sampler';
import { BenchSink } from './sink';
import { runSearchBench } from './search';
import { sleep } from './stats';

const SHOP = 'bench-shop.myshopify.com';
const DESTINATIONS = ['/erp-a', '/erp-b'] as const;

function log(opts: BenchOptions, message: string): void {
  // Progress goes to stderr, so `--json` keeps stdout to the one JSON object.
  if (!opts.json || process.stderr.isTTY) process.stderr.write(`[bench] ${message}\n`);
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function createConnection(hub: HubCluster, body: unknown): Promise<string> {
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

const hr = (): number => Number(process.hrtime.bigint() / 1000n);

function describeTopology(o: BenchOptions): string {
  if (o.ingestOnly) return 'orderhub api alone (ingest only)';
  return o.topology === 'split' ? `orderhub api + ${o.workers} × orderhub worker` : 'one orderhub start';
}

/** The phases: warm-up, full speed, half load, settle. Fills `m`; throws on a failure that ends the run. */
async function measure(
  o: BenchOptions,
  m: Measured,
  hub: HubCluster,
  probe: RedisProbe,
  sink: BenchSink,
  sampler: Sampler,
  signingSecrets: Record<string, string>,
): Promise<[number, number]> {
  const shopSecret = randomBytes(24).toString('hex');
  await probe.connect();
  m.redisBefore = await probe.usedMemory();
  await sink.start();
  log(o, `starting the hub: ${describeTopology(o)}`);
  await hub.start(
    {
      topology: o.topology,
      workers: o.workers,
      ingestOnly: o.ingestOnly,
      redisUrl: o.redisUrl,
      deliveryConcurrency: o.deliveryConcurrency,
      cpuProfDir: o.cpuProf,
    },
    (prefix) => probe.workerConnections(prefix),
  );
  const shopId = await createConnection(hub, {
    connector: 'shopify',
    name: 'Bench shop',
    // Full webhook bodies stored as they come: the bench measures the hub, not re-reads of a channel.
    config: {
      shopDomain: SHOP,
      accessToken: 'shpat_bench_not_used',
      webhookSecret: shopSecret,
      api: 'rest',
      webhookMode: 'full',
    },
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

  m.payloadBytes = fullHooks.reduce((n, h) => n + h.body.length, 0) / Math.max(1, fullHooks.length);
  m.ready = hub.sample();
  m.redisCpu0 = await probe.cpuSeconds();
  m.benchCpuAtReady = process.cpuUsage();
  sampler.zero = performance.now();
  sampler.start();
  const check = (): void => {
    if (hub.crashed) throw new Error(`a hub process ended (${hub.describeExit()})`);
  };
  const deliveredBy = async (orders: number): Promise<boolean> =>
    o.ingestOnly || (await sink.waitForDistinct(2 * orders, o.timeoutS * 1000));
  const missing = (orders: number): number => 2 * orders - sink.ids.size;

  if (o.warmup > 0) {
    log(o, `warm-up: ${o.warmup} orders`);
    m.warm = await sendClosedLoop(target, warmHooks, o.concurrency);
    if (!(await deliveredBy(o.warmup)))
      throw new Error(`warm-up: ${missing(o.warmup)} deliveries missing after ${o.timeoutS} s`);
    check();
  }

  log(o, `full speed: ${o.orders} orders, ${o.concurrency} in flight`);
  sampler.phase = 'full speed';
  m.fullStart = hub.sample();
  m.fullStartAt = performance.now();
  const windowUs: [number, number] = [hr(), Number.NaN];
  m.full = await sendClosedLoop(target, fullHooks, o.concurrency);
  const firstSent = Math.min(...m.full.map((a) => a.sentAt));
  const lastAck = Math.max(...m.full.map((a) => a.ackAt));
  m.ingestSeconds = (lastAck - firstSent) / 1000;
  log(
    o,
    `ingest: ${Math.round(o.orders / m.ingestSeconds)}/s` +
      (o.ingestOnly ? '' : `; waiting for ${2 * o.orders} deliveries`),
  );
  sampler.phase = 'full speed drain';
  const fullDone = await deliveredBy(o.warmup + o.orders);
  m.fullEnd = hub.sample();
  m.fullEndAt = performance.now();
  check();
  if (!fullDone) {
    m.failure = `full speed: ${missing(o.warmup + o.orders)} deliveries not at the sink after ${o.timeoutS} s`;
  } else if (o.halfOrders > 0) {
    m.halfRate = o.halfRate ?? o.orders / m.ingestSeconds / 2;
    log(o, `half load: ${o.halfOrders} orders at ${Math.round(m.halfRate)}/s`);
    sampler.phase = 'half load';
    const paced = await sendPaced(target, halfHooks, m.halfRate);
    m.half = paced.acks;
    m.halfLags = paced.lagsMs;
    sampler.phase = 'half load drain';
    const total = o.warmup + o.orders + o.halfOrders;
    const halfDone = await deliveredBy(total);
    check();
    if (!halfDone)
      m.failure = `half load: ${missing(total)} deliveries not at the sink after ${o.timeoutS} s`;
  }
  windowUs[1] = hr();
  sampler.phase = 'settle';
  if (o.settleS > 0) await sleep(o.settleS * 1000);
  check();
  m.end = hub.sample();
  m.redisCpu1 = await probe.cpuSeconds();
  m.redisAfter = await probe.usedMemory();
  m.keysAfter = await probe.countKeys(hub.prefix);
  m.dataFiles = hub.dataFiles();
  target.agent.destroy();
  return windowUs;
}

/** Summaries of the processes' CPU profiles (written when they exit), cut to the measured phases. */
function readProfiles(o: BenchOptions, hub: HubCluster, windowUs: [number, number] | null): ProcessProfile[] {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const out: ProcessProfile[] = [];
  for (const p of hub.processes) {
    const file = hub.profileFile(p);
    if (!file) continue;
    if (!existsSync(file)) {
      log(o, `no CPU profile of ${p.name} at ${file} (it did not exit cleanly?)`);
      continue;
    }
    try {
      out.push({ process: p.name, summary: summarizeProfile(file, root, windowUs) });
    } catch (error) {
      log(o, `could not read the CPU profile of ${p.name}: ${errorText(error)}`);
    }
  }
  return out;
}

async function main(): Promise<number> {
  // `npm run bench -- search`: the order-search figures, a separate bench on the store alone (bench/search.ts).
  if (process.argv[2] === 'search') return runSearchBench(process.argv.slice(3));
  let opts: BenchOptions | null;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${errorText(error)}\n\n${USAGE}`);
    return 2;
  }
  if (!opts) return 0;
  const o = opts;

  const probe = new RedisProbe(o.redisUrl);
  const sink = new BenchSink();
  const hub = new HubCluster();
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

  const m = emptyMeasured(loadavg()[0] ?? Number.NaN);
  const signingSecrets: Record<string, string> = {};
  for (const path of DESTINATIONS) signingSecrets[path] = `whsec_${randomBytes(32).toString('base64')}`;

  let windowUs: [number, number] | null = null;
  try {
    windowUs = await measure(o, m, hub, probe, sink, sampler, signingSecrets);
  } catch (error) {
    m.failure = errorText(error);
  }
  const benchCpuUsed = process.cpuUsage(m.benchCpuAtReady ?? undefined);
  m.benchCpuMs = (benchCpuUsed.user + benchCpuUsed.system) / 1000;
  sampler.stop();
  log(o, 'stopping the hub');
  await cleanup();

  const profiles = o.cpuProf ? readProfiles(o, hub, windowUs) : [];
  const index = indexArrivals(sink.arrivals, signingSecrets);
  const result = buildResult(o, m, hub, sampler, index, DESTINATIONS, profiles);

  if (o.json) {
    process.stdout.write(`${toJson(result)}\n`);
  } else {
    console.log(renderTable(result));
    if (o.depths)
      console.log(`\nQueue depths every ${SAMPLE_EVERY_MS} ms:\n${renderTimeline(result.timeline)}`);
  }
  return result.ok ? 0 : 1;
}

process.exitCode = await main();
