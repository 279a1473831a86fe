import {
  isJsonObject,
  lookup,
  MappingError,
  missingField,
  own,
  unknownValue,
  type JsonObject,
  type LookupTables,
} from '../../src/sdk';
import { NESTED } from './graphql-query';
import { absent, list, obj, requiredText, text } from './raw';

/**
 * Lookup table for GraphQL `displayFulfillmentStatus` values that have no exact REST equivalent (ON_HOLD,
 * SCHEDULED, IN_PROGRESS, …). Key: the enum value; value: `unfulfilled`, `partial`, `fulfilled` or `restocked`.
 */
export const FULFILLMENT_DISPLAY_TABLE = 'shopify-fulfillment-display-status';

// Only values whose meaning is the REST value's exactly; OPEN is documented as the old name of UNFULFILLED.
const FULFILLMENT: Readonly<Record<string, string | null>> = {
  UNFULFILLED: null,
  OPEN: null,
  PARTIALLY_FULFILLED: 'partial',
  FULFILLED: 'fulfilled',
  RESTOCKED: 'restocked',
};
const TABLE_FULFILLMENT = new Set(['unfulfilled', 'partial', 'fulfilled', 'restocked']);

const DISCOUNT_KINDS: Readonly<Record<string, string>> = {
  DiscountCodeApplication: 'discount_code',
  AutomaticDiscountApplication: 'automatic',
  ManualDiscountApplication: 'manual',
  ScriptDiscountApplication: 'script',
};

const GID_RE = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/;

/** True when `raw` is a GraphQL Admin `Order` node rather than a REST order. */
export function isGraphqlOrder(raw: unknown): raw is JsonObject {
  return isJsonObject(raw) && typeof raw['id'] === 'string' && raw['id'].startsWith('gid://shopify/Order/');
}

/** The numeric id inside a `gid://shopify/<type>/<id>`, the same id the REST API uses. */
export function legacyId(value: unknown, path: string, type: string): string {
  if (absent(value)) throw missingField(path);
  const m = typeof value === 'string' ? GID_RE.exec(value) : null;
  if (!m || m[1] !== type || m[2] === undefined) throw unknownValue(path, `${type} id`);
  return m[2];
}

function optionalLegacyId(value: unknown, path: string, type: string): string | null {
  return absent(value) ? null : legacyId(value, path, type);
}

/** The id of a nested `{ id }` object (`product { id }`), or null when the object is null. */
function refId(value: unknown, path: string, type: string): string | null {
  return absent(value) ? null : legacyId(obj(value, path)['id'], `${path}/id`, type);
}

/** A MoneyBag as REST writes it (`shop_money`, `presentment_money`), or null. */
function moneyBag(value: unknown, path: string): JsonObject | null {
  if (absent(value)) return null;
  const bag = obj(value, path);
  const side = (key: string): JsonObject => {
    const m = obj(bag[key], `${path}/${key}`);
    return { amount: m['amount'], currency_code: m['currencyCode'] };
  };
  return { shop_money: side('shopMoney'), presentment_money: side('presentmentMoney') };
}

/** `shopMoney.amount` of a MoneyBag: every canonical amount is in the shop currency. */
function shopAmount(value: unknown, path: string): unknown {
  if (absent(value)) return null;
  return obj(obj(value, path)['shopMoney'], `${path}/shopMoney`)['amount'];
}

/** An upper-case GraphQL enum as the lower-case REST value (`PARTIALLY_PAID` → `partially_paid`). */
function enumValue(value: unknown, path: string): string | null {
  const t = text(value, path);
  return t === null ? null : t.toLowerCase();
}

/** The nodes of a connection, refusing a connection Shopify cut short at our page size. */
export function nodes(value: unknown, path: string, size: number): unknown[] {
  if (absent(value)) return [];
  const c = obj(value, path);
  const pageInfo = absent(c['pageInfo']) ? null : obj(c['pageInfo'], `${path}/pageInfo`);
  if (pageInfo?.['hasNextPage'] === true) {
    throw new MappingError(
      'MAPPING_FAILED',
      `${path}/pageInfo/hasNextPage`,
      `more than ${size} entries at ${path}; the GraphQL read is incomplete, so the order is held (set api to rest for this shop)`,
    );
  }
  return list(c['nodes'], `${path}/nodes`);
}

function pairs(value: unknown, path: string): JsonObject[] {
  return list(value, path).map((raw, i) => {
    const p = obj(raw, `${path}/${i}`);
    return { name: p['key'], value: p['value'] };
  });
}

function taxLines(value: unknown, path: string): JsonObject[] {
  return list(value, path).map((raw, i) => {
    const p = `${path}/${i}`;
    const t = obj(raw, p);
    return {
      title: t['title'],
      price: shopAmount(t['priceSet'], `${p}/priceSet`),
      rate: t['rate'],
      channel_liable: t['channelLiable'],
    };
  });
}

function allocations(value: unknown, path: string): JsonObject[] {
  return list(value, path).map((raw, i) => {
    const p = `${path}/${i}`;
    const a = obj(raw, p);
    const application = obj(a['discountApplication'], `${p}/discountApplication`);
    return {
      amount: shopAmount(a['allocatedAmountSet'], `${p}/allocatedAmountSet`),
      discount_application_index: application['index'],
    };
  });
}

function address(value: unknown, path: string): JsonObject | null {
  if (absent(value)) return null;
  const a = obj(value, path);
  return {
    first_name: a['firstName'],
    last_name: a['lastName'],
    name: a['name'],
    company: a['company'],
    address1: a['address1'],
    address2: a['address2'],
    city: a['city'],
    province: a['province'],
    province_code: a['provinceCode'],
    zip: a['zip'],
    country_code: a['countryCodeV2'],
    phone: a['phone'],
  };
}

function customer(value: unknown): JsonObject | null {
  if (absent(value)) return null;
  const c = obj(value, '/customer');
  const email = absent(c['defaultEmailAddress'])
    ? null
    : obj(c['defaultEmailAddress'], '/customer/defaultEmailAddress')['emailAddress'];
  const phone = absent(c['defaultPhoneNumber'])
    ? null
    : obj(c['defaultPhoneNumber'], '/customer/defaultPhoneNumber')['phoneNumber'];
  return {
    id: legacyId(c['id'], '/customer/id', 'Customer'),
    first_name: c['firstName'],
    last_name: c['lastName'],
    email,
    phone,
  };
}

function lineItem(raw: unknown, i: number): JsonObject {
  const p = `/lineItems/nodes/${i}`;
  const l = obj(raw, p);
  return {
    id: legacyId(l['id'], `${p}/id`, 'LineItem'),
    sku: l['sku'],
    name: l['name'],
    title: l['title'],
    variant_title: l['variantTitle'],
    quantity: l['quantity'],
    price: shopAmount(l['originalUnitPriceSet'], `${p}/originalUnitPriceSet`),
    price_set: moneyBag(l['originalUnitPriceSet'], `${p}/originalUnitPriceSet`),
    product_id: refId(l['product'], `${p}/product`, 'Product'),
    variant_id: refId(l['variant'], `${p}/variant`, 'ProductVariant'),
    requires_shipping: l['requiresShipping'],
    gift_card: l['isGiftCard'],
    properties: pairs(l['customAttributes'], `${p}/customAttributes`),
    tax_lines: taxLines(l['taxLines'], `${p}/taxLines`),
    discount_allocations: allocations(l['discountAllocations'], `${p}/discountAllocations`),
  };
}

function shippingLine(raw: unknown, i: number): JsonObject {
  const p = `/shippingLines/nodes/${i}`;
  const s = obj(raw, p);
  return {
    id: optionalLegacyId(s['id'], `${p}/id`, 'ShippingLine'),
    title: s['title'],
    code: s['code'],
    source: s['source'],
    price: shopAmount(s['originalPriceSet'], `${p}/originalPriceSet`),
    tax_lines: taxLines(s['taxLines'], `${p}/taxLines`),
    discount_allocations: allocations(s['discountAllocations'], `${p}/discountAllocations`),
  };
}

/** Discount applications in REST order: position = the `index` allocations point at. */
function discountApplications(value: unknown): JsonObject[] {
  const path = '/discountApplications';
  return nodes(value, path, NESTED.discountApplications).map((raw, i) => {
    const p = `${path}/nodes/${i}`;
    const a = obj(raw, p);
    if (a['index'] !== i) throw unknownValue(`${p}/index`, 'discount application index (out of order)');
    const kind = own(DISCOUNT_KINDS, requiredText(a['__typename'], `${p}/__typename`));
    if (!kind) throw unknownValue(`${p}/__typename`, 'discount application type');
    const v = obj(a['value'], `${p}/value`);
    const valueType = requiredText(v['__typename'], `${p}/value/__typename`);
    let value: unknown;
    if (valueType === 'MoneyV2') value = v['amount'];
    else if (valueType === 'PricingPercentageValue') value = v['percentage'];
    else throw unknownValue(`${p}/value/__typename`, 'discount value type');
    return {
      type: kind,
      target_type: enumValue(a['targetType'], `${p}/targetType`),
      allocation_method: enumValue(a['allocationMethod'], `${p}/allocationMethod`),
      target_selection: enumValue(a['targetSelection'], `${p}/targetSelection`),
      value_type: valueType === 'MoneyV2' ? 'fixed_amount' : 'percentage',
      value,
      code: a['code'] ?? null,
      title: a['title'] ?? null,
      description: a['description'] ?? null,
    };
  });
}

function refund(raw: unknown, i: number): JsonObject {
  const p = `/refunds/${i}`;
  const r = obj(raw, p);
  return {
    id: legacyId(r['id'], `${p}/id`, 'Refund'),
    created_at: r['createdAt'],
    note: r['note'],
    refund_line_items: nodes(r['refundLineItems'], `${p}/refundLineItems`, NESTED.refundLineItems).map(
      (rawLine, j) => {
        const lp = `${p}/refundLineItems/nodes/${j}`;
        const l = obj(rawLine, lp);
        return {
          line_item_id: refId(l['lineItem'], `${lp}/lineItem`, 'LineItem'),
          quantity: l['quantity'],
          restock_type: enumValue(l['restockType'], `${lp}/restockType`),
          subtotal: shopAmount(l['subtotalSet'], `${lp}/subtotalSet`),
          total_tax: shopAmount(l['totalTaxSet'], `${lp}/totalTaxSet`),
        };
      },
    ),
    // GraphQL gives each transaction in both currencies, so the shop-currency amount is taken as such.
    transactions: nodes(r['transactions'], `${p}/transactions`, NESTED.transactions).map((rawTx, j) => {
      const tp = `${p}/transactions/nodes/${j}`;
      const tx = obj(rawTx, tp);
      const shop = obj(obj(tx['amountSet'], `${tp}/amountSet`)['shopMoney'], `${tp}/amountSet/shopMoney`);
      return {
        id: legacyId(tx['id'], `${tp}/id`, 'OrderTransaction'),
        kind: enumValue(tx['kind'], `${tp}/kind`),
        status: enumValue(tx['status'], `${tp}/status`),
        gateway: tx['gateway'],
        amount: shop['amount'],
        currency: shop['currencyCode'],
      };
    }),
    order_adjustments: nodes(r['orderAdjustments'], `${p}/orderAdjustments`, NESTED.orderAdjustments).map(
      (rawAdj, j) => {
        const ap = `${p}/orderAdjustments/nodes/${j}`;
        const a = obj(rawAdj, ap);
        return {
          id: legacyId(a['id'], `${ap}/id`, 'OrderAdjustment'),
          reason: enumValue(a['reason'], `${ap}/reason`),
          amount: shopAmount(a['amountSet'], `${ap}/amountSet`),
          tax_amount: shopAmount(a['taxAmountSet'], `${ap}/taxAmountSet`),
        };
      },
    ),
    refund_shipping_lines: nodes(
      r['refundShippingLines'],
      `${p}/refundShippingLines`,
      NESTED.refundShippingLines,
    ).map((rawShip, j) => {
      const sp = `${p}/refundShippingLines/nodes/${j}`;
      const s = obj(rawShip, sp);
      return {
        shipping_line_id: refId(s['shippingLine'], `${sp}/shippingLine`, 'ShippingLine'),
        subtotal_amount: shopAmount(s['subtotalAmountSet'], `${sp}/subtotalAmountSet`),
        tax_amount: shopAmount(s['taxAmountSet'], `${sp}/taxAmountSet`),
      };
    }),
  };
}

function fulfillmentStatus(value: unknown, tables: LookupTables): string | null {
  const path = '/displayFulfillmentStatus';
  const display = requiredText(value, path);
  if (Object.hasOwn(FULFILLMENT, display)) return FULFILLMENT[display] ?? null;
  const mapped = lookup(tables, FULFILLMENT_DISPLAY_TABLE, display);
  if (mapped === undefined || !TABLE_FULFILLMENT.has(mapped)) {
    throw unknownValue(path, `displayFulfillmentStatus (add it to the ${FULFILLMENT_DISPLAY_TABLE} table)`);
  }
  return mapped === 'unfulfilled' ? null : mapped;
}

/**
 * Converts a GraphQL Admin `Order` node (as `OrderFields` selects it) to the REST `Order` shape `mapOrder`
 * reads, so both APIs share one mapping. Pure. Field values are carried over unchanged (the mapping validates
 * them); only names, enum spelling, global ids and MoneyBags change. Refund transactions take their
 * shop-currency amount. Throws `MappingError` when a nested list was cut short or an id is not an id.
 */
export function graphqlToRest(node: JsonObject, tables: LookupTables): JsonObject {
  const tags = list(node['tags'], '/tags').map((t, i) => requiredText(t, `/tags/${i}`));
  return {
    id: legacyId(node['id'], '/id', 'Order'),
    admin_graphql_api_id: node['id'],
    name: node['name'],
    created_at: node['createdAt'],
    updated_at: node['updatedAt'],
    processed_at: node['processedAt'],
    closed_at: node['closedAt'],
    cancelled_at: node['cancelledAt'],
    cancel_reason: enumValue(node['cancelReason'], '/cancelReason'),
    test: node['test'],
    financial_status: enumValue(node['displayFinancialStatus'], '/displayFinancialStatus'),
    fulfillment_status: fulfillmentStatus(node['displayFulfillmentStatus'], tables),
    currency: node['currencyCode'],
    presentment_currency: node['presentmentCurrencyCode'],
    taxes_included: node['taxesIncluded'],
    tax_exempt: node['taxExempt'],
    customer_locale: node['customerLocale'],
    email: node['email'],
    phone: node['phone'],
    source_name: node['sourceName'],
    tags: tags.join(', '),
    note: node['note'],
    note_attributes: pairs(node['customAttributes'], '/customAttributes'),
    payment_gateway_names: node['paymentGatewayNames'],
    total_price: shopAmount(node['totalPriceSet'], '/totalPriceSet'),
    total_price_set: moneyBag(node['totalPriceSet'], '/totalPriceSet'),
    total_tax: shopAmount(node['totalTaxSet'], '/totalTaxSet'),
    total_tip_received: shopAmount(node['totalTipReceivedSet'], '/totalTipReceivedSet'),
    original_total_duties_set: moneyBag(node['originalTotalDutiesSet'], '/originalTotalDutiesSet'),
    original_total_additional_fees_set: moneyBag(
      node['originalTotalAdditionalFeesSet'],
      '/originalTotalAdditionalFeesSet',
    ),
    customer: customer(node['customer']),
    shipping_address: address(node['shippingAddress'], '/shippingAddress'),
    billing_address: address(node['billingAddress'], '/billingAddress'),
    tax_lines: taxLines(node['taxLines'], '/taxLines'),
    line_items: nodes(node['lineItems'], '/lineItems', NESTED.lineItems).map(lineItem),
    shipping_lines: nodes(node['shippingLines'], '/shippingLines', NESTED.shippingLines).map(shippingLine),
    discount_applications: discountApplications(node['discountApplications']),
    refunds: refunds(node['refunds']),
  };
}

/** `refunds` is a plain list with `first`: a full list may have been cut short, so it is refused. */
function refunds(value: unknown): JsonObject[] {
  const all = list(value, '/refunds');
  if (all.length >= NESTED.refunds) {
    throw new MappingError(
      'MAPPING_FAILED',
      '/refunds',
      `${NESTED.refunds} or more refunds; the GraphQL read may be incomplete, so the order is held (set api to rest for this shop)`,
    );
  }
  return all.map(refund);
}
