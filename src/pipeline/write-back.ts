import type { Hub } from '../hub';
import type { CanonicalOrder } from '../core/order';
import type { FulfillmentRequest } from '../sdk/define';
import { classify, type ConnectorError } from '../sdk/errors';
import type { ShipmentRecord } from '../store/types';
import { connectorContext } from './context';
import { openException } from './exceptions';
import { shippedLines } from './shipments';
import { audit } from './replay';

/** Documents of this kind remember what the channel called each fulfilment we created (for cancels). */
export const WRITEBACK_DOC = 'writeback';

export type WriteBackOutcome =
  | { step: 'written' | 'cancelled' | 'skipped' | 'failed' | 'not-pending'; detail?: string }
  | { step: 'retry'; error: ConnectorError };

/** Whether the order is completely shipped once this shipment is counted with the others already written. */
async function completes(hub: Hub, record: ShipmentRecord, order: CanonicalOrder): Promise<boolean> {
  if (record.report.final !== undefined) return record.report.final;
  const all = await hub.store.listShipments({ orderId: order.id, limit: 500 });
  const shipped = new Map<string, number>();
  for (const s of all.items) {
    if (s.report.voided || (s.id !== record.id && s.state !== 'written')) continue;
    for (const l of shippedLines(order, s.report))
      shipped.set(l.lineId, (shipped.get(l.lineId) ?? 0) + l.quantity);
  }
  return order.lines.every((l) => (shipped.get(l.id) ?? 0) >= l.quantity - (l.refundedQuantity ?? 0));
}

/**
 * Writes one recorded shipment back to the order's channel as a fulfilment with carrier and tracking (or cancels
 * the fulfilment of a voided one). Channels without write-back mark it skipped; refusals open an exception for
 * a person; failures worth retrying are returned for the queue to retry with back-off.
 */
export async function writeBackShipment(
  hub: Hub,
  shipmentId: string,
  lastAttempt = false,
): Promise<WriteBackOutcome> {
  const record = await hub.store.getShipment(shipmentId);
  if (!record || record.state !== 'pending') return { step: 'not-pending' };
  const at = () => hub.now().toISOString();
  const order = await hub.store.getOrder(record.orderId);
  const source = order ? await hub.connections.resolve(order.connectionId) : null;
  const writeBack = source?.definition.kind === 'source' ? source.definition.writeBack : undefined;
  if (!order || !source || !writeBack || !source.record.enabled) {
    await hub.store.setShipmentState(record.id, 'skipped', at());
    return { step: 'skipped', detail: !writeBack ? 'the channel has no write-back' : 'no enabled source' };
  }
  const report = record.report;
  const request: FulfillmentRequest = {
    shipmentKey: record.id,
    order: order.order,
    shipment: report,
    lines: shippedLines(order.order, report),
    carrier: report.carrier,
    final: await completes(hub, record, order.order),
  };
  const ctx = connectorContext(hub, source);
  try {
    if (report.voided) {
      const previous = await hub.store.getDoc(WRITEBACK_DOC, record.id);
      const remoteId = readRemoteId(previous?.value);
      if (remoteId && writeBack.cancelFulfillment)
        await writeBack.cancelFulfillment(ctx, { ...request, remoteId });
      await hub.store.setShipmentState(record.id, remoteId ? 'written' : 'skipped', at());
      await audit(hub, 'system', 'shipment.voided_in_channel', record.id, { cancelled: Boolean(remoteId) });
      return { step: 'cancelled' };
    }
    const remote = await writeBack.createFulfillment(ctx, request);
    await hub.store.putDoc(
      WRITEBACK_DOC,
      record.id,
      { remoteId: remote.remoteId, status: remote.status ?? null },
      at(),
    );
    await hub.store.setShipmentState(record.id, 'written', at());
    await audit(hub, 'system', 'shipment.written_back', record.id, {
      orderId: order.id,
      remoteId: remote.remoteId,
    });
    hub.log.info({ shipmentId: record.id, orderId: order.id }, 'shipment written back to the channel');
    return { step: 'written' };
  } catch (error) {
    const failure = classify(error);
    const retryable = failure.kind === 'transient' || failure.kind === 'rate_limited';
    if (retryable && !lastAttempt) return { step: 'retry', error: failure };
    await hub.store.setShipmentState(record.id, 'failed', at());
    await openException(hub, {
      kind: 'writeback_failed',
      code: failure.code,
      message: failure.remedy ? `${failure.message} — ${failure.remedy}` : failure.message,
      connectionId: order.connectionId,
      orderId: order.id,
      occurrence: record.id,
    });
    return { step: 'failed', detail: failure.code };
  }
}

function readRemoteId(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'remoteId' in value && typeof value.remoteId === 'string')
    return value.remoteId;
  return undefined;
}
