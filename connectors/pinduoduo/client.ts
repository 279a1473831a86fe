import {
  ConnectorError,
  isJsonObject,
  parseJsonExact,
  transientError,
  type CheckResult,
  type ConnectorContext,
  type JsonObject,
  type Page,
  type PageRequest,
  gatewayCheckFailureOf,
  type GatewayCheckTexts,
} from '../../src/sdk';
import { API_VERSION, GATEWAY_URL, type PinduoduoConfig } from './config';
import { pddFailure, readPddError } from './errors';
import { pddSign } from './sign';

/** The one rate bucket every Pinduoduo call of a connection takes from. */
export const RATE_BUCKET = 'pop';

/** Largest `page_size` the increment API serves. */
export const PAGE_SIZE = 100;

const INCREMENT = 'pdd.order.number.list.increment.get';

/** Calls one POP method: system parameters, signature, form POST; answers the body's `response_key` object. */
export async function callPdd(
  ctx: ConnectorContext<PinduoduoConfig>,
  type: string,
  responseKey: string,
  business: Record<string, string>,
): Promise<JsonObject> {
  const c = ctx.config;
  const params: Record<string, string> = {
    ...business,
    type,
    client_id: c.clientId,
    access_token: c.accessToken,
    timestamp: String(Math.floor(ctx.clock.now().getTime() / 1000)),
    data_type: 'JSON',
    version: API_VERSION,
  };
  params['sign'] = pddSign(params, c.clientSecret);
  await ctx.rate.take(RATE_BUCKET);
  // POST keeps the token and signature out of URLs, which proxies and access logs record.
  const res = await ctx.http.request({
    method: 'POST',
    url: GATEWAY_URL,
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
    body: new URLSearchParams(params).toString(),
    responseType: 'text',
  });
  const body = typeof res.data === 'string' ? parseJsonExact(res.data) : undefined;
  const error = readPddError(body);
  if (error) throw pddFailure(error, type);
  const inner = isJsonObject(body) ? body[responseKey] : undefined;
  if (!isJsonObject(inner)) {
    throw transientError(`Pinduoduo ${type} answered without ${responseKey}`, {
      code: 'PINDUODUO_UNEXPECTED_RESPONSE',
      status: res.status,
    });
  }
  return inner;
}

function pageNumber(token: string | undefined): number | undefined {
  if (token === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(token)) {
    throw new ConnectorError('bug', 'Pinduoduo page token is not a page number', {
      code: 'PINDUODUO_PAGE_TOKEN_INVALID',
    });
  }
  return Number(token);
}

/** The window filters: Unix seconds (rounded down), every order and refund status, lucky-draw orders by setting. */
function windowParams(config: PinduoduoConfig, req: PageRequest): Record<string, string> {
  return {
    start_updated_at: String(Math.floor(Date.parse(req.from) / 1000)),
    end_updated_at: String(Math.floor(Date.parse(req.to) / 1000)),
    order_status: '5',
    refund_status: '5',
    is_lucky_flag: config.includeLuckyDraw ? '0' : '1',
  };
}

/**
 * Pages one window of `pdd.order.number.list.increment.get`. Pinduoduo tells integrators to page from the last
 * page back: an order updated while we page leaves the window and shifts the rest, and reading forwards would
 * skip one. The first call reads page 1 and `total_count`; then pages run from the last back to page 1 again, so
 * a shift only repeats an order (the inbox drops repeats). Tokens are page numbers.
 */
export async function fetchOrdersPage(
  ctx: ConnectorContext<PinduoduoConfig>,
  req: PageRequest,
): Promise<Page> {
  const requested = pageNumber(req.pageToken);
  const res = await callPdd(ctx, INCREMENT, 'order_sn_increment_get_response', {
    ...windowParams(ctx.config, req),
    page: String(requested ?? 1),
    page_size: String(PAGE_SIZE),
  });
  const list = res['order_sn_list'];
  const records = list === undefined || list === null ? [] : list;
  if (!Array.isArray(records)) {
    throw transientError('Pinduoduo answered order_sn_list that is not a list', {
      code: 'PINDUODUO_UNEXPECTED_RESPONSE',
    });
  }
  let next: number | undefined;
  if (requested === undefined) {
    const total = res['total_count'];
    if (typeof total !== 'number' || !Number.isSafeInteger(total) || total < 0) {
      throw transientError('Pinduoduo answered the increment list without total_count', {
        code: 'PINDUODUO_UNEXPECTED_RESPONSE',
      });
    }
    const last = Math.ceil(total / PAGE_SIZE);
    next = last > 1 ? last : undefined;
  } else {
    next = requested > 1 ? requested - 1 : undefined;
  }
  ctx.log.debug({ records: records.length, page: requested ?? 1, next }, 'pinduoduo orders page');
  return next === undefined ? { records } : { records, nextPageToken: String(next) };
}

/** Fetches orders one by one with `pdd.order.information.get`, in the shape the mapping reads. */
export async function fetchOrders(
  ctx: ConnectorContext<PinduoduoConfig>,
  orderSns: string[],
): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const orderSn of orderSns) {
    const res = await callPdd(ctx, 'pdd.order.information.get', 'order_info_get_response', {
      order_sn: orderSn,
    });
    if (!isJsonObject(res['order_info'])) {
      throw transientError('Pinduoduo answered order information without order_info', {
        code: 'PINDUODUO_UNEXPECTED_RESPONSE',
      });
    }
    out.push(res['order_info']);
  }
  return out;
}

/** Checks client id, secret, access token and the order permission with a one-order increment query. */
export async function checkConnection(ctx: ConnectorContext<PinduoduoConfig>): Promise<CheckResult> {
  const now = ctx.clock.now().getTime();
  try {
    await callPdd(ctx, INCREMENT, 'order_sn_increment_get_response', {
      ...windowParams(ctx.config, {
        from: new Date(now - 30 * 60_000).toISOString(),
        to: new Date(now - 5 * 60_000).toISOString(),
      }),
      page: '1',
      page_size: '1',
      use_has_next: 'true',
    });
    return { ok: true, detail: 'Pinduoduo accepted the client credentials and the shop access_token.' };
  } catch (error) {
    return gatewayCheckFailureOf(error, CHECK_TEXTS);
  }
}

const CHECK_TEXTS: GatewayCheckTexts = {
  rateLimited: {
    code: 'PINDUODUO_RATE_LIMITED',
    remedy:
      'Pinduoduo is limiting this application’s calls right now. Try again in a minute; if it persists, another tool is using the same application’s quota.',
  },
  unreachable: {
    code: 'PINDUODUO_UNREACHABLE',
    remedy: 'Check the hub’s outbound network (DNS, firewall, proxy) to gw-api.pinduoduo.com.',
  },
  refusedRemedy:
    'Pinduoduo refused the check query. Look the error code up in the open-platform error list: a signature error means a wrong client_secret; a permission error means the application lacks the order API (订单 API) permission or the merchant did not grant it.',
};
