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
import { API_VERSION, GATEWAYS, type TaobaoConfig } from './config';
import { readTopError, topFailure } from './errors';
import { formatChinaTime, wrappedList } from './raw';
import { topSign } from './sign';

/** The one rate bucket every TOP call of a connection takes from. */
export const RATE_BUCKET = 'top';

/** Largest `page_size` the increment API serves. */
export const PAGE_SIZE = 100;

/** Trade and sub-order fields the mapping reads; `orders` brings every sub-order field. */
export const TRADE_FIELDS = [
  'tid',
  'status',
  'type',
  'created',
  'modified',
  'pay_time',
  'consign_time',
  'end_time',
  'payment',
  'total_fee',
  'post_fee',
  'discount_fee',
  'adjust_fee',
  'order_tax_fee',
  'seller_nick',
  'buyer_nick',
  'buyer_open_uid',
  'buyer_message',
  'seller_memo',
  'receiver_name',
  'receiver_mobile',
  'receiver_phone',
  'receiver_country',
  'receiver_state',
  'receiver_city',
  'receiver_district',
  'receiver_town',
  'receiver_address',
  'receiver_zip',
  'oaid',
  'shipping_type',
  'alipay_no',
  'trade_from',
  'promotion_details',
  'orders',
].join(',');

/** Calls one TOP method: system parameters, signature, form POST; answers the `<method>_response` object. */
export async function callTop(
  ctx: ConnectorContext<TaobaoConfig>,
  method: string,
  business: Record<string, string>,
): Promise<JsonObject> {
  const c = ctx.config;
  const params: Record<string, string> = {
    ...business,
    method,
    app_key: c.appKey,
    session: c.sessionKey,
    timestamp: formatChinaTime(ctx.clock.now().getTime()),
    format: 'json',
    v: API_VERSION,
    sign_method: c.signMethod ?? 'md5',
  };
  params['sign'] = topSign(params, c.appSecret, c.signMethod ?? 'md5');
  await ctx.rate.take(RATE_BUCKET);
  // POST keeps the session key and signature out of URLs, which proxies and access logs record.
  const res = await ctx.http.request({
    method: 'POST',
    url: c.gatewayUrl ?? GATEWAYS[0],
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
    body: new URLSearchParams(params).toString(),
    responseType: 'text',
  });
  const body = typeof res.data === 'string' ? parseJsonExact(res.data) : undefined;
  const error = readTopError(body);
  if (error) throw topFailure(error, method);
  const key = `${method.replace(/^taobao\./, '').replace(/\./g, '_')}_response`;
  const inner = isJsonObject(body) ? body[key] : undefined;
  if (!isJsonObject(inner)) {
    throw transientError(`TOP ${method} answered without ${key}`, {
      code: 'TAOBAO_UNEXPECTED_RESPONSE',
      status: res.status,
    });
  }
  return inner;
}

function pageNumber(token: string | undefined): number | undefined {
  if (token === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(token)) {
    throw new ConnectorError('bug', 'Taobao page token is not a page number', {
      code: 'TAOBAO_PAGE_TOKEN_INVALID',
    });
  }
  return Number(token);
}

/**
 * Pages one window of `taobao.trades.sold.increment.get`. TOP sorts by `modified` descending; a trade modified
 * while we page leaves the window and shifts the later ones up a place, so reading forwards would skip one. So:
 * the first call reads page 1 and the count, then pages run from the last back to the first, page 1 included
 * again. Shifts then only repeat a trade (the inbox drops repeats), never hide one. Tokens are page numbers.
 */
export async function fetchTradesPage(ctx: ConnectorContext<TaobaoConfig>, req: PageRequest): Promise<Page> {
  const requested = pageNumber(req.pageToken);
  const res = await callTop(ctx, 'taobao.trades.sold.increment.get', {
    fields: TRADE_FIELDS,
    start_modified: formatChinaTime(Date.parse(req.from)),
    end_modified: formatChinaTime(Date.parse(req.to)),
    page_no: String(requested ?? 1),
    page_size: String(PAGE_SIZE),
  });
  const records = wrappedList(res['trades'], 'trade', '/trades');
  let next: number | undefined;
  if (requested === undefined) {
    const total = res['total_results'];
    if (typeof total !== 'number' || !Number.isSafeInteger(total) || total < 0) {
      throw transientError('TOP answered the increment list without total_results', {
        code: 'TAOBAO_UNEXPECTED_RESPONSE',
      });
    }
    const last = Math.ceil(total / PAGE_SIZE);
    next = last > 1 ? last : undefined;
  } else {
    next = requested > 1 ? requested - 1 : undefined;
  }
  ctx.log.debug({ records: records.length, page: requested ?? 1, next }, 'taobao trades page');
  return next === undefined ? { records } : { records, nextPageToken: String(next) };
}

/** Fetches trades one by one with `taobao.trade.fullinfo.get`, in the shape the mapping reads. */
export async function fetchTrades(ctx: ConnectorContext<TaobaoConfig>, tids: string[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const tid of tids) {
    const res = await callTop(ctx, 'taobao.trade.fullinfo.get', { tid, fields: TRADE_FIELDS });
    if (!isJsonObject(res['trade'])) {
      throw transientError('TOP answered fullinfo without a trade', { code: 'TAOBAO_UNEXPECTED_RESPONSE' });
    }
    out.push(res['trade']);
  }
  return out;
}

/** Checks key, secret, signature method, session and the trade permission with a one-trade increment query. */
export async function checkConnection(ctx: ConnectorContext<TaobaoConfig>): Promise<CheckResult> {
  const now = ctx.clock.now().getTime();
  try {
    await callTop(ctx, 'taobao.trades.sold.increment.get', {
      fields: 'tid',
      start_modified: formatChinaTime(now - 30 * 60_000),
      end_modified: formatChinaTime(now - 60_000),
      page_no: '1',
      page_size: '1',
      use_has_next: 'true',
    });
    return { ok: true, detail: 'TOP accepted the app credentials and the seller session for trade reads.' };
  } catch (error) {
    return gatewayCheckFailureOf(error, CHECK_TEXTS);
  }
}

const CHECK_TEXTS: GatewayCheckTexts = {
  rateLimited: {
    code: 'TAOBAO_RATE_LIMITED',
    remedy:
      'TOP has banned calls for a while (call quota used up). Try again later; if it persists, raise the application’s flow-control quota in the TOP console.',
  },
  unreachable: {
    code: 'TAOBAO_UNREACHABLE',
    remedy:
      'Check the hub’s outbound network (DNS, firewall, proxy) to the TOP gateway, or try the other gateway.',
  },
  refusedRemedy:
    'TOP refused the check query; see the error code in the TOP error-code list and try again later.',
};
