import type { Db, IndexDescription } from 'mongodb';

/** Collection names of the MongoDB adapter. */
export const COLLECTIONS = {
  connections: 'connections',
  inbox: 'inbox',
  orders: 'orders',
  revisions: 'order_revisions',
  deliveries: 'deliveries',
  attempts: 'delivery_attempts',
  checkpoints: 'checkpoints',
  exceptions: 'exceptions',
  audit: 'audit_log',
  apiKeys: 'api_keys',
  shipments: 'shipments',
  docs: 'docs',
} as const;

type CollectionKey = keyof typeof COLLECTIONS;

/**
 * Secondary indexes. The dedup keys that are ids (inbox event id, delivery key, order id, connection, exception,
 * audit and API key ids) are `_id`, unique by construction; the other natural keys get unique indexes here.
 */
const INDEXES: Partial<Record<CollectionKey, IndexDescription[]>> = {
  connections: [{ key: { kind: 1, createdAt: 1, _id: 1 }, name: 'connections_kind' }],
  inbox: [{ key: { state: 1, receivedAt: 1, _id: 1 }, name: 'inbox_pending' }],
  orders: [
    { key: { createdAt: -1, _id: -1 }, name: 'orders_list' },
    { key: { connectionId: 1, createdAt: -1, _id: -1 }, name: 'orders_connection' },
    { key: { state: 1, createdAt: -1, _id: -1 }, name: 'orders_state' },
    { key: { orderNumber: 1 }, name: 'orders_number' },
    { key: { connectionId: 1, externalId: 1 }, name: 'orders_external' },
    { key: { externalId: 1 }, name: 'orders_external_id' },
    // Multikey: one entry per search key, each key's orders newest first (searchOrders).
    { key: { searchTerms: 1, createdAt: -1, _id: -1 }, name: 'orders_search' },
    // Covers countOrdersPerHour: a createdAt range read from the index alone.
    { key: { createdAt: 1, connectionId: 1 }, name: 'orders_hourly' },
  ],
  revisions: [{ key: { orderId: 1, revision: 1 }, name: 'revisions_key', unique: true }],
  deliveries: [
    { key: { state: 1, nextAttemptAt: 1, _id: 1 }, name: 'deliveries_due' },
    { key: { state: 1, leaseUntil: 1 }, name: 'deliveries_lease' },
    { key: { orderId: 1, destinationId: 1, operation: 1, state: 1, revision: -1 }, name: 'deliveries_order' },
    { key: { destinationId: 1, createdAt: -1, _id: -1 }, name: 'deliveries_destination' },
    { key: { createdAt: -1, _id: -1 }, name: 'deliveries_list' },
  ],
  attempts: [{ key: { deliveryId: 1, at: 1, attempt: 1 }, name: 'attempts_delivery' }],
  checkpoints: [{ key: { connectionId: 1, stream: 1 }, name: 'checkpoints_key', unique: true }],
  exceptions: [
    { key: { state: 1, createdAt: -1, _id: -1 }, name: 'exceptions_list' },
    { key: { createdAt: -1, _id: -1 }, name: 'exceptions_all' },
    { key: { connectionId: 1, createdAt: -1 }, name: 'exceptions_connection' },
    { key: { orderId: 1, state: 1 }, name: 'exceptions_order' },
    { key: { deliveryId: 1, state: 1 }, name: 'exceptions_delivery' },
    { key: { inboxEventId: 1, state: 1 }, name: 'exceptions_inbox' },
  ],
  audit: [{ key: { subject: 1, at: -1, _id: -1 }, name: 'audit_subject' }],
  apiKeys: [{ key: { hash: 1 }, name: 'api_keys_hash', unique: true }],
  shipments: [
    { key: { orderId: 1, createdAt: 1 }, name: 'shipments_order' },
    { key: { createdAt: -1, _id: -1 }, name: 'shipments_list' },
  ],
  docs: [{ key: { kind: 1, createdAt: -1, id: -1 }, name: 'docs_list' }],
};

/** Creates the collections' indexes; creating an index that exists with the same options is a no-op. */
export async function ensureIndexes(db: Db): Promise<void> {
  for (const [key, name] of Object.entries(COLLECTIONS)) {
    const indexes = INDEXES[key as CollectionKey];
    if (indexes?.length) await db.collection(name).createIndexes(indexes);
  }
}

/** The database named in the URL path (`mongodb://host/<db>`), if any. */
export function dbNameOf(url: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]+\/([^?]+)/.exec(url);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}
