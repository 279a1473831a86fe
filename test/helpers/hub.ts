import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { pino, type Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type HubConfig } from '../../src/config';
import { buildApp } from '../../src/http/app';
import { createHub, type Hub } from '../../src/hub';
import { startSweeper } from '../../src/queues/sweeper';
import { startWorkers } from '../../src/queues/workers';

export const ADMIN_KEY = 'test-admin-key-0123456789';

export interface TestHub {
  hub: Hub;
  app: FastifyInstance;
  config: HubConfig;
  startWorkers(): void;
  stopWorkers(): Promise<void>;
  close(): Promise<void>;
  /** Authorization header of the admin key. */
  auth: { authorization: string };
  /** Serves the app on a loopback port (for browsers and other processes); answers its base URL. */
  listen(): Promise<string>;
  /** Creates a connection through the API as the admin; answers its id. */
  connect(connector: string, config: object, name?: string): Promise<string>;
  /** Creates an API key with `role` through the API; answers its authorization header. */
  keyHeaders(role: string): Promise<{ authorization: string }>;
}

/**
 * A real hub for tests: SQLite in a temp dir, real Redis under a unique queue prefix, quick sweeps and retries,
 * private URLs allowed (loopback sinks), and a silent logger.
 */
export async function startTestHub(
  overrides: Partial<HubConfig> = {},
  env: NodeJS.ProcessEnv = {},
  logger: Logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  /** A controlled clock for the hub (`hub.now()`). */
  now?: () => Date,
): Promise<TestHub> {
  const dataDir = mkdtempSync(join(tmpdir(), 'orderhub-test-'));
  const base = loadConfig({
    ORDERHUB_DATA_DIR: dataDir,
    ORDERHUB_QUEUE_PREFIX: `test-${randomBytes(6).toString('hex')}`,
    ORDERHUB_ADMIN_KEY: ADMIN_KEY,
    ORDERHUB_SECRET_KEY: randomBytes(32).toString('hex'),
    ORDERHUB_ALLOW_PRIVATE_URLS: 'true',
    ORDERHUB_SAMPLE_CONFIG: 'off',
    // Tests drive pulls themselves, so that a scheduled pull never races them for a planned HTTP call.
    ORDERHUB_POLL_SCHEDULES: 'off',
    ORDERHUB_RETRY_BASE_MS: '50',
    ORDERHUB_RETRY_MAX_MS: '400',
    ORDERHUB_SWEEP_INTERVAL_MS: '200',
    ORDERHUB_SWEEP_GRACE_MS: '300',
    ORDERHUB_DELIVERY_LEASE_MS: '5000',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    ...env,
  });
  const config = { ...base, ...overrides };
  const hub = await createHub(config, { logger, ...(now ? { now } : {}) });
  const app = await buildApp(hub);
  let running: { close(): Promise<void> }[] = [];
  const t: TestHub = {
    hub,
    app,
    config,
    auth: { authorization: `Bearer ${ADMIN_KEY}` },
    async listen() {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      if (address === null || typeof address === 'string') throw new Error('the hub is not on a TCP port');
      return `http://127.0.0.1:${address.port}`;
    },
    async connect(connector, connectionConfig, name = connector) {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/connections',
        headers: t.auth,
        payload: { connector, name, config: connectionConfig },
      });
      if (res.statusCode !== 201) throw new Error(`creating a ${connector} connection: ${res.body}`);
      return res.json<{ id: string }>().id;
    },
    async keyHeaders(role) {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/api-keys',
        headers: t.auth,
        payload: { name: `${role} key`, role },
      });
      if (res.statusCode !== 201) throw new Error(`creating a ${role} key: ${res.body}`);
      return { authorization: `Bearer ${res.json<{ key: string }>().key}` };
    },
    startWorkers() {
      const workers = startWorkers(hub);
      const sweeper = startSweeper(hub);
      running.push(workers, { close: async () => sweeper.stop() });
    },
    async stopWorkers() {
      for (const r of running.reverse()) await r.close();
      running = [];
    },
    async close() {
      await t.stopWorkers();
      await app.close();
      const keys = await hub.redis.keys(`${config.queuePrefix}:*`);
      if (keys.length) await hub.redis.del(...keys);
      await hub.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
