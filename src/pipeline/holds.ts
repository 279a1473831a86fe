import { HubError } from '../core/errors';
import type { Hub } from '../hub';
import { DOC, decide, releaseDocId } from '../routing/plan';
import { activeRuleSet } from '../routing/store';
import type { DeliveryRecord, ExceptionRecord, OrderRecord } from '../store/types';
import { audit } from './replay';
import { routeOrder } from './route';

/** A held order as ops see it: why it waits (open `held` exceptions), without customer data. */
export interface HeldOrder {
  orderId: string;
  orderNumber: string;
  connectionId: string;
  revision: number;
  total: string;
  currency: string;
  heldSince: string;
  cancelled: boolean;
  reasons: { code: string; message: string; exceptionId: string }[];
}

async function reasonsOf(hub: Hub, orderId: string): Promise<ExceptionRecord[]> {
  const page = await hub.store.listExceptions({ orderId, state: 'open', kind: 'held', limit: 100 });
  return page.items;
}

/** Held orders, newest first, with their reasons; cancelled ones only when asked for. */
export async function listHolds(
  hub: Hub,
  q: { limit: number; cursor?: string; connectionId?: string; cancelled?: boolean },
): Promise<{ items: HeldOrder[]; nextCursor: string | null }> {
  const page = await hub.store.listOrders({
    state: 'held',
    limit: q.limit,
    ...(q.cursor ? { cursor: q.cursor } : {}),
    ...(q.connectionId ? { connectionId: q.connectionId } : {}),
  });
  const items: HeldOrder[] = [];
  for (const o of page.items) {
    const cancelled = (await hub.store.getDoc(DOC.cancel, o.id)) !== null;
    if (cancelled !== (q.cancelled ?? false)) continue;
    items.push({
      orderId: o.id,
      orderNumber: o.orderNumber,
      connectionId: o.connectionId,
      revision: o.revision,
      total: o.order.totals.total,
      currency: o.order.currency,
      heldSince: o.updatedAt,
      cancelled,
      reasons: (await reasonsOf(hub, o.id)).map((e) => ({
        code: e.code,
        message: e.message,
        exceptionId: e.id,
      })),
    });
  }
  return { items, nextCursor: page.nextCursor };
}

async function heldOrder(hub: Hub, orderId: string): Promise<OrderRecord> {
  const order = await hub.store.getOrder(orderId);
  if (!order) throw new HubError('API_NOT_FOUND', 'No such order.');
  if (await hub.store.getDoc(DOC.cancel, order.id)) throw new HubError('HOLD_CANCELLED');
  if (order.state !== 'held') throw new HubError('HOLD_NOT_HELD');
  return order;
}

/**
 * Releases a held order revision and routes it now. The hold rules that hold it now are recorded as released
 * for this revision, so routing does not hold it again on them; a later revision is judged afresh. A totals
 * hold (set by normalize) is released with it. `destinations` adds whole-order destinations, for an order no
 * routing rule matched.
 */
export async function releaseHold(
  hub: Hub,
  orderId: string,
  input: { note: string; destinations?: string[] },
  actor: string,
  /** The audit action and extra detail: replaying a held exception keeps its own (`order.release`). */
  via: { action: string; detail?: Record<string, unknown> } = { action: 'hold.release' },
): Promise<{ orderId: string; revision: number; released: string[]; deliveries: DeliveryRecord[] }> {
  const order = await heldOrder(hub, orderId);
  const active = await activeRuleSet(hub);
  const now = await decide(hub, active?.ruleSet ?? null, order.order);
  const ruleIds = now.holds.map((h) => h.ruleId);
  const release = { ruleIds, destinations: input.destinations ?? [] };
  if (release.destinations.length) {
    const known = new Set((await hub.store.listConnections({ kind: 'destination' })).map((c) => c.id));
    const unknown = release.destinations.filter((d) => !known.has(d));
    if (unknown.length)
      throw new HubError(
        'API_VALIDATION_FAILED',
        'Not destination connections.',
        unknown.map((d) => ({
          path: 'body/destinations',
          message: `"${d}" is not a destination connection`,
        })),
      );
  }
  const after = await decide(hub, active?.ruleSet ?? null, order.order, release);
  // A rule that sends the order nowhere is a destination decided, not a missing one.
  if (active && after.targets.length === 0 && !after.noDelivery) throw new HubError('HOLD_NO_DESTINATION');
  const at = hub.now().toISOString();
  await hub.store.putDoc(
    DOC.release,
    releaseDocId(order.id, order.revision),
    { ...release, actor, note: input.note, at },
    at,
  );
  await hub.store.setOrderState(order.id, 'active', at);
  await hub.store.resolveExceptions({ orderId: order.id }, `released by ${actor}`, at);
  await audit(hub, actor, via.action, order.id, {
    ...via.detail,
    revision: order.revision,
    rules: ruleIds,
    destinations: release.destinations,
    note: input.note,
  });
  const deliveries = await routeOrder(hub, { ...order, state: 'active' });
  return { orderId: order.id, revision: order.revision, released: ruleIds, deliveries };
}

/**
 * Cancels a held order: it is never sent, now or on a later revision. The state stays `held` (the store's order
 * states are active/held) and a `hold-cancel` document marks it; its hold exceptions are resolved.
 */
export async function cancelHold(
  hub: Hub,
  orderId: string,
  input: { note: string },
  actor: string,
): Promise<{ orderId: string; revision: number; cancelled: true }> {
  const order = await heldOrder(hub, orderId);
  const at = hub.now().toISOString();
  const first = await hub.store.insertDoc(
    DOC.cancel,
    order.id,
    { actor, note: input.note, at, revision: order.revision },
    at,
  );
  if (!first) throw new HubError('HOLD_CANCELLED');
  await hub.store.resolveExceptions({ orderId: order.id }, `cancelled by ${actor}`, at);
  await audit(hub, actor, 'hold.cancel', order.id, { revision: order.revision, note: input.note });
  return { orderId: order.id, revision: order.revision, cancelled: true };
}
