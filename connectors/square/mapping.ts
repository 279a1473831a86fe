import {
  dec,
  isJsonObject,
  lookup,
  missingField,
  money,
  own,
  sum,
  unknownValue,
  type CanonicalDraft,
  type JsonObject,
  type LookupTables,
  type MappingContext,
  type OrderIdentity,
  type Refund,
  type SourceType,
  type Status,
  type Totals,
} from '../../src/sdk';
import { CONNECTOR_ID } from './config';
import { mapDiscounts, mapLine, mapTaxes } from './mapping-lines';
import {
  activeFulfillments,
  mapCustomer,
  mapFulfillment,
  mapShippingAddress,
  type ActiveFulfillment,
} from './mapping-parties';
import {
  absent,
  exponent,
  list,
  obj,
  optionalMoney,
  requiredText,
  squareMoney,
  text,
  timestamp,
} from './raw';

/** Lookup table from `source.name` to a canonical source type; overrides the built-ins. */
export const SOURCE_TYPE_TABLE = 'square-source-types';

/** Key used in that table for orders without a source name. */
export const NO_SOURCE = '(none)';

/**
 * Square's own apps: orders rung up on Square Point of Sale arrive without a source name (or `{}`), Square
 * Online names itself. Anything else is a third-party app and needs a table entry.
 */
const BUILT_IN_SOURCE_TYPES: Readonly<Record<string, SourceType>> = {
  [NO_SOURCE]: 'pos',
  'Square Point of Sale': 'pos',
  'Square Online': 'web',
};
const SOURCE_TYPES: readonly SourceType[] = ['web', 'marketplace', 'pos', 'phone', 'import'];

const ORDER_STATES: Readonly<Record<string, Status['order']>> = {
  OPEN: 'open',
  COMPLETED: 'closed',
  CANCELED: 'cancelled',
  // A draft was never placed: carried as open, held from fulfilment (see mapFulfillmentStatus).
  DRAFT: 'open',
};

/** Refund states that return money (or are about to); REJECTED and FAILED returned nothing. */
const REFUND_STATES: Readonly<Record<string, boolean>> = {
  PENDING: true,
  APPROVED: true,
  COMPLETED: true,
  REJECTED: false,
  FAILED: false,
};

/** External id and revision (`version`, which Square bumps on every change) of a raw Order. Pure. */
export function identifyOrder(raw: unknown): OrderIdentity {
  const order = obj(raw, '');
  const version = order['version'];
  if (absent(version)) throw missingField('/version');
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1)
    throw unknownValue('/version', 'version');
  return { externalId: requiredText(order['id'], '/id'), revision: String(version) };
}

function sourceName(order: JsonObject): string {
  const source = order['source'];
  if (absent(source)) return NO_SOURCE;
  if (!isJsonObject(source)) throw unknownValue('/source', 'object shape');
  return text(source['name'], '/source/name') ?? NO_SOURCE;
}

function sourceType(name: string, tables: LookupTables): SourceType {
  const mapped = lookup(tables, SOURCE_TYPE_TABLE, name);
  if (mapped !== undefined) {
    const known = SOURCE_TYPES.find((t) => t === mapped);
    if (!known) throw unknownValue('/source/name', `source type "${mapped}" in table ${SOURCE_TYPE_TABLE}`);
    return known;
  }
  const builtIn = own(BUILT_IN_SOURCE_TYPES, name);
  if (!builtIn) throw unknownValue('/source/name', `source name (add it to the ${SOURCE_TYPE_TABLE} table)`);
  return builtIn;
}

/** All taxes INCLUSIVE → prices include tax; all ADDITIVE (or none) → they do not. A mix has no canonical form. */
function taxesIncluded(order: JsonObject): boolean {
  const types = new Set(
    list(order['taxes'], '/taxes').map((t, i) => {
      const type = requiredText(obj(t, `/taxes/${i}`)['type'], `/taxes/${i}/type`);
      if (type !== 'INCLUSIVE' && type !== 'ADDITIVE') throw unknownValue(`/taxes/${i}/type`, 'tax type');
      return type;
    }),
  );
  if (types.size > 1) throw unknownValue('/taxes', 'tax mix (INCLUSIVE and ADDITIVE taxes on one order)');
  return types.has('INCLUSIVE');
}

function mapRefunds(order: JsonObject, currency: string): Refund[] {
  return list(order['refunds'], '/refunds').flatMap((raw, i) => {
    const path = `/refunds/${i}`;
    const r = obj(raw, path);
    const state = requiredText(r['status'], `${path}/status`);
    const counts = own(REFUND_STATES, state);
    if (counts === undefined) throw unknownValue(`${path}/status`, 'refund status');
    if (!counts) return [];
    return [
      {
        id: requiredText(r['id'], `${path}/id`),
        createdAt: timestamp(r['created_at'], `${path}/created_at`),
        amount: squareMoney(r['amount_money'], `${path}/amount_money`, currency),
        note: text(r['reason'], `${path}/reason`),
        lines: [],
      },
    ];
  });
}

/** Money actually tendered: card payments that failed or were voided do not count. */
function tendered(
  order: JsonObject,
  currency: string,
): { total: ReturnType<typeof dec>; authorizedOnly: boolean; types: string[] } {
  let total = dec(0);
  let authorized = false;
  let captured = false;
  const types: string[] = [];
  list(order['tenders'], '/tenders').forEach((raw, i) => {
    const path = `/tenders/${i}`;
    const t = obj(raw, path);
    const type = requiredText(t['type'], `${path}/type`);
    if (!types.includes(type)) types.push(type);
    const card = absent(t['card_details']) ? null : obj(t['card_details'], `${path}/card_details`);
    const cardStatus = card ? text(card['status'], `${path}/card_details/status`) : null;
    if (cardStatus === 'FAILED' || cardStatus === 'VOIDED') return;
    if (cardStatus === 'AUTHORIZED') authorized = true;
    else captured = true;
    total = total.plus(squareMoney(t['amount_money'], `${path}/amount_money`, currency));
  });
  return { total, authorizedOnly: authorized && !captured, types };
}

function mapPayment(order: JsonObject, state: string, currency: string, refunded: string): Status['payment'] {
  const total = squareMoney(order['total_money'], '/total_money', currency);
  if (dec(refunded).gt(0)) return dec(refunded).gte(total) ? 'refunded' : 'partially_refunded';
  const paid = tendered(order, currency);
  if (state === 'CANCELED' && paid.total.isZero()) return 'voided';
  if (paid.authorizedOnly) return 'authorized';
  // Square completes an order only once it is paid for in full.
  if (state === 'COMPLETED' || paid.total.gte(total)) return 'paid';
  return paid.total.gt(0) ? 'partially_paid' : 'pending';
}

function mapFulfillmentStatus(state: string, fulfillments: ActiveFulfillment[]): Status['fulfillment'] {
  if (state === 'DRAFT') return 'on_hold';
  // A counter sale has no fulfilment: completing the order handed the goods over.
  if (fulfillments.length === 0) return state === 'COMPLETED' ? 'fulfilled' : 'unfulfilled';
  const done = fulfillments.filter((f) => f.state === 'COMPLETED').length;
  return done === 0 ? 'unfulfilled' : done === fulfillments.length ? 'fulfilled' : 'partial';
}

/**
 * Maps one Square `Order` (SearchOrders / BatchRetrieveOrders) to a canonical draft. Pure. Amounts are
 * converted from minor units with the currency's ISO exponent; unknown currencies, states and types throw.
 */
export function mapOrder(raw: unknown, ctx: MappingContext<unknown>): CanonicalDraft {
  const order = obj(raw, '');
  const identity = identifyOrder(order);
  const currency = requiredText(
    obj(order['total_money'], '/total_money')['currency'],
    '/total_money/currency',
  );
  exponent(currency, '/total_money/currency');
  const state = requiredText(order['state'], '/state');
  const orderState = own(ORDER_STATES, state);
  if (!orderState) throw unknownValue('/state', 'order state');

  const { taxLines, index } = mapTaxes(order, currency);
  const rawLines = list(order['line_items'], '/line_items');
  if (rawLines.length === 0) throw missingField('/line_items');
  const lines = rawLines.map((l, i) => mapLine(l, i, currency, index, ctx.tables));
  const refunds = mapRefunds(order, currency);
  const refunded = money(sum(refunds.map((r) => r.amount)), currency);
  const fulfillments = activeFulfillments(order);

  const serviceCharges = list(order['service_charges'], '/service_charges').map((raw, i) => {
    const sc = obj(raw, `/service_charges/${i}`);
    return squareMoney(
      sc['applied_money'] ?? sc['amount_money'],
      `/service_charges/${i}/applied_money`,
      currency,
    );
  });
  const rounding = absent(order['rounding_adjustment'])
    ? money(0, currency)
    : squareMoney(
        obj(order['rounding_adjustment'], '/rounding_adjustment')['amount_money'],
        '/rounding_adjustment/amount_money',
        currency,
      );

  const totals: Totals = {
    subtotal: money(sum(lines.map((l) => dec(l.unitPrice).times(l.quantity))), currency),
    discount: money(sum(lines.map((l) => l.discount)), currency),
    shipping: money(0, currency),
    tax: optionalMoney(order['total_tax_money'], '/total_tax_money', currency),
    tip: optionalMoney(order['total_tip_money'], '/total_tip_money', currency),
    fees: money(sum([...serviceCharges, rounding]), currency),
    total: squareMoney(order['total_money'], '/total_money', currency),
  };
  if (refunds.length > 0) totals.refunded = refunded;

  const status: Status = {
    order: orderState,
    payment: mapPayment(order, state, currency, refunded),
    fulfillment: mapFulfillmentStatus(state, fulfillments),
  };
  if (state === 'CANCELED' && !absent(order['closed_at']))
    status.cancelledAt = timestamp(order['closed_at'], '/closed_at');

  const attributes: Record<string, string> = {};
  const metadata = absent(order['metadata']) ? {} : obj(order['metadata'], '/metadata');
  for (const [k, v] of Object.entries(metadata)) attributes[k] = requiredText(v, `/metadata/${k}`);
  const ticket = text(order['ticket_name'], '/ticket_name');
  if (ticket !== null) attributes['ticket_name'] = ticket;

  const createdAt = requiredText(order['created_at'], '/created_at');
  const name = sourceName(order);
  const draft: CanonicalDraft = {
    channel: {
      connector: CONNECTOR_ID,
      connectionId: ctx.connectionId,
      externalId: identity.externalId,
      orderNumber: text(order['reference_id'], '/reference_id') ?? identity.externalId,
      sourceType: sourceType(name, ctx.tables),
      revision: identity.revision,
    },
    placedAt: timestamp(createdAt, '/created_at'),
    updatedAt: timestamp(order['updated_at'], '/updated_at'),
    originalOffset: /Z$/.test(createdAt) ? 'Z' : createdAt.slice(-6),
    currency,
    taxesIncluded: taxesIncluded(order),
    status,
    customer: mapCustomer(order, fulfillments),
    shippingAddress: mapShippingAddress(fulfillments),
    billingAddress: null,
    lines,
    shippingLines: [],
    taxLines,
    discounts: mapDiscounts(order, currency),
    refunds,
    totals,
    tags: [],
    note: null,
    attributes,
    fulfillment: mapFulfillment(order, fulfillments),
  };
  if (name !== NO_SOURCE) draft.channel.sourceName = name;
  const location = text(order['location_id'], '/location_id');
  if (location !== null) draft.channel.storeId = location;
  const paid = tendered(order, currency);
  if (paid.types.length > 0) draft.payment = { gateways: paid.types, method: paid.types[0] ?? '' };
  return draft;
}
