/**
 * WooCommerce source: orders from the REST API v3 (webhooks for live changes, polling as the safety net).
 * @packageDocumentation
 */
import { defineSource } from '../../src/sdk';
import { RATE_BUCKET, checkConnection, fetchOrders, fetchOrdersPage } from './client';
import {
  API_VERSION,
  CONNECTOR_ID,
  DEFAULT_POLL_INTERVAL_SECONDS,
  configSchema,
  type WooCommerceConfig,
} from './config';
import { identifyOrder, mapOrder } from './mapping';
import { parseWebhook, verifyWebhook } from './webhook';
import { webhookSubscriptions } from './webhook-subscriptions';
import { writeBack } from './write-back';

export type { WooCommerceConfig } from './config';

/** The WooCommerce source connector. */
export default defineSource<WooCommerceConfig>({
  kind: 'source',
  meta: {
    id: CONNECTOR_ID,
    version: '0.2.0',
    displayName: 'WooCommerce',
    apiVersion: API_VERSION,
    docsUrl: 'https://woocommerce.github.io/woocommerce-rest-api-docs/#orders',
  },
  configSchema,
  check: checkConnection,
  identify: identifyOrder,
  toCanonical: (raw, ctx) => mapOrder(raw, ctx),
  webhook: { verify: verifyWebhook, parse: parseWebhook },
  webhookSubscriptions,
  fetchOrders,
  writeBack,
  pull: {
    cursorField: 'date_modified_gmt',
    // Pages are ordered by id inside each window; the overlap re-reads equal-second boundaries.
    tieBreak: 'id',
    // Saving an order touches several tables; re-reading five minutes catches slow saves and clock skew.
    overlapMs: 5 * 60_000,
    settleDelayMs: 10_000,
    // Offset paging over a big window is slow and drifts; a day at a time keeps backfills steady.
    maxWindowMs: 24 * 60 * 60_000,
    defaultIntervalMs: DEFAULT_POLL_INTERVAL_SECONDS * 1000,
    fetchPage: (ctx, req) => fetchOrdersPage(ctx, req),
  },
  // WooCommerce core has no REST limit; PHP workers are the real bound, so stay at two calls a second.
  // One site, one key: connections on the same store and key share the budget.
  credentialKey: (config) => `${config.siteUrl.toLowerCase()} ${config.consumerKey}`,
  rateLimits: { [RATE_BUCKET]: { ratePerSecond: 2, burst: 4 } },
});
