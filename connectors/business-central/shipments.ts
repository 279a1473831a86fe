import type { ConnectorContext, LookupTables, ShipmentPage, ShipmentReport } from '../../src/sdk';
import { bcRequest } from './client';
import { companyBase, type BusinessCentralConfig } from './config';
import { orderIdOf, TABLES } from './mapping';
import { isJsonObject } from '../../src/sdk';

export const PAGE_SIZE = 100;

function skuByItemNumber(tables: LookupTables): Map<string, string> {
  const out = new Map<string, string>();
  for (const [sku, no] of Object.entries(tables[TABLES.item] ?? {})) out.set(no, sku);
  return out;
}

/**
 * Reads posted sales shipments changed at or after `since` whose External Document No. is a hub key. The
 * standard API has no shipping agent or package tracking number, so `carrier` is `unspecified` and tracking is
 * absent (a custom API page is needed for those).
 */
export async function fetchShipments(
  ctx: ConnectorContext<BusinessCentralConfig>,
  req: { since: string; pageToken?: string },
): Promise<ShipmentPage> {
  const skip = Number(req.pageToken ?? '0');
  const since = new Date(req.since).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const query = [
    `$filter=${encodeURIComponent(`lastModifiedDateTime ge ${since}`)}`,
    `$orderby=${encodeURIComponent('lastModifiedDateTime asc,number asc')}`,
    '$expand=salesShipmentLines',
    `$top=${PAGE_SIZE}`,
    `$skip=${skip}`,
  ].join('&');
  const res = await bcRequest(ctx, {
    method: 'GET',
    url: `${companyBase(ctx.config)}/salesShipments?${query}`,
  });
  const rows =
    isJsonObject(res.data) && Array.isArray(res.data.value) ? res.data.value.filter(isJsonObject) : [];
  const skus = skuByItemNumber(ctx.tables);
  const shipments: ShipmentReport[] = [];
  for (const r of rows) {
    const orderId =
      typeof r.externalDocumentNumber === 'string' ? orderIdOf(r.externalDocumentNumber) : undefined;
    if (!orderId || typeof r.id !== 'string' || typeof r.lastModifiedDateTime !== 'string') continue;
    const lines = (Array.isArray(r.salesShipmentLines) ? r.salesShipmentLines.filter(isJsonObject) : [])
      .filter((l) => l.lineType === 'Item' && typeof l.quantity === 'number' && l.quantity > 0)
      .map((l) => {
        const sku = typeof l.lineObjectNumber === 'string' ? skus.get(l.lineObjectNumber) : undefined;
        return { ...(sku ? { sku } : {}), quantity: Number(l.quantity) };
      });
    shipments.push({
      orderId,
      shipmentId: r.id,
      shippedAt: r.lastModifiedDateTime,
      carrier: 'unspecified',
      ...(lines.length > 0 ? { lines } : {}),
    });
  }
  return rows.length === PAGE_SIZE ? { shipments, nextPageToken: String(skip + PAGE_SIZE) } : { shipments };
}
