/**
 * Square source: POS and online orders from the Orders API (SearchOrders by updated_at); webhooks are notices
 * that re-read the order with BatchRetrieveOrders.
 * @packageDocumentation
 */
import { defineSource } from '../../src/sdk';
import { RATE_BUCKET, RATE_LIMIT } from './client';
import {
  CONNECTOR_ID,
  DEFAULT_POLL_INTERVAL_SECONDS,
  SQUARE_VERSION,
  configSchema,
  type SquareConfig,
} from './config';
import { identifyOrder, mapOrder } from './mapping';
import { checkConnection, fetchOrders, fetchOrdersPage } from './orders';
import { parseWebhook, verifyWebhook } from './webhook';
import { webhookSubscriptions } from './webhook-subscriptions';
import { writeBack } from './write-back';

export type { SquareConfig } from './config';

/** The Square source connector. */
export default defineSource<SquareConfig>({
  kind: 'source',
  meta: {
    id: CONNECTOR_ID,
    version: '0.2.0',
    displayName: 'Square',
    apiVersion: SQUARE_VERSION,
    docsUrl: 'https://developer.squareup.com/reference/square/orders-api/search-orders',
  },
  configSchema,
  check: checkConnection,
  identify: identifyOrder,
  toCanonical: (raw, ctx) => mapOrder(raw, ctx),
  webhook: { verify: verifyWebhook, parse: parseWebhook },
  webhookSubscriptions,
  fetchOrders,
  writeBack,
  credentialKey: (config) => `${config.environment} ${config.accessToken}`,
  rateLimits: { [RATE_BUCKET]: RATE_LIMIT },
  pull: {
    // An order taken offline is uploaded later with its old created_at but a new updated_at: keying on
    // updated_at finds it in the window it is uploaded in, however old it is.
    cursorField: 'updated_at',
    tieBreak: 'updated_at (milliseconds); equal stamps at a window edge are re-read by the overlap',
    overlapMs: 10 * 60_000,
    // SearchOrders is served from a search index that trails writes; a minute keeps the window end settled.
    settleDelayMs: 60_000,
    maxWindowMs: 24 * 60 * 60_000,
    // Offline POS uploads may arrive up to 72 h late, but with a fresh updated_at, so 7 days is plenty.
    initialLookbackMs: 7 * 24 * 60 * 60_000,
    defaultIntervalMs: DEFAULT_POLL_INTERVAL_SECONDS * 1000,
    fetchPage: (ctx, req) => fetchOrdersPage(ctx, req),
  },
});
