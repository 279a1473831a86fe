import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HubProcess, type ProcSample } from './hub-process';
import { sleep } from './stats';

/** `single`: one `orderhub start`. `split`: one `orderhub api` and N `orderhub worker` processes. */
export type Topology = 'single' | 'split';

/** Settings of the hub processes. */
export interface HubLaunch {
  topology: Topology;
  /** Worker processes of the `split` topology. */
  workers: number;
  /** One `orderhub api` alone (no workers): the ingest path only. */
  ingestOnly: boolean;
  redisUrl: string;
  deliveryConcurrency: number | null;
  /** Directory for `--cpu-prof`, or null. */
  cpuProfDir: string | null;
}

/** CPU and memory of every hub process at one moment. */
export interface HubSample {
  /** utime + stime of all processes, ms. */
  cpuMs: number;
  /** VmRSS summed over the processes, MiB. */
  rssMb: number;
  /** VmHWM summed over the processes, MiB (an upper bound: each peaked at its own moment). */
  hwmSumMb: number;
  /** The largest VmHWM of one process, MiB. */
  hwmMaxMb: number;
  /** Per process, in the order of `HubCluster.processes`. */
  processes: ProcSample[];
}

/** Counts worker connections of the hub's queues in Redis (see `RedisProbe.workerConnections`). */
export type WorkerCounter = (prefix: string) => Promise<{ inbox: number; deliver: number }>;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

const LOG_TAIL = 60;
const START_TIMEOUT_MS = 60_000;

/**
 * The hub under test: one or more `node bin/orderhub.js <role>` processes sharing a temp data dir (one
 * SQLite file), a unique queue prefix, generated admin and secret keys and one environment. `stop()` ends
 * them all and removes the temp dir; Redis keys are the caller's to remove, after the processes are gone.
 */
export class HubCluster {
  readonly prefix = `bench-${randomBytes(6).toString('hex')}`;
  readonly adminKey = `bench-admin-${randomBytes(16).toString('hex')}`;
  readonly dataDir = mkdtempSync(join(tmpdir(), 'orderhub-bench-'));
  private readonly secretKey = randomBytes(32).toString('hex');
  readonly processes: HubProcess[] = [];
  /** The API's base URL. */
  url = '';
  /** Last log lines of all processes, each after `[name]` when there are several. */
  readonly logTail: string[] = [];
  private cpuProfDir: string | null = null;

  /** Spawns the processes of the topology and waits until the API answers `/readyz` and workers listen. */
  async start(launch: HubLaunch, countWorkers: WorkerCounter): Promise<void> {
    const port = await freePort();
    const root = fileURLToPath(new URL('..', import.meta.url));
    this.cpuProfDir = launch.cpuProfDir ? resolve(launch.cpuProfDir) : null;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL: launch.redisUrl,
      ORDERHUB_DATA_DIR: this.dataDir,
      ORDERHUB_QUEUE_PREFIX: this.prefix,
      ORDERHUB_ADMIN_KEY: this.adminKey,
      ORDERHUB_SECRET_KEY: this.secretKey,
      ORDERHUB_SAMPLE_CONFIG: 'off',
      ORDERHUB_ALLOW_PRIVATE_URLS: 'true',
      // The bench's Shopify shop does not exist: never let a scheduled pull call the real Shopify.
      ORDERHUB_POLL_SCHEDULES: 'off',
      LOG_LEVEL: 'warn',
    };
    if (launch.deliveryConcurrency !== null)
      env.ORDERHUB_DELIVERY_CONCURRENCY = String(launch.deliveryConcurrency);
    this.url = `http://127.0.0.1:${port}`;

    const split = launch.topology === 'split' && !launch.ingestOnly;
    const front = launch.ingestOnly || split ? this.add('api', 'api') : this.add('hub', 'start');
    const workers = split
      ? Array.from({ length: launch.workers }, (_, i) => this.add(`worker-${i + 1}`, 'worker'))
      : [];
    const spawnOne = (p: HubProcess): void => p.spawn({ root, env, nodeArgs: this.nodeArgs(p) });
    // The API first: it creates the SQLite file (WAL) before workers open it, so no two processes set up a
    // fresh database at once.
    spawnOne(front);
    await front.waitReady(this.url, START_TIMEOUT_MS);
    workers.forEach(spawnOne);
    if (!launch.ingestOnly) await this.waitForWorkers(split ? launch.workers : 1, countWorkers);
  }

  private add(name: string, role: HubProcess['role']): HubProcess {
    const p = new HubProcess(name, role, (from, line) => {
      this.logTail.push(this.processes.length > 1 ? `[${from.name}] ${line}` : line);
      if (this.logTail.length > LOG_TAIL) this.logTail.shift();
    });
    this.processes.push(p);
    return p;
  }

  private nodeArgs(p: HubProcess): string[] {
    if (!this.cpuProfDir) return [];
    return ['--cpu-prof', `--cpu-prof-dir=${this.cpuProfDir}`, `--cpu-prof-name=${this.profileName(p)}`];
  }

  private profileName(p: HubProcess): string {
    return `${this.prefix}-${p.name}.cpuprofile`;
  }

  /** Where `--cpu-prof` writes the profile of a process (once it has exited cleanly). */
  profileFile(p: HubProcess): string | null {
    return this.cpuProfDir ? join(this.cpuProfDir, this.profileName(p)) : null;
  }

  /**
   * Waits until every worker process has its `inbox` and `deliver` workers connected to Redis (BullMQ names
   * their connections). If Redis refuses `CLIENT LIST`, waits 2 s instead; the warm-up waits for deliveries.
   */
  private async waitForWorkers(expected: number, countWorkers: WorkerCounter): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const gone = this.processes.find((p) => p.exit);
      if (gone) throw new Error(`${gone.name} exited during start-up (${gone.describeExit()})`);
      let counts: { inbox: number; deliver: number };
      try {
        counts = await countWorkers(this.prefix);
      } catch {
        await sleep(2000);
        return;
      }
      if (counts.inbox >= expected && counts.deliver >= expected) return;
      await sleep(100);
    }
    throw new Error(
      `queue workers of ${expected} process(es) not connected within ${START_TIMEOUT_MS / 1000} s`,
    );
  }

  /** A process that exited without being asked to, if any. */
  get crashedProcess(): HubProcess | undefined {
    return this.processes.find((p) => p.crashed);
  }

  get crashed(): boolean {
    return this.crashedProcess !== undefined;
  }

  describeExit(): string {
    const p = this.crashedProcess;
    return p ? `${p.name}: ${p.describeExit()}` : 'running';
  }

  get warnings(): number {
    return this.processes.reduce((n, p) => n + p.warnings, 0);
  }

  get sqliteBusy(): number {
    return this.processes.reduce((n, p) => n + p.sqliteBusy, 0);
  }

  /** CPU and memory of all processes; null when one of them cannot be read (gone). */
  sample(): HubSample | null {
    const samples: ProcSample[] = [];
    for (const p of this.processes) {
      const s = p.sample();
      if (!s) return null;
      samples.push(s);
    }
    if (samples.length === 0) return null;
    return {
      cpuMs: samples.reduce((n, s) => n + s.cpuMs, 0),
      rssMb: samples.reduce((n, s) => n + s.rssMb, 0),
      hwmSumMb: samples.reduce((n, s) => n + s.hwmMb, 0),
      hwmMaxMb: Math.max(...samples.map((s) => s.hwmMb)),
      processes: samples,
    };
  }

  /** Bytes per file in the data dir (SQLite database, WAL, keys), recursively. */
  dataFiles(): Record<string, number> {
    const out: Record<string, number> = {};
    const walk = (dir: string, prefix: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        const st = statSync(path);
        if (st.isDirectory()) walk(path, `${prefix}${name}/`);
        else out[`${prefix}${name}`] = st.size;
      }
    };
    try {
      walk(this.dataDir, '');
    } catch {
      // removed already
    }
    return out;
  }

  /** Ends every process (SIGTERM, then SIGKILL after `graceMs`), all at once, and removes the temp dir. */
  async stop(graceMs = 10_000): Promise<void> {
    try {
      await Promise.all(this.processes.map((p) => p.stop(graceMs)));
    } finally {
      rmSync(this.dataDir, { recursive: true, force: true });
    }
  }

  /** Last resort from a synchronous exit handler. */
  killNow(): void {
    for (const p of this.processes) p.killNow();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
