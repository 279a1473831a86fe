/**
 * BigCommerce source: orders from the v2 Orders API with their products and shipping addresses; webhooks are
 * notices that re-read the order. Shipments go back as v2 order shipments.
 * @packageDocumentation
 */
import { defineSource } from '../../src/sdk';
import { RATE_BUCKET, RATE_LIMIT } from './client';
import {
  API_VERSION,
  CONNECTOR_ID,
  DEFAULT_POLL_INTERVAL_SECONDS,
  configSchema,
  type BigCommerceConfig,
} from './config';
import { identifyOrder, mapOrder } from './mapping';
import { checkConnection, fetchOrders, fetchOrdersPage } from './orders';
import { parseWebhook, verifyWebhook } from './webhook';
import { webhookSubscriptions } from './webhook-subscriptions';
import { writeBack } from './write-back';

export type { BigCommerceConfig } from './config';
export type { BigCommerceRecord } from './orders';

/** The BigCommerce source connector. */
export default defineSource<BigCommerceConfig>({
  kind: 'source',
  meta: {
    id: CONNECTOR_ID,
    version: '0.2.0',
    displayName: 'BigCommerce',
    apiVersion: API_VERSION,
    docsUrl: 'https://developer.bigcommerce.com/docs/rest-management/orders',
  },
  configSchema,
  check: checkConnection,
  identify: identifyOrder,
  toCanonical: (raw, ctx) => mapOrder(raw, ctx),
  webhook: { verify: verifyWebhook, parse: parseWebhook },
  webhookSubscriptions,
  fetchOrders,
  writeBack,
  // BigCommerce's quota is per store.
  credentialKey: (config) => config.storeHash,
  rateLimits: { [RATE_BUCKET]: RATE_LIMIT },
  pull: {
    cursorField: 'date_modified',
    tieBreak: 'date_modified then list position (whole seconds; each page restarts one second back)',
    // Re-read five minutes: an order saved while a poll ran can show in the list a little after its timestamp.
    overlapMs: 5 * 60_000,
    // date_modified has whole seconds and the list is served from replicas; 30 s keeps the window end settled.
    settleDelayMs: 30_000,
    // Each order costs three calls, so a backfill moves a day at a time and checkpoints often.
    maxWindowMs: 24 * 60 * 60_000,
    initialLookbackMs: 7 * 24 * 60 * 60_000,
    defaultIntervalMs: DEFAULT_POLL_INTERVAL_SECONDS * 1000,
    fetchPage: (ctx, req) => fetchOrdersPage(ctx, req),
  },
});
