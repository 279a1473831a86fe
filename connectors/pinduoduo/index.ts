/**
 * Pinduoduo source: orders of one shop from the Pinduoduo open platform (POP), polled by update time.
 * @packageDocumentation
 */
import { defineSource } from '../../src/sdk';
import { RATE_BUCKET, checkConnection, fetchOrders, fetchOrdersPage } from './client';
import {
  API_VERSION,
  CONNECTOR_ID,
  DEFAULT_POLL_INTERVAL_SECONDS,
  configSchema,
  type PinduoduoConfig,
} from './config';
import { identifyOrder, mapOrder } from './mapping';
import { writeBack } from './write-back';

export type { PinduoduoConfig } from './config';

/** The Pinduoduo source connector. */
export default defineSource<PinduoduoConfig>({
  kind: 'source',
  meta: {
    id: CONNECTOR_ID,
    version: '0.2.0',
    displayName: 'Pinduoduo',
    apiVersion: API_VERSION,
    docsUrl: 'https://open.pinduoduo.com/application/document/api?id=pdd.order.number.list.increment.get',
  },
  configSchema,
  check: checkConnection,
  identify: identifyOrder,
  toCanonical: (raw, ctx) => mapOrder(raw, ctx),
  fetchOrders: (ctx, ids) => fetchOrders(ctx, ids),
  writeBack,
  pull: {
    cursorField: 'updated_at',
    tieBreak: 'unspecified (Pinduoduo states none; the overlap re-reads equal seconds)',
    overlapMs: 5 * 60_000,
    // Pinduoduo asks for end_updated_at at least 3 minutes before its server time (updates show late); two
    // more minutes cover clock skew between the hub and Pinduoduo.
    settleDelayMs: 5 * 60_000,
    // start_updated_at and end_updated_at may be at most 30 minutes apart.
    maxWindowMs: 30 * 60_000,
    initialLookbackMs: 7 * 24 * 60 * 60_000,
    defaultIntervalMs: DEFAULT_POLL_INTERVAL_SECONDS * 1000,
    fetchPage: (ctx, req) => fetchOrdersPage(ctx, req),
  },
  // Pinduoduo sets per-application QPS limits by application type and publishes no single number. 5 calls/s is
  // a conservative default; a limit answer (70031) still surfaces as rate_limited.
  credentialKey: (config) => `${config.clientId} ${config.accessToken}`,
  rateLimits: { [RATE_BUCKET]: { ratePerSecond: 5, burst: 5 } },
});
