import {
  dec,
  lookup,
  MappingError,
  missingField,
  type Address,
  type CanonicalOrder,
  type MappingContext,
} from '../../src/sdk';
import { LOCATION_TABLE, SHIPPING_METHOD_TABLE, type ShipBobConfig } from './config';
import type { ShipBobAddress, ShipBobOrder, ShipBobProduct } from './payload';

function missingLookup(path: string, table: string, key: string): MappingError {
  return new MappingError(
    'MAPPING_UNKNOWN_VALUE',
    path,
    `no entry for "${key}" in lookup table ${table}: add it to mappings/${table}.json`,
  );
}

/**
 * The ship option. ShipBob files an unknown method under Standard on its own, which would ship an express order
 * slowly; the table makes every method an explicit choice.
 */
function shippingMethod(order: CanonicalOrder, ctx: MappingContext<ShipBobConfig>): string {
  const requested = order.fulfillment?.requestedService;
  const first = order.shippingLines[0];
  const source = requested
    ? { key: requested, path: '/fulfillment/requestedService' }
    : first?.code
      ? { key: first.code, path: '/shippingLines/0/code' }
      : first
        ? { key: first.title, path: '/shippingLines/0/title' }
        : undefined;
  if (!source) throw missingField('/shippingLines/0');
  const value = lookup(ctx.tables, SHIPPING_METHOD_TABLE, source.key);
  if (value === undefined || value.trim() === '')
    throw missingLookup(source.path, SHIPPING_METHOD_TABLE, source.key);
  return value;
}

function locationId(order: CanonicalOrder, ctx: MappingContext<ShipBobConfig>): number | undefined {
  const location = order.fulfillment?.locationId;
  if (!location) return undefined;
  const value = lookup(ctx.tables, LOCATION_TABLE, location);
  if (value === undefined) throw missingLookup('/fulfillment/locationId', LOCATION_TABLE, location);
  if (!/^\d{1,9}$/.test(value)) {
    throw new MappingError(
      'MAPPING_FAILED',
      '/fulfillment/locationId',
      `lookup table ${LOCATION_TABLE} maps "${location}" to "${value}", expected a numeric location id`,
    );
  }
  return Number(value);
}

function recipientName(address: Address, order: CanonicalOrder): string {
  const name =
    address.name ?? ([address.firstName, address.lastName].filter(Boolean).join(' ') || order.customer.name);
  if (!name) throw missingField('/shippingAddress/name');
  return name;
}

function toAddress(address: Address): ShipBobAddress {
  if (!address.line1) throw missingField('/shippingAddress/line1');
  if (!address.city) throw missingField('/shippingAddress/city');
  // ShipBob has two street lines; a Chinese district (区) goes on the second so the label keeps it.
  const second = [address.line2, address.district].filter((p): p is string => Boolean(p)).join(', ');
  return {
    address1: address.line1,
    address2: second || null,
    city: address.city,
    state: address.provinceCode ?? address.province ?? null,
    country: address.countryCode,
    zip_code: address.postalCode ?? null,
    company_name: address.company ?? null,
  };
}

function products(order: CanonicalOrder): ShipBobProduct[] {
  const shipped = order.lines
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => line.requiresShipping !== false && line.giftCard !== true);
  if (shipped.length === 0)
    throw new MappingError('MAPPING_FAILED', '/lines', 'no line of the order needs shipping');
  return shipped.map(({ line, index }) => {
    if (!line.sku) throw missingField(`/lines/${index}/sku`);
    return {
      reference_id: line.sku,
      name: line.variantName ? `${line.name} - ${line.variantName}` : line.name,
      quantity: line.quantity,
    };
  });
}

/**
 * Builds the ShipBob order. Pure. `reference_id` is the hub's order id, stable across revisions; ShipBob keeps it
 * unique per account, which is what makes a repeated create harmless. Gift cards and lines that need no shipping
 * are left out. `financials.total_price` is documented as US dollars, so it is sent for USD orders only.
 */
export function toShipBobOrder(order: CanonicalOrder, ctx: MappingContext<ShipBobConfig>): ShipBobOrder {
  const address = order.shippingAddress;
  if (!address) throw missingField('/shippingAddress');
  const payload: ShipBobOrder = {
    reference_id: order.id,
    order_number: order.channel.orderNumber,
    type: 'DTC',
    shipping_method: shippingMethod(order, ctx),
    purchase_date: order.placedAt,
    recipient: {
      name: recipientName(address, order),
      email: order.customer.email,
      phone_number: address.phone ?? order.customer.phone ?? null,
      address: toAddress(address),
    },
    products: products(order),
    tags: [
      { name: 'orderhub_order_id', value: order.id },
      { name: 'channel', value: order.channel.connector },
    ],
  };
  if (order.currency === 'USD') payload.financials = { total_price: dec(order.totals.total).toNumber() };
  const location = locationId(order, ctx);
  if (location !== undefined) payload.location_id = location;
  if (order.status.order === 'cancelled') payload.cancelRequested = true;
  return payload;
}
