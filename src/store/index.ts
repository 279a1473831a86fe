import { join } from 'node:path';
import type { Store } from './port';
import { SqliteStore } from './sqlite/sqlite-store';

export type { Store } from './port';

/** Opens the store the environment asks for: MongoDB when `mongodbUrl` is set, else SQLite in `dataDir`. */
export async function openStore(options: { mongodbUrl?: string; dataDir: string }): Promise<Store> {
  let store: Store;
  if (options.mongodbUrl) {
    const { MongoStore } = await import('./mongo/mongo-store');
    store = new MongoStore(options.mongodbUrl);
  } else {
    store = new SqliteStore(join(options.dataDir, 'orderhub.db'));
  }
  await store.init();
  return store;
}
