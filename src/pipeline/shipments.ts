import shipmentSchema from '../../schemas/shipment.v1.json' with { type: 'json' };
import { HubError } from '../core/errors';
import { contentHash, stableId } from '../core/ids';
import { ajv, validator, type FieldError } from '../core/validation';
import type { CanonicalOrder } from '../core/order';
import type { Hub } from '../hub';
import type { ShipmentReport } from '../sdk/define';

export const SHIPMENT_V1_ID = shipmentSchema.$id;
// Registered once by `$id`: the HTTP API references the same compiled schema.
const validateShipment = validator<ShipmentReport>(
  ajv.getSchema<ShipmentReport>(SHIPMENT_V1_ID) ?? ajv.compile<ShipmentReport>(shipmentSchema),
);

/** The order lines a shipment covers: by line id, else by SKU; every line when the report names none. */
export function shippedLines(
  order: CanonicalOrder,
  report: ShipmentReport,
): { lineId: string; sku: string | null; quantity: number }[] {
  if (!report.lines) return order.lines.map((l) => ({ lineId: l.id, sku: l.sku, quantity: l.quantity }));
  return report.lines.flatMap((s) => {
    const line = order.lines.find((l) => (s.lineId ? l.id === s.lineId : l.sku === s.sku));
    return line ? [{ lineId: line.id, sku: line.sku, quantity: s.quantity }] : [];
  });
}

/** Outcome of recording one shipment report. */
export type ShipmentOutcome =
  | { shipmentId: string; result: 'inserted' | 'updated' | 'duplicate'; id: string }
  | { shipmentId: string | null; result: 'invalid'; code: string; errors?: FieldError[]; message: string };

/**
 * Validates and records shipment reports from one reporter (a destination connection, or `api`). Each report is
 * judged alone: one bad report never blocks the others. A report must name an order the hub has and, when it
 * lists lines, only SKUs or line ids of that order — write-back could not place them otherwise.
 */
export async function recordShipments(
  hub: Hub,
  reporterId: string,
  reports: readonly unknown[],
): Promise<ShipmentOutcome[]> {
  const at = hub.now().toISOString();
  const outcomes: ShipmentOutcome[] = [];
  const accepted: { index: number; report: ShipmentReport }[] = [];
  for (const raw of reports) {
    const checked = validateShipment(raw);
    if (!checked.ok) {
      outcomes.push({
        shipmentId: null,
        result: 'invalid',
        code: 'SHIPMENT_INVALID',
        errors: checked.errors,
        message: 'The shipment does not match shipment.v1.',
      });
      continue;
    }
    const report = checked.value;
    const order = await hub.store.getOrder(report.orderId);
    if (!order) {
      outcomes.push({
        shipmentId: report.shipmentId,
        result: 'invalid',
        code: 'SHIPMENT_ORDER_UNKNOWN',
        message: 'No order with this id.',
      });
      continue;
    }
    if (report.lines && shippedLines(order.order, report).length < report.lines.length) {
      outcomes.push({
        shipmentId: report.shipmentId,
        result: 'invalid',
        code: 'SHIPMENT_LINE_UNKNOWN',
        message: 'A shipped line names a SKU or line id the order does not have.',
      });
      continue;
    }
    accepted.push({ index: outcomes.length, report });
    outcomes.push({ shipmentId: report.shipmentId, result: 'duplicate', id: '' });
  }
  const rows = accepted.map(({ report }) => ({
    id: stableId('shp', reporterId, report.shipmentId),
    reporterId,
    orderId: report.orderId,
    shipmentId: report.shipmentId,
    report,
    hash: contentHash(report),
    createdAt: at,
  }));
  const results = await hub.store.upsertShipments(rows);
  accepted.forEach(({ index, report }, i) => {
    outcomes[index] = {
      shipmentId: report.shipmentId,
      result: results[i] ?? 'duplicate',
      id: rows[i]?.id ?? '',
    };
  });
  const fresh = rows.filter((_, i) => results[i] !== 'duplicate');
  if (fresh.length) {
    hub.log.info({ reporterId, shipments: fresh.length }, 'shipments recorded');
    // Written back off the request path; the sweeper re-adds any job Redis lost.
    await hub.queues.enqueueWriteBack(fresh);
  }
  return outcomes;
}

/** Throws the outcome of a single posted shipment as an API error when it was refused. */
export function assertRecorded(outcome: ShipmentOutcome | undefined): void {
  if (!outcome) throw new HubError('SHIPMENT_INVALID');
  if (outcome.result !== 'invalid') return;
  if (outcome.code === 'SHIPMENT_ORDER_UNKNOWN') throw new HubError('SHIPMENT_ORDER_UNKNOWN');
  if (outcome.code === 'SHIPMENT_LINE_UNKNOWN') throw new HubError('SHIPMENT_LINE_UNKNOWN');
  throw new HubError('SHIPMENT_INVALID', outcome.message, outcome.errors);
}
