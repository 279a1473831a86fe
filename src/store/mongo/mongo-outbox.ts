import type { Filter } from 'mongodb';
import type * as T from '../types';
import { MongoBase } from './mongo-base';
import * as D from './mongo-docs';
import * as Q from './mongo-queries';
import { insertIgnoringDuplicates } from './mongo-writes';

/** The outbox half of the MongoDB store: deliveries, their attempts, and the exceptions they open and settle. */
export class MongoOutbox extends MongoBase {
  // Deliveries

  async insertDeliveries(rows: readonly T.NewDelivery[]): Promise<T.DeliveryRecord[]> {
    const docs = rows.map(D.newDeliveryDoc);
    const stored = await insertIgnoringDuplicates(docs.length, () =>
      this.deliveries.insertMany(docs, { ordered: false }),
    );
    return docs.filter((_, i) => stored[i]).map(D.toDelivery);
  }

  async finishAttempt(
    id: string,
    patch: T.DeliveryPatch,
    attempt: T.DeliveryAttempt,
    at: T.Iso,
    resolution?: string,
  ): Promise<void> {
    // No transaction: the attempt log first, then the state, so a crash in between repeats an idempotent delivery.
    await this.addAttempt(attempt);
    await this.updateDelivery(id, patch, at);
    if (resolution) await this.resolveExceptions({ deliveryId: id }, resolution, at);
  }

  async currentRevision(orderId: string): Promise<number | null> {
    const doc = await this.orders.findOne({ _id: orderId }, { projection: { revision: 1 } });
    return doc ? doc.revision : null;
  }

  async getDelivery(id: string): Promise<T.DeliveryRecord | null> {
    const doc = await this.deliveries.findOne({ _id: id });
    return doc ? D.toDelivery(doc) : null;
  }

  async claimDelivery(id: string, now: T.Iso, leaseUntil: T.Iso): Promise<T.DeliveryRecord | null> {
    const doc = await this.deliveries.findOneAndUpdate(
      {
        _id: id,
        $or: [
          { state: { $in: ['pending', 'retrying'] } },
          { state: 'delivering', $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }] },
        ],
      },
      { $set: { state: 'delivering', leaseUntil, updatedAt: now } },
      { returnDocument: 'after' },
    );
    return doc ? D.toDelivery(doc) : null;
  }

  async updateDelivery(
    id: string,
    patch: T.DeliveryPatch,
    at: T.Iso,
    expectState?: readonly T.DeliveryState[],
  ): Promise<boolean> {
    const query: Filter<D.DeliveryDoc> = { _id: id };
    if (expectState?.length) query.state = { $in: [...expectState] };
    const result = await this.deliveries.updateOne(query, {
      $set: { ...D.definedOnly(patch), updatedAt: at },
    });
    return result.matchedCount > 0;
  }

  async listDeliveries(filter: T.DeliveryFilter): Promise<T.PageOf<T.DeliveryRecord>> {
    return Q.listDeliveries(this.deliveries, filter);
  }

  async listDueDeliveries(now: T.Iso, limit: number): Promise<T.DeliveryRecord[]> {
    return Q.listDueDeliveries(this.deliveries, now, limit);
  }

  async addAttempt(attempt: T.DeliveryAttempt): Promise<void> {
    // A copy: the driver adds `_id` to the document it inserts.
    await this.attempts.insertOne({ ...attempt });
  }

  async listAttempts(deliveryId: string): Promise<T.DeliveryAttempt[]> {
    const docs = await this.attempts.find({ deliveryId }).sort({ at: 1, attempt: 1 }).toArray();
    return docs.map(D.toAttempt);
  }

  async countDeliveries(): Promise<{ destinationId: string; state: T.DeliveryState; count: number }[]> {
    return Q.countDeliveries(this.deliveries);
  }

  // Exceptions

  async insertException(record: T.ExceptionRecord): Promise<void> {
    await this.exceptions.insertOne(D.exceptionDoc(record));
  }

  async getException(id: string): Promise<T.ExceptionRecord | null> {
    const doc = await this.exceptions.findOne({ _id: id });
    return doc ? D.toException(doc) : null;
  }

  async listExceptions(filter: T.ExceptionFilter): Promise<T.PageOf<T.ExceptionRecord>> {
    return Q.listExceptions(this.exceptions, filter);
  }

  async resolveExceptions(
    subject: { inboxEventId?: string; orderId?: string; deliveryId?: string },
    resolution: string,
    at: T.Iso,
  ): Promise<number> {
    // One subject field, in the same precedence as the SQLite adapter: delivery, then inbox event, then order.
    const query: Filter<D.ExceptionDoc> = { state: 'open' };
    if (subject.deliveryId) query.deliveryId = subject.deliveryId;
    else if (subject.inboxEventId) query.inboxEventId = subject.inboxEventId;
    else if (subject.orderId) query.orderId = subject.orderId;
    else return 0;
    const result = await this.exceptions.updateMany(query, {
      $set: { state: 'resolved', resolvedAt: at, resolution },
    });
    return result.modifiedCount;
  }
}
