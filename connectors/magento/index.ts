/**
 * Magento 2 / Adobe Commerce source: orders polled from the REST API (core Magento has no order webhooks).
 * @packageDocumentation
 */
import { defineSource } from '../../src/sdk';
import { RATE_BUCKET, checkConnection, fetchOrders, fetchOrdersPage } from './client';
import {
  API_VERSION,
  CONNECTOR_ID,
  DEFAULT_POLL_INTERVAL_SECONDS,
  configSchema,
  type MagentoConfig,
} from './config';
import { identifyOrder, mapOrder } from './mapping';
import { writeBack } from './write-back';

export type { MagentoConfig } from './config';

/** The Magento source connector. */
export default defineSource<MagentoConfig>({
  kind: 'source',
  meta: {
    id: CONNECTOR_ID,
    version: '0.2.0',
    displayName: 'Magento 2 / Adobe Commerce',
    apiVersion: API_VERSION,
    docsUrl: 'https://developer.adobe.com/commerce/webapi/rest/use-rest/performing-searches/',
  },
  configSchema,
  check: checkConnection,
  identify: identifyOrder,
  toCanonical: (raw, ctx) => mapOrder(raw, ctx),
  fetchOrders,
  writeBack,
  pull: {
    cursorField: 'updated_at',
    tieBreak: 'entity_id',
    // An order save spans several tables and indexers; re-read five minutes for late commits and clock skew.
    overlapMs: 5 * 60_000,
    settleDelayMs: 10_000,
    // Keyset paging has no depth limit, but a day per window keeps a backfill's queries cheap.
    maxWindowMs: 24 * 60 * 60_000,
    defaultIntervalMs: DEFAULT_POLL_INTERVAL_SECONDS * 1000,
    fetchPage: (ctx, req) => fetchOrdersPage(ctx, req),
  },
  // Core Magento has no REST limit; PHP-FPM workers serve shoppers too, so stay at four calls a second.
  credentialKey: (config) => config.baseUrl.toLowerCase(),
  rateLimits: { [RATE_BUCKET]: { ratePerSecond: 4, burst: 8 } },
});
