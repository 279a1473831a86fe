import { ConnectorError, isJsonObject, type CheckResult, type ConnectorContext } from '../../src/sdk';
import { accessToken, ordersToken } from './auth';
import { fetchItems, spGet } from './client';
import type { AmazonSpConfig } from './config';

function failure(error: unknown): CheckResult {
  if (!(error instanceof ConnectorError)) throw error;
  if ((error.kind === 'auth' || error.kind === 'config') && error.remedy !== undefined) {
    return { ok: false, code: error.code, message: error.message, remedy: error.remedy };
  }
  if (error.kind === 'rate_limited') {
    return {
      ok: false,
      code: 'AMAZON_SP_RATE_LIMITED',
      message: 'Amazon is throttling this app right now',
      remedy:
        'Try the check again in a few minutes; another tool may be using the same app’s getOrders quota.',
    };
  }
  if (error.status === undefined) {
    return {
      ok: false,
      code: 'AMAZON_SP_UNREACHABLE',
      message: `could not reach Amazon (${error.code})`,
      remedy:
        'Check the hub’s outbound network (DNS, firewall, proxy) towards api.amazon.com and the SP-API host.',
    };
  }
  return {
    ok: false,
    code: 'AMAZON_SP_UNAVAILABLE',
    message: `Amazon answered ${error.status}`,
    remedy: 'The SP-API may be having trouble; see the SP-API status page and try again later.',
  };
}

/**
 * Checks the connection: the LWA exchange proves client id, secret and refresh token; a one-order getOrders
 * over the last day proves the region, the marketplaces and the Orders role; then the Restricted Data Token
 * is tried when asked for, and its absence reported as a warning (orders still flow, without PII).
 */
export async function checkConnection(ctx: ConnectorContext<AmazonSpConfig>): Promise<CheckResult> {
  try {
    const access = await accessToken(ctx, true);
    await ctx.rate.take('getOrders');
    const { res } = await spGet(
      ctx,
      '/orders/v0/orders',
      {
        MarketplaceIds: ctx.config.marketplaceIds.join(','),
        CreatedAfter: new Date(ctx.clock.now().getTime() - 86_400_000)
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z'),
        MaxResultsPerPage: 1,
      },
      { operation: 'getOrders', documentedRate: 0.0167, restricted: false },
    );
    const payload = isJsonObject(res.data) ? res.data['payload'] : undefined;
    const orders = isJsonObject(payload) ? payload['Orders'] : undefined;
    const first: unknown = Array.isArray(orders) ? orders[0] : undefined;
    if (isJsonObject(first) && typeof first['AmazonOrderId'] === 'string')
      await fetchItems(ctx, first['AmazonOrderId']);
    if (ctx.config.restrictedData === false) {
      return {
        ok: true,
        detail: 'Orders readable; buyer info and full addresses are off (restrictedData: false).',
      };
    }
    const rdt = await ordersToken(ctx, access.token);
    return rdt.rdt
      ? {
          ok: true,
          detail: 'Orders readable, with buyer info and shipping addresses (Restricted Data Token).',
        }
      : {
          ok: true,
          detail:
            'Orders readable, but the app has no restricted role: shipping addresses arrive without name and street lines. Ask Amazon for the Direct-to-Consumer Shipping role to get them.',
        };
  } catch (error) {
    return failure(error);
  }
}
