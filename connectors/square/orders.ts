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
import { call } from './client';
import type { SquareConfig } from './config';

/** SearchOrders takes at most 10 location ids per call. */
export const LOCATIONS_PER_CALL = 10;
/** Orders per SearchOrders page (Square's default; the maximum is 1000). */
export const PAGE_LIMIT = 500;
/** BatchRetrieveOrders takes at most 100 ids. */
export const BATCH_LIMIT = 100;
/** How long a listed set of locations is reused before listing again. */
const LOCATIONS_TTL_MS = 60 * 60_000;
const LOCATIONS_CACHE_KEY = 'square-location-ids';

/**
 * DRAFT orders are carts that were never placed; the pull leaves them out. A draft that is placed becomes OPEN
 * with a fresh updated_at, and is read then.
 */
export const PULLED_STATES = ['OPEN', 'COMPLETED', 'CANCELED'];

function unexpected(what: string, res: HttpResponse): ConnectorError {
  return transientError(`Square answered ${what} with an unexpected body`, {
    code: 'SQUARE_UNEXPECTED_RESPONSE',
    status: res.status,
  });
}

function orderList(res: HttpResponse, what: string): JsonObject[] {
  const body = res.data;
  if (!isJsonObject(body)) throw unexpected(what, res);
  const orders = body['orders'] ?? [];
  if (!Array.isArray(orders) || !orders.every(isJsonObject)) throw unexpected(what, res);
  return orders;
}

/** The configured locations, or all of the seller's (listed at most once an hour), sorted. */
export async function locationIds(ctx: ConnectorContext<SquareConfig>): Promise<string[]> {
  if (ctx.config.locationIds !== undefined && ctx.config.locationIds.length > 0) {
    return [...ctx.config.locationIds].sort();
  }
  const cached = await ctx.cache.get(LOCATIONS_CACHE_KEY);
  if (cached !== undefined) return cached.split(',').filter((id) => id !== '');
  const res = await call(ctx, 'GET', '/v2/locations');
  const body = res.data;
  const locations = isJsonObject(body) ? (body['locations'] ?? []) : null;
  if (!Array.isArray(locations)) throw unexpected('ListLocations', res);
  // Inactive locations are kept: an offline POS at a since-closed location can still upload orders.
  const ids = locations
    .flatMap((l: unknown) => (isJsonObject(l) && typeof l['id'] === 'string' ? [l['id']] : []))
    .sort();
  await ctx.cache.set(LOCATIONS_CACHE_KEY, ids.join(','), LOCATIONS_TTL_MS);
  return ids;
}

/** Splits locations into SearchOrders-sized groups. */
export function groups(ids: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += LOCATIONS_PER_CALL) out.push(ids.slice(i, i + LOCATIONS_PER_CALL));
  return out;
}

/** Page token: `<group index>` to start a group, `<group index>:<Square cursor>` inside one. */
function readToken(token: string | undefined): { group: number; cursor?: string } {
  if (token === undefined) return { group: 0 };
  const m = /^(\d+)(?::(.+))?$/.exec(token);
  if (!m) throw new ConnectorError('bug', 'unreadable Square page token', { code: 'SQUARE_PAGE_TOKEN' });
  return m[2] === undefined ? { group: Number(m[1]) } : { group: Number(m[1]), cursor: m[2] };
}

/**
 * Pages one window `[from, to)` of orders by `updated_at`, oldest change first. Square's time range includes
 * both ends and has millisecond precision, so the end sent is `to − 1 ms`. More than ten locations are read
 * as consecutive groups within the window; the page token carries the group and Square's cursor (which is only
 * valid with the same query, so the query is rebuilt identically from the window).
 */
export async function fetchOrdersPage(
  ctx: ConnectorContext<SquareConfig>,
  req: PageRequest,
  limit = PAGE_LIMIT,
): Promise<Page> {
  const all = groups(await locationIds(ctx));
  const token = readToken(req.pageToken);
  const group = all[token.group];
  if (group === undefined) return { records: [] };
  const endAt = new Date(Date.parse(req.to) - 1).toISOString();
  const res = await call(ctx, 'POST', '/v2/orders/search', {
    location_ids: group,
    limit,
    return_entries: false,
    ...(token.cursor === undefined ? {} : { cursor: token.cursor }),
    query: {
      filter: {
        date_time_filter: { updated_at: { start_at: req.from, end_at: endAt } },
        state_filter: { states: PULLED_STATES },
      },
      sort: { sort_field: 'UPDATED_AT', sort_order: 'ASC' },
    },
  });
  const records = orderList(res, 'SearchOrders');
  const body = isJsonObject(res.data) ? res.data : {};
  const cursor = typeof body['cursor'] === 'string' && body['cursor'] !== '' ? body['cursor'] : undefined;
  ctx.log.debug(
    { records: records.length, group: token.group, more: cursor !== undefined },
    'square orders page',
  );
  if (cursor !== undefined) return { records, nextPageToken: `${token.group}:${cursor}` };
  if (token.group + 1 < all.length) return { records, nextPageToken: String(token.group + 1) };
  return { records };
}

/** Re-reads orders by id with BatchRetrieveOrders, 100 at a time. Ids Square does not know are left out. */
export async function fetchOrders(
  ctx: ConnectorContext<SquareConfig>,
  externalIds: string[],
): Promise<JsonObject[]> {
  const out: JsonObject[] = [];
  for (let i = 0; i < externalIds.length; i += BATCH_LIMIT) {
    const res = await call(ctx, 'POST', '/v2/orders/batch-retrieve', {
      order_ids: externalIds.slice(i, i + BATCH_LIMIT),
    });
    out.push(...orderList(res, 'BatchRetrieveOrders'));
  }
  return out;
}

/** Lists the locations (unless configured) and searches one order: proves token, scopes and location ids. */
export async function checkConnection(ctx: ConnectorContext<SquareConfig>): Promise<CheckResult> {
  try {
    const ids = await locationIds(ctx);
    const first = groups(ids)[0];
    if (first === undefined) {
      return {
        ok: false,
        code: 'SQUARE_NO_LOCATIONS',
        message: 'the seller has no locations',
        remedy:
          'Create a location in the Square Dashboard, or check that the token belongs to the right seller.',
      };
    }
    await call(ctx, 'POST', '/v2/orders/search', { location_ids: first, limit: 1, return_entries: true });
    return {
      ok: true,
      detail: `Token can read orders of ${ids.length} location(s). Shipment write-back also needs ORDERS_WRITE (not checked).`,
    };
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    if ((error.kind === 'auth' || error.kind === 'config') && error.remedy !== undefined) {
      return { ok: false, code: error.code, message: error.message, remedy: error.remedy };
    }
    if (error.kind === 'rate_limited') {
      return {
        ok: false,
        code: 'SQUARE_RATE_LIMITED',
        message: 'Square is rate-limiting this application right now',
        remedy: 'Try the check again in a minute.',
      };
    }
    if (error.status === undefined) {
      return {
        ok: false,
        code: 'SQUARE_UNREACHABLE',
        message: `could not reach Square (${error.code})`,
        remedy: 'Check the hub’s outbound network (DNS, firewall, proxy).',
      };
    }
    return {
      ok: false,
      code: 'SQUARE_UNAVAILABLE',
      message: `Square answered ${error.status}`,
      remedy: 'Square may be having trouble; see issquareup.com and try again later.',
    };
  }
}
