import {
  authError,
  configError,
  ConnectorError,
  isJsonObject,
  transientError,
  type CheckResult,
  type ConnectorContext,
  type HttpResponse,
  type Page,
  type PageRequest,
  checkFailureOf,
  type CheckFailureTexts,
} from '../../src/sdk';
import { API_VERSION, type WooCommerceConfig } from './config';

/** WordPress caps REST collections at 100 per page. */
export const PER_PAGE = 100;

/** The rate bucket every counted call takes from. */
export const RATE_BUCKET = 'api';

type Ctx = ConnectorContext<WooCommerceConfig>;

/** `https://site/wp-json/wc/v3/<resource>`. */
export function apiUrl(config: WooCommerceConfig, resource: string): string {
  return `${config.siteUrl.replace(/\/+$/, '')}/wp-json/${API_VERSION}/${resource}`;
}

export function basicAuth(config: WooCommerceConfig): string {
  return `Basic ${Buffer.from(`${config.consumerKey}:${config.consumerSecret}`, 'utf8').toString('base64')}`;
}

/** The `code` of a WordPress REST error body (`{"code":"woocommerce_rest_…","message":…}`). */
function wpErrorCode(data: unknown): string | undefined {
  return isJsonObject(data) && typeof data['code'] === 'string' ? data['code'] : undefined;
}

const KEY_REMEDY =
  'In WordPress open WooCommerce → Settings → Advanced → REST API, create a key with Read permission for an administrator or shop manager, and save its consumer key and secret in the connection.';

/**
 * Turns auth and address failures into WooCommerce-specific errors with remedies. WooCommerce answers 401 both
 * for a wrong key and for a key without read permission; the body's `code` tells them apart.
 */
function wooError(res: HttpResponse): ConnectorError {
  const code = wpErrorCode(res.data);
  const o = { status: res.status };
  if (res.status === 401 || res.status === 403) {
    if (code === 'woocommerce_rest_cannot_view') {
      return authError('the REST API key may not read orders', {
        ...o,
        code: 'WOOCOMMERCE_PERMISSION_MISSING',
        remedy: `The key's user or permission is too weak. ${KEY_REMEDY}`,
      });
    }
    return authError('WooCommerce refused the REST API key', {
      ...o,
      code: 'WOOCOMMERCE_KEY_INVALID',
      remedy: `The key is wrong, revoked, or the server drops the Authorization header. ${KEY_REMEDY} If it still fails, ask the host to pass Authorization headers to PHP.`,
    });
  }
  if (res.status === 404) {
    return configError('no WooCommerce REST API at this address', {
      ...o,
      code: 'WOOCOMMERCE_API_NOT_FOUND',
      remedy:
        'Check siteUrl (the WordPress address, without /wp-json), that WooCommerce is active, and that Settings → Permalinks is not set to Plain.',
    });
  }
  return configError('WooCommerce redirected the request', {
    ...o,
    code: 'WOOCOMMERCE_REDIRECTED',
    remedy:
      'Set siteUrl to the exact address WordPress uses (https, with or without www, as in Settings → General).',
  });
}

/** One counted GET against the REST API. Redirects, 401, 403 and 404 come back as WooCommerce errors. */
export async function get(
  ctx: Ctx,
  resource: string,
  params: Record<string, string | number> = {},
): Promise<HttpResponse> {
  await ctx.rate.take(RATE_BUCKET);
  const res = await ctx.http.request({
    url: apiUrl(ctx.config, resource),
    params,
    headers: { authorization: basicAuth(ctx.config), accept: 'application/json' },
    okStatuses: [301, 302, 307, 308, 401, 403, 404],
  });
  if (res.status >= 300) throw wooError(res);
  return res;
}

function listOf(res: HttpResponse, what: string): unknown[] {
  if (!Array.isArray(res.data)) {
    // Security plugins and maintenance pages answer 200 with HTML; retrying later is the right move.
    throw transientError(`WooCommerce answered ${what} without a JSON list`, {
      code: 'WOOCOMMERCE_UNEXPECTED_RESPONSE',
      status: res.status,
    });
  }
  return res.data;
}

function header(res: HttpResponse, name: string): number | undefined {
  const v = res.headers[name];
  return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v.trim()) : undefined;
}

/** WooCommerce filters on whole seconds; these bounds make the strict `after` / `before` fit `[from, to)`. */
export function windowParams(req: PageRequest): { modified_after: string; modified_before: string } {
  const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  // `modified_after` is strict (>), so one second earlier keeps `from` itself; `modified_before` is strict
  // (<), so rounding `to` up keeps everything before it.
  const after = Math.floor(Date.parse(req.from) / 1000) * 1000 - 1000;
  const before = Math.ceil(Date.parse(req.to) / 1000) * 1000;
  return { modified_after: fmt(after), modified_before: fmt(before) };
}

/** Page token: the page to read next and the `X-WP-Total` the window had when it was planned. */
export function parseToken(token: string | undefined): { page: number; total: number | undefined } {
  if (token === undefined) return { page: 1, total: undefined };
  const m = /^(\d+):(\d*)$/.exec(token);
  if (!m) {
    throw new ConnectorError('bug', 'unreadable WooCommerce page token', {
      code: 'WOOCOMMERCE_TOKEN_INVALID',
    });
  }
  return { page: Math.max(1, Number(m[1])), total: m[2] === '' ? undefined : Number(m[2]) };
}

/**
 * Which page to read after `page`, given how the window's size changed. Offset paging skips records when earlier
 * ones leave the result set mid-scan (an order modified again now sorts after `to`); when the total shrank by d,
 * the unread records moved up to d places towards the start, so paging steps back far enough to cover them.
 */
export function nextPage(
  page: number,
  expected: number | undefined,
  total: number,
  totalPages: number,
): number | undefined {
  if (expected !== undefined && total < expected) {
    const start = (page - 1) * PER_PAGE - (expected - total);
    return Math.max(1, Math.floor(start / PER_PAGE) + 1);
  }
  return page < totalPages ? page + 1 : undefined;
}

/** Fetches the full refund objects of an order: the order only lists refund ids and totals. */
export async function fetchRefunds(ctx: Ctx, orderId: string): Promise<unknown[]> {
  return listOf(await get(ctx, `orders/${orderId}/refunds`, { per_page: PER_PAGE }), 'refunds');
}

/** Builds the composite raw record `{ order, refunds }`, fetching refunds only for orders that have some. */
export async function composite(ctx: Ctx, order: unknown): Promise<{ order: unknown; refunds: unknown[] }> {
  if (!isJsonObject(order) || !Array.isArray(order['refunds']) || order['refunds'].length === 0) {
    return { order, refunds: [] };
  }
  const orderId = order['id'];
  if (typeof orderId !== 'number') return { order, refunds: [] };
  return { order, refunds: await fetchRefunds(ctx, String(orderId)) };
}

/**
 * Reads one page of orders modified in `[from, to)`, ordered by id: WooCommerce cannot sort by modification
 * date, and id order stays put while the scan runs. Every order comes back as the `{ order, refunds }` composite.
 */
export async function fetchOrdersPage(ctx: Ctx, req: PageRequest): Promise<Page> {
  const token = parseToken(req.pageToken);
  let res: HttpResponse;
  try {
    res = await get(ctx, 'orders', {
      ...windowParams(req),
      dates_are_gmt: 'true',
      status: 'any',
      orderby: 'id',
      order: 'asc',
      per_page: PER_PAGE,
      page: token.page,
    });
  } catch (error) {
    // A window that shrank below the planned page makes WordPress refuse the page number (400); starting the
    // window over costs a re-read (the inbox drops duplicates) where retrying the same page would never end.
    if (error instanceof ConnectorError && error.status === 400 && token.page > 1) {
      ctx.log.info(
        { page: token.page },
        'woocommerce page past the end of a shrunk window; restarting window',
      );
      return { records: [], nextPageToken: '1:' };
    }
    throw error;
  }
  const orders = listOf(res, 'orders');
  const total = header(res, 'x-wp-total');
  const totalPages = header(res, 'x-wp-totalpages');
  const records = [];
  for (const order of orders) records.push(await composite(ctx, order));
  // Without the headers (a proxy stripped them) a full page is the only sign that more may follow.
  const next =
    total === undefined || totalPages === undefined
      ? orders.length === PER_PAGE
        ? token.page + 1
        : undefined
      : nextPage(token.page, token.total, total, totalPages);
  ctx.log.debug({ page: token.page, records: records.length, total, next }, 'woocommerce orders page');
  return next === undefined ? { records } : { records, nextPageToken: `${next}:${total ?? ''}` };
}

/** Fetches the current composites of the given orders; orders WooCommerce no longer has are left out. */
export async function fetchOrders(ctx: Ctx, externalIds: string[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const externalId of externalIds) {
    if (!/^\d+$/.test(externalId)) continue;
    try {
      out.push(await composite(ctx, (await get(ctx, `orders/${externalId}`)).data));
    } catch (error) {
      if (error instanceof ConnectorError && error.code === 'WOOCOMMERCE_API_NOT_FOUND') continue;
      throw error;
    }
  }
  return out;
}

/** Lists one order: proves the address, the key, and its permission to read orders. */
export async function checkConnection(ctx: Ctx): Promise<CheckResult> {
  try {
    const res = await get(ctx, 'orders', { per_page: 1, status: 'any' });
    listOf(res, 'orders');
    return { ok: true, detail: `REST API ${API_VERSION} reachable; the key can read orders.` };
  } catch (error) {
    if (error instanceof ConnectorError && error.code === 'WOOCOMMERCE_UNEXPECTED_RESPONSE') {
      return {
        ok: false,
        code: error.code,
        message: 'the site answered with something other than JSON',
        remedy:
          'A security plugin, firewall or maintenance mode is intercepting /wp-json; allow the hub’s address or disable the block for /wp-json/wc/.',
      };
    }
    return checkFailureOf(error, CHECK_TEXTS);
  }
}

const CHECK_TEXTS: CheckFailureTexts = {
  rateLimited: {
    ok: false,
    code: 'WOOCOMMERCE_RATE_LIMITED',
    message: 'the host is rate-limiting requests',
    remedy: 'Try again in a minute; if it persists, ask the host to raise the limit for the hub’s address.',
  },
  unreachable: (code) => ({
    ok: false,
    code: 'WOOCOMMERCE_UNREACHABLE',
    message: `could not reach the site (${code})`,
    remedy: 'Check siteUrl, DNS and that the site has a valid HTTPS certificate.',
  }),
  unavailable: (status) => ({
    ok: false,
    code: 'WOOCOMMERCE_UNAVAILABLE',
    message: `the site answered ${status}`,
    remedy: 'The site or its PHP workers are failing; check the host’s error log and try again later.',
  }),
};
