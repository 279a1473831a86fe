import { deliveryKey } from '../core/ids';
import type { Hub } from '../hub';
import type { DeliveryRecord, OrderRecord } from '../store/types';

/**
 * Decides where an order revision goes and writes one outbox row per destination. With no routing rules
 * yet, every enabled destination connection receives every active order. Rows are keyed by the delivery key,
 * so routing the same revision again adds nothing.
 */
export async function routeOrder(
  hub: Hub,
  order: OrderRecord,
  receivedAt?: string,
): Promise<DeliveryRecord[]> {
  if (order.state !== 'active') return [];
  const destinations = await hub.destinations();
  if (destinations.length === 0) return [];
  const at = hub.now().toISOString();
  const inserted = await hub.store.insertDeliveries(
    destinations.map((d) => ({
      id: deliveryKey(d.id, order.id, order.revision, 'upsert'),
      orderId: order.id,
      revision: order.revision,
      operation: 'upsert' as const,
      destinationId: d.id,
      createdAt: at,
    })),
  );
  await hub.queues.enqueueDeliveries(
    inserted.map((d) => ({ ...d, receivedAt })),
    hub.config.delivery.maxAttempts,
  );
  return inserted;
}
