import type { Collection, WithId } from 'mongodb';
import { compareRevisions } from '../../core/revision';
import { buildOrderRecord } from '../order-record';
import type * as T from '../types';
import { orderDoc, revisionOf, toOrder, type OrderDoc, type OrderHead, type RevisionDoc } from './mongo-docs';
import { insertIgnoringDuplicates, isDuplicateKey } from './mongo-writes';

/** How often `recordOrder` re-reads an order that another writer changed between its read and its write. */
const MAX_TRIES = 10;

/**
 * `recordOrder` without transactions, safe under concurrency (several workers, one order):
 * - a new order is an insert on `_id` = order id, so of two racing creators one wins and the other re-reads;
 * - a change is a replace conditioned on the revision and channel revision that were read (optimistic), retried
 *   from a fresh read when another writer got there first, so an older revision never overwrites a newer one;
 * - the revision row is written after the order, as an idempotent insert (`_id` = order id + revision). The order
 *   document keeps what its revision was recorded from (`head`), so a revision row lost to a crash between the
 *   two writes is written again the next time that order is recorded, whatever the outcome.
 */
export async function recordOrderInMongo(
  orders: Collection<OrderDoc>,
  revisions: Collection<RevisionDoc>,
  input: T.RecordOrderInput,
): Promise<T.RecordOrderResult> {
  const head: OrderHead = {
    inboxEventId: input.inboxEventId,
    channelRevision: input.channelRevision,
    createdAt: input.at,
  };
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const current = await orders.findOne({ _id: input.orderId });
    if (!current) {
      const record = buildOrderRecord(input, 1, undefined);
      const doc = orderDoc(record, head);
      try {
        await orders.insertOne(doc);
      } catch (error) {
        if (isDuplicateKey(error)) continue; // another writer created it: decide again against theirs
        throw error;
      }
      await writeRevisions(revisions, [revisionOf(doc)]);
      return { outcome: 'created', order: record };
    }

    const existing = toOrder(current);
    const cmp = compareRevisions(input.channelRevision, existing.channelRevision);
    const unchanged = input.hash === existing.hash;
    const guard = { _id: current._id, revision: current.revision, channelRevision: current.channelRevision };

    if (cmp < 0 || unchanged) {
      if (cmp > 0) {
        // Same content at a newer channel revision: remember the revision, so an older one arriving late is stale.
        const moved = await orders.updateOne(guard, { $set: { channelRevision: input.channelRevision } });
        if (moved.matchedCount === 0) continue;
        existing.channelRevision = input.channelRevision;
      }
      await writeRevisions(revisions, [revisionOf(current)]);
      return { outcome: cmp < 0 ? 'stale' : 'unchanged', order: existing };
    }

    const record = buildOrderRecord(input, current.revision + 1, existing);
    const doc = orderDoc(record, head);
    const replaced = await orders.replaceOne(guard, doc);
    if (replaced.matchedCount === 0) continue;
    await writeRevisions(revisions, [revisionOf(current), revisionOf(doc)]);
    return { outcome: 'updated', order: record };
  }
  throw new Error(`recordOrder: order ${input.orderId} kept changing during ${MAX_TRIES} tries`);
}

/** Inserts revision rows that are not there yet; rows already written (by us or a racing writer) are kept. */
async function writeRevisions(
  revisions: Collection<RevisionDoc>,
  docs: WithId<RevisionDoc>[],
): Promise<void> {
  await insertIgnoringDuplicates(docs.length, () => revisions.insertMany(docs, { ordered: false }));
}
