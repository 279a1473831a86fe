/**
 * The GraphQL Admin documents this connector sends. Nested connections have fixed sizes; an order that needs
 * more than that is refused by the converter (never mapped from a truncated read), see `graphql-convert.ts`.
 */

/** Orders per page: nested line items and refunds make each order expensive in query cost. */
export const ORDERS_PER_PAGE = 10;
/** Sizes of the nested connections, also named in the converter's "truncated" errors. */
export const NESTED = {
  lineItems: 50,
  shippingLines: 5,
  discountApplications: 10,
  refunds: 10,
  refundLineItems: 50,
  transactions: 10,
  orderAdjustments: 10,
  refundShippingLines: 5,
} as const;
/** Orders re-read per `nodes(ids:)` call. */
export const NODES_PER_CALL = 10;

const MONEY = 'shopMoney { amount currencyCode } presentmentMoney { amount currencyCode }';
const TAX_LINES = `taxLines { title rate channelLiable priceSet { ${MONEY} } }`;
const ALLOCATIONS = `discountAllocations { allocatedAmountSet { ${MONEY} } discountApplication { index } }`;
const ADDRESS =
  'firstName lastName name company address1 address2 city province provinceCode zip countryCodeV2 phone';

/** Every field the canonical mapping needs, on one Order. */
export const ORDER_FIELDS = `
fragment OrderFields on Order {
  id name createdAt updatedAt processedAt closedAt cancelledAt cancelReason test
  displayFinancialStatus displayFulfillmentStatus
  currencyCode presentmentCurrencyCode taxesIncluded taxExempt customerLocale
  email phone sourceName tags note paymentGatewayNames
  customAttributes { key value }
  totalPriceSet { ${MONEY} }
  totalTaxSet { ${MONEY} }
  totalTipReceivedSet { ${MONEY} }
  originalTotalDutiesSet { ${MONEY} }
  originalTotalAdditionalFeesSet { ${MONEY} }
  customer { id firstName lastName defaultEmailAddress { emailAddress } defaultPhoneNumber { phoneNumber } }
  shippingAddress { ${ADDRESS} }
  billingAddress { ${ADDRESS} }
  ${TAX_LINES}
  lineItems(first: ${NESTED.lineItems}) {
    pageInfo { hasNextPage }
    nodes {
      id sku name title variantTitle quantity requiresShipping isGiftCard
      product { id } variant { id }
      originalUnitPriceSet { ${MONEY} }
      customAttributes { key value }
      ${TAX_LINES}
      ${ALLOCATIONS}
    }
  }
  shippingLines(first: ${NESTED.shippingLines}) {
    pageInfo { hasNextPage }
    nodes { id title code source originalPriceSet { ${MONEY} } ${TAX_LINES} ${ALLOCATIONS} }
  }
  discountApplications(first: ${NESTED.discountApplications}) {
    pageInfo { hasNextPage }
    nodes {
      __typename index targetType allocationMethod targetSelection
      value {
        __typename
        ... on MoneyV2 { amount currencyCode }
        ... on PricingPercentageValue { percentage }
      }
      ... on DiscountCodeApplication { code }
      ... on ManualDiscountApplication { title description }
      ... on AutomaticDiscountApplication { title }
      ... on ScriptDiscountApplication { title }
    }
  }
  refunds(first: ${NESTED.refunds}) {
    id createdAt note
    refundLineItems(first: ${NESTED.refundLineItems}) {
      pageInfo { hasNextPage }
      nodes { lineItem { id } quantity restockType subtotalSet { ${MONEY} } totalTaxSet { ${MONEY} } }
    }
    transactions(first: ${NESTED.transactions}) {
      pageInfo { hasNextPage }
      nodes { id kind status gateway amountSet { ${MONEY} } }
    }
    orderAdjustments(first: ${NESTED.orderAdjustments}) {
      pageInfo { hasNextPage }
      nodes { id reason amountSet { ${MONEY} } taxAmountSet { ${MONEY} } }
    }
    refundShippingLines(first: ${NESTED.refundShippingLines}) {
      pageInfo { hasNextPage }
      nodes { shippingLine { id } subtotalAmountSet { ${MONEY} } taxAmountSet { ${MONEY} } }
    }
  }
}`;

/** One page of orders changed in a window, oldest change first. */
export const ORDERS_QUERY = `query OrderHubOrders($first: Int!, $after: String, $query: String!) {
  orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {
    pageInfo { hasNextPage endCursor }
    nodes { ...OrderFields }
  }
}
${ORDER_FIELDS}`;

/** The current state of named orders (webhook notices, reconciliation). */
export const NODES_QUERY = `query OrderHubOrdersById($ids: [ID!]!) {
  nodes(ids: $ids) { __typename ...OrderFields }
}
${ORDER_FIELDS}`;

/** Proves the token and the read_orders scope: reading one order id fails without it. */
export const CHECK_QUERY = `query OrderHubCheck { shop { id } orders(first: 1) { nodes { id } } }`;
