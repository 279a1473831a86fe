/**
 * Keeps the store's order hooks pointing at the hub (reconciliation calls `ensure` on each run). BigCommerce
 * deactivates a hook after its deliveries keep failing and does not turn it back on by itself.
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
import { send } from './client';
import { DEFAULT_WEBHOOK_HEADER, type BigCommerceConfig } from './config';

type Ctx = ConnectorContext<BigCommerceConfig>;

/** The scopes the hub needs; refunds arrive through `store/order/updated`. */
export const SUBSCRIBED_SCOPES: readonly string[] = [
  'store/order/created',
  'store/order/updated',
  'store/order/statusUpdated',
];

const PAGE_LIMIT = 100;
/** A page cap so a store full of other apps' hooks cannot keep the check paging forever. */
const MAX_PAGES = 20;

const SCOPE_REMEDY =
  'Keeping webhooks in place needs the API account’s OAuth scopes Information & Settings: modify (the webhooks API) and Orders: read-only or modify (order events). Edit them under Settings → Store-level API accounts; the token stays the same.';

/** One hook of this API account, reduced to what the comparison needs. */
interface Hook {
  id: number;
  scope: string;
  destination: string;
  isActive: boolean;
  headers: Record<string, string>;
}

function unexpected(what: string, status: number): ConnectorError {
  return transientError(`BigCommerce answered ${what} in an unexpected shape`, {
    code: 'BIGCOMMERCE_UNEXPECTED_RESPONSE',
    status,
  });
}

/** Sends one counted hooks call; a missing scope names the webhook scopes, a 422 the hub's address. */
async function hooksCall(
  ctx: Ctx,
  path: string,
  params: Record<string, string | number>,
  write?: { method: 'POST' | 'PUT'; body: object },
): Promise<HttpResponse> {
  let res: HttpResponse;
  try {
    res = await send(ctx, path, params, [422], write);
  } catch (error) {
    if (error instanceof ConnectorError && error.status === 403) {
      throw authError('the API account may not manage webhooks', {
        code: 'BIGCOMMERCE_WEBHOOK_SCOPE_MISSING',
        status: 403,
        remedy: SCOPE_REMEDY,
      });
    }
    throw error;
  }
  if (res.status === 422) {
    throw configError('BigCommerce refused the webhook', {
      code: 'BIGCOMMERCE_WEBHOOK_REFUSED',
      status: 422,
      remedy:
        'Set ORDERHUB_PUBLIC_URL to the hub’s public HTTPS address on port 443 (BigCommerce accepts no other port), then let reconciliation run again.',
    });
  }
  return res;
}

function readHook(value: unknown): Hook | undefined {
  if (!isJsonObject(value)) return undefined;
  const { id, scope, destination } = value;
  if (typeof id !== 'number' || typeof scope !== 'string' || typeof destination !== 'string')
    return undefined;
  const headers: Record<string, string> = {};
  if (isJsonObject(value['headers'])) {
    for (const [k, v] of Object.entries(value['headers']))
      if (typeof v === 'string') headers[k.toLowerCase()] = v;
  }
  return { id, scope, destination, isActive: value['is_active'] === true, headers };
}

async function listHooks(ctx: Ctx): Promise<Hook[]> {
  const out: Hook[] = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const res = await hooksCall(ctx, '/v3/hooks', { page, limit: PAGE_LIMIT });
    const body = res.data;
    if (!isJsonObject(body) || !Array.isArray(body['data'])) throw unexpected('the hooks list', res.status);
    for (const h of body['data']) {
      const hook = readHook(h);
      if (hook) out.push(hook);
    }
    const meta = isJsonObject(body['meta']) ? body['meta'] : {};
    const pagination = isJsonObject(meta['pagination']) ? meta['pagination'] : {};
    const pages = pagination['total_pages'];
    const more = typeof pages === 'number' ? page < pages : body['data'].length === PAGE_LIMIT;
    if (!more) break;
  }
  return out;
}

/**
 * Lists the account's hooks and makes sure each order scope has an active hook to `callbackUrl` carrying the
 * shared-secret header that `verifyWebhook` checks: creates what is missing, re-activates (and re-arms with the
 * header) one BigCommerce deactivated. Hooks to other destinations are never touched.
 */
export async function ensureSubscriptions(
  ctx: Ctx,
  callbackUrl: string,
): Promise<{ created: string[]; ok: string[] }> {
  const secret = ctx.config.webhookSecret;
  if (secret === undefined || secret === '') {
    // A hook without the header would deliver callbacks the hub must refuse.
    throw configError('no webhook secret is set, so hooks cannot be created', {
      code: 'BIGCOMMERCE_WEBHOOK_SECRET_MISSING',
      remedy:
        'Set webhookSecret in the connection (a long random value, 24 characters or more); the hub creates the hooks with it on the next reconciliation.',
    });
  }
  const headerName = ctx.config.webhookHeaderName ?? DEFAULT_WEBHOOK_HEADER;
  const armed = (h: Hook): boolean => h.headers[headerName] === secret;
  const hooks = (await listHooks(ctx)).filter((h) => h.destination === callbackUrl);
  const created: string[] = [];
  const ok: string[] = [];
  for (const scope of SUBSCRIBED_SCOPES) {
    const mine = hooks.filter((h) => h.scope === scope);
    if (mine.some((h) => h.isActive && armed(h))) {
      ok.push(scope);
      continue;
    }
    const body = { scope, destination: callbackUrl, is_active: true, headers: { [headerName]: secret } };
    const stale = mine[0];
    if (stale) {
      // Sending the header again also repairs a hook whose secret was rotated in the connection since.
      await hooksCall(
        ctx,
        `/v3/hooks/${stale.id}`,
        {},
        { method: 'PUT', body: { is_active: true, headers: body.headers } },
      );
      ctx.log.info({ scope, hookId: stale.id }, 'bigcommerce hook re-activated');
    } else {
      await hooksCall(ctx, '/v3/hooks', {}, { method: 'POST', body });
    }
    created.push(scope);
  }
  return { created, ok };
}

/** The connector's `webhookSubscriptions`. */
export const webhookSubscriptions: WebhookSubscriptionSpec<BigCommerceConfig> = {
  ensure: ensureSubscriptions,
};
