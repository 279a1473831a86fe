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
import { DEFAULT_STORE_CODE, type MagentoConfig } from './config';
import { magentoMs, magentoTime } from './raw';

/** Orders per search call; Magento has no documented maximum, and orders are large. */
export const PAGE_SIZE = 50;

/** The rate bucket every counted call takes from. */
export const RATE_BUCKET = 'api';

type Ctx = ConnectorContext<MagentoConfig>;
type Params = Record<string, string | number>;

/** `https://shop/rest/<store>/V1/<resource>`. */
export function restUrl(config: MagentoConfig, resource: string): string {
  return `${config.baseUrl.replace(/\/+$/, '')}/rest/${config.storeCode ?? DEFAULT_STORE_CODE}/V1/${resource}`;
}

const ACCESS_REMEDY =
  'In the Magento admin open System → Extensions → Integrations: (1) the integration must be Active — reactivate it and copy the new Access Token into the connection; (2) under API → Resource Access grant Sales → Operations → Orders and Sales → Credit Memos; (3) on 2.4.4+ set Stores → Configuration → Services → OAuth → Consumer Settings → "Allow OAuth Access Tokens to be used as standalone Bearer tokens" to Yes.';

/**
 * Magento answers a rejected token and a token whose integration lacks the resource alike (401, "The consumer
 * isn't authorized to access %resources."), so one code carries the remedy for all the causes.
 */
function magentoError(res: HttpResponse): ConnectorError {
  const o = { status: res.status };
  if (res.status === 401 || res.status === 403) {
    return authError('Magento refused the access token for orders', {
      ...o,
      code: 'MAGENTO_ACCESS_DENIED',
      remedy: ACCESS_REMEDY,
    });
  }
  if (res.status === 404) {
    return configError('no Magento REST API at this address', {
      ...o,
      code: 'MAGENTO_API_NOT_FOUND',
      remedy:
        'Check baseUrl (the storefront address, without /rest) and storeCode (an existing store view code).',
    });
  }
  return configError('Magento redirected the request', {
    ...o,
    code: 'MAGENTO_REDIRECTED',
    remedy:
      'Set baseUrl to the exact secure base URL (Stores → Configuration → General → Web → Base URLs (Secure)).',
  });
}

/** One counted GET. Redirects, 401, 403 and 404 come back as Magento errors; `missingOk` returns 404 instead. */
export async function get(
  ctx: Ctx,
  resource: string,
  params: Params,
  missingOk = false,
): Promise<HttpResponse> {
  await ctx.rate.take(RATE_BUCKET);
  const res = await ctx.http.request({
    url: restUrl(ctx.config, resource),
    params,
    headers: { authorization: `Bearer ${ctx.config.accessToken}`, accept: 'application/json' },
    okStatuses: [301, 302, 307, 308, 401, 403, 404],
  });
  if (res.status === 404 && missingOk) return res;
  if (res.status >= 300) throw magentoError(res);
  return res;
}

/** One filter; each goes in its own filter group, because groups are AND-ed (filters within a group are OR-ed). */
export interface Filter {
  field: string;
  value: string | number;
  condition: 'eq' | 'gt' | 'gteq' | 'lt';
}

/** Flattens a search into `searchCriteria[...]` parameters, always on page 1 (see `fetchOrdersPage`). */
export function searchParams(filters: Filter[], sort: string[], pageSize: number): Params {
  const p: Params = {};
  filters.forEach((f, i) => {
    const at = `searchCriteria[filter_groups][${i}][filters][0]`;
    p[`${at}[field]`] = f.field;
    p[`${at}[value]`] = f.value;
    p[`${at}[condition_type]`] = f.condition;
  });
  sort.forEach((field, i) => {
    p[`searchCriteria[sortOrders][${i}][field]`] = field;
    p[`searchCriteria[sortOrders][${i}][direction]`] = 'ASC';
  });
  p['searchCriteria[pageSize]'] = pageSize;
  p['searchCriteria[currentPage]'] = 1;
  return p;
}

/** `{ items, total_count }` of a search answer. */
function searchResult(res: HttpResponse, what: string): { items: unknown[]; total: number } {
  const d = res.data;
  if (
    !isJsonObject(d) ||
    typeof d['total_count'] !== 'number' ||
    !(Array.isArray(d['items']) || d['items'] === undefined)
  ) {
    throw transientError(`Magento answered ${what} without a search result`, {
      code: 'MAGENTO_UNEXPECTED_RESPONSE',
      status: res.status,
    });
  }
  return { items: Array.isArray(d['items']) ? d['items'] : [], total: d['total_count'] };
}

/** Credit memos of an order: refunds live there, not on the order. */
async function creditMemos(ctx: Ctx, orderId: number): Promise<unknown[]> {
  const params = searchParams([{ field: 'order_id', value: orderId, condition: 'eq' }], ['entity_id'], 100);
  return searchResult(await get(ctx, 'creditmemos', params), 'creditmemos').items;
}

function refunded(order: Record<string, unknown>): boolean {
  const r = order['base_total_refunded'] ?? order['total_refunded'];
  return typeof r === 'number' && r > 0;
}

/** Builds the `{ order, creditmemos }` composite; memos are fetched only for orders with refunds. */
export async function composite(
  ctx: Ctx,
  order: unknown,
): Promise<{ order: unknown; creditmemos: unknown[] }> {
  if (!isJsonObject(order) || !refunded(order) || typeof order['entity_id'] !== 'number')
    return { order, creditmemos: [] };
  return { order, creditmemos: await creditMemos(ctx, order['entity_id']) };
}

/** Keyset position: the last order read, by (updated_at, entity_id). */
interface Key {
  t: string;
  id: number;
}

function keyOf(item: unknown): Key {
  if (isJsonObject(item) && typeof item['updated_at'] === 'string' && typeof item['entity_id'] === 'number') {
    if (magentoMs(item['updated_at']) !== undefined) return { t: item['updated_at'], id: item['entity_id'] };
  }
  throw transientError('Magento listed an order without entity_id or updated_at', {
    code: 'MAGENTO_UNEXPECTED_RESPONSE',
  });
}

export function parseToken(token: string): Key {
  const m = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})\|(\d+)$/.exec(token);
  if (!m?.[1] || !m[2])
    throw new ConnectorError('bug', 'unreadable Magento page token', { code: 'MAGENTO_TOKEN_INVALID' });
  return { t: m[1], id: Number(m[2]) };
}

const tokenOf = (k: Key): string => `${k.t}|${k.id}`;
const after = (a: Key, b: Key): boolean => a.t > b.t || (a.t === b.t && a.id > b.id);

/**
 * Reads one page of orders updated in `[from, to)` by keyset: every call asks for page 1 of "after the last
 * (updated_at, entity_id) read". Page numbers would drift as orders are re-saved mid-scan, and Magento answers a
 * page past the end with the last page again; keysets have neither problem. After a token, the rest of the
 * token's second is read first (same updated_at, higher entity_id), then the later seconds of the window.
 */
export async function fetchOrdersPage(ctx: Ctx, req: PageRequest): Promise<Page> {
  const upper = magentoTime(Math.ceil(Date.parse(req.to) / 1000) * 1000);
  const lower = magentoTime(Math.floor(Date.parse(req.from) / 1000) * 1000);
  const order = ['updated_at', 'entity_id'];
  const items: unknown[] = [];
  let more: boolean;
  let start: Key | undefined;
  if (req.pageToken === undefined) {
    const r = searchResult(
      await get(
        ctx,
        'orders',
        searchParams(
          [
            { field: 'updated_at', value: lower, condition: 'gteq' },
            { field: 'updated_at', value: upper, condition: 'lt' },
          ],
          order,
          PAGE_SIZE,
        ),
      ),
      'orders',
    );
    items.push(...r.items);
    more = r.total > r.items.length;
  } else {
    start = parseToken(req.pageToken);
    const tie = searchResult(
      await get(
        ctx,
        'orders',
        searchParams(
          [
            { field: 'updated_at', value: start.t, condition: 'eq' },
            { field: 'entity_id', value: start.id, condition: 'gt' },
          ],
          ['entity_id'],
          PAGE_SIZE,
        ),
      ),
      'orders',
    );
    items.push(...tie.items);
    more = tie.total > tie.items.length;
    if (!more) {
      const rest = searchResult(
        await get(
          ctx,
          'orders',
          searchParams(
            [
              { field: 'updated_at', value: start.t, condition: 'gt' },
              { field: 'updated_at', value: upper, condition: 'lt' },
            ],
            order,
            PAGE_SIZE,
          ),
        ),
        'orders',
      );
      items.push(...rest.items);
      more = rest.total > rest.items.length;
    }
  }
  const records = [];
  for (const item of items) records.push(await composite(ctx, item));
  ctx.log.debug({ records: records.length, more }, 'magento orders page');
  if (!more) return { records };
  const last = keyOf(items.at(-1));
  // A token that does not move forward would page forever; that is a Magento answer we do not understand.
  if (start !== undefined && !after(last, start)) {
    throw new ConnectorError('bug', 'Magento paging did not advance', { code: 'MAGENTO_PAGING_STUCK' });
  }
  return { records, nextPageToken: tokenOf(last) };
}

/** Fetches the current composites of the given orders (`GET /V1/orders/:id`); unknown ids are left out. */
export async function fetchOrders(ctx: Ctx, externalIds: string[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const externalId of externalIds) {
    if (!/^\d+$/.test(externalId)) continue;
    const res = await get(ctx, `orders/${externalId}`, {}, true);
    if (res.status === 404) continue;
    out.push(await composite(ctx, res.data));
  }
  return out;
}

/** Searches one order: proves the address, the token, and the integration's access to orders. */
export async function checkConnection(ctx: Ctx): Promise<CheckResult> {
  try {
    const res = await get(ctx, 'orders', {
      'searchCriteria[pageSize]': 1,
      'searchCriteria[currentPage]': 1,
      fields: 'total_count',
    });
    searchResult(res, 'orders');
    return { ok: true, detail: 'REST API reachable; the integration can read orders.' };
  } catch (error) {
    if (error instanceof ConnectorError && error.code === 'MAGENTO_UNEXPECTED_RESPONSE') {
      return {
        ok: false,
        code: error.code,
        message: 'the address answered with something other than a Magento search result',
        remedy: 'Check baseUrl points at Magento itself, not a CDN error page or a headless storefront.',
      };
    }
    return checkFailureOf(error, CHECK_TEXTS);
  }
}

const CHECK_TEXTS: CheckFailureTexts = {
  rateLimited: {
    ok: false,
    code: 'MAGENTO_RATE_LIMITED',
    message: 'the store (or its CDN) is rate-limiting requests',
    remedy: 'Try again in a minute; if it persists, allow-list the hub’s address in the CDN/WAF.',
  },
  unreachable: (code) => ({
    ok: false,
    code: 'MAGENTO_UNREACHABLE',
    message: `could not reach the store (${code})`,
    remedy: 'Check baseUrl, DNS and that the store has a valid HTTPS certificate.',
  }),
  unavailable: (status) => ({
    ok: false,
    code: 'MAGENTO_UNAVAILABLE',
    message: `the store answered ${status}`,
    remedy: 'Magento is failing; check var/log/exception.log on the server and try again later.',
  }),
};
