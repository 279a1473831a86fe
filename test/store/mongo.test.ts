import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe } from 'vitest';
import { MongoStore } from '../../src/store/mongo/mongo-store';
import { describeStoreContract } from './store-contract';

const url = process.env.MONGODB_URL;

// Runs only against a real server: MONGODB_URL=mongodb://127.0.0.1:27017 npx vitest run test/store/mongo.test.ts
describe.skipIf(!url)('MongoStore', () => {
  // One database per run, emptied before each test and dropped at the end.
  const dbName = `orderhub_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  let admin: MongoClient;

  beforeAll(async () => {
    admin = new MongoClient(url ?? '');
    await admin.connect();
  });

  afterAll(async () => {
    await admin.db(dbName).dropDatabase();
    await admin.close();
  });

  describeStoreContract('mongodb', async () => {
    await admin.db(dbName).dropDatabase();
    return new MongoStore(url ?? '', dbName);
  });
});
