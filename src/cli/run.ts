import { loadConfig, type HubConfig } from '../config';
import { buildApp } from '../http/app';
import { ensureAdminKey } from '../http/auth';
import { createHub, type Hub } from '../hub';
import { startSweeper, syncSchedules } from '../queues/sweeper';
import { startWorkers } from '../queues/workers';
import { seedSampleConfig } from './sample';

export type Role = 'all' | 'api' | 'worker';

/** A running hub process; `stop()` drains and closes everything. */
export interface Running {
  hub: Hub;
  url: string | null;
  stop(): Promise<void>;
}

/**
 * Starts one process in a role: `all` (API + workers + sweeper, the default), `api` (HTTP only: ingest and
 * the API), or `worker` (queues, sweeper and schedules).
 */
export async function runHub(role: Role, config: HubConfig = loadConfig()): Promise<Running> {
  const hub = await createHub(config);
  const stops: (() => Promise<void>)[] = [];
  let url: string | null = null;
  if (role !== 'worker') {
    const file = await ensureAdminKey(hub);
    if (file) hub.log.info({ file }, 'created the first admin API key; read it from this file');
    if (config.sampleConfig && (await seedSampleConfig(hub))) {
      hub.log.info(
        { ledger: `${config.dataDir}/sandbox-3pl` },
        'sample configuration created: sandbox-shop → sandbox-3pl (POS sales: no delivery), with a routing rule set',
      );
    }
    const app = await buildApp(hub);
    url = await app.listen({ port: config.port, host: config.host });
    stops.push(() => app.close());
  }
  if (role !== 'api') {
    const workers = startWorkers(hub);
    const sweeper = startSweeper(hub);
    await syncSchedules(hub);
    stops.push(
      async () => sweeper.stop(),
      () => workers.close(),
    );
  }
  hub.log.info({ role, url, store: hub.store.kind }, 'orderhub started');
  return {
    hub,
    url,
    async stop() {
      for (const stop of stops) await stop();
      await hub.close();
    },
  };
}

/** Runs until SIGINT/SIGTERM, then shuts down gracefully. */
export async function runUntilSignal(role: Role): Promise<number> {
  const running = await runHub(role);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  running.hub.log.info('shutting down');
  await running.stop();
  return 0;
}
