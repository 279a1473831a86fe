import { dec, missingField, money, sum, MappingError, type CanonicalOrder } from '../../src/sdk';

/** Where the warehouse sends the parcel. */
export interface WarehouseShipTo {
  name: string | null;
  company: string | null;
  line1: string | null;
  line2: string | null;
  district: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  postalCode: string | null;
  countryCode: string;
  phone: string | null;
}

/** One pick line. */
export interface WarehouseLine {
  /** 1-based position among the shipped lines. */
  lineNo: number;
  /** The channel line this pick line comes from. */
  lineId: string;
  sku: string;
  description: string;
  quantity: number;
}

/** The order as the simulated 3PL takes it: what to pick, where to send it, how. */
export interface WarehouseOrder {
  orderNumber: string;
  /** The hub's order id, so the warehouse's records point back to it. */
  orderId: string;
  revision: number;
  channel: string;
  shipTo: WarehouseShipTo;
  /** The requested shipping service (canonical `fulfillment.requestedService`, else the first shipping line's code); null: the warehouse's default. */
  requestedService: string | null;
  lines: WarehouseLine[];
  /** Value of the shipped goods after discounts, for customs and insurance, in the order's currency. */
  declaredValue: { currency: string; amount: string };
  note: string | null;
}

/**
 * Builds the warehouse order. Pure. Lines that need no shipping (gift cards, digital goods) are left out; an
 * order without a shipping address, with nothing to ship, or with a shipped line lacking a SKU throws
 * `MappingError`, because the warehouse cannot pick or send it.
 */
export function toWarehouseOrder(order: CanonicalOrder): WarehouseOrder {
  const address = order.shippingAddress;
  if (!address) throw missingField('/shippingAddress');
  const shipped = order.lines
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => line.requiresShipping !== false && line.giftCard !== true);
  if (shipped.length === 0)
    throw new MappingError('MAPPING_FAILED', '/lines', 'no line of the order needs shipping');
  const lines = shipped.map(({ line, index }, i): WarehouseLine => {
    if (!line.sku) throw missingField(`/lines/${index}/sku`);
    return {
      lineNo: i + 1,
      lineId: line.id,
      sku: line.sku,
      description: line.variantName ? `${line.name} – ${line.variantName}` : line.name,
      quantity: line.quantity,
    };
  });
  const name = address.name ?? ([address.firstName, address.lastName].filter(Boolean).join(' ') || null);
  return {
    orderNumber: order.channel.orderNumber,
    orderId: order.id,
    revision: order.revision,
    channel: order.channel.connector,
    shipTo: {
      name,
      company: address.company ?? null,
      line1: address.line1 ?? null,
      line2: address.line2 ?? null,
      district: address.district ?? null,
      city: address.city ?? null,
      province: address.province ?? null,
      provinceCode: address.provinceCode ?? null,
      postalCode: address.postalCode ?? null,
      countryCode: address.countryCode,
      phone: address.phone ?? null,
    },
    requestedService: order.fulfillment?.requestedService ?? order.shippingLines[0]?.code ?? null,
    lines,
    declaredValue: {
      currency: order.currency,
      amount: money(sum(shipped.map(({ line }) => dec(line.total))), order.currency),
    },
    note: order.note ?? null,
  };
}
