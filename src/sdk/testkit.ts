import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type {
  Clock,
  ConnectorCache,
  ConnectorContext,
  Logger,
  LookupTables,
  RateBudget,
  RateLimit,
} from './context';
import type { PageRequest, PullCheckpoint, SourceDefinition } from './define';
import { createHttpClient } from './http';
import { runWindows } from './window';

/** A logger that keeps what it was given, for tests that assert nothing secret was logged. */
export function memoryLogger(lines: { level: string; obj: unknown; msg?: string }[] = []): Logger & {
  lines: typeof lines;
} {
  const at =
    (level: string) =>
    (objOrMsg: object | string, msg?: string): void => {
      lines.push(
        typeof objOrMsg === 'string' ? { level, obj: {}, msg: objOrMsg } : { level, obj: objOrMsg, msg },
      );
    };
  const logger = {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}

/** A clock that stands still until moved. */
export function fixedClock(start: string | Date): TestClock {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    set: (at) => {
      now = new Date(at);
    },
    advance: (ms) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

/** Options of `createTestContext`. */
export interface TestContextOptions {
  connectionId?: string;
  tables?: LookupTables;
  clock?: Clock;
  /** Default true: tests talk to nock or a loopback server. */
  allowPrivate?: boolean;
  timeoutMs?: number;
  /** The connector's `rateLimits`, so `ctx.rate` behaves as in the hub. */
  rateLimits?: Record<string, RateLimit>;
}

/** A test clock: standing still until moved. */
export type TestClock = Clock & { set(at: string | Date): void; advance(ms: number): void };

/** A token bucket in memory, on the test clock. */
function memoryRateBudget(
  limits: Record<string, RateLimit>,
  clock: Clock,
  sleep: (ms: number) => Promise<void>,
): RateBudget {
  const state = new Map<string, { tokens: number; at: number }>();
  return {
    async take(bucket, cost = 1) {
      const limit = limits[bucket];
      if (!limit) throw new Error(`rate bucket "${bucket}" is not declared in rateLimits`);
      for (;;) {
        const now = clock.now().getTime();
        const s = state.get(bucket) ?? { tokens: limit.burst, at: now };
        const tokens = Math.min(
          limit.burst,
          s.tokens + (Math.max(0, now - s.at) * limit.ratePerSecond) / 1000,
        );
        if (tokens >= cost) {
          state.set(bucket, { tokens: tokens - cost, at: now });
          return;
        }
        state.set(bucket, { tokens, at: now });
        await sleep(Math.ceil(((cost - tokens) * 1000) / limit.ratePerSecond));
      }
    },
  };
}

function memoryCache(
  clock: Clock,
): ConnectorCache & { entries: Map<string, { value: string; until: number }> } {
  const entries = new Map<string, { value: string; until: number }>();
  return {
    entries,
    async get(key) {
      const e = entries.get(key);
      return e && e.until > clock.now().getTime() ? e.value : undefined;
    },
    async set(key, value, ttlMs) {
      entries.set(key, { value, until: clock.now().getTime() + ttlMs });
    },
    async delete(key) {
      entries.delete(key);
    },
  };
}

/** The test context: a real connector context plus what tests inspect. */
export type TestContext<Config> = ConnectorContext<Config> & {
  log: ReturnType<typeof memoryLogger>;
  /** Every `ctx.sleep` asked for, in order; sleeping advances a test clock instead of waiting. */
  sleeps: number[];
  cache: ConnectorCache & { entries: Map<string, { value: string; until: number }> };
  /** Secrets the connector saved through `saveSecret` (also applied to `config`). */
  savedSecrets: Record<string, string>;
};

/**
 * A real connector context for tests: the SDK's HTTP client (so nock or a loopback server answers it), a
 * memory logger, a fixed clock that `sleep` advances, memory rate budgets and cache, and no-op cancellation.
 */
export function createTestContext<Config>(
  config: Config,
  options: TestContextOptions = {},
): TestContext<Config> {
  const log = memoryLogger();
  const clock = options.clock ?? fixedClock('2026-01-01T00:00:00Z');
  const sleeps: number[] = [];
  const sleep = async (ms: number): Promise<void> => {
    sleeps.push(ms);
    if ('advance' in clock && typeof clock.advance === 'function') clock.advance(ms);
  };
  const savedSecrets: Record<string, string> = {};
  const ctx: TestContext<Config> = {
    connectionId: options.connectionId ?? 'con_test',
    config,
    sleeps,
    sleep,
    rate: memoryRateBudget(options.rateLimits ?? {}, clock, sleep),
    cache: memoryCache(clock),
    savedSecrets,
    async saveSecret(field, value) {
      savedSecrets[field] = value;
      ctx.config = { ...ctx.config, [field]: value };
    },
    http: createHttpClient({
      allowPrivate: options.allowPrivate ?? true,
      timeoutMs: options.timeoutMs ?? 2_000,
      log,
    }),
    log,
    clock,
    signal: new AbortController().signal,
    tables: options.tables ?? {},
  };
  return ctx;
}

/** What `pullAll` read. */
export interface PullAllResult {
  records: unknown[];
  /** Every page request the engine made, in order. */
  requests: PageRequest[];
  /** Every checkpoint the engine saved, in order; the last is where the next pull starts. */
  checkpoints: PullCheckpoint[];
  more: boolean;
}

/**
 * Runs a source's pull through the hub's own cursor/window engine, in memory: the way to test paging, window
 * limits, boundary ties and the settle delay against nock.
 */
export async function pullAll<Config>(
  source: SourceDefinition<Config>,
  ctx: ConnectorContext<Config>,
  options: { checkpoint?: PullCheckpoint | null; maxPages?: number } = {},
): Promise<PullAllResult> {
  if (!source.pull) throw new Error(`${source.meta.id} does not pull`);
  const out: PullAllResult = { records: [], requests: [], checkpoints: [], more: false };
  const run = await runWindows({
    spec: source.pull,
    ctx,
    checkpoint: options.checkpoint ?? null,
    maxPages: options.maxPages ?? 1_000,
    store: async (records, request) => {
      out.records.push(...records);
      out.requests.push(request);
    },
    saveCheckpoint: async (cp) => {
      out.checkpoints.push(cp);
    },
  });
  out.more = run.more;
  return out;
}

/** Absolute path of a file under `fixtures/<connectorId>/`. */
export function fixturePath(connectorId: string, file: string): string {
  return resolve(import.meta.dirname, '../../fixtures', connectorId, file);
}

/** Reads a fixture as text (webhook bodies must be byte-exact for signature tests). */
export function readFixtureText(connectorId: string, file: string): string {
  return readFileSync(fixturePath(connectorId, file), 'utf8');
}

/** Reads and parses a JSON fixture. */
export function readFixture(connectorId: string, file: string): unknown {
  return JSON.parse(readFixtureText(connectorId, file));
}
