import type { ConnectorContext, ShipmentPage, ShipmentReport } from '../../src/sdk';
import type { OdooConfig } from './config';
import { searchRead, type OdooRecord } from './rpc';

export const PAGE_SIZE = 100;

const many2one = (v: unknown): { id: number; name: string } | undefined =>
  Array.isArray(v) && typeof v[0] === 'number'
    ? { id: v[0], name: typeof v[1] === 'string' ? v[1] : '' }
    : undefined;

/** Odoo datetimes are naive UTC (`YYYY-MM-DD HH:MM:SS`). */
export const fromOdooTime = (v: string): string => `${v.replace(' ', 'T')}+00:00`;
export const toOdooTime = (iso: string): string => new Date(iso).toISOString().slice(0, 19).replace('T', ' ');

/**
 * Reads done outgoing deliveries (`stock.picking`) of sale orders the hub created (`client_order_ref` = `ord_…`),
 * finished at or after `since`, with their moved products and quantities. `final` follows the sale order's
 * delivery status (`full`).
 */
export async function fetchShipments(
  ctx: ConnectorContext<OdooConfig>,
  req: { since: string; pageToken?: string },
): Promise<ShipmentPage> {
  const offset = Number(req.pageToken ?? '0');
  const pickings = await searchRead(
    ctx,
    'stock.picking',
    [
      ['state', '=', 'done'],
      ['picking_type_code', '=', 'outgoing'],
      ['sale_id.client_order_ref', '=like', 'ord_%'],
      ['date_done', '>=', toOdooTime(req.since)],
    ],
    ['id', 'name', 'date_done', 'carrier_id', 'carrier_tracking_ref', 'sale_id'],
    { limit: PAGE_SIZE, offset, order: 'date_done asc, id asc' },
  );
  const ids = pickings.map((p) => p.id).filter((id): id is number => typeof id === 'number');
  const saleIds = [...new Set(pickings.map((p) => many2one(p.sale_id)?.id).filter((id) => id !== undefined))];
  const [sales, moves] =
    ids.length === 0
      ? [[], []]
      : await Promise.all([
          searchRead(
            ctx,
            'sale.order',
            [['id', 'in', saleIds]],
            ['id', 'client_order_ref', 'delivery_status'],
          ),
          searchRead(
            ctx,
            'stock.move',
            [
              ['picking_id', 'in', ids],
              ['state', '=', 'done'],
            ],
            ['picking_id', 'product_id', 'quantity'],
          ),
        ]);
  const productIds = [
    ...new Set(moves.map((m) => many2one(m.product_id)?.id).filter((id) => id !== undefined)),
  ];
  const products =
    productIds.length === 0
      ? []
      : await searchRead(ctx, 'product.product', [['id', 'in', productIds]], ['id', 'default_code']);
  const sku = new Map(products.map((p): [unknown, unknown] => [p.id, p.default_code]));
  const sale = new Map(sales.map((s): [unknown, OdooRecord] => [s.id, s]));
  const lines = new Map<number, { sku?: string; quantity: number }[]>();
  for (const m of moves) {
    const picking = many2one(m.picking_id)?.id;
    const code = sku.get(many2one(m.product_id)?.id);
    if (picking === undefined || typeof m.quantity !== 'number' || m.quantity <= 0) continue;
    lines.set(picking, [
      ...(lines.get(picking) ?? []),
      { ...(typeof code === 'string' ? { sku: code } : {}), quantity: m.quantity },
    ]);
  }
  const shipments: ShipmentReport[] = [];
  for (const p of pickings) {
    const so = sale.get(many2one(p.sale_id)?.id);
    const ref = so?.client_order_ref;
    if (typeof p.id !== 'number' || typeof ref !== 'string' || typeof p.date_done !== 'string') continue;
    const shipped = lines.get(p.id);
    shipments.push({
      orderId: ref,
      shipmentId: String(p.id),
      shippedAt: fromOdooTime(p.date_done),
      carrier: many2one(p.carrier_id)?.name || 'unspecified',
      ...(typeof p.carrier_tracking_ref === 'string' && p.carrier_tracking_ref
        ? { trackingNumber: p.carrier_tracking_ref }
        : {}),
      ...(shipped && shipped.length > 0 ? { lines: shipped } : {}),
      final: so?.delivery_status === 'full',
    });
  }
  return pickings.length === PAGE_SIZE
    ? { shipments, nextPageToken: String(offset + PAGE_SIZE) }
    : { shipments };
}
