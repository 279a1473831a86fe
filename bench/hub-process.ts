import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from './stats';

/** `orderhub` sub-command of one hub process: `start` (API + workers + sweeper), `api` or `worker`. */
export type HubRole = 'start' | 'api' | 'worker';

/** CPU time and memory of one hub process, read from /proc. */
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

const TICKS_PER_SECOND = clockTicks();
const LOG_TAIL = 60;

/** How one child is started; the environment is the cluster's, shared by every process. */
export interface SpawnSpec {
  root: string;
  env: NodeJS.ProcessEnv;
  nodeArgs: string[];
}

/**
 * One `node bin/orderhub.js <role>` child in its own process group. It counts its log lines at warn level
 * or above and those that mention SQLITE_BUSY; `stop()` ends it (SIGTERM, then SIGKILL).
 */
export class HubProcess {
  /** Last log lines of this process (stdout and stderr), for diagnosis. */
  readonly logTail: string[] = [];
  /** Log lines at warn level or above. */
  warnings = 0;
  /** Log lines mentioning SQLITE_BUSY or "database is locked". */
  sqliteBusy = 0;
  exit: { code: number | null; signal: string | null } | null = null;
  private child: ChildProcess | undefined;
  private stopping = false;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    /** `hub`, `api`, `worker-1`, …: names the process in the report and its CPU profile. */
    readonly name: string,
    readonly role: HubRole,
    private readonly onLine: (process: HubProcess, line: string) => void = () => undefined,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  spawn(spec: SpawnSpec): void {
    const child = spawn(process.execPath, [...spec.nodeArgs, join(spec.root, 'bin/orderhub.js'), this.role], {
      cwd: spec.root,
      env: spec.env,
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
  }

  /** Polls `<url>/readyz` until it answers 2xx. */
  async waitReady(url: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exit) throw new Error(`${this.name} exited during start-up (${this.describeExit()})`);
      try {
        const res = await fetch(`${url}/readyz`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`${this.name} did not become ready within ${timeoutMs / 1000} s`);
  }

  private log(line: string): void {
    if (!line.trim()) return;
    const kept = line.length > 500 ? `${line.slice(0, 500)}…` : line;
    this.logTail.push(kept);
    if (this.logTail.length > LOG_TAIL) this.logTail.shift();
    const level = /"level":(\d+)/.exec(line)?.[1];
    if (level === undefined || Number(level) >= 40) this.warnings++;
    if (/SQLITE_BUSY|database is locked/i.test(line)) this.sqliteBusy++;
    this.onLine(this, kept);
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
        cpuMs: (ticks * 1000) / TICKS_PER_SECOND,
        rssMb: kb('VmRSS') / 1024,
        hwmMb: kb('VmHWM') / 1024,
      };
    } catch {
      return null;
    }
  }

  /** Ends the process group: SIGTERM (a graceful drain; the CPU profile is written then), then SIGKILL. */
  async stop(graceMs = 10_000): Promise<void> {
    const pid = this.child?.pid;
    // A process that ended before being asked stays `crashed`.
    if (pid === undefined || this.exit) return;
    this.stopping = true;
    this.signal(pid, 'SIGTERM');
    const ended = await Promise.race([this.exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!ended) {
      this.signal(pid, 'SIGKILL');
      await Promise.race([this.exited, sleep(2000)]);
    }
  }

  /** Last resort from a synchronous exit handler. */
  killNow(): void {
    const pid = this.child?.pid;
    if (pid === undefined || this.exit) return;
    this.stopping = true;
    this.signal(pid, 'SIGKILL');
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
