/**
 * Taobao / Tmall source: trades of one seller from the Taobao Open Platform (TOP), polled by modification time.
 * @packageDocumentation
 */
import { defineSource } from '../../src/sdk';
import { RATE_BUCKET, checkConnection, fetchTrades, fetchTradesPage } from './client';
import {
  API_VERSION,
  CONNECTOR_ID,
  DEFAULT_POLL_INTERVAL_SECONDS,
  configSchema,
  type TaobaoConfig,
} from './config';
import { identifyTrade, mapTrade } from './mapping';
import { writeBack } from './write-back';

export type { TaobaoConfig } from './config';

/** The Taobao / Tmall source connector. */
export default defineSource<TaobaoConfig>({
  kind: 'source',
  meta: {
    id: CONNECTOR_ID,
    version: '0.2.0',
    displayName: 'Taobao / Tmall',
    apiVersion: API_VERSION,
    docsUrl: 'https://open.taobao.com/api.htm?docId=128&docType=2',
  },
  configSchema,
  check: checkConnection,
  identify: identifyTrade,
  toCanonical: (raw, ctx) => mapTrade(raw, ctx),
  fetchOrders: (ctx, ids) => fetchTrades(ctx, ids),
  writeBack,
  pull: {
    cursorField: 'modified',
    tieBreak: 'unspecified (TOP states none; the overlap re-reads equal seconds)',
    // TOP times have whole seconds and its increment index lags a little: re-read five minutes.
    overlapMs: 5 * 60_000,
    settleDelayMs: 60_000,
    // end_modified − start_modified may not exceed one day.
    maxWindowMs: 24 * 60 * 60_000,
    // TOP keeps three months of trades; a first pull starts a week back like every source.
    initialLookbackMs: 7 * 24 * 60 * 60_000,
    defaultIntervalMs: DEFAULT_POLL_INTERVAL_SECONDS * 1000,
    fetchPage: (ctx, req) => fetchTradesPage(ctx, req),
  },
  // TOP assigns call quotas per application and does not publish one number. 5 calls/s is a conservative
  // default that leaves room for write-back; a ban (error 7) still surfaces as rate_limited with its duration.
  // TOP limits calls per app key and per seller session.
  credentialKey: (config) => `${config.appKey} ${config.sessionKey}`,
  rateLimits: { [RATE_BUCKET]: { ratePerSecond: 5, burst: 5 } },
});
