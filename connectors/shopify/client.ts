import {
  ConnectorError,
  authError,
  configError,
  transientError,
  type CheckResult,
  type ConnectorContext,
  type HttpResponse,
  type Page,
  type PageRequest,
  checkFailureOf,
  type CheckFailureTexts,
} from '../../src/sdk';
import { API_VERSION, SHOP_DOMAIN_PATTERN, type ShopifyConfig } from './config';

/** Token bucket of REST calls. */
export const REST_BUCKET = 'rest';
/** Half of the standard plan's REST bucket (40 calls, leaking 2/s), leaving the rest to other callers. */
export const REST_RATE_LIMIT = { ratePerSecond: 1, burst: 20 };

/** Largest page the REST Admin API serves. */
export const PAGE_LIMIT = 250;

/**
 * Leak rate of the REST bucket on the standard plan, the lowest Shopify documents (Advanced 4/s, Plus 20/s).
 * The call-limit header gives the fill but not the plan, so waiting at this rate never under-waits.
 */
export const LEAK_PER_SECOND = 2;

const SHOP_DOMAIN_RE = new RegExp(SHOP_DOMAIN_PATTERN);

/** Waits `ms` or until `signal` aborts, whichever comes first. Never rejects. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** The real `Sleep`: a timer that an abort cuts short. */
export const abortableSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

/** Builds an Admin API URL, refusing any host that is not a myshopify.com shop (the token goes with it). */
export function adminUrl(shopDomain: string, resource: string): string {
  if (!SHOP_DOMAIN_RE.test(shopDomain)) {
    throw configError('shop domain is not a myshopify.com domain', {
      code: 'SHOPIFY_SHOP_DOMAIN_INVALID',
      remedy: 'Set shopDomain to the shop’s permanent domain, e.g. my-shop.myshopify.com.',
    });
  }
  return `https://${shopDomain}/admin/api/${API_VERSION}/${resource}`;
}

/**
 * Turns the SDK's generic HTTP failures into Shopify-specific codes with remedies ops can act on. Rate limits,
 * timeouts and 5xx pass through unchanged: the queue already knows what to do with them.
 */
export function shopifyError(error: unknown): unknown {
  if (!(error instanceof ConnectorError) || error.status === undefined) return error;
  const o = { status: error.status, cause: error };
  switch (error.status) {
    case 401:
      return authError('Shopify refused the access token', {
        ...o,
        code: 'SHOPIFY_TOKEN_INVALID',
        remedy:
          'The token is wrong or the app was uninstalled. In the Shopify admin open Settings → Apps and sales channels → Develop apps → the app → API credentials, reinstall or copy the Admin API access token, and save it in the connection.',
      });
    case 402:
      return configError('Shopify reports the shop as frozen (unpaid)', {
        ...o,
        code: 'SHOPIFY_SHOP_FROZEN',
        remedy:
          'The shop owner must settle the Shopify bill; the connection resumes once the shop is unfrozen.',
      });
    case 403:
      return authError('the access token lacks a required scope', {
        ...o,
        code: 'SHOPIFY_SCOPE_MISSING',
        remedy:
          'Give the custom app the read_orders scope (and read_all_orders for orders older than 60 days) under Configuration → Admin API integration, then reinstall it and save the new token.',
      });
    case 404:
      return configError('Shopify does not know this shop or API version', {
        ...o,
        code: 'SHOPIFY_SHOP_NOT_FOUND',
        remedy:
          'Check shopDomain: it must be the shop’s permanent xxx.myshopify.com domain, not a custom domain.',
      });
    case 423:
      return configError('Shopify reports the shop as locked', {
        ...o,
        code: 'SHOPIFY_SHOP_LOCKED',
        remedy: 'The shop is locked by Shopify; the shop owner must contact Shopify support.',
      });
    default:
      return error;
  }
}

async function get(
  ctx: ConnectorContext<ShopifyConfig>,
  resource: string,
  params: Record<string, string | number>,
  okStatuses?: readonly number[],
): Promise<HttpResponse> {
  await ctx.rate.take(REST_BUCKET);
  try {
    return await ctx.http.request({
      url: adminUrl(ctx.config.shopDomain, resource),
      params,
      ...(okStatuses ? { okStatuses } : {}),
      headers: { 'x-shopify-access-token': ctx.config.accessToken, accept: 'application/json' },
    });
  } catch (error) {
    throw shopifyError(error);
  }
}

/** Reads `X-Shopify-Shop-Api-Call-Limit` (`used/size`). */
export function parseCallLimit(header: string | undefined): { used: number; size: number } | undefined {
  const m = header === undefined ? null : /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(header);
  if (!m) return undefined;
  const used = Number(m[1]);
  const size = Number(m[2]);
  return size > 0 ? { used, size } : undefined;
}

/** How long to pause so a bucket filled `used/size` drains back to half at `LEAK_PER_SECOND`. */
export function bucketWaitMs(limit: { used: number; size: number }): number {
  const excess = limit.used - limit.size / 2;
  return excess > 0 ? Math.ceil((excess / LEAK_PER_SECOND) * 1000) : 0;
}

/**
 * The `page_info` cursor of the `rel="next"` link. Shopify's cursor is opaque and only valid with the query it
 * came from, so it is taken verbatim; a next link without one would silently end paging, so it is an error.
 */
export function nextPageInfo(link: string | undefined): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;(.*)$/.exec(part.trim());
    if (!m?.[1] || !/\brel\s*=\s*"?next"?/i.test(m[2] ?? '')) continue;
    const pageInfo = new URL(m[1]).searchParams.get('page_info');
    if (!pageInfo) {
      throw new ConnectorError('bug', 'Shopify next-page link carries no page_info', {
        code: 'SHOPIFY_LINK_UNREADABLE',
      });
    }
    return pageInfo;
  }
  return undefined;
}

/** Shopify timestamps have whole seconds; flooring the bounds loses nothing and keeps the query plain. */
function wholeSeconds(iso: string): string {
  return new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Options of `fetchOrdersPage`; tests replace the sleep so nothing waits on a real clock. */
export interface FetchOptions {
  sleep?: Sleep;
}

/**
 * Fetches one page of orders updated in `[from, to]`, oldest change first. A first page sends the window
 * filters; later pages send only `page_info` and `limit`, as Shopify requires. When the rate-limit bucket is
 * more than half full it pauses before returning, so polling leaves the rest of the bucket to other callers.
 */
export async function fetchOrdersPage(
  ctx: ConnectorContext<ShopifyConfig>,
  req: PageRequest,
  options: FetchOptions = {},
): Promise<Page> {
  const params: Record<string, string | number> = req.pageToken
    ? { page_info: req.pageToken, limit: PAGE_LIMIT }
    : {
        status: 'any',
        updated_at_min: wholeSeconds(req.from),
        updated_at_max: wholeSeconds(req.to),
        limit: PAGE_LIMIT,
        order: 'updated_at asc',
      };
  const res = await get(ctx, 'orders.json', params);
  const body = res.data;
  const orders =
    typeof body === 'object' && body !== null && 'orders' in body && Array.isArray(body.orders)
      ? body.orders
      : null;
  if (orders === null) {
    throw transientError('Shopify answered orders.json without an orders list', {
      code: 'SHOPIFY_UNEXPECTED_RESPONSE',
      status: res.status,
    });
  }
  const next = nextPageInfo(res.headers['link']);
  ctx.log.debug({ records: orders.length, more: next !== undefined }, 'shopify orders page');

  const limit = parseCallLimit(res.headers['x-shopify-shop-api-call-limit']);
  const waitMs = limit ? bucketWaitMs(limit) : 0;
  if (limit && waitMs > 0) {
    ctx.log.info(
      { used: limit.used, size: limit.size, waitMs },
      'shopify call bucket over half full; pausing',
    );
    await (options.sleep ?? abortableSleep)(waitMs, ctx.signal);
  }
  return next === undefined ? { records: orders } : { records: orders, nextPageToken: next };
}

/**
 * The current REST orders of the given ids, one `orders/{id}.json` each. An order Shopify answers 404 for
 * (deleted since the webhook) is left out: there is nothing left to re-read.
 */
export async function fetchOrdersRest(
  ctx: ConnectorContext<ShopifyConfig>,
  externalIds: string[],
): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const id of externalIds) {
    if (!/^\d+$/.test(id)) {
      throw new ConnectorError('bug', 'order id is not numeric', { code: 'SHOPIFY_ORDER_ID_INVALID' });
    }
    const res = await get(ctx, `orders/${id}.json`, {}, [404]);
    if (res.status === 404) {
      ctx.log.info({ orderId: id }, 'shopify order no longer readable');
      continue;
    }
    const body = res.data;
    const order = typeof body === 'object' && body !== null && 'order' in body ? body.order : undefined;
    if (typeof order !== 'object' || order === null) {
      throw transientError('Shopify answered orders/{id}.json without an order', {
        code: 'SHOPIFY_UNEXPECTED_RESPONSE',
        status: res.status,
      });
    }
    out.push(order);
  }
  return out;
}

/** Turns a failed check call into what ops should do about it. */
export function failure(error: unknown): CheckResult {
  if (error instanceof ConnectorError && error.kind === 'bug') {
    return {
      ok: false,
      code: error.code,
      message: error.message,
      remedy: 'The connector and Shopify disagree about the API; report this to the OrderHub developers.',
    };
  }
  return checkFailureOf(error, CHECK_TEXTS);
}

const CHECK_TEXTS: CheckFailureTexts = {
  rateLimited: {
    ok: false,
    code: 'SHOPIFY_RATE_LIMITED',
    message: 'Shopify is rate-limiting this app right now',
    remedy:
      'Try the check again in a minute; if it persists, another app or script is using up the API budget.',
  },
  unreachable: (code) => ({
    ok: false,
    code: 'SHOPIFY_UNREACHABLE',
    message: `could not reach the shop (${code})`,
    remedy: 'Check the hub’s outbound network (DNS, firewall, proxy) and that shopDomain is spelled right.',
  }),
  unavailable: (status) => ({
    ok: false,
    code: 'SHOPIFY_UNAVAILABLE',
    message: `Shopify answered ${status}`,
    remedy: 'Shopify may be having trouble; see shopifystatus.com and try again later.',
  }),
};

/**
 * Checks the connection: `shop.json` proves the domain and token, a one-order `orders.json` proves the
 * `read_orders` scope (shop.json needs no scope, so it alone would pass a token that cannot read orders).
 */
export async function checkConnection(ctx: ConnectorContext<ShopifyConfig>): Promise<CheckResult> {
  try {
    const shop = await get(ctx, 'shop.json', {});
    await get(ctx, 'orders.json', { limit: 1, status: 'any', fields: 'id' });
    const served = shop.headers['x-shopify-api-version'];
    if (served !== undefined && served !== API_VERSION) {
      return {
        ok: true,
        detail: `Shopify served API ${served} instead of the pinned ${API_VERSION}; update the connector soon.`,
      };
    }
    return { ok: true, detail: `Shop reachable with read_orders, API ${API_VERSION}.` };
  } catch (error) {
    return failure(error);
  }
}
