import {
  ConnectorError,
  defineDestination,
  type CheckResult,
  type ConnectorContext,
  type RemoteRef,
} from '../../src/sdk';
import { LOGIN_REMEDY, nsRequest, PERMISSION_REMEDY } from './client';
import {
  API_VERSION,
  configSchema,
  CONNECTOR_ID,
  DEFAULT_CONCURRENCY_LIMIT,
  RATE_BUCKET,
  type NetSuiteConfig,
} from './config';
import { toSalesOrder, type NetSuitePayload, type NetSuiteSalesOrder } from './mapping';
import { fetchShipments } from './shipments';

export type { NetSuiteConfig } from './config';
export type { NetSuitePayload } from './mapping';

/** A cancel closes every line: NetSuite then shows the sales order as Closed. */
function closed(record: NetSuiteSalesOrder): NetSuiteSalesOrder {
  return { ...record, item: { items: record.item.items.map((l) => ({ ...l, isClosed: true })) } };
}

async function upsert(
  ctx: ConnectorContext<NetSuiteConfig>,
  payload: NetSuitePayload,
  cancel: boolean,
): Promise<RemoteRef> {
  // PUT on eid: is NetSuite's upsert, so a retry after a lost answer updates the record it already made.
  // replace=item swaps the whole item sublist, so a new revision never appends its lines to the old ones.
  const res = await nsRequest(ctx, {
    method: 'PUT',
    path: `/record/v1/salesOrder/eid:${payload.externalId}`,
    query: { replace: 'item' },
    body: cancel ? closed(payload.record) : payload.record,
  });
  const id = /\/salesOrder\/(\d+)(?:[/?]|$)/.exec(res.headers.location ?? '')?.[1];
  return { remoteId: id ?? `eid:${payload.externalId}`, status: cancel ? 'closed' : 'upserted' };
}

/**
 * NetSuite sales orders over the SuiteTalk REST record service, signed with token-based authentication
 * (OAuth 1.0a, HMAC-SHA256). Orders are upserted by external id = the hub's order id; shipments come back from
 * item fulfillments through SuiteQL.
 */
const netsuite = defineDestination<NetSuiteConfig, NetSuitePayload>({
  kind: 'destination',
  meta: {
    id: CONNECTOR_ID,
    version: '1.0.0',
    displayName: 'Oracle NetSuite (sales orders)',
    apiVersion: API_VERSION,
    docsUrl: 'https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/chapter_1540391670.html',
  },
  configSchema,
  // The account's concurrency limit is shared with every other integration; never take all of it.
  maxConcurrency: (config) => Math.max(1, (config.concurrencyLimit ?? DEFAULT_CONCURRENCY_LIMIT) - 1),
  rateLimits: {
    [RATE_BUCKET]: { ratePerSecond: DEFAULT_CONCURRENCY_LIMIT, burst: DEFAULT_CONCURRENCY_LIMIT },
  },
  idempotency: { mode: 'native-key' },

  fromCanonical(order, ctx) {
    return toSalesOrder(order, ctx);
  },

  async deliver(ctx, payload, info) {
    return upsert(ctx, payload, info.operation === 'cancel');
  },

  shipments: {
    fetchPage: fetchShipments,
  },

  async check(ctx): Promise<CheckResult> {
    try {
      await nsRequest(ctx, { method: 'GET', path: '/record/v1/salesOrder', query: { limit: '1' } });
      return { ok: true, detail: `Signed in to NetSuite account ${ctx.config.accountId}.` };
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      if (error.code === 'NETSUITE_LOGIN_INVALID')
        return { ok: false, code: error.code, message: error.message, remedy: LOGIN_REMEDY };
      if (error.code === 'NETSUITE_PERMISSION_DENIED')
        return { ok: false, code: error.code, message: error.message, remedy: PERMISSION_REMEDY };
      if (error.kind === 'config' || (error.kind === 'transient' && error.status === undefined)) {
        return {
          ok: false,
          code: 'NETSUITE_ACCOUNT_UNREACHABLE',
          message: `The NetSuite account host did not answer as expected (${error.code}).`,
          remedy:
            'Check accountId (Setup > Company > Company Information; sandboxes end in _SB1) and that REST Web ' +
            'Services is enabled (Setup > Company > Enable Features > SuiteCloud).',
        };
      }
      return {
        ok: false,
        code: error.code,
        message: error.message,
        remedy: error.remedy ?? 'Try again later; NetSuite answered with a temporary error.',
      };
    }
  },
});

export default netsuite;
