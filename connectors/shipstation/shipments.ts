import type { ConnectorContext, ShipmentPage, ShipmentReport } from '../../src/sdk';
import { call, unexpected } from './client';
import { DEFAULT_TIME_ZONE, type ShipStationConfig } from './config';
import { badTimeZone } from './mapping';
import { isTimeZone, toZonedDate, toZonedNaive, zonedNaiveToUtc } from './time-zone';
import { isJsonObject, textField, numberField, objectsField, type JsonObject } from '../../src/sdk';

/** Largest page V1 serves. */
export const PAGE_SIZE = 500;

/** The hub's order ids: shipments of orders other systems put into ShipStation are not ours to report. */
const HUB_ORDER_ID = /^ord_[a-z0-9]{26}$/;

/**
 * Paging runs in two phases: shipments by ship date (new labels), then by void date (labels voided since, which
 * may have shipped days earlier). The token is `<phase>:<page>`.
 */
type Phase = 'ship' | 'void';

function parseToken(token: string | undefined): { phase: Phase; page: number } {
  const m = token === undefined ? null : /^(ship|void):(\d{1,6})$/.exec(token);
  if (!m) return { phase: 'ship', page: 1 };
  return { phase: m[1] === 'void' ? 'void' : 'ship', page: Math.max(1, Number(m[2])) };
}

/** One V1 shipment as a hub report; undefined for shipments the hub did not send or cannot date. */
export function toReport(s: JsonObject, timeZone: string): ShipmentReport | undefined {
  const orderKey = textField(s, 'orderKey');
  const shipmentId = numberField(s, 'shipmentId');
  if (!orderKey || !HUB_ORDER_ID.test(orderKey) || shipmentId === undefined) return undefined;
  // createDate is when the label was bought (V1 local time); shipDate is a bare calendar day.
  const created = textField(s, 'createDate');
  const shipDay = textField(s, 'shipDate');
  const shippedAt =
    (created && zonedNaiveToUtc(created, timeZone)) ??
    (shipDay && zonedNaiveToUtc(`${shipDay.slice(0, 10)}T00:00:00`, timeZone));
  if (!shippedAt) return undefined;
  const report: ShipmentReport = {
    orderId: orderKey,
    shipmentId: String(shipmentId),
    shippedAt,
    carrier: textField(s, 'carrierCode') ?? 'unknown',
  };
  const service = textField(s, 'serviceCode');
  if (service) report.service = service;
  const tracking = textField(s, 'trackingNumber');
  if (tracking) report.trackingNumber = tracking;
  // V1 cannot say whether a label covers the whole order, so the packed items always go along.
  const items = objectsField(s, 'shipmentItems');
  if (items.length > 0) {
    report.lines = items.flatMap((item) => {
      const quantity = numberField(item, 'quantity');
      if (quantity === undefined || quantity <= 0) return [];
      const line: NonNullable<ShipmentReport['lines']>[number] = { quantity };
      const sku = textField(item, 'sku');
      const key = textField(item, 'lineItemKey');
      if (sku) line.sku = sku;
      if (key) line.lineId = key;
      return [line];
    });
  }
  if (s['voided'] === true) report.voided = true;
  return report;
}

/**
 * Reads labels created (or voided) since `since` from `GET /shipments`. Orders marked shipped without a
 * ShipStation label are not listed by V1 and so are not reported.
 */
export async function fetchShipmentsPage(
  ctx: ConnectorContext<ShipStationConfig>,
  req: { since: string; pageToken?: string },
): Promise<ShipmentPage> {
  const zone = ctx.config.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isTimeZone(zone)) throw badTimeZone(zone);
  const { phase, page } = parseToken(req.pageToken);
  const params: Record<string, string | number | boolean | undefined> = {
    includeShipmentItems: true,
    storeId: ctx.config.storeId,
    page,
    pageSize: PAGE_SIZE,
  };
  if (phase === 'ship') {
    params['shipDateStart'] = toZonedDate(req.since, zone);
    params['sortBy'] = 'ShipDate';
    params['sortDir'] = 'ASC';
  } else {
    params['voidDateStart'] = toZonedNaive(req.since, zone).slice(0, 19);
  }
  const res = await call(ctx, { path: '/shipments', params });
  const body = res.data;
  if (!isJsonObject(body) || !Array.isArray(body['shipments']))
    throw unexpected('GET /shipments', res.status);
  const shipments = objectsField(body, 'shipments')
    .map((s) => toReport(s, zone))
    .filter((r): r is ShipmentReport => r !== undefined);
  const pages = numberField(body, 'pages') ?? 1;
  if (page < pages) return { shipments, nextPageToken: `${phase}:${page + 1}` };
  return phase === 'ship' ? { shipments, nextPageToken: 'void:1' } : { shipments };
}
