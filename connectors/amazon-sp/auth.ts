import { createHash } from 'node:crypto';
import {
  authError,
  ConnectorError,
  isJsonObject,
  transientError,
  type ConnectorContext,
  type HttpResponse,
} from '../../src/sdk';
import { LWA_TOKEN_URL, baseUrl, type AmazonSpConfig } from './config';

/** Refresh this long before Amazon's stated expiry, so a token never dies between take and use. */
export const TOKEN_MARGIN_MS = 5 * 60_000;

/** The restricted path getOrders reads; one token covers every page and every order of that operation. */
export const RDT_PATH = '/orders/v0/orders';
const RDT_ELEMENTS = ['buyerInfo', 'shippingAddress'];

/** How long to remember that the app has no restricted role before asking again. */
export const NO_ROLE_TTL_MS = 60 * 60_000;

// Keyed by a hash of the refresh token, so a token saved for an old refresh token is never reused after ops
// replace the credentials.
function key(ctx: ConnectorContext<AmazonSpConfig>, kind: string): string {
  const id = createHash('sha256').update(ctx.config.refreshToken).digest('hex').slice(0, 16);
  return `amazon-sp:${kind}:${id}`;
}

function lwaError(res: HttpResponse): ConnectorError {
  const code = isJsonObject(res.data) && typeof res.data['error'] === 'string' ? res.data['error'] : '';
  if (code === 'invalid_client' || res.status === 401) {
    return authError('Login with Amazon refused the client id or secret', {
      code: 'AMAZON_SP_LWA_CLIENT_INVALID',
      status: res.status,
      remedy:
        'Copy the LWA client id and client secret from Seller Central → Apps and Services → Develop Apps → the app → LWA credentials (View). Amazon makes you rotate the secret every 180 days; save the new one in the connection.',
    });
  }
  if (code === 'invalid_grant') {
    return authError('Login with Amazon refused the refresh token', {
      code: 'AMAZON_SP_REFRESH_TOKEN_INVALID',
      status: res.status,
      remedy:
        'The seller revoked the app or the refresh token belongs to another app. Authorise the app again (Develop Apps → Authorize, or the OAuth flow) and save the new refresh token.',
    });
  }
  return authError(`Login with Amazon answered ${res.status}${code ? ` (${code})` : ''}`, {
    code: 'AMAZON_SP_LWA_REFUSED',
    status: res.status,
    remedy: 'Check the LWA client id, client secret and refresh token of the connection.',
  });
}

/**
 * An LWA access token for the connection, from the shared cache or freshly exchanged for the refresh token.
 * `fresh` skips the cache (after Amazon refused a cached token).
 */
export async function accessToken(
  ctx: ConnectorContext<AmazonSpConfig>,
  fresh = false,
): Promise<{ token: string; cached: boolean }> {
  const cacheKey = key(ctx, 'lwa');
  if (!fresh) {
    const hit = await ctx.cache.get(cacheKey);
    if (hit !== undefined) return { token: hit, cached: true };
  }
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: ctx.config.refreshToken,
    client_id: ctx.config.lwaClientId,
    client_secret: ctx.config.lwaClientSecret,
  });
  const res = await ctx.http.request({
    method: 'POST',
    url: LWA_TOKEN_URL,
    headers: {
      'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
      accept: 'application/json',
    },
    body: form.toString(),
    okStatuses: [400, 401, 403],
  });
  if (res.status !== 200) throw lwaError(res);
  const body = res.data;
  const token = isJsonObject(body) ? body['access_token'] : undefined;
  const expiresIn = isJsonObject(body) ? body['expires_in'] : undefined;
  if (typeof token !== 'string' || token === '' || typeof expiresIn !== 'number') {
    throw transientError('Login with Amazon answered without an access token', {
      code: 'AMAZON_SP_LWA_UNEXPECTED_RESPONSE',
      status: res.status,
    });
  }
  const ttl = expiresIn * 1000 - TOKEN_MARGIN_MS;
  if (ttl > 0) await ctx.cache.set(cacheKey, token, ttl);
  return { token, cached: false };
}

/** Drops the cached access token (Amazon refused it). */
export async function forgetAccessToken(ctx: ConnectorContext<AmazonSpConfig>): Promise<void> {
  await ctx.cache.delete(key(ctx, 'lwa'));
}

/** What getOrders is read with: a Restricted Data Token when the app may see PII, else the access token. */
export interface OrdersToken {
  token: string;
  /** True when the token is an RDT, so addresses and buyer info come complete. */
  rdt: boolean;
}

/**
 * The token for getOrders. With `restrictedData` on, a Restricted Data Token for `/orders/v0/orders`
 * (cached for its lifetime); when Amazon says the app lacks the restricted role, the access token instead,
 * remembered for an hour so each page does not ask again. Records then say `rdt: false` and are mapped with
 * their addresses marked withheld, never completed by guesswork.
 */
export async function ordersToken(
  ctx: ConnectorContext<AmazonSpConfig>,
  access: string,
): Promise<OrdersToken> {
  if (ctx.config.restrictedData === false) return { token: access, rdt: false };
  const rdtKey = key(ctx, 'rdt');
  const noRoleKey = key(ctx, 'rdt-no-role');
  const hit = await ctx.cache.get(rdtKey);
  if (hit !== undefined) return { token: hit, rdt: true };
  if ((await ctx.cache.get(noRoleKey)) !== undefined) return { token: access, rdt: false };

  await ctx.rate.take('restrictedDataToken');
  const res = await ctx.http.request({
    method: 'POST',
    url: `${baseUrl(ctx.config)}/tokens/2021-03-01/restrictedDataToken`,
    headers: { 'x-amz-access-token': access, 'content-type': 'application/json', accept: 'application/json' },
    body: { restrictedResources: [{ method: 'GET', path: RDT_PATH, dataElements: RDT_ELEMENTS }] },
    okStatuses: [400, 403],
  });
  if (res.status === 400 || res.status === 403) {
    ctx.log.warn(
      { code: 'AMAZON_SP_PII_ROLE_MISSING', status: res.status },
      'no restricted data token: orders are read without buyer info and full shipping addresses',
    );
    await ctx.cache.set(noRoleKey, '1', NO_ROLE_TTL_MS);
    return { token: access, rdt: false };
  }
  const body = res.data;
  const token = isJsonObject(body) ? body['restrictedDataToken'] : undefined;
  const expiresIn = isJsonObject(body) ? body['expiresIn'] : undefined;
  if (typeof token !== 'string' || token === '' || typeof expiresIn !== 'number') {
    throw transientError('createRestrictedDataToken answered without a token', {
      code: 'AMAZON_SP_RDT_UNEXPECTED_RESPONSE',
      status: res.status,
    });
  }
  const ttl = expiresIn * 1000 - TOKEN_MARGIN_MS;
  if (ttl > 0) await ctx.cache.set(rdtKey, token, ttl);
  return { token, rdt: true };
}
