/**
 * Amazon Selling Partner API source: orders and their items from Orders API v0, polled (Amazon pushes order
 * changes only through SQS notifications, which this connector does not read); shipments go back through
 * confirmShipment.
 * @packageDocumentation
 */
import { defineSource } from '../../src/sdk';
import { checkConnection } from './check';
import { fetchOrdersById, fetchOrdersPage } from './client';
import {
  API_VERSION,
  CONNECTOR_ID,
  DEFAULT_POLL_INTERVAL_SECONDS,
  configSchema,
  type AmazonSpConfig,
} from './config';
import { identifyOrder, mapOrder } from './mapping';
import { writeBack } from './write-back';

export type { AmazonSpConfig } from './config';
export type { AmazonRecord } from './client';

/**
 * Token buckets at half of Amazon's documented default usage plans (getOrders 0.0167/s burst 20,
 * getOrderItems 0.5/s burst 30, createRestrictedDataToken 1/s burst 10, confirmShipment 2/s burst 10), leaving
 * the rest to other tools on the same seller and app.
 */
export const RATE_LIMITS = {
  getOrders: { ratePerSecond: 0.0083, burst: 10 },
  getOrderItems: { ratePerSecond: 0.25, burst: 15 },
  restrictedDataToken: { ratePerSecond: 0.5, burst: 5 },
  confirmShipment: { ratePerSecond: 1, burst: 5 },
};

/** The Amazon SP-API source connector. */
export default defineSource<AmazonSpConfig>({
  kind: 'source',
  meta: {
    id: CONNECTOR_ID,
    version: '0.2.0',
    displayName: 'Amazon Seller Central (SP-API)',
    apiVersion: API_VERSION,
    docsUrl: 'https://developer-docs.amazon.com/sp-api/docs/orders-api-v0-reference',
  },
  configSchema,
  check: checkConnection,
  identify: identifyOrder,
  toCanonical: (raw, ctx) => mapOrder(raw, ctx),
  pull: {
    cursorField: 'LastUpdateDate',
    tieBreak: 'AmazonOrderId',
    // Amazon's bounds are inclusive and its timestamps whole seconds; one minute of overlap covers clock skew.
    overlapMs: 60_000,
    // Amazon refuses LastUpdatedBefore later than now − 2 min; one more minute absorbs clock skew.
    settleDelayMs: 3 * 60_000,
    // One day per query keeps a backfill's pages (and the getOrderItems calls behind them) bounded.
    maxWindowMs: 24 * 60 * 60_000,
    initialLookbackMs: 7 * 24 * 60 * 60_000,
    defaultIntervalMs: DEFAULT_POLL_INTERVAL_SECONDS * 1000,
    fetchPage: (ctx, req) => fetchOrdersPage(ctx, req),
  },
  fetchOrders: (ctx, ids) => fetchOrdersById(ctx, ids),
  // SP-API limits are per selling partner and application: the refresh token names both (hashed by the hub).
  credentialKey: (config) => `${config.region} ${config.lwaClientId} ${config.refreshToken}`,
  rateLimits: RATE_LIMITS,
  writeBack,
});
