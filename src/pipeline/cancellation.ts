import { deliveryKey } from '../core/ids';
import type { CanonicalOrder } from '../core/order';
import { ajv, validator } from '../core/validation';
import type { Hub } from '../hub';
import { DOC } from '../routing/plan';
import type { ConnectorError } from '../sdk/errors';
import type { DeliveryRecord, DeliveryState, OrderRecord } from '../store/types';
import { audit } from './replay';

/**
 * The lifecycle of an order after release (issue 5). A channel cancellation is its own operation: a `cancel`
 * delivery, keyed (destination, order, revision, 'cancel'), to every destination that already has the order —
 * whatever today's routing rules and holds would choose, since those decide where new orders go, not who must
 * hear that one is gone. A destination that never got it gets nothing, and its queued upserts are superseded so
 * a cancelled order is never delivered late. Updates stay plain upserts of the new revision (src/pipeline/route.ts).
 */

/** Whether a revision cancels the order: the canonical status says so. */
export function isCancelled(order: CanonicalOrder): boolean {
  return order.status.order === 'cancelled';
}

/** An upsert in these states may have reached the destination: it holds the order (or soon will). */
const SENT: readonly DeliveryState[] = ['delivered', 'delivering', 'retrying'];
/** A cancel in these states got its answer from the destination: nothing more to send for it. */
const ANSWERED: readonly DeliveryState[] = ['delivered', 'rejected'];

async function deliveriesOf(hub: Hub, orderId: string): Promise<DeliveryRecord[]> {
  const rows: DeliveryRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await hub.store.listDeliveries({ orderId, limit: 200, ...(cursor ? { cursor } : {}) });
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return rows;
}

/**
 * A queued upsert that never ran is superseded in one compare-and-set; when a worker claimed it first, the row
 * as it is now says whether it went out after all.
 */
async function supersedeIfPending(hub: Hub, row: DeliveryRecord, at: string): Promise<DeliveryRecord> {
  if (row.state !== 'pending') return row;
  if (await hub.store.updateDelivery(row.id, { state: 'superseded' }, at, ['pending']))
    return { ...row, state: 'superseded' };
  return (await hub.store.getDelivery(row.id)) ?? row;
}

const readLines = validator<{ lineIds: string[]; part: { index: number; of: number } }>(
  ajv.compile({
    type: 'object',
    required: ['lineIds', 'part'],
    properties: {
      lineIds: { type: 'array', items: { type: 'string' } },
      part: {
        type: 'object',
        required: ['index', 'of'],
        properties: { index: { type: 'integer' }, of: { type: 'integer' } },
      },
    },
  }),
);

/**
 * A destination that got a split part is told to cancel that part: the cancel takes the lines of the upsert it
 * received (those still on the order), so the warehouse sees the same part it holds.
 */
async function copyLinePlan(hub: Hub, order: OrderRecord, from: DeliveryRecord, to: string, at: string) {
  const doc = await hub.store.getDoc(DOC.lines, from.id);
  if (!doc) return;
  const plan = readLines(doc.value);
  if (!plan.ok) throw new Error(`line plan of delivery ${from.id} does not match its schema`);
  const known = new Set(order.order.lines.map((l) => l.id));
  const lineIds = plan.value.lineIds.filter((id) => known.has(id));
  if (lineIds.length === 0) return; // its lines are gone from the order: the cancel names the whole order
  await hub.store.insertDoc(
    DOC.lines,
    to,
    {
      orderId: order.id,
      revision: order.revision,
      destinationId: from.destinationId,
      lineIds,
      part: plan.value.part,
    },
    at,
  );
}

/**
 * Routes a cancelled order revision: one `cancel` delivery per destination whose latest sent operation is an
 * upsert of an earlier revision; pending upserts superseded everywhere. Idempotent: the delivery keys and the
 * compare-and-set make a repeated run add nothing.
 */
export async function routeCancellation(
  hub: Hub,
  order: OrderRecord,
  receivedAt?: string,
): Promise<DeliveryRecord[]> {
  const at = hub.now().toISOString();
  const byDestination = new Map<string, DeliveryRecord[]>();
  for (const row of await deliveriesOf(hub, order.id)) {
    if (row.revision > order.revision) continue; // a newer revision is routed on its own
    const now = row.operation === 'upsert' ? await supersedeIfPending(hub, row, at) : row;
    byDestination.set(row.destinationId, [...(byDestination.get(row.destinationId) ?? []), now]);
  }
  const cancels: { id: string; sent: DeliveryRecord }[] = [];
  for (const [destinationId, rows] of byDestination) {
    const sent = rows
      .filter((r) => r.operation === 'upsert' && SENT.includes(r.state))
      .sort((a, b) => b.revision - a.revision)[0];
    if (!sent) continue; // never sent there: nothing to cancel
    const answered = rows.some(
      (r) => r.operation === 'cancel' && r.revision > sent.revision && ANSWERED.includes(r.state),
    );
    if (answered) continue; // already cancelled there (or refused, and a person has it)
    cancels.push({ id: deliveryKey(destinationId, order.id, order.revision, 'cancel'), sent });
  }
  if (cancels.length === 0) return [];
  for (const c of cancels) await copyLinePlan(hub, order, c.sent, c.id, at);
  const inserted = await hub.store.insertDeliveries(
    cancels.map((c) => ({
      id: c.id,
      orderId: order.id,
      revision: order.revision,
      operation: 'cancel' as const,
      destinationId: c.sent.destinationId,
      createdAt: at,
    })),
  );
  if (inserted.length === 0) return [];
  await audit(hub, 'system', 'order.cancel_routed', order.id, {
    revision: order.revision,
    destinations: inserted.map((d) => d.destinationId),
  });
  await hub.queues.enqueueDeliveries(
    inserted.map((d) => ({ ...d, receivedAt })),
    hub.config.delivery.maxAttempts,
  );
  return inserted;
}

/** Connector codes that mean "too late to cancel": the warehouse shipped, or will not stop it any more. */
const TOO_LATE_CODE =
  /_(ALREADY_SHIPPED|SHIPPED_OR_CLOSED|PARTLY_SHIPPED|CANCEL_REFUSED|CANCEL_TOO_LATE|CANCEL_AFTER_SHIPMENT|NOT_CANCELLABLE)$/;

/**
 * Whether a refused cancel (rejected, or a conflict) came too late: the connector says the order shipped, or a
 * shipment of the order is recorded. Such a cancel becomes an `ORDER_CANCEL_TOO_LATE` exception for a person,
 * never a success.
 */
export async function cancelTooLate(
  hub: Hub,
  row: Pick<DeliveryRecord, 'operation' | 'orderId'>,
  failure: ConnectorError | undefined,
): Promise<boolean> {
  if (row.operation !== 'cancel') return false;
  if (failure && TOO_LATE_CODE.test(failure.code)) return true;
  const shipments = await hub.store.listShipments({ orderId: row.orderId, limit: 1 });
  return shipments.items.length > 0;
}

/** What the person who gets the exception should do. Carries codes only, never the payload. */
export function cancelTooLateMessage(failure: ConnectorError | undefined): string {
  const said = failure ? ` (${failure.code}: ${failure.message})` : '';
  return (
    `The destination refused the cancellation: the order has already shipped${said}. ` +
    'Stop the parcel with the carrier if it has not been delivered, or treat the cancellation as a return ' +
    '(refund when the goods come back).'
  );
}
