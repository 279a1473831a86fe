/**
 * eBay source: orders from the Sell Fulfillment API, polled. eBay's order notifications belong to other APIs
 * (Platform Notifications / Notification API), which this connector does not take. With `writeBack` on,
 * shipments go back as shipping fulfilments.
 * @packageDocumentation
 */
import { defineSource } from '../../src/sdk';
import { checkConnection, fetchOrdersById, fetchOrdersPage } from './client';
import {
  API_VERSION,
  CONNECTOR_ID,
  DEFAULT_POLL_INTERVAL_SECONDS,
  configSchema,
  type EbayConfig,
} from './config';
import { identifyOrder, mapOrder } from './mapping';
import { writeBack } from './write-back';

export type { EbayConfig } from './config';

/**
 * Half of the Sell Fulfillment API's default quota of 100,000 calls a day per keyset (verify yours with the
 * Developer Analytics API `getRateLimits`): 50,000 a day is about 0.58 calls a second. Write-back calls count
 * against the same quota, so they take from the same bucket.
 */
export const RATE_LIMITS = { fulfillment: { ratePerSecond: 50_000 / 86_400, burst: 20 } };

/** The eBay source connector. */
export default defineSource<EbayConfig>({
  kind: 'source',
  meta: {
    id: CONNECTOR_ID,
    version: '0.2.0',
    displayName: 'eBay',
    apiVersion: API_VERSION,
    docsUrl: 'https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/methods/getOrders',
  },
  configSchema,
  check: checkConnection,
  identify: identifyOrder,
  toCanonical: (raw, ctx) => mapOrder(raw, ctx),
  pull: {
    cursorField: 'lastModifiedDate',
    tieBreak: 'orderId',
    // eBay's own guidance for order polling: start two minutes before the last run and stop two minutes before now.
    overlapMs: 2 * 60_000,
    settleDelayMs: 2 * 60_000,
    // Offset paging over a long range grows slow and shifts as orders change; one day per query keeps it short.
    maxWindowMs: 24 * 60 * 60_000,
    initialLookbackMs: 7 * 24 * 60 * 60_000,
    defaultIntervalMs: DEFAULT_POLL_INTERVAL_SECONDS * 1000,
    fetchPage: (ctx, req) => fetchOrdersPage(ctx, req),
  },
  fetchOrders: (ctx, ids) => fetchOrdersById(ctx, ids),
  credentialKey: (config) => `${config.environment} ${config.clientId} ${config.refreshToken}`,
  rateLimits: RATE_LIMITS,
  writeBack,
});
