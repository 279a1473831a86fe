import {
  configError,
  dec,
  lookup,
  MappingError,
  missingField,
  money,
  unknownValue,
  type Address,
  type CanonicalOrder,
  type MappingContext,
} from '../../src/sdk';
import { DEFAULT_TIME_ZONE, SERVICE_TABLE, WAREHOUSE_TABLE, type ShipStationConfig } from './config';
import type { OrderStatus, ShipStationAddress, ShipStationItem, ShipStationOrder } from './payload';
import { isTimeZone, toZonedNaive } from './time-zone';

const SERVICE_VALUE_RE = /^([a-z0-9_]+)\/([a-z0-9_]+)$/;

/** A decimal string as the JSON number ShipStation expects; the string is exact, so the number is its shortest form. */
const amount = (value: string): number => dec(value).toNumber();

function missingLookup(path: string, table: string, key: string): MappingError {
  return new MappingError(
    'MAPPING_UNKNOWN_VALUE',
    path,
    `no entry for "${key}" in lookup table ${table}: add it to mappings/${table}.json`,
  );
}

/** A zone the runtime does not know stops the connection, not the order: every order would fail the same way. */
export function badTimeZone(zone: string) {
  return configError(`time zone "${zone}" is not an IANA zone`, {
    code: 'SHIPSTATION_TIME_ZONE_INVALID',
    remedy:
      'Set timeZone to an IANA zone name such as America/Los_Angeles (the zone of the ShipStation account).',
  });
}

/** What ShipStation should do with the order, from the canonical status; unknown combinations are refused. */
export function orderStatus(order: CanonicalOrder): OrderStatus {
  const { status } = order;
  if (status.order === 'cancelled') return 'cancelled';
  switch (status.fulfillment) {
    case 'on_hold':
      return 'on_hold';
    case 'fulfilled':
      return 'shipped';
    case 'restocked':
      throw unknownValue('/status/fulfillment', 'fulfillment status "restocked" (nothing left to ship)');
    case 'unfulfilled':
    case 'partial':
      break;
  }
  switch (status.payment) {
    case 'pending':
    case 'partially_paid':
      return 'awaiting_payment';
    case 'authorized':
    case 'paid':
    case 'partially_refunded':
      return 'awaiting_shipment';
    default:
      throw unknownValue('/status/payment', `payment status "${status.payment}" for an open order`);
  }
}

function personName(address: Address, path: string): string {
  const name = address.name ?? ([address.firstName, address.lastName].filter(Boolean).join(' ') || null);
  if (!name) throw missingField(`${path}/name`);
  return name;
}

function toAddress(address: Address, path: string): ShipStationAddress {
  return {
    name: personName(address, path),
    company: address.company ?? null,
    street1: address.line1 ?? null,
    street2: address.line2 ?? null,
    // Chinese and similar addresses need the district; street3 is the free line ShipStation prints under street2.
    street3: address.district ?? null,
    city: address.city ?? null,
    state: address.provinceCode ?? address.province ?? null,
    postalCode: address.postalCode ?? null,
    country: address.countryCode,
    phone: address.phone ?? null,
    residential: address.company ? false : null,
  };
}

/** The shipping method key looked up in `shipstation-service`, with the JSON pointer it came from. */
function serviceKey(order: CanonicalOrder): { key: string; path: string } | undefined {
  const requested = order.fulfillment?.requestedService;
  if (requested) return { key: requested, path: '/fulfillment/requestedService' };
  const first = order.shippingLines[0];
  if (!first) return undefined;
  return first.code
    ? { key: first.code, path: '/shippingLines/0/code' }
    : { key: first.title, path: '/shippingLines/0/title' };
}

function carrierService(
  order: CanonicalOrder,
  ctx: MappingContext<ShipStationConfig>,
): { carrierCode: string | null; serviceCode: string | null } {
  const source = serviceKey(order);
  if (!source) return { carrierCode: null, serviceCode: null };
  const value = lookup(ctx.tables, SERVICE_TABLE, source.key);
  if (value === undefined) throw missingLookup(source.path, SERVICE_TABLE, source.key);
  // `auto` is an explicit choice in the table: ShipStation's automation rules pick the carrier.
  if (value === 'auto') return { carrierCode: null, serviceCode: null };
  const m = SERVICE_VALUE_RE.exec(value);
  if (!m?.[1] || !m[2]) {
    throw new MappingError(
      'MAPPING_FAILED',
      source.path,
      `lookup table ${SERVICE_TABLE} maps "${source.key}" to "${value}", expected carrierCode/serviceCode or auto`,
    );
  }
  return { carrierCode: m[1], serviceCode: m[2] };
}

function warehouseId(order: CanonicalOrder, ctx: MappingContext<ShipStationConfig>): number | null {
  const location = order.fulfillment?.locationId;
  if (!location) return null;
  const value = lookup(ctx.tables, WAREHOUSE_TABLE, location);
  if (value === undefined) throw missingLookup('/fulfillment/locationId', WAREHOUSE_TABLE, location);
  if (!/^\d{1,12}$/.test(value)) {
    throw new MappingError(
      'MAPPING_FAILED',
      '/fulfillment/locationId',
      `lookup table ${WAREHOUSE_TABLE} maps "${location}" to "${value}", expected a numeric warehouse id`,
    );
  }
  return Number(value);
}

function items(order: CanonicalOrder): ShipStationItem[] {
  const shipped = order.lines
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => line.requiresShipping !== false && line.giftCard !== true);
  if (shipped.length === 0)
    throw new MappingError('MAPPING_FAILED', '/lines', 'no line of the order needs shipping');
  const out = shipped.map(({ line, index }): ShipStationItem => {
    if (!line.sku) throw missingField(`/lines/${index}/sku`);
    return {
      lineItemKey: line.id,
      sku: line.sku,
      name: line.variantName ? `${line.name} - ${line.variantName}` : line.name,
      quantity: line.quantity,
      unitPrice: amount(line.unitPrice),
      weight: line.weightGrams === undefined ? null : { value: line.weightGrams, units: 'grams' },
      options: (line.properties ?? []).map((p) => ({ name: p.name, value: p.value })),
      adjustment: false,
    };
  });
  const discount = dec(order.totals.discount);
  if (discount.greaterThan(0)) {
    const codes = order.discounts.map((d) => d.code ?? d.title).filter((c): c is string => Boolean(c));
    out.push({
      lineItemKey: 'discount',
      sku: null,
      name: codes.length > 0 ? `Discount (${codes.join(', ')})` : 'Discount',
      quantity: 1,
      unitPrice: amount(discount.negated().toString()),
      weight: null,
      options: [],
      adjustment: true,
    });
  }
  return out;
}

function totalWeight(lines: ShipStationItem[]): ShipStationOrder['weight'] {
  const goods = lines.filter((l) => !l.adjustment);
  if (goods.some((l) => l.weight === null)) return null;
  return { value: goods.reduce((g, l) => g + (l.weight?.value ?? 0) * l.quantity, 0), units: 'grams' };
}

/**
 * Builds the V1 order. Pure. The hub's order id is the `orderKey`, so every revision updates the same
 * ShipStation order. Tax-inclusive prices go as they are (gross) with `taxAmount` 0, since V1 has no
 * tax-inclusive flag and would otherwise add the VAT twice; the VAT is named in `internalNotes`.
 */
export function toShipStationOrder(
  order: CanonicalOrder,
  ctx: MappingContext<ShipStationConfig>,
): ShipStationOrder {
  const { config } = ctx;
  if (config.currency !== undefined && config.currency !== order.currency)
    throw unknownValue(
      '/currency',
      `currency ${order.currency} (the ShipStation account is in ${config.currency})`,
    );
  const shipping = order.shippingAddress;
  if (!shipping) throw missingField('/shippingAddress');
  const zone = config.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isTimeZone(zone)) throw badTimeZone(zone);
  const lines = items(order);
  const service = carrierService(order, ctx);
  const notes = [`OrderHub ${order.id} rev ${order.revision}`, `amounts in ${order.currency}`];
  if (order.taxesIncluded) notes.push(`prices include tax of ${money(order.totals.tax, order.currency)}`);
  const titles = order.shippingLines.map((s) => s.title);
  return {
    orderNumber: order.channel.orderNumber,
    orderKey: order.id,
    orderDate: toZonedNaive(order.placedAt, zone),
    paymentDate: order.payment?.paidAt ? toZonedNaive(order.payment.paidAt, zone) : null,
    shipByDate: order.fulfillment?.shipBy ? toZonedNaive(order.fulfillment.shipBy, zone) : null,
    orderStatus: orderStatus(order),
    customerUsername: order.customer.email,
    customerEmail: order.customer.email,
    billTo: toAddress(
      order.billingAddress ?? shipping,
      order.billingAddress ? '/billingAddress' : '/shippingAddress',
    ),
    shipTo: toAddress(shipping, '/shippingAddress'),
    items: lines,
    amountPaid: amount(order.totals.total),
    taxAmount: order.taxesIncluded ? 0 : amount(order.totals.tax),
    shippingAmount: amount(order.totals.shipping),
    customerNotes: order.note ?? null,
    internalNotes: notes.join(' · '),
    paymentMethod: order.payment?.method ?? null,
    requestedShippingService: titles.length > 0 ? titles.join(' + ') : null,
    carrierCode: service.carrierCode,
    serviceCode: service.serviceCode,
    weight: totalWeight(lines),
    advancedOptions: {
      warehouseId: warehouseId(order, ctx),
      storeId: config.storeId ?? null,
      source: order.channel.connector,
    },
  };
}
