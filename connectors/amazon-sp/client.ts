import {
  authError,
  configError,
  ConnectorError,
  isJsonObject,
  parseRetryAfter,
  rateLimitedError,
  rejectedError,
  transientError,
  type ConnectorContext,
  type HttpResponse,
  type JsonObject,
  type Page,
  type PageRequest,
} from '../../src/sdk';
import { accessToken, forgetAccessToken, ordersToken } from './auth';
import { baseUrl, type AmazonSpConfig } from './config';
import { list } from './raw';

/** Largest getOrders page. */
export const PAGE_SIZE = 100;
/** Amazon refuses a LastUpdatedBefore later than two minutes before its own now. */
export const AMAZON_MIN_LAG_MS = 2 * 60_000;
/** Largest AmazonOrderIds list getOrders takes. */
export const IDS_PER_CALL = 50;

/** Statuses whose orders carry no prices yet: payment is not authorised. */
export const UNPRICED_STATUSES: ReadonlySet<string> = new Set(['Pending', 'PendingAvailability']);

/**
 * The raw record this connector stores: one getOrders `Order`, all of its `OrderItem`s (every getOrderItems
 * page), and whether the order was read with a Restricted Data Token (`rdt`), which decides whether its
 * address and buyer info are complete or withheld by Amazon.
 */
export interface AmazonRecord {
  order: JsonObject;
  items: JsonObject[];
  rdt: boolean;
}

function errorCode(res: HttpResponse): string {
  const errors = isJsonObject(res.data) ? res.data['errors'] : undefined;
  const first: unknown = Array.isArray(errors) ? errors[0] : undefined;
  return isJsonObject(first) && typeof first['code'] === 'string' ? first['code'] : '';
}

/**
 * How long a 429 asks us to wait: `Retry-After` when sent, else one token of the rate Amazon reports in
 * `x-amzn-RateLimit-Limit` (requests per second), else one token of the documented rate.
 */
export function retryAfterMs(headers: Record<string, string>, documentedRate: number): number {
  const explicit = parseRetryAfter(headers['retry-after']);
  if (explicit !== undefined) return explicit;
  const reported = Number(headers['x-amzn-ratelimit-limit']);
  const rate = Number.isFinite(reported) && reported > 0 ? reported : documentedRate;
  return Math.ceil(1000 / rate);
}

function failure(res: HttpResponse, operation: string, documentedRate: number): ConnectorError {
  const amazonCode = errorCode(res);
  const o = { status: res.status };
  switch (res.status) {
    case 429:
      return rateLimitedError(`${operation}: Amazon's quota is used up`, {
        ...o,
        code: 'AMAZON_SP_RATE_LIMITED',
        retryAfterMs: retryAfterMs(res.headers, documentedRate),
      });
    case 401:
    case 403:
      return authError(`${operation}: Amazon denied access${amazonCode ? ` (${amazonCode})` : ''}`, {
        ...o,
        code: 'AMAZON_SP_ACCESS_DENIED',
        remedy:
          'Check that the region matches the seller’s account, that the seller authorised this app, and that the app holds the Inventory and Order Tracking role (Developer Central → Edit App). Re-authorise and save the new refresh token if the role was added later.',
      });
    case 404:
      return configError(`${operation}: Amazon does not know this resource`, {
        ...o,
        code: 'AMAZON_SP_NOT_FOUND',
        remedy: 'Check the region and the marketplace ids of the connection.',
      });
    default:
      if (amazonCode === 'InvalidInput' || res.status === 400) {
        return configError(`${operation}: Amazon refused the request (${amazonCode || res.status})`, {
          ...o,
          code: 'AMAZON_SP_INVALID_INPUT',
          remedy:
            'Check that every marketplace id is spelled right and belongs to the region of the connection.',
        });
      }
      return rejectedError(`${operation}: Amazon answered ${res.status}`, {
        ...o,
        code: 'AMAZON_SP_REFUSED',
      });
  }
}

/**
 * One GET to the SP-API with a token. A cached token that Amazon refuses is dropped and the call repeated
 * once with a fresh one (tokens can be revoked before their stated expiry).
 */
export async function spGet(
  ctx: ConnectorContext<AmazonSpConfig>,
  path: string,
  params: Record<string, string | number>,
  options: { operation: string; documentedRate: number; restricted: boolean },
): Promise<{ res: HttpResponse; rdt: boolean }> {
  for (let attempt = 0; ; attempt += 1) {
    const access = await accessToken(ctx, attempt > 0);
    const use = options.restricted
      ? await ordersToken(ctx, access.token)
      : { token: access.token, rdt: false };
    const res = await ctx.http.request({
      url: `${baseUrl(ctx.config)}${path}`,
      params,
      headers: { 'x-amz-access-token': use.token, accept: 'application/json' },
      okStatuses: [400, 401, 403, 404, 429],
    });
    if (res.status >= 200 && res.status < 300) return { res, rdt: use.rdt };
    if ((res.status === 401 || res.status === 403) && access.cached && attempt === 0) {
      await forgetAccessToken(ctx);
      continue;
    }
    throw failure(res, options.operation, options.documentedRate);
  }
}

function payloadOf(
  res: HttpResponse,
  field: string,
  operation: string,
): { items: JsonObject[]; next?: string } {
  const payload = isJsonObject(res.data) ? res.data['payload'] : undefined;
  const raw = isJsonObject(payload) ? payload[field] : undefined;
  if (!isJsonObject(payload) || !Array.isArray(raw)) {
    throw transientError(`${operation} answered without payload.${field}`, {
      code: 'AMAZON_SP_UNEXPECTED_RESPONSE',
      status: res.status,
    });
  }
  const items = list(raw, `/payload/${field}`).filter(isJsonObject);
  const next = payload['NextToken'];
  return typeof next === 'string' && next !== '' ? { items, next } : { items };
}

/** Every item of one order, following getOrderItems' own NextToken. */
export async function fetchItems(
  ctx: ConnectorContext<AmazonSpConfig>,
  orderId: string,
): Promise<JsonObject[]> {
  const items: JsonObject[] = [];
  let next: string | undefined;
  do {
    await ctx.rate.take('getOrderItems');
    const { res } = await spGet(
      ctx,
      `/orders/v0/orders/${encodeURIComponent(orderId)}/orderItems`,
      next ? { NextToken: next } : {},
      { operation: 'getOrderItems', documentedRate: 0.5, restricted: false },
    );
    const page = payloadOf(res, 'OrderItems', 'getOrderItems');
    items.push(...page.items);
    next = page.next;
  } while (next !== undefined);
  return items;
}

/** Orders of a getOrders page as composites; unpriced (Pending) orders are left for a later revision. */
async function withItems(
  ctx: ConnectorContext<AmazonSpConfig>,
  orders: JsonObject[],
  rdt: boolean,
): Promise<AmazonRecord[]> {
  const records: AmazonRecord[] = [];
  let held = 0;
  for (const order of orders) {
    const status = order['OrderStatus'];
    const id = order['AmazonOrderId'];
    if (typeof status === 'string' && UNPRICED_STATUSES.has(status)) {
      held += 1;
      continue;
    }
    if (typeof id !== 'string' || id === '') {
      throw transientError('getOrders answered an order without AmazonOrderId', {
        code: 'AMAZON_SP_UNEXPECTED_RESPONSE',
      });
    }
    records.push({ order, items: await fetchItems(ctx, id), rdt });
  }
  if (held > 0) ctx.log.debug({ held }, 'amazon-sp: pending orders left until Amazon prices them');
  return records;
}

/** Amazon timestamps have whole seconds; flooring the bounds loses nothing. */
function wholeSeconds(iso: string): string {
  return new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * One getOrders page of orders last updated in `[from, to]` (Amazon's bounds are inclusive; the inbox drops
 * the repeat at `to`), each with its items. The first page sends the window; later pages send only NextToken
 * and MarketplaceIds, as Amazon requires.
 */
export async function fetchOrdersPage(
  ctx: ConnectorContext<AmazonSpConfig>,
  req: PageRequest,
): Promise<Page> {
  if (!req.pageToken && Date.parse(req.to) > ctx.clock.now().getTime() - AMAZON_MIN_LAG_MS) {
    throw new ConnectorError('bug', 'window ends less than two minutes before now', {
      code: 'AMAZON_SP_WINDOW_TOO_RECENT',
    });
  }
  const marketplaces = ctx.config.marketplaceIds.join(',');
  const params: Record<string, string | number> = req.pageToken
    ? { MarketplaceIds: marketplaces, NextToken: req.pageToken }
    : {
        MarketplaceIds: marketplaces,
        LastUpdatedAfter: wholeSeconds(req.from),
        LastUpdatedBefore: wholeSeconds(req.to),
        MaxResultsPerPage: PAGE_SIZE,
      };
  await ctx.rate.take('getOrders');
  const { res, rdt } = await spGet(ctx, '/orders/v0/orders', params, {
    operation: 'getOrders',
    documentedRate: 0.0167,
    restricted: true,
  });
  const page = payloadOf(res, 'Orders', 'getOrders');
  const records = await withItems(ctx, page.items, rdt);
  return page.next === undefined ? { records } : { records, nextPageToken: page.next };
}

/** Current composites of the given orders, 50 ids per getOrders call (reconciliation re-reads). */
export async function fetchOrdersById(
  ctx: ConnectorContext<AmazonSpConfig>,
  externalIds: string[],
): Promise<AmazonRecord[]> {
  const out: AmazonRecord[] = [];
  for (let i = 0; i < externalIds.length; i += IDS_PER_CALL) {
    let next: string | undefined;
    const ids = externalIds.slice(i, i + IDS_PER_CALL).join(',');
    do {
      const marketplaces = ctx.config.marketplaceIds.join(',');
      await ctx.rate.take('getOrders');
      const { res, rdt } = await spGet(
        ctx,
        '/orders/v0/orders',
        next
          ? { MarketplaceIds: marketplaces, NextToken: next }
          : { MarketplaceIds: marketplaces, AmazonOrderIds: ids },
        { operation: 'getOrders', documentedRate: 0.0167, restricted: true },
      );
      const page = payloadOf(res, 'Orders', 'getOrders');
      out.push(...(await withItems(ctx, page.items, rdt)));
      next = page.next;
    } while (next !== undefined);
  }
  return out;
}
