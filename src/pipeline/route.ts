import { deliveryKey } from '../core/ids';
import type { Hub } from '../hub';
import type { HoldReason } from '../routing/evaluate';
import { planOrder, recordLinePlans, recordNoDelivery } from '../routing/plan';
import type { DeliveryRecord, OrderRecord } from '../store/types';
import { isCancelled, routeCancellation } from './cancellation';
import { openException } from './exceptions';

/**
 * Decides where an order revision goes and writes one outbox row per destination. The active routing rule set
 * (src/routing) picks destinations, splits lines and holds orders for review; with no rule set saved, every
 * enabled destination receives every active order. Rows are keyed by the delivery key, so routing the same
 * revision again adds nothing. A held order (by a hold rule here, or by normalize for totals) is not routed.
 * A `noDelivery` rule sends the order nowhere: it stays active, and only a record of the rule and its reason
 * is written (plus deliveries to what `always` rules add).
 */
export async function routeOrder(
  hub: Hub,
  order: OrderRecord,
  receivedAt?: string,
): Promise<DeliveryRecord[]> {
  // A cancellation goes to the destinations that have the order, not where rules and holds would send it now.
  if (isCancelled(order.order)) return routeCancellation(hub, order, receivedAt);
  const plan = await planOrder(hub, order);
  if (plan.cancelled) {
    // A cancelled order stays held whatever revision comes later: ops said it must never be sent.
    if (order.state === 'active') await hub.store.setOrderState(order.id, 'held', hub.now().toISOString());
    return [];
  }
  if (plan.decision.holds.length) {
    await holdOrder(hub, order, plan.decision.holds);
    return [];
  }
  if (order.state !== 'active') return [];
  const { noDelivery } = plan.decision;
  if (noDelivery) await recordNoDelivery(hub, order, noDelivery, plan.decision.targets, plan.version);
  const targets = plan.decision.targets.map((t) => ({
    ...t,
    deliveryId: deliveryKey(t.destinationId, order.id, order.revision, 'upsert'),
  }));
  if (targets.length === 0) return [];
  const at = hub.now().toISOString();
  await recordLinePlans(hub, order, targets, plan.version);
  const inserted = await hub.store.insertDeliveries(
    targets.map((t) => ({
      id: t.deliveryId,
      orderId: order.id,
      revision: order.revision,
      operation: 'upsert' as const,
      destinationId: t.destinationId,
      createdAt: at,
    })),
  );
  await hub.queues.enqueueDeliveries(
    inserted.map((d) => ({ ...d, receivedAt })),
    hub.config.delivery.maxAttempts,
  );
  return inserted;
}

/** Holds an order revision: state `held` and one `held` exception per reason (ids derive from rule and revision). */
async function holdOrder(hub: Hub, order: OrderRecord, holds: readonly HoldReason[]): Promise<void> {
  if (order.state === 'active') await hub.store.setOrderState(order.id, 'held', hub.now().toISOString());
  for (const h of holds) {
    await openException(hub, {
      kind: 'held',
      code: h.code,
      message: `${h.ruleId}: ${h.reason}`,
      connectionId: order.connectionId,
      orderId: order.id,
      occurrence: `${order.revision}:${h.ruleId}`,
    });
  }
}
