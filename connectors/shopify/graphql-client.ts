import {
  authError,
  ConnectorError,
  isJsonObject,
  rateLimitedError,
  transientError,
  type ConnectorContext,
  type JsonObject,
  type Page,
  type PageRequest,
} from '../../src/sdk';
import { adminUrl, shopifyError } from './client';
import type { ShopifyConfig } from './config';
import { NODES_PER_CALL, NODES_QUERY, ORDERS_PER_PAGE, ORDERS_QUERY } from './graphql-query';

/** Token bucket of GraphQL query cost, in points. */
export const GRAPHQL_BUCKET = 'graphql';
/**
 * Half of the standard plan's budget (100 points/s restore, 2 000 points banked), so polling leaves the rest
 * to other apps and scripts of the shop.
 */
export const GRAPHQL_RATE_LIMIT = { ratePerSecond: 50, burst: 1000 };
/** Cost taken before the first call of a kind, until a response tells the real one. */
export const DEFAULT_QUERY_COST = 500;
const COST_CACHE_TTL_MS = 24 * 60 * 60_000;

/** `extensions.cost` of a GraphQL response. */
export interface QueryCost {
  requestedQueryCost: number | null;
  actualQueryCost: number | null;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number } | null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Reads `extensions.cost`; parts Shopify left out are null. */
export function readCost(body: unknown): QueryCost {
  const ext = isJsonObject(body) && isJsonObject(body['extensions']) ? body['extensions'] : {};
  const cost = isJsonObject(ext['cost']) ? ext['cost'] : {};
  const t = isJsonObject(cost['throttleStatus']) ? cost['throttleStatus'] : null;
  const max = t ? num(t['maximumAvailable']) : null;
  const available = t ? num(t['currentlyAvailable']) : null;
  const restore = t ? num(t['restoreRate']) : null;
  return {
    requestedQueryCost: num(cost['requestedQueryCost']),
    actualQueryCost: num(cost['actualQueryCost']),
    throttleStatus:
      max !== null && available !== null && restore !== null && restore > 0
        ? { maximumAvailable: max, currentlyAvailable: available, restoreRate: restore }
        : null,
  };
}

/** How long until the bucket holds `needed` points again, at its restore rate. */
export function refillWaitMs(needed: number, cost: QueryCost): number {
  const t = cost.throttleStatus;
  if (!t) return 1000;
  const deficit = needed - t.currentlyAvailable;
  return deficit > 0 ? Math.ceil((deficit / t.restoreRate) * 1000) : 0;
}

function errorCodes(body: unknown): string[] {
  if (!isJsonObject(body) || !Array.isArray(body['errors'])) return [];
  return body['errors'].map((e) =>
    isJsonObject(e) && isJsonObject(e['extensions']) && typeof e['extensions']['code'] === 'string'
      ? e['extensions']['code']
      : 'UNKNOWN',
  );
}

/**
 * Turns the `errors` of an HTTP-200 GraphQL answer into a classified error: THROTTLED waits for the points the
 * query asked for, ACCESS_DENIED names the scopes, Shopify's internal errors are retried, anything else is a
 * connector bug (a query the pinned API version does not accept). Error messages are not copied: they can
 * quote field values.
 */
export function graphqlError(body: unknown): ConnectorError | undefined {
  const codes = errorCodes(body);
  if (codes.length === 0) return undefined;
  if (codes.includes('THROTTLED')) {
    const cost = readCost(body);
    const retryAfterMs = Math.max(1000, refillWaitMs(cost.requestedQueryCost ?? DEFAULT_QUERY_COST, cost));
    return rateLimitedError('Shopify throttled the GraphQL query (query cost budget exhausted)', {
      code: 'SHOPIFY_THROTTLED',
      retryAfterMs,
    });
  }
  if (codes.includes('ACCESS_DENIED')) {
    return authError('the access token lacks a scope the order query needs', {
      code: 'SHOPIFY_SCOPE_MISSING',
      remedy:
        'Give the custom app the read_orders scope, and read_all_orders to read orders older than 60 days, under Configuration → Admin API integration; then reinstall it and save the new token.',
    });
  }
  if (codes.includes('INTERNAL_SERVER_ERROR')) {
    return transientError('Shopify failed to run the GraphQL query', { code: 'SHOPIFY_UNAVAILABLE' });
  }
  return new ConnectorError('bug', `Shopify refused the GraphQL query (${codes.join(', ')})`, {
    code: 'SHOPIFY_GRAPHQL_ERROR',
  });
}

/**
 * Sends one GraphQL document. Takes the query's last known cost from the bucket first; afterwards, when the
 * shop's bucket is under half full, waits until it is back to half so polling never drains it.
 */
export async function graphql(
  ctx: ConnectorContext<ShopifyConfig>,
  kind: string,
  query: string,
  variables: JsonObject,
): Promise<{ data: JsonObject; cost: QueryCost; headers: Record<string, string> }> {
  const cacheKey = `graphql-cost:${kind}`;
  const known = Number(await ctx.cache.get(cacheKey));
  const estimate = Number.isFinite(known) && known > 0 ? known : DEFAULT_QUERY_COST;
  await ctx.rate.take(GRAPHQL_BUCKET, Math.min(estimate, GRAPHQL_RATE_LIMIT.burst));
  const res = await ctx.http
    .request({
      method: 'POST',
      url: adminUrl(ctx.config.shopDomain, 'graphql.json'),
      headers: {
        'x-shopify-access-token': ctx.config.accessToken,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: { query, variables },
    })
    .catch((error: unknown) => {
      throw shopifyError(error);
    });
  const body = res.data;
  const failure = graphqlError(body);
  if (failure) throw failure;
  const data = isJsonObject(body) && isJsonObject(body['data']) ? body['data'] : null;
  if (!data) {
    throw transientError('Shopify answered the GraphQL query without data', {
      code: 'SHOPIFY_UNEXPECTED_RESPONSE',
      status: res.status,
    });
  }
  const cost = readCost(body);
  const spent = cost.actualQueryCost ?? cost.requestedQueryCost;
  if (spent !== null && spent > 0) await ctx.cache.set(cacheKey, String(spent), COST_CACHE_TTL_MS);
  const t = cost.throttleStatus;
  const waitMs = t ? refillWaitMs(t.maximumAvailable / 2, cost) : 0;
  if (waitMs > 0) {
    ctx.log.info({ available: t?.currentlyAvailable, waitMs }, 'shopify query budget under half; pausing');
    await ctx.sleep(waitMs);
  }
  return { data, cost, headers: res.headers };
}

/** Shopify search syntax for `[from, to)`. Timestamps have whole seconds, so `to` rounds up exactly. */
export function windowQuery(req: PageRequest): string {
  const floor = new Date(Math.floor(Date.parse(req.from) / 1000) * 1000);
  const ceil = new Date(Math.ceil(Date.parse(req.to) / 1000) * 1000);
  const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');
  return `updated_at:>='${iso(floor)}' AND updated_at:<'${iso(ceil)}'`;
}

/**
 * One page of orders changed in `[from, to)`, oldest change first. Orders are the GraphQL nodes as received:
 * the raw record a GraphQL pull stores (`toCanonical` converts them).
 */
export async function fetchOrdersPageGraphql(
  ctx: ConnectorContext<ShopifyConfig>,
  req: PageRequest,
): Promise<Page> {
  const { data } = await graphql(ctx, 'orders', ORDERS_QUERY, {
    first: ORDERS_PER_PAGE,
    after: req.pageToken ?? null,
    query: windowQuery(req),
  });
  const orders = isJsonObject(data['orders']) ? data['orders'] : null;
  const pageInfo = orders && isJsonObject(orders['pageInfo']) ? orders['pageInfo'] : null;
  const records = orders && Array.isArray(orders['nodes']) ? orders['nodes'] : null;
  if (!records || !pageInfo) {
    throw transientError('Shopify answered the orders query without orders', {
      code: 'SHOPIFY_UNEXPECTED_RESPONSE',
    });
  }
  const next = pageInfo['hasNextPage'] === true ? pageInfo['endCursor'] : undefined;
  if (pageInfo['hasNextPage'] === true && (typeof next !== 'string' || next === '')) {
    throw new ConnectorError('bug', 'Shopify said there is a next page but gave no cursor', {
      code: 'SHOPIFY_CURSOR_MISSING',
    });
  }
  ctx.log.debug({ records: records.length, more: next !== undefined }, 'shopify graphql orders page');
  return typeof next === 'string' ? { records, nextPageToken: next } : { records };
}

/** The current GraphQL nodes of the given orders; orders Shopify no longer has are left out. */
export async function fetchOrdersGraphql(
  ctx: ConnectorContext<ShopifyConfig>,
  externalIds: string[],
): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let i = 0; i < externalIds.length; i += NODES_PER_CALL) {
    const ids = externalIds.slice(i, i + NODES_PER_CALL).map((id) => `gid://shopify/Order/${id}`);
    const { data } = await graphql(ctx, 'nodes', NODES_QUERY, { ids });
    if (!Array.isArray(data['nodes'])) {
      throw transientError('Shopify answered the nodes query without nodes', {
        code: 'SHOPIFY_UNEXPECTED_RESPONSE',
      });
    }
    const found = data['nodes'].filter((n) => isJsonObject(n) && n['__typename'] === 'Order');
    if (found.length < ids.length) {
      ctx.log.info({ asked: ids.length, found: found.length }, 'shopify orders no longer readable');
    }
    out.push(...found);
  }
  return out;
}
