import {
  dec,
  lookup,
  MappingError,
  missingField,
  money,
  type CanonicalOrder,
  type MappingContext,
} from '../../src/sdk';
import type { QimenConfig } from './config';
import { chinaTime } from './sign';
import type { XmlObject } from './xml';

/** The `deliveryorder.create` request body, element by element (`<request>` is the root). */
export type QimenCreatePayload = {
  deliveryOrder: XmlObject;
  orderLines: { orderLine: XmlObject[] };
};

export const TABLES = {
  warehouse: 'qimen-warehouse',
  owner: 'qimen-owner',
  logistics: 'qimen-logistics',
  platform: 'qimen-platform',
  item: 'qimen-item',
} as const;

function fromTable(ctx: MappingContext<QimenConfig>, table: string, key: string, path: string): string {
  const value = lookup(ctx.tables, table, key);
  if (value === undefined)
    throw new MappingError('MAPPING_UNKNOWN_VALUE', path, `no entry "${key}" in lookup table ${table}`);
  return value;
}

/** Which store the order belongs to, for the per-store warehouse and owner tables. */
function storeKey(order: CanonicalOrder): { key: string; path: string } {
  if (order.fulfillment?.locationId)
    return { key: order.fulfillment.locationId, path: '/fulfillment/locationId' };
  if (order.channel.storeId) return { key: order.channel.storeId, path: '/channel/storeId' };
  return { key: order.channel.connector, path: '/channel/connector' };
}

function receiverInfo(order: CanonicalOrder): XmlObject {
  const a = order.shippingAddress;
  if (!a) throw missingField('/shippingAddress');
  if (a.pii === 'encrypted' || a.pii === 'redacted')
    throw new MappingError(
      'MAPPING_FAILED',
      '/shippingAddress/pii',
      `the shipping address is ${a.pii}; the WMS cannot ship to it`,
    );
  const name = a.name ?? ([a.firstName, a.lastName].filter(Boolean).join(' ') || undefined);
  if (!name) throw missingField('/shippingAddress/name');
  if (!a.province) throw missingField('/shippingAddress/province');
  if (!a.city) throw missingField('/shippingAddress/city');
  if (!a.line1) throw missingField('/shippingAddress/line1');
  const phone = a.phone ?? order.customer.phone ?? undefined;
  if (!phone) throw missingField('/shippingAddress/phone');
  return {
    name,
    zipCode: a.postalCode ?? undefined,
    mobile: phone,
    email: order.customer.email ?? undefined,
    countryCode: a.countryCode,
    province: a.province,
    city: a.city,
    // Canonical v1 has no town (乡镇/街道) field; it stays in the detail address.
    area: a.district ?? undefined,
    detailAddress: [a.line1, a.line2].filter(Boolean).join(' '),
    company: a.company ?? undefined,
  };
}

/**
 * Builds the `deliveryorder.create` body. Pure. `deliveryOrderCode` is the hub order id, stable across
 * revisions, so the WMS refuses a second create of the same order. Amounts are sent only for CNY orders: Qimen
 * amounts are yuan, and converting currencies is not the mapping's to guess.
 */
export function toDeliveryOrder(order: CanonicalOrder, ctx: MappingContext<QimenConfig>): QimenCreatePayload {
  const store = storeKey(order);
  const warehouseCode = ctx.config.warehouseCode ?? fromTable(ctx, TABLES.warehouse, store.key, store.path);
  const ownerCode = ctx.config.ownerCode ?? fromTable(ctx, TABLES.owner, store.key, store.path);
  const first = order.shippingLines[0];
  const service = order.fulfillment?.requestedService ?? first?.code ?? first?.title;
  if (!service) throw missingField('/shippingLines/0');
  const logisticsCode = fromTable(
    ctx,
    TABLES.logistics,
    service,
    order.fulfillment?.requestedService ? '/fulfillment/requestedService' : '/shippingLines/0/code',
  );
  const platform = fromTable(ctx, TABLES.platform, order.channel.connector, '/channel/connector');
  const cny = order.currency === 'CNY';
  const shipped = order.lines
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => line.requiresShipping !== false && line.giftCard !== true);
  if (shipped.length === 0)
    throw new MappingError('MAPPING_FAILED', '/lines', 'no line of the order needs shipping');

  const orderLine = shipped.map(({ line, index }, i): XmlObject => {
    if (!line.sku) throw missingField(`/lines/${index}/sku`);
    const itemCode = ctx.config.itemCodesFromTable
      ? fromTable(ctx, TABLES.item, line.sku, `/lines/${index}/sku`)
      : line.sku;
    return {
      orderLineNo: String(i + 1),
      sourceOrderCode: order.channel.orderNumber,
      subSourceCode: line.id,
      ownerCode,
      itemCode,
      inventoryType: 'ZP',
      itemName: line.variantName ? `${line.name} ${line.variantName}` : line.name,
      planQty: String(line.quantity),
      retailPrice: cny ? line.unitPrice : undefined,
      actualPrice: cny ? money(dec(line.total).div(line.quantity), 'CNY') : undefined,
      discountAmount: cny ? line.discount : undefined,
    };
  });

  const deliveryOrder: XmlObject = {
    deliveryOrderCode: order.id,
    orderType: 'JYCK',
    warehouseCode,
    ownerCode,
    sourcePlatformCode: platform,
    sourcePlatformName: order.channel.connector,
    createTime: chinaTime(order.updatedAt),
    placeOrderTime: chinaTime(order.placedAt),
    payTime: order.payment?.paidAt ? chinaTime(order.payment.paidAt) : undefined,
    shopNick: order.channel.storeId ?? order.channel.connector,
    totalAmount: cny ? order.totals.total : undefined,
    itemAmount: cny ? order.totals.subtotal : undefined,
    discountAmount: cny ? order.totals.discount : undefined,
    freight: cny ? order.totals.shipping : undefined,
    logisticsCode,
    logisticsName: first?.carrier ?? first?.title ?? undefined,
    receiverInfo: receiverInfo(order),
    buyerMessage: order.note ?? undefined,
    remark: order.channel.orderNumber,
  };
  return { deliveryOrder: prune(deliveryOrder), orderLines: { orderLine: orderLine.map(prune) } };
}

/** Drops absent values, so the payload equals its JSON fixture and the XML has no empty elements. */
function prune(o: XmlObject): XmlObject {
  const out: XmlObject = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    out[k] = typeof v === 'object' && !Array.isArray(v) ? prune(v) : v;
  }
  return out;
}
