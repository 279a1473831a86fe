import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import { pageOf } from '../cursor';
import { hourStart, orderSearchTerms, planSearch } from '../search-terms';
import type * as T from '../types';
import * as D from './mongo-docs';
import { afterCursor, NEWEST_FIRST } from './mongo-queries';

/** Orders per back-fill write. */
const BACKFILL_BATCH = 500;

/**
 * Order search on the `searchTerms` multikey index (`orders_search`): the text keys (one, or two merged in
 * index order by the server) give the orders newest first; the status key and the columns filter them. A hub
 * order id is looked up by `_id`. Without a text or status key, the state, connection or list index drives, as
 * in listOrders.
 */
export async function searchOrders(
  orders: Collection<D.OrderDoc>,
  filter: T.OrderSearchFilter,
): Promise<T.PageOf<T.OrderRecord>> {
  const plan = planSearch(filter);
  if (plan.empty) return { items: [], nextCursor: null };
  const and: Document[] = [afterCursor(filter.cursor)];
  if (plan.keys.length) and.push({ searchTerms: { $in: plan.keys } });
  if (plan.statusKey) and.push({ searchTerms: plan.statusKey });
  const query: Document = { $and: and };
  if (plan.orderId) query._id = plan.orderId;
  if (plan.connectionId) query.connectionId = plan.connectionId;
  if (plan.state) query.state = plan.state;
  const docs = await orders
    .find(query, { projection: { searchTerms: 0 } })
    .sort(NEWEST_FIRST)
    .limit(filter.limit + 1)
    .toArray();
  return pageOf(docs.map(D.toOrder), filter.limit, (o) => ({ at: o.createdAt, id: o.id }));
}

export async function countOrdersPerHour(
  orders: Collection<D.OrderDoc>,
  range: { from: T.Iso; to: T.Iso },
): Promise<T.HourlyOrderCount[]> {
  type Group = { _id: { connectionId: string; hour: string }; count: number };
  const groups = await orders
    .aggregate<Group>(
      [
        { $match: { createdAt: { $gte: range.from, $lt: range.to } } },
        // Timestamps are `toISOString` text, so the first 13 characters are the UTC hour.
        {
          $group: {
            _id: { connectionId: '$connectionId', hour: { $substrBytes: ['$createdAt', 0, 13] } },
            count: { $sum: 1 },
          },
        },
        { $sort: { '_id.connectionId': 1, '_id.hour': 1 } },
      ],
      { hint: 'orders_hourly' },
    )
    .toArray();
  return groups.map((g) => ({
    connectionId: g._id.connectionId,
    hour: hourStart(g._id.hour),
    count: g.count,
  }));
}

/**
 * Gives every order written before search existed its `searchTerms`. Missing fields are found through the
 * search index (they are indexed as null), so a start with nothing left to do costs one index probe. The
 * update is conditioned on the revision read, so it never puts an older revision's keys on a newer one.
 */
export async function backfillSearchTerms(orders: Collection<D.OrderDoc>): Promise<number> {
  let written = 0;
  let batch: AnyBulkWriteOperation<D.OrderDoc>[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length) written += (await orders.bulkWrite(batch, { ordered: false })).modifiedCount;
    batch = [];
  };
  // `null` matches a missing field and, unlike `$exists: false`, is an index lookup; no order has null keys.
  const missing: Document = { searchTerms: null };
  for await (const doc of orders.find(missing, { hint: 'orders_search' })) {
    batch.push({
      updateOne: {
        filter: { ...missing, _id: doc._id, revision: doc.revision },
        update: { $set: { searchTerms: orderSearchTerms(D.toOrder(doc)) } },
      },
    });
    if (batch.length >= BACKFILL_BATCH) await flush();
  }
  await flush();
  return written;
}
