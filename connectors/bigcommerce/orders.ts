import {
  ConnectorError,
  isJsonObject,
  transientError,
  type CheckResult,
  type ConnectorContext,
  type HttpResponse,
  type JsonObject,
  type Page,
  type PageRequest,
} from '../../src/sdk';
import { bigcommerceError, send } from './client';
import type { BigCommerceConfig } from './config';
import { rfc2822, toRfc2822 } from './raw';

/**
 * Orders per list page. Each order costs two or three more calls (products, addresses, refunds), so pages stay
 * small: a page is stored, and the checkpoint moves, every ~50 orders.
 */
export const PAGE_LIMIT = 50;

/** Largest page of an order's products or addresses. */
export const SUB_LIMIT = 250;

/** The raw record this connector stores and maps: one order with its v2 sub-resources and v3 refunds. */
export interface BigCommerceRecord {
  order: JsonObject;
  products: JsonObject[];
  shippingAddresses: JsonObject[];
  /** v3 `payment_actions/refunds` of the order; present when `order.refunded_amount` is above zero. */
  refunds?: JsonObject[];
}

function unexpected(what: string, res: HttpResponse): ConnectorError {
  return transientError(`BigCommerce answered ${what} with an unexpected body`, {
    code: 'BIGCOMMERCE_UNEXPECTED_RESPONSE',
    status: res.status,
  });
}

/** v2 answers an empty list with 204 and no body. */
function jsonList(res: HttpResponse, what: string): JsonObject[] {
  if (res.status === 204) return [];
  if (!Array.isArray(res.data) || !res.data.every(isJsonObject)) throw unexpected(what, res);
  return res.data;
}

async function allPages(ctx: ConnectorContext<BigCommerceConfig>, path: string): Promise<JsonObject[]> {
  const out: JsonObject[] = [];
  for (let page = 1; ; page += 1) {
    const batch = jsonList(await send(ctx, path, { page, limit: SUB_LIMIT }), path);
    out.push(...batch);
    if (batch.length < SUB_LIMIT) return out;
  }
}

function positive(value: unknown): boolean {
  return (typeof value === 'string' || typeof value === 'number') && Number(value) > 0;
}

/** Reads an order's sub-resources into the composite record. */
export async function completeOrder(
  ctx: ConnectorContext<BigCommerceConfig>,
  order: JsonObject,
): Promise<BigCommerceRecord> {
  const orderId = order['id'];
  if (typeof orderId !== 'number' || !Number.isSafeInteger(orderId)) {
    throw new ConnectorError('bug', 'BigCommerce order without a numeric id', {
      code: 'BIGCOMMERCE_UNEXPECTED_RESPONSE',
    });
  }
  const products = await allPages(ctx, `/v2/orders/${orderId}/products`);
  const shippingAddresses = await allPages(ctx, `/v2/orders/${orderId}/shipping_addresses`);
  const record: BigCommerceRecord = { order, products, shippingAddresses };
  if (positive(order['refunded_amount'])) {
    const res = await send(ctx, `/v3/orders/${orderId}/payment_actions/refunds`);
    const body = res.data;
    if (!isJsonObject(body) || !Array.isArray(body['data']) || !body['data'].every(isJsonObject)) {
      throw unexpected('refunds', res);
    }
    record.refunds = body['data'];
  }
  return record;
}

/** The next page of a window: keyset on the last order's modification second, page number only for ties. */
interface Cursor {
  /** `min_date_modified` to send, epoch seconds. */
  min: number;
  page: number;
}

function readCursor(token: string | undefined, fromSec: number): Cursor {
  if (token === undefined) return { min: fromSec, page: 1 };
  const m = /^(\d+):(\d+)$/.exec(token);
  if (!m)
    throw new ConnectorError('bug', 'unreadable BigCommerce page token', { code: 'BIGCOMMERCE_PAGE_TOKEN' });
  return { min: Number(m[1]), page: Number(m[2]) };
}

/**
 * Pages one window `[from, to)` of orders by `date_modified`, oldest first. BigCommerce dates have whole
 * seconds and both bounds are inclusive, so the query asks for `[floor(from), floor(to − 1 ms)]`.
 *
 * Page numbers alone lose orders when an order on an earlier page is modified mid-window (it leaves the window
 * and every later order shifts up by one). So each next page restarts from the last order's second minus one
 * (re-reading that second; the inbox drops repeats), and only when a whole page sits within that span does
 * the page number advance.
 */
export async function fetchOrdersPage(
  ctx: ConnectorContext<BigCommerceConfig>,
  req: PageRequest,
  limit = PAGE_LIMIT,
): Promise<Page> {
  const fromSec = Math.floor(Date.parse(req.from) / 1000);
  const maxSec = Math.floor((Date.parse(req.to) - 1) / 1000);
  const cursor = readCursor(req.pageToken, fromSec);
  if (maxSec < cursor.min) return { records: [] };
  const res = await send(ctx, '/v2/orders', {
    min_date_modified: toRfc2822(cursor.min),
    max_date_modified: toRfc2822(maxSec),
    sort: 'date_modified:asc',
    page: cursor.page,
    limit,
  });
  const orders = jsonList(res, 'the order list');
  const records: BigCommerceRecord[] = [];
  for (const order of orders) records.push(await completeOrder(ctx, order));
  ctx.log.debug({ records: records.length, page: cursor.page }, 'bigcommerce orders page');
  if (orders.length < limit) return { records };

  const last = orders[orders.length - 1];
  const lastSec = Math.floor(Date.parse(rfc2822(last?.['date_modified'], '/date_modified').utc) / 1000);
  const next =
    lastSec - 1 > cursor.min ? { min: lastSec - 1, page: 1 } : { ...cursor, page: cursor.page + 1 };
  return { records, nextPageToken: `${next.min}:${next.page}` };
}

/** Re-reads single orders by id (webhook notices, reconciliation). Orders the store no longer has are skipped. */
export async function fetchOrders(
  ctx: ConnectorContext<BigCommerceConfig>,
  externalIds: string[],
): Promise<BigCommerceRecord[]> {
  const out: BigCommerceRecord[] = [];
  for (const externalId of externalIds) {
    if (!/^\d+$/.test(externalId)) continue;
    const res = await send(ctx, `/v2/orders/${externalId}`, {}, [404]);
    if (res.status === 404 || res.status === 204) {
      ctx.log.info({ externalId }, 'bigcommerce order no longer exists; skipped');
      continue;
    }
    if (!isJsonObject(res.data)) throw unexpected('an order', res);
    out.push(await completeOrder(ctx, res.data));
  }
  return out;
}

/** Lists one order: proves the store hash, the token and the Orders scope in one call. */
export async function checkConnection(ctx: ConnectorContext<BigCommerceConfig>): Promise<CheckResult> {
  try {
    await send(ctx, '/v2/orders', { limit: 1 });
    return { ok: true, detail: 'Store reachable; the token can read orders.' };
  } catch (error) {
    const e = bigcommerceError(error);
    if (!(e instanceof ConnectorError)) throw e;
    if ((e.kind === 'auth' || e.kind === 'config') && e.remedy !== undefined) {
      return { ok: false, code: e.code, message: e.message, remedy: e.remedy };
    }
    if (e.kind === 'rate_limited') {
      return {
        ok: false,
        code: 'BIGCOMMERCE_RATE_LIMITED',
        message: 'the store’s API quota is used up right now',
        remedy: 'Try again in a minute; if it persists, another app on the store is using the whole quota.',
      };
    }
    if (e.status === undefined) {
      return {
        ok: false,
        code: 'BIGCOMMERCE_UNREACHABLE',
        message: `could not reach api.bigcommerce.com (${e.code})`,
        remedy: 'Check the hub’s outbound network (DNS, firewall, proxy).',
      };
    }
    return {
      ok: false,
      code: 'BIGCOMMERCE_UNAVAILABLE',
      message: `BigCommerce answered ${e.status}`,
      remedy: 'BigCommerce may be having trouble; see status.bigcommerce.com and try again later.',
    };
  }
}
