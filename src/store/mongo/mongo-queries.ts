import type { Collection, Document, Filter } from 'mongodb';
import { decodeCursor, pageOf } from '../cursor';
import type * as T from '../types';
import * as D from './mongo-docs';

/*
 * The list queries of the MongoDB adapter: the same filters, order and cursors as the SQLite adapter's.
 * Paged lists sort by `(createdAt desc, _id desc)` and fetch `limit + 1` rows to know whether a next page exists.
 */

/**
 * Documents after a list cursor in `(createdAt desc, _id desc)` order; no condition without a cursor. Untyped
 * (`Document`), as the driver's `Filter` cannot be built for a generic document; it names only `createdAt`/`_id`.
 */
export function afterCursor(cursor: string | undefined): Document {
  const key = decodeCursor(cursor);
  return key ? { $or: [{ createdAt: { $lt: key.at } }, { createdAt: key.at, _id: { $lt: key.id } }] } : {};
}

export const NEWEST_FIRST = { createdAt: -1, _id: -1 } as const;

/** Ids of pending inbox events received before `before`, oldest first; raw bodies are not read. */
export async function listPendingInbox(
  inbox: Collection<D.InboxDoc>,
  before: T.Iso,
  limit: number,
): Promise<string[]> {
  if (limit <= 0) return []; // a Mongo limit of 0 means "no limit"
  const docs = await inbox
    .find({ state: 'pending', receivedAt: { $lt: before } }, { projection: { _id: 1 } })
    .sort({ receivedAt: 1, _id: 1 })
    .limit(limit)
    .toArray();
  return docs.map((d) => d._id);
}

export async function listOrders(
  orders: Collection<D.OrderDoc>,
  filter: T.OrderFilter,
): Promise<T.PageOf<T.OrderRecord>> {
  const query: Filter<D.OrderDoc> = afterCursor(filter.cursor);
  if (filter.connectionId) query.connectionId = filter.connectionId;
  if (filter.state) query.state = filter.state;
  if (filter.orderNumber) query.orderNumber = filter.orderNumber;
  if (filter.externalId) query.externalId = filter.externalId;
  const docs = await orders
    .find(query)
    .sort(NEWEST_FIRST)
    .limit(filter.limit + 1)
    .toArray();
  return pageOf(docs.map(D.toOrder), filter.limit, (o) => ({ at: o.createdAt, id: o.id }));
}

export async function listDeliveries(
  deliveries: Collection<D.DeliveryDoc>,
  filter: T.DeliveryFilter,
): Promise<T.PageOf<T.DeliveryRecord>> {
  const query: Filter<D.DeliveryDoc> = afterCursor(filter.cursor);
  if (filter.orderId) query.orderId = filter.orderId;
  if (filter.destinationId) query.destinationId = filter.destinationId;
  if (filter.state) query.state = filter.state;
  const docs = await deliveries
    .find(query)
    .sort(NEWEST_FIRST)
    .limit(filter.limit + 1)
    .toArray();
  return pageOf(docs.map(D.toDelivery), filter.limit, (d) => ({ at: d.createdAt, id: d.id }));
}

export async function listExceptions(
  exceptions: Collection<D.ExceptionDoc>,
  filter: T.ExceptionFilter,
): Promise<T.PageOf<T.ExceptionRecord>> {
  const query: Filter<D.ExceptionDoc> = afterCursor(filter.cursor);
  if (filter.state) query.state = filter.state;
  if (filter.kind) query.kind = filter.kind;
  if (filter.connectionId) query.connectionId = filter.connectionId;
  if (filter.orderId) query.orderId = filter.orderId;
  const docs = await exceptions
    .find(query)
    .sort(NEWEST_FIRST)
    .limit(filter.limit + 1)
    .toArray();
  return pageOf(docs.map(D.toException), filter.limit, (e) => ({ at: e.createdAt, id: e.id }));
}

/** Pending/retrying deliveries due by `now`, and delivering ones whose lease ran out, oldest first. */
export async function listDueDeliveries(
  deliveries: Collection<D.DeliveryDoc>,
  now: T.Iso,
  limit: number,
): Promise<T.DeliveryRecord[]> {
  if (limit <= 0) return [];
  const docs = await deliveries
    .find({
      $or: [
        { state: { $in: ['pending', 'retrying'] }, nextAttemptAt: { $lte: now } },
        // A null lease never matches `$lt` (as NULL in SQL).
        { state: 'delivering', leaseUntil: { $lt: now } },
      ],
    })
    .sort({ nextAttemptAt: 1, _id: 1 })
    .limit(limit)
    .toArray();
  return docs.map(D.toDelivery);
}

export async function countDeliveries(
  deliveries: Collection<D.DeliveryDoc>,
): Promise<{ destinationId: string; state: T.DeliveryState; count: number }[]> {
  type Group = { _id: { destinationId: string; state: T.DeliveryState }; count: number };
  const groups = await deliveries
    .aggregate<Group>([
      { $group: { _id: { destinationId: '$destinationId', state: '$state' }, count: { $sum: 1 } } },
    ])
    .toArray();
  return groups.map((g) => ({ destinationId: g._id.destinationId, state: g._id.state, count: g.count }));
}
