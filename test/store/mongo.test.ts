import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoStore } from '../../src/store/mongo/mongo-store';
import { putOrder } from './order-fixtures';
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

  it('gives orders written before search their search keys on start', async () => {
    await admin.db(dbName).dropDatabase();
    const store = new MongoStore(url ?? '', dbName);
    await store.init();
    try {
      const orders = await Promise.all(
        Array.from({ length: 620 }, (_, i) =>
          putOrder(store, { externalId: `o${i}`, email: `buyer${i}@example.com` }),
        ),
      );
      // As a release without search wrote them.
      await admin
        .db(dbName)
        .collection('orders')
        .updateMany({}, { $unset: { searchTerms: '' } });
      expect((await store.searchOrders({ term: 'buyer7@example.com', limit: 5 })).items).toEqual([]);
      await store.init();
      for (const i of [0, 7, 619]) {
        const found = await store.searchOrders({ term: `Buyer${i}@example.com`, limit: 5 });
        expect(found.items.map((o) => o.id)).toEqual([orders[i]?.id]);
      }
      expect(await admin.db(dbName).collection('orders').countDocuments({ searchTerms: null })).toBe(0);
    } finally {
      await store.close();
    }
  });
});
