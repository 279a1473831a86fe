import type { Names } from './scaffold-templates';

/** `raw.ts` of a source: small readers that validate `unknown` without casts and point at the bad field. */
export function sourceRaw(n: Names): string {
  return `import { isDecimalString, MappingError, missingField, parseAmount } from '../../src/sdk';

/**
 * Readers for one raw ${n.name} order. Each takes the object, a key and the JSON pointer of the object, and
 * throws a MappingError naming the field; none of them defaults a missing or malformed value.
 */
type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as an object. */
export function obj(value: unknown, path: string): Obj {
  if (!isObj(value)) throw new MappingError('MAPPING_FAILED', path, \`\${path || 'the record'} is not an object\`);
  return value;
}

function present(o: Obj, key: string, path: string): unknown {
  const value = o[key];
  if (value === undefined || value === null) throw missingField(\`\${path}/\${key}\`);
  return value;
}

function wrongType(path: string, key: string, expected: string): MappingError {
  return new MappingError('MAPPING_FAILED', \`\${path}/\${key}\`, \`\${path}/\${key} is not \${expected}\`);
}

/** A required, non-empty string. */
export function str(o: Obj, key: string, path: string): string {
  const value = present(o, key, path);
  if (typeof value !== 'string' || value.length === 0) throw wrongType(path, key, 'a non-empty string');
  return value;
}

/** An optional string: absent or null gives null. */
export function optStr(o: Obj, key: string, path: string): string | null {
  const value = o[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw wrongType(path, key, 'a string');
  return value;
}

export function bool(o: Obj, key: string, path: string): boolean {
  const value = present(o, key, path);
  if (typeof value !== 'boolean') throw wrongType(path, key, 'true or false');
  return value;
}

export function int(o: Obj, key: string, path: string): number {
  const value = present(o, key, path);
  if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(path, key, 'an integer');
  return value;
}

/** A required list of objects (an empty list is fine). */
export function list(o: Obj, key: string, path: string): Obj[] {
  const value = present(o, key, path);
  if (!Array.isArray(value)) throw wrongType(path, key, 'a list');
  return value.map((item, i) => obj(item, \`\${path}/\${key}/\${i}\`));
}

/** A money amount in \`currency\`, as a decimal string; floats are never used. */
export function amount(o: Obj, key: string, path: string, currency: string): string {
  const value = parseAmount(present(o, key, path), currency);
  if (value === undefined) throw wrongType(path, key, 'a decimal amount');
  return value;
}

/** A plain decimal kept as given (tax rates). */
export function decimal(o: Obj, key: string, path: string): string {
  const value = present(o, key, path);
  if (!isDecimalString(value)) throw wrongType(path, key, 'a decimal');
  return value;
}
`;
}

/** `mapping.ts` of a source: identify and a pure, complete toCanonical. */
export function sourceMapping(n: Names): string {
  return `import {
  dec,
  MappingError,
  money,
  sum,
  toUtc,
  unknownValue,
  type CanonicalDraft,
  type MappingContext,
  type OrderIdentity,
} from '../../src/sdk';
import { CONNECTOR_ID, type ${n.pascal}Config } from './config';
import { amount, bool, decimal, int, list, obj, optStr, str } from './raw';

type Status = CanonicalDraft['status'];

// Every value the channel documents and nothing else: an unknown one is refused, never guessed.
// TODO: the status values of the ${n.name} API reference.
const ORDER_STATUS: Readonly<Record<string, Status['order']>> = {
  open: 'open',
  completed: 'closed',
  cancelled: 'cancelled',
};
const PAYMENT_STATUS: Readonly<Record<string, Status['payment']>> = {
  pending: 'pending',
  authorized: 'authorized',
  paid: 'paid',
  refunded: 'refunded',
};
const FULFILLMENT_STATUS: Readonly<Record<string, Status['fulfillment']>> = {
  unshipped: 'unfulfilled',
  partially_shipped: 'partial',
  shipped: 'fulfilled',
};

function pick<T>(table: Readonly<Record<string, T>>, value: string, path: string, what: string): T {
  const hit = Object.hasOwn(table, value) ? table[value] : undefined;
  if (hit === undefined) throw unknownValue(path, \`\${what} "\${value}"\`);
  return hit;
}

function utc(value: string, path: string): { utc: string; offset: string } {
  const t = toUtc(value);
  // A time without an offset could be any timezone: refuse it rather than assume one.
  if (!t) throw new MappingError('MAPPING_FAILED', path, \`\${path} is not an ISO timestamp with a UTC offset\`);
  return t;
}

function address(value: unknown, path: string): CanonicalDraft['shippingAddress'] {
  if (value === undefined || value === null) return null;
  const a = obj(value, path);
  const countryCode = str(a, 'country', path);
  if (!/^[A-Z]{2}$/.test(countryCode)) throw unknownValue(\`\${path}/country\`, 'country code');
  return {
    name: optStr(a, 'name', path),
    company: optStr(a, 'company', path),
    line1: optStr(a, 'street1', path),
    line2: optStr(a, 'street2', path),
    city: optStr(a, 'city', path),
    province: optStr(a, 'region', path),
    postalCode: optStr(a, 'postalCode', path),
    countryCode,
    phone: optStr(a, 'phone', path),
    pii: 'none',
  };
}

/** External id and revision: the order id and its last-change time. Pure. */
export function identifyOrder(raw: unknown): OrderIdentity {
  const o = obj(raw, '');
  return { externalId: str(o, 'id', ''), revision: str(o, 'updatedAt', '') };
}

/** Maps one raw ${n.name} order to a canonical draft. Pure: same record, same result; never mutates \`raw\`. */
export function mapOrder(raw: unknown, ctx: MappingContext<${n.pascal}Config>): CanonicalDraft {
  const o = obj(raw, '');
  const currency = str(o, 'currency', '');
  if (!/^[A-Z]{3}$/.test(currency)) throw unknownValue('/currency', 'currency');
  const placed = utc(str(o, 'createdAt', ''), '/createdAt');
  const revision = str(o, 'updatedAt', '');
  const customer = obj(o['customer'], '/customer');

  const lines: CanonicalDraft['lines'] = list(o, 'items', '').map((item, i) => {
    const path = \`/items/\${i}\`;
    const quantity = int(item, 'quantity', path);
    if (quantity < 1) throw new MappingError('MAPPING_FAILED', \`\${path}/quantity\`, 'a line quantity is below 1');
    const unitPrice = amount(item, 'unitPrice', path, currency);
    // The channel allocates coupons to the lines they apply to.
    const discount = amount(item, 'discount', path, currency);
    return {
      id: str(item, 'id', path),
      sku: optStr(item, 'sku', path),
      name: str(item, 'name', path),
      quantity,
      unitPrice,
      discount,
      tax: amount(item, 'tax', path, currency),
      total: money(dec(unitPrice).times(quantity).minus(discount), currency),
    };
  });
  const shippingLines: CanonicalDraft['shippingLines'] = list(o, 'shipping', '').map((s, i) => {
    const path = \`/shipping/\${i}\`;
    return {
      code: optStr(s, 'code', path),
      title: str(s, 'title', path),
      price: amount(s, 'price', path, currency),
      discount: amount(s, 'discount', path, currency),
      tax: amount(s, 'tax', path, currency),
    };
  });
  const taxLines: CanonicalDraft['taxLines'] = list(o, 'taxLines', '').map((t, i) => {
    const path = \`/taxLines/\${i}\`;
    return { title: str(t, 'title', path), rate: decimal(t, 'rate', path), amount: amount(t, 'amount', path, currency) };
  });
  const discounts: CanonicalDraft['discounts'] = list(o, 'coupons', '').map((c, i) => {
    const path = \`/coupons/\${i}\`;
    return { type: 'fixed_amount', code: str(c, 'code', path), title: null, amount: amount(c, 'amount', path, currency) };
  });

  return {
    channel: {
      connector: CONNECTOR_ID,
      connectionId: ctx.connectionId,
      externalId: str(o, 'id', ''),
      orderNumber: str(o, 'number', ''),
      sourceType: 'web',
      revision,
    },
    placedAt: placed.utc,
    updatedAt: utc(revision, '/updatedAt').utc,
    originalOffset: placed.offset,
    currency,
    taxesIncluded: bool(o, 'pricesIncludeTax', ''),
    status: {
      order: pick(ORDER_STATUS, str(o, 'status', ''), '/status', 'order status'),
      payment: pick(PAYMENT_STATUS, str(o, 'paymentStatus', ''), '/paymentStatus', 'payment status'),
      fulfillment: pick(
        FULFILLMENT_STATUS,
        str(o, 'fulfillmentStatus', ''),
        '/fulfillmentStatus',
        'fulfillment status',
      ),
    },
    customer: {
      email: optStr(customer, 'email', '/customer'),
      phone: optStr(customer, 'phone', '/customer'),
      name: optStr(customer, 'name', '/customer'),
      pii: 'none',
    },
    shippingAddress: address(o['shippingAddress'], '/shippingAddress'),
    billingAddress: address(o['billingAddress'], '/billingAddress'),
    lines,
    shippingLines,
    taxLines,
    discounts,
    refunds: [],
    totals: {
      subtotal: money(sum(lines.map((l) => dec(l.unitPrice).times(l.quantity))), currency),
      discount: money(sum(lines.map((l) => l.discount)), currency),
      shipping: money(sum(shippingLines.map((s) => dec(s.price).minus(s.discount))), currency),
      tax: money(sum([...lines.map((l) => l.tax), ...shippingLines.map((s) => s.tax)]), currency),
      // The channel's own total: the hub's totals check holds the order if the parts do not add up to it.
      total: amount(o, 'total', '', currency),
    },
    note: optStr(o, 'note', ''),
    attributes: {},
  };
}
`;
}
