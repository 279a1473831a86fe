/**
 * Keeps the store's order webhooks pointing at the hub (reconciliation calls `ensure` on each run). WooCommerce
 * sets a webhook to `disabled` after five failed deliveries in a row and never turns it back on by itself.
 */
import {
  authError,
  configError,
  ConnectorError,
  isJsonObject,
  transientError,
  type ConnectorContext,
  type HttpResponse,
  type WebhookSubscriptionSpec,
} from '../../src/sdk';
import { PER_PAGE, RATE_BUCKET, apiUrl, basicAuth } from './client';
import type { WooCommerceConfig } from './config';

type Ctx = ConnectorContext<WooCommerceConfig>;

/** The topics the hub needs. */
export const SUBSCRIBED_TOPICS: readonly string[] = ['order.created', 'order.updated'];

/** A page cap so a store with a runaway plugin creating webhooks cannot keep the check paging forever. */
const MAX_PAGES = 50;

const KEY_REMEDY =
  'Keeping webhooks in place needs a REST API key with Read/Write permission of an administrator or shop manager (the manage_woocommerce capability): WooCommerce → Settings → Advanced → REST API → the key → Permissions: Read/Write. Or create the order.created and order.updated webhooks by hand.';

/** One webhook of the store, reduced to what the comparison needs. */
interface Hook {
  id: number;
  topic: string;
  deliveryUrl: string;
  status: string;
}

function failure(res: HttpResponse, what: string): ConnectorError {
  const code = isJsonObject(res.data) && typeof res.data['code'] === 'string' ? res.data['code'] : '';
  const o = { status: res.status };
  if (res.status === 401 || res.status === 403) {
    return authError(`the REST API key may not manage webhooks (${what})`, {
      ...o,
      code: 'WOOCOMMERCE_WEBHOOK_PERMISSION_MISSING',
      remedy: KEY_REMEDY,
    });
  }
  if (res.status === 404) {
    return configError('no WooCommerce webhooks API at this address', {
      ...o,
      code: 'WOOCOMMERCE_API_NOT_FOUND',
      remedy: 'Check siteUrl (the WordPress address, without /wp-json) and that WooCommerce is active.',
    });
  }
  if (res.status >= 300 && res.status < 400) {
    return configError('WooCommerce redirected the request', {
      ...o,
      code: 'WOOCOMMERCE_REDIRECTED',
      remedy: 'Set siteUrl to the exact address WordPress uses (Settings → General).',
    });
  }
  // WooCommerce checks the delivery URL when a webhook is saved; a 400 is about the hub's address.
  return configError(`WooCommerce refused the webhook (${code || res.status})`, {
    ...o,
    code: 'WOOCOMMERCE_WEBHOOK_REFUSED',
    remedy:
      'Check ORDERHUB_PUBLIC_URL is the hub’s public HTTPS address, then create the webhook by hand (WooCommerce → Settings → Advanced → Webhooks) to see WooCommerce’s reason.',
  });
}

async function call(
  ctx: Ctx,
  method: 'GET' | 'POST' | 'PUT',
  resource: string,
  options: { body?: object; params?: Record<string, string | number> } = {},
): Promise<HttpResponse> {
  await ctx.rate.take(RATE_BUCKET);
  const res = await ctx.http.request({
    method,
    url: apiUrl(ctx.config, resource),
    headers: { authorization: basicAuth(ctx.config), accept: 'application/json' },
    ...(options.body ? { body: options.body } : {}),
    ...(options.params ? { params: options.params } : {}),
    okStatuses: [301, 302, 307, 308, 400, 401, 403, 404],
  });
  if (res.status >= 300) throw failure(res, `${method} ${resource}`);
  return res;
}

function readHook(value: unknown): Hook | undefined {
  if (!isJsonObject(value)) return undefined;
  const { id, topic, delivery_url: deliveryUrl, status } = value;
  if (typeof id !== 'number' || typeof topic !== 'string' || typeof status !== 'string') return undefined;
  if (typeof deliveryUrl !== 'string') return undefined;
  return { id, topic, deliveryUrl, status };
}

async function listHooks(ctx: Ctx): Promise<Hook[]> {
  const out: Hook[] = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const res = await call(ctx, 'GET', 'webhooks', { params: { per_page: PER_PAGE, page } });
    if (!Array.isArray(res.data)) {
      throw transientError('WooCommerce answered the webhooks list without a JSON list', {
        code: 'WOOCOMMERCE_UNEXPECTED_RESPONSE',
        status: res.status,
      });
    }
    for (const h of res.data) {
      const hook = readHook(h);
      if (hook) out.push(hook);
    }
    const pages = Number(res.headers['x-wp-totalpages']);
    const more = Number.isFinite(pages) && pages > 0 ? page < pages : res.data.length === PER_PAGE;
    if (!more) break;
  }
  return out;
}

/**
 * Lists the store's webhooks and makes sure each topic has an active one delivering to `callbackUrl`: creates a
 * missing one (signed with the connection's webhook secret), re-activates one WooCommerce disabled after failed
 * deliveries. A `paused` one was paused by a person and is left alone (logged). Webhooks to other addresses
 * are never touched.
 */
export async function ensureSubscriptions(
  ctx: Ctx,
  callbackUrl: string,
): Promise<{ created: string[]; ok: string[] }> {
  const hooks = (await listHooks(ctx)).filter((h) => h.deliveryUrl === callbackUrl);
  const created: string[] = [];
  const ok: string[] = [];
  for (const topic of SUBSCRIBED_TOPICS) {
    const mine = hooks.filter((h) => h.topic === topic);
    if (mine.some((h) => h.status === 'active')) {
      ok.push(topic);
      continue;
    }
    const paused = mine.find((h) => h.status === 'paused');
    if (paused) {
      ctx.log.warn(
        { topic, webhookId: paused.id },
        'woocommerce webhook is paused in the store; left as it is',
      );
      continue;
    }
    const disabled = mine.find((h) => h.status === 'disabled');
    if (disabled) {
      await call(ctx, 'PUT', `webhooks/${disabled.id}`, { body: { status: 'active' } });
      ctx.log.info({ topic, webhookId: disabled.id }, 'woocommerce webhook re-activated');
    } else {
      await call(ctx, 'POST', 'webhooks', {
        body: {
          name: `OrderHub ${ctx.connectionId} ${topic}`,
          topic,
          delivery_url: callbackUrl,
          secret: ctx.config.webhookSecret,
          status: 'active',
        },
      });
    }
    created.push(topic);
  }
  return { created, ok };
}

/** The connector's `webhookSubscriptions`. */
export const webhookSubscriptions: WebhookSubscriptionSpec<WooCommerceConfig> = {
  ensure: ensureSubscriptions,
};
