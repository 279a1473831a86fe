/**
 * Shopify source: orders from the GraphQL or REST Admin API (webhooks for live changes, polling as the safety
 * net).
 * @packageDocumentation
 */
import { defineSource, type CheckResult, type ConnectorContext } from '../../src/sdk';
import {
  REST_BUCKET,
  REST_RATE_LIMIT,
  checkConnection,
  failure,
  fetchOrdersPage,
  fetchOrdersRest,
} from './client';
import {
  API_VERSION,
  CONNECTOR_ID,
  DEFAULT_POLL_INTERVAL_SECONDS,
  apiOf,
  configSchema,
  type ShopifyConfig,
} from './config';
import {
  GRAPHQL_BUCKET,
  GRAPHQL_RATE_LIMIT,
  fetchOrdersGraphql,
  fetchOrdersPageGraphql,
  graphql,
} from './graphql-client';
import { CHECK_QUERY } from './graphql-query';
import { identifyOrder, mapOrder } from './mapping';
import { parseWebhook, verifyWebhook } from './webhook';
import { webhookSubscriptions } from './webhook-subscriptions';
import { writeBack } from './write-back';

export type { ShopifyConfig } from './config';
export { NOTICE_TOPICS, ORDER_TOPICS, parseWebhook, verifyWebhook } from './webhook';

/** GraphQL check: one query proves the domain, the token and the read_orders scope. */
async function checkGraphql(ctx: ConnectorContext<ShopifyConfig>): Promise<CheckResult> {
  try {
    const { headers } = await graphql(ctx, 'check', CHECK_QUERY, {});
    const served = headers['x-shopify-api-version'];
    if (served !== undefined && served !== API_VERSION) {
      return {
        ok: true,
        detail: `Shopify served API ${served} instead of the pinned ${API_VERSION}; update the connector soon.`,
      };
    }
    return { ok: true, detail: `Shop reachable with read_orders, GraphQL Admin API ${API_VERSION}.` };
  } catch (error) {
    return failure(error);
  }
}

/** The Shopify source connector. */
export default defineSource<ShopifyConfig>({
  kind: 'source',
  meta: {
    id: CONNECTOR_ID,
    version: '0.4.0',
    displayName: 'Shopify',
    apiVersion: API_VERSION,
    docsUrl: `https://shopify.dev/docs/api/admin-graphql/${API_VERSION}/objects/Order`,
  },
  configSchema,
  check: (ctx) => (apiOf(ctx.config) === 'graphql' ? checkGraphql(ctx) : checkConnection(ctx)),
  identify: identifyOrder,
  toCanonical: (raw, ctx) => mapOrder(raw, ctx),
  webhook: { verify: verifyWebhook, parse: parseWebhook },
  webhookSubscriptions,
  fetchOrders: (ctx, ids) =>
    apiOf(ctx.config) === 'graphql' ? fetchOrdersGraphql(ctx, ids) : fetchOrdersRest(ctx, ids),
  writeBack,
  // Shopify counts calls per app and shop: connections on one shop share the budget.
  credentialKey: (config) => config.shopDomain.toLowerCase(),
  rateLimits: { [GRAPHQL_BUCKET]: GRAPHQL_RATE_LIMIT, [REST_BUCKET]: REST_RATE_LIMIT },
  pull: {
    cursorField: 'updated_at',
    tieBreak: 'id',
    // Re-read five minutes: an order saved just before a poll can show up in the list a little later.
    overlapMs: 5 * 60_000,
    settleDelayMs: 5_000,
    // Paging is capped at about 25 000 objects per query, so backfills move a day at a time.
    maxWindowMs: 24 * 60 * 60_000,
    defaultIntervalMs: DEFAULT_POLL_INTERVAL_SECONDS * 1000,
    fetchPage: (ctx, req) =>
      apiOf(ctx.config) === 'graphql' ? fetchOrdersPageGraphql(ctx, req) : fetchOrdersPage(ctx, req),
  },
});
