import {
  type JsonObject,
  objectsField,
  numberField,
  textField,
  isJsonObject,
  toUtc,
  type ConnectorContext,
  type ShipmentPage,
  type ShipmentReport,
} from '../../src/sdk';
import { call, unexpected } from './client';
import type { ShipBobConfig } from './config';

/** Largest page `GET /order` serves. */
export const PAGE_LIMIT = 250;

/** The hub's order ids: orders other channels put into ShipBob are not ours to report. */
const HUB_ORDER_ID = /^ord_[a-z0-9]{26}$/;

/** ShipBob documents its timestamps in UTC; a value without an offset is read as UTC, explicitly. */
function utc(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const withOffset = toUtc(value) ?? (/T\d{2}:\d{2}/.test(value) ? toUtc(`${value}Z`) : undefined);
  return withOffset?.utc;
}

const trackingOf = (s: JsonObject): JsonObject | undefined => {
  const t = s['tracking'];
  return isJsonObject(t) ? t : undefined;
};

const hasTracking = (s: JsonObject): boolean => Boolean(textField(trackingOf(s) ?? {}, 'tracking_number'));

function lines(s: JsonObject): NonNullable<ShipmentReport['lines']> {
  return objectsField(s, 'products').flatMap((p) => {
    const quantity =
      numberField(p, 'quantity') ??
      objectsField(p, 'inventory_items').reduce((q, i) => q + (numberField(i, 'quantity') ?? 0), 0);
    if (quantity <= 0) return [];
    const line: NonNullable<ShipmentReport['lines']>[number] = { quantity };
    const sku = textField(p, 'reference_id') ?? textField(p, 'sku');
    if (sku) line.sku = sku;
    return [line];
  });
}

/**
 * The shipments of one ShipBob order as hub reports. Shipments without a tracking number have not left yet.
 * ShipBob splits an order into several shipments when it ships from several places; then each report carries its
 * products, and `final` says whether every live shipment has tracking.
 */
export function toReports(order: JsonObject): ShipmentReport[] {
  const orderId = textField(order, 'reference_id');
  if (!orderId || !HUB_ORDER_ID.test(orderId)) return [];
  const shipments = objectsField(order, 'shipments');
  const live = shipments.filter((s) => textField(s, 'status') !== 'Cancelled');
  const split = live.length > 1;
  const complete = live.length > 0 && live.every(hasTracking);
  return shipments.flatMap((s): ShipmentReport[] => {
    const tracking = trackingOf(s);
    const id = numberField(s, 'id');
    const trackingNumber = tracking ? textField(tracking, 'tracking_number') : undefined;
    if (!tracking || id === undefined || !trackingNumber) return [];
    const shippedAt =
      utc(textField(s, 'actual_fulfillment_date')) ?? utc(textField(tracking, 'shipping_date'));
    if (!shippedAt) return [];
    const report: ShipmentReport = {
      orderId,
      shipmentId: String(id),
      shippedAt,
      carrier: textField(tracking, 'carrier') ?? 'unknown',
      trackingNumber,
    };
    const service = textField(tracking, 'carrier_service');
    const url = textField(tracking, 'tracking_url');
    if (service) report.service = service;
    if (url) report.trackingUrl = url;
    if (split) report.lines = lines(s);
    if (textField(s, 'status') === 'Cancelled') report.voided = true;
    else report.final = complete;
    return [report];
  });
}

/** Reads orders updated since `since` that have tracking (`GET /order`), oldest first, 250 a page. */
export async function fetchShipmentsPage(
  ctx: ConnectorContext<ShipBobConfig>,
  req: { since: string; pageToken?: string },
): Promise<ShipmentPage> {
  const page = req.pageToken && /^\d{1,6}$/.test(req.pageToken) ? Number(req.pageToken) : 1;
  const res = await call(ctx, {
    path: '/order',
    params: {
      LastUpdateStartDate: req.since,
      HasTracking: true,
      SortOrder: 'Oldest',
      Limit: PAGE_LIMIT,
      Page: page,
    },
  });
  if (!Array.isArray(res.data)) throw unexpected('GET /order', res.status);
  const orders = res.data.filter(isJsonObject);
  const shipments = orders.flatMap(toReports);
  // ShipBob pages by number; a full page means there may be more.
  return res.data.length >= PAGE_LIMIT ? { shipments, nextPageToken: String(page + 1) } : { shipments };
}
