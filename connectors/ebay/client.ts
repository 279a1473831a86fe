import {
  authError,
  configError,
  ConnectorError,
  isJsonObject,
  parseRetryAfter,
  rateLimitedError,
  rejectedError,
  transientError,
  type CheckResult,
  type ConnectorContext,
  type HttpResponse,
  type Page,
  type PageRequest,
} from '../../src/sdk';
import { accessToken, forgetAccessToken } from './auth';
import { API_ORIGINS, scopeFor, type EbayConfig } from './config';

/** Largest getOrders page eBay serves. */
export const PAGE_LIMIT = 200;
/** eBay's 429 carries no Retry-After for daily quotas; wait a minute rather than hammer it every second. */
export const DEFAULT_RETRY_AFTER_MS = 60_000;

const ORDER_PATH = '/sell/fulfillment/v1/order';

function failure(res: HttpResponse, operation: string, scope: string): ConnectorError {
  const o = { status: res.status };
  switch (res.status) {
    case 429:
      return rateLimitedError(`${operation}: eBay's call limit is reached`, {
        ...o,
        code: 'EBAY_RATE_LIMITED',
        retryAfterMs: parseRetryAfter(res.headers['retry-after']) ?? DEFAULT_RETRY_AFTER_MS,
      });
    case 401:
      return authError(`${operation}: eBay refused the access token`, {
        ...o,
        code: 'EBAY_TOKEN_INVALID',
        remedy:
          'The seller’s consent was revoked or the keyset changed. Have the seller consent again and save the new refresh token.',
      });
    case 403:
      return authError(`${operation}: the token lacks permission`, {
        ...o,
        code: 'EBAY_SCOPE_MISSING',
        remedy: `Have the seller consent again with the scope ${scope}, and check the keyset may call the Sell Fulfillment API.`,
      });
    case 404:
      return configError(`${operation}: eBay does not know this resource`, {
        ...o,
        code: 'EBAY_NOT_FOUND',
        remedy: 'Check the environment: sandbox tokens and orders do not exist in production, and back.',
      });
    case 400:
      return configError(`${operation}: eBay refused the request`, {
        ...o,
        code: 'EBAY_INVALID_REQUEST',
        remedy:
          'Check the environment and keyset of the connection; if they are right, report this as a connector bug.',
      });
    default:
      return rejectedError(`${operation}: eBay answered ${res.status}`, { ...o, code: 'EBAY_REFUSED' });
  }
}

/** One request of the Fulfillment API. */
export interface EbayRequest {
  method?: 'GET' | 'POST';
  url: string;
  params?: Record<string, string | number>;
  body?: unknown;
}

/**
 * One counted call with the user token; a cached token eBay refuses is renewed once. Answers in `okStatuses`
 * (and 2xx) are returned; anything else goes to `fail`.
 */
export async function ebayRequest(
  ctx: ConnectorContext<EbayConfig>,
  req: EbayRequest,
  fail: (res: HttpResponse) => ConnectorError,
  okStatuses: readonly number[] = [],
): Promise<HttpResponse> {
  for (let attempt = 0; ; attempt += 1) {
    const access = await accessToken(ctx, attempt > 0);
    await ctx.rate.take('fulfillment');
    const res = await ctx.http.request({
      ...req,
      headers: { authorization: `Bearer ${access.token}`, accept: 'application/json' },
      okStatuses: [400, 401, 403, 404, 409, 429],
    });
    if ((res.status >= 200 && res.status < 300) || okStatuses.includes(res.status)) return res;
    if (res.status === 401 && access.cached && attempt === 0) {
      await forgetAccessToken(ctx);
      continue;
    }
    throw fail(res);
  }
}

/** One GET with the user token. */
async function ebayGet(
  ctx: ConnectorContext<EbayConfig>,
  url: string,
  params: Record<string, string | number>,
  operation: string,
  okStatuses: readonly number[] = [],
): Promise<HttpResponse> {
  const scope = scopeFor(ctx.config);
  return ebayRequest(ctx, { url, params }, (res) => failure(res, operation, scope), okStatuses);
}

/**
 * eBay wants `[ ] { } |` in the filter percent-encoded; the HTTP client leaves brackets alone, so the filter
 * goes into the URL already encoded.
 */
export function ordersUrl(config: EbayConfig, filter: string): string {
  return `${API_ORIGINS[config.environment]}${ORDER_PATH}?filter=${encodeURIComponent(filter)}`;
}

function ordersOf(res: HttpResponse): { orders: unknown[]; next?: number } {
  const body = res.data;
  const orders = isJsonObject(body) ? body['orders'] : undefined;
  if (!isJsonObject(body) || !(Array.isArray(orders) || orders === undefined)) {
    throw transientError('getOrders answered without an orders list', {
      code: 'EBAY_UNEXPECTED_RESPONSE',
      status: res.status,
    });
  }
  const list = orders ?? [];
  const next = body['next'];
  if (typeof next !== 'string' || next === '') return { orders: list };
  const offset = Number(new URL(next).searchParams.get('offset'));
  if (!Number.isSafeInteger(offset) || offset <= 0) {
    throw new ConnectorError('bug', 'eBay next link carries no offset', { code: 'EBAY_NEXT_UNREADABLE' });
  }
  return { orders: list, next: offset };
}

/**
 * One page of orders modified in `[from, to]` (eBay's range is inclusive; the inbox drops the repeat at `to`).
 * The page token is the offset of the next page, taken from eBay's `next` link.
 */
export async function fetchOrdersPage(ctx: ConnectorContext<EbayConfig>, req: PageRequest): Promise<Page> {
  const res = await ebayGet(
    ctx,
    ordersUrl(ctx.config, `lastmodifieddate:[${req.from}..${req.to}]`),
    { limit: PAGE_LIMIT, offset: req.pageToken ?? '0' },
    'getOrders',
  );
  const page = ordersOf(res);
  return page.next === undefined
    ? { records: page.orders }
    : { records: page.orders, nextPageToken: String(page.next) };
}

/** Current orders by id through getOrder (which, unlike getOrders, fills in cancellation requests). */
export async function fetchOrdersById(ctx: ConnectorContext<EbayConfig>, ids: string[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const id of ids) {
    const res = await ebayGet(
      ctx,
      `${API_ORIGINS[ctx.config.environment]}${ORDER_PATH}/${encodeURIComponent(id)}`,
      {},
      'getOrder',
      [404],
    );
    if (res.status === 404) {
      ctx.log.warn(
        { code: 'EBAY_ORDER_NOT_FOUND' },
        'getOrder: eBay no longer has an order the hub asked for',
      );
      continue;
    }
    out.push(res.data);
  }
  return out;
}

/** Checks the keyset, the refresh token and the fulfillment scope with a one-order read of the last day. */
export async function checkConnection(ctx: ConnectorContext<EbayConfig>): Promise<CheckResult> {
  try {
    await accessToken(ctx, true);
    const now = ctx.clock.now().getTime();
    const from = new Date(now - 86_400_000).toISOString();
    await ebayGet(ctx, ordersUrl(ctx.config, `lastmodifieddate:[${from}..]`), { limit: 1 }, 'getOrders');
    const detail = `Orders readable in ${ctx.config.environment} with ${scopeFor(ctx.config)}`;
    return {
      ok: true,
      detail:
        ctx.config.writeBack === true
          ? `${detail}; eBay granted it, so shipments can be written back.`
          : `${detail}; write-back is off.`,
    };
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    if ((error.kind === 'auth' || error.kind === 'config') && error.remedy !== undefined)
      return { ok: false, code: error.code, message: error.message, remedy: error.remedy };
    if (error.kind === 'rate_limited')
      return {
        ok: false,
        code: 'EBAY_RATE_LIMITED',
        message: 'eBay’s daily call limit for this keyset is used up',
        remedy: 'Wait for the daily reset (midnight Pacific time) or apply for the Application Growth Check.',
      };
    if (error.status === undefined)
      return {
        ok: false,
        code: 'EBAY_UNREACHABLE',
        message: `could not reach eBay (${error.code})`,
        remedy: 'Check the hub’s outbound network (DNS, firewall, proxy) towards api.ebay.com.',
      };
    return {
      ok: false,
      code: 'EBAY_UNAVAILABLE',
      message: `eBay answered ${error.status}`,
      remedy: 'eBay may be having trouble; see developer.ebay.com API Status and try again later.',
    };
  }
}
