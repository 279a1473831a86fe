import type * as T from './types';

/**
 * The order record a `recordOrder` stores for a new hub revision, shared by both adapters so that they
 * derive the same columns from the canonical order.
 */
export function buildOrderRecord(
  input: T.RecordOrderInput,
  revision: number,
  existing: T.OrderRecord | undefined,
): T.OrderRecord {
  const order = input.build(revision);
  return {
    id: input.orderId,
    connectionId: order.channel.connectionId,
    connector: order.channel.connector,
    externalId: order.channel.externalId,
    orderNumber: order.channel.orderNumber,
    revision,
    channelRevision: input.channelRevision,
    state: input.state,
    hash: input.hash,
    placedAt: order.placedAt,
    createdAt: existing?.createdAt ?? input.at,
    updatedAt: input.at,
    order,
  };
}
