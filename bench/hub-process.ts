import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from './stats';

/** Settings of the hub child process. */
export interface HubLaunch {
  /** `start` (API + workers + sweeper) or `api` (ingest only). */
  role: 'start' | 'api';
  redisUrl: string;
  deliveryConcurrency: number | null;
  /** Directory for `--cpu-prof`, or null. */
  cpuProfDir: string | null;
}

/** CPU time and memory of the hub process, read from /proc. */
export interface ProcSample {
  /** utime + stime, milliseconds. */
  cpuMs: number;
  /** VmRSS, MiB. */
  rssMb: number;
  /** VmHWM (peak RSS since start), MiB. */
  hwmMb: number;
}

function clockTicks(): number {
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isInteger(n) && n > 0 ? n : 100;
  } catch {
    return 100;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

const LOG_TAIL = 60;

/**
 * `node bin/orderhub.js start` (or `api`) as a child process in its own process group, with a temp data dir, a free
 * port, a unique queue prefix and generated keys. `stop()` ends it (SIGTERM, then SIGKILL) and removes the
 * temp dir; Redis keys are the caller's to remove, after the process is gone.
 */
export class HubProcess {
  readonly prefix = `bench-${randomBytes(6).toString('hex')}`;
  readonly adminKey = `bench-admin-${randomBytes(16).toString('hex')}`;
  readonly dataDir = mkdtempSync(join(tmpdir(), 'orderhub-bench-'));
  readonly ticksPerSecond = clockTicks();
  url = '';
  /** Last log lines of the hub (stdout and stderr), for diagnosis. */
  readonly logTail: string[] = [];
  /** Log lines at warn level or above. */
  warnings = 0;
  exit: { code: number | null; signal: string | null } | null = null;
  private child: ChildProcess | undefined;
  private stopping = false;
  private exited: Promise<void> = Promise.resolve();

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(launch: HubLaunch): Promise<void> {
    const port = await freePort();
    const root = fileURLToPath(new URL('..', import.meta.url));
    const nodeArgs = launch.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(launch.cpuProfDir)}`] : [];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL: launch.redisUrl,
      ORDERHUB_DATA_DIR: this.dataDir,
      ORDERHUB_QUEUE_PREFIX: this.prefix,
      ORDERHUB_ADMIN_KEY: this.adminKey,
      ORDERHUB_SECRET_KEY: randomBytes(32).toString('hex'),
      ORDERHUB_SAMPLE_CONFIG: 'off',
      ORDERHUB_ALLOW_PRIVATE_URLS: 'true',
      // The bench's Shopify shop does not exist: never let a scheduled pull call the real Shopify.
      ORDERHUB_POLL_SCHEDULES: 'off',
      LOG_LEVEL: 'warn',
    };
    if (launch.deliveryConcurrency !== null)
      env.ORDERHUB_DELIVERY_CONCURRENCY = String(launch.deliveryConcurrency);
    const child = spawn(process.execPath, [...nodeArgs, join(root, 'bin/orderhub.js'), launch.role], {
      cwd: root,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise<void>((done) =>
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        done();
      }),
    );
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) this.log(line);
      });
    }
    this.url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.exit) throw new Error(`the hub exited during start-up (${this.describeExit()})`);
      try {
        const res = await fetch(`${this.url}/readyz`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error('the hub did not become ready within 60 s');
  }

  private log(line: string): void {
    if (!line.trim()) return;
    this.logTail.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
    if (this.logTail.length > LOG_TAIL) this.logTail.shift();
    const level = /"level":(\d+)/.exec(line)?.[1];
    if (level === undefined || Number(level) >= 40) this.warnings++;
  }

  describeExit(): string {
    if (!this.exit) return 'running';
    return this.exit.signal ? `signal ${this.exit.signal}` : `exit code ${this.exit.code}`;
  }

  /** Exited without being asked to. */
  get crashed(): boolean {
    return this.exit !== null && !this.stopping;
  }

  /** CPU and memory from /proc; null once the process is gone. */
  sample(): ProcSample | null {
    const pid = this.child?.pid;
    if (pid === undefined || this.exit) return null;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after "(comm)": state is field 3, utime 14, stime 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (key: string): number =>
        Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
      return {
        cpuMs: (ticks * 1000) / this.ticksPerSecond,
        rssMb: kb('VmRSS') / 1024,
        hwmMb: kb('VmHWM') / 1024,
      };
    } catch {
      return null;
    }
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

  /** Ends the process group: SIGTERM (a graceful drain; the CPU profile is written then), then SIGKILL. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    const pid = this.child?.pid;
    if (pid !== undefined && !this.exit) {
      this.signal(pid, 'SIGTERM');
      const ended = await Promise.race([this.exited.then(() => true), sleep(graceMs).then(() => false)]);
      if (!ended) {
        this.signal(pid, 'SIGKILL');
        await Promise.race([this.exited, sleep(2000)]);
      }
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Last resort from a synchronous exit handler. */
  killNow(): void {
    const pid = this.child?.pid;
    if (pid !== undefined && !this.exit) this.signal(pid, 'SIGKILL');
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private signal(pid: number, signal: NodeJS.Signals): void {
    try {
      process.kill(-pid, signal);
    } catch {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
  }
}
