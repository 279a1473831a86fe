import {
  isJsonObject,
  configError,
  localDay,
  lookup,
  type ConnectorContext,
  type ShipmentPage,
  type ShipmentReport,
} from '../../src/sdk';
import { TABLES, type SapB1Config } from './config';
import { sl } from './client';

/** B1 object type of a sales order, as delivery rows name their base document. */
const BASE_TYPE_ORDER = 17;

const PAGE_SIZE = 50;

const SELECT = [
  'DocEntry',
  'DocNum',
  'DocDate',
  'DocTime',
  'NumAtCard',
  'TrackingNumber',
  'TransportationCode',
  'Cancelled',
  'CancelStatus',
  'DocumentLines',
].join(',');

/** SKU of a B1 item code, when the `sap-b1-item` table maps exactly one SKU to it. */
function skuOf(tables: ConnectorContext<SapB1Config>['tables'], itemCode: string): string | undefined {
  const table = tables[TABLES.item] ?? {};
  const skus = Object.keys(table).filter((k) => table[k] === itemCode);
  return skus.length === 1 ? skus[0] : undefined;
}

/** `14:05` or `14:05:09` (B1 keeps minutes on most documents). */
function clockTime(value: unknown): string {
  if (typeof value !== 'string') return '00:00:00';
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
  return m ? `${m[1]}:${m[2]}:${m[3] ?? '00'}` : '00:00:00';
}

function toReport(ctx: ConnectorContext<SapB1Config>, doc: unknown): ShipmentReport | undefined {
  if (!isJsonObject(doc) || typeof doc.DocEntry !== 'number') return undefined;
  // Only deliveries copied from a hub order carry its id; the cancellation twin B1 books is not a shipment.
  if (typeof doc.NumAtCard !== 'string' || !/^ord_[a-z0-9]{26}$/.test(doc.NumAtCard)) return undefined;
  if (doc.CancelStatus === 'csCancellation' || typeof doc.DocDate !== 'string') return undefined;
  const rows = Array.isArray(doc.DocumentLines) ? doc.DocumentLines : [];
  const lines = rows.flatMap((r) => {
    if (!isJsonObject(r) || r.BaseType !== BASE_TYPE_ORDER || typeof r.Quantity !== 'number') return [];
    const itemCode = typeof r.ItemCode === 'string' ? r.ItemCode : undefined;
    const sku = itemCode === undefined ? undefined : (skuOf(ctx.tables, itemCode) ?? itemCode);
    return [{ ...(sku === undefined ? {} : { sku }), quantity: r.Quantity }];
  });
  if (lines.length === 0) return undefined;
  const transport = typeof doc.TransportationCode === 'number' ? String(doc.TransportationCode) : undefined;
  const offset = ctx.config.utcOffset ?? '+00:00';
  const tracking =
    typeof doc.TrackingNumber === 'string' && doc.TrackingNumber ? doc.TrackingNumber : undefined;
  return {
    orderId: doc.NumAtCard,
    shipmentId: String(doc.DocEntry),
    shippedAt: `${doc.DocDate.slice(0, 10)}T${clockTime(doc.DocTime)}${offset}`,
    carrier: transport === undefined ? '' : (lookup(ctx.tables, TABLES.carrier, transport) ?? transport),
    ...(tracking === undefined ? {} : { trackingNumber: tracking }),
    lines,
    ...(doc.Cancelled === 'tYES' ? { voided: true } : {}),
  };
}

/**
 * Reads Delivery Notes changed since `since`. B1 keeps only the day of a change, so the filter is by day in the
 * company's zone and the hub's dedup on shipmentId drops what it already has.
 */
export async function fetchShipmentPage(
  ctx: ConnectorContext<SapB1Config>,
  req: { since: string; pageToken?: string },
): Promise<ShipmentPage> {
  let path: string;
  if (req.pageToken) {
    // The token is B1's own next link, relative to /b1s/v1/; anything else could send the session elsewhere.
    const token = req.pageToken.replace(/^\/b1s\/v1\//, '');
    if (!/^DeliveryNotes\?\S*$/.test(token)) {
      throw configError('the shipment page token is not a Service Layer next link', {
        code: 'SAP_B1_PAGE_TOKEN_INVALID',
        remedy: 'Reset the shipment read-back watermark of this connection.',
      });
    }
    path = token;
  } else {
    const day = localDay(req.since, ctx.config.utcOffset ?? '+00:00');
    path = [
      `DeliveryNotes?$filter=${encodeURIComponent(`UpdateDate ge '${day}'`)}`,
      `$select=${encodeURIComponent(SELECT)}`,
      `$orderby=DocEntry`,
    ].join('&');
  }
  const res = await sl(ctx, { path, headers: { prefer: `odata.maxpagesize=${PAGE_SIZE}` } });
  const data = isJsonObject(res.data) ? res.data : {};
  const docs = Array.isArray(data.value) ? data.value : [];
  const next = data['odata.nextLink'] ?? data['@odata.nextLink'];
  const shipments = docs.map((d) => toReport(ctx, d)).filter((r): r is ShipmentReport => r !== undefined);
  return typeof next === 'string' && next.length > 0 ? { shipments, nextPageToken: next } : { shipments };
}
