import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Clock, ConnectorContext, Logger, LookupTables } from './context';
import { createHttpClient } from './http';

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
export function fixedClock(
  start: string | Date,
): Clock & { set(at: string | Date): void; advance(ms: number): void } {
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
}

/**
 * A real connector context for tests: the SDK's HTTP client (so nock or a loopback server answers it), a
 * memory logger, a fixed clock and no-op cancellation.
 */
export function createTestContext<Config>(
  config: Config,
  options: TestContextOptions = {},
): ConnectorContext<Config> & {
  log: ReturnType<typeof memoryLogger>;
} {
  const log = memoryLogger();
  return {
    connectionId: options.connectionId ?? 'con_test',
    config,
    http: createHttpClient({
      allowPrivate: options.allowPrivate ?? true,
      timeoutMs: options.timeoutMs ?? 2_000,
      log,
    }),
    log,
    clock: options.clock ?? fixedClock('2026-01-01T00:00:00Z'),
    signal: new AbortController().signal,
    tables: options.tables ?? {},
  };
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
