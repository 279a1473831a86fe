import { createHash } from 'node:crypto';
import {
  authError,
  ConnectorError,
  isJsonObject,
  transientError,
  type ConnectorContext,
  type HttpResponse,
} from '../../src/sdk';
import { API_ORIGINS, WRITE_SCOPE, scopeFor, type EbayConfig } from './config';

/** Refresh this long before eBay's stated expiry (about two hours). */
export const TOKEN_MARGIN_MS = 5 * 60_000;

// Keyed by a hash of the refresh token and by the scope, so replacing the credentials or turning write-back on
// never reuses an access token minted for the old ones.
function cacheKey(ctx: ConnectorContext<EbayConfig>): string {
  const id = createHash('sha256').update(ctx.config.refreshToken).digest('hex').slice(0, 16);
  const scope = scopeFor(ctx.config) === WRITE_SCOPE ? 'write' : 'read';
  return `ebay:user-token:${ctx.config.environment}:${scope}:${id}`;
}

function tokenError(res: HttpResponse, scope: string): ConnectorError {
  const code = isJsonObject(res.data) && typeof res.data['error'] === 'string' ? res.data['error'] : '';
  const o = { status: res.status };
  if (code === 'invalid_client' || res.status === 401) {
    return authError('eBay refused the client id or secret', {
      ...o,
      code: 'EBAY_CLIENT_INVALID',
      remedy:
        'Copy the Client ID and Client Secret (Cert ID) of the keyset matching the environment (production or sandbox) from developer.ebay.com → Application Keys.',
    });
  }
  if (code === 'invalid_scope') {
    return authError('the refresh token was not granted the fulfillment scope', {
      ...o,
      code: scope === WRITE_SCOPE ? 'EBAY_WRITE_SCOPE_MISSING' : 'EBAY_SCOPE_MISSING',
      remedy: `Have the seller grant consent again including the scope ${scope}, and save the new refresh token${
        scope === WRITE_SCOPE ? ' (or turn writeBack off to only read orders)' : ''
      }.`,
    });
  }
  return authError('eBay refused the refresh token', {
    ...o,
    code: 'EBAY_REFRESH_TOKEN_INVALID',
    remedy:
      'The refresh token expired (about 18 months), was revoked, or belongs to another keyset or environment. Have the seller consent again (authorization-code grant) and save the new refresh token.',
  });
}

/** A user access token from the shared cache, or freshly minted from the refresh token (`fresh` skips the cache). */
export async function accessToken(
  ctx: ConnectorContext<EbayConfig>,
  fresh = false,
): Promise<{ token: string; cached: boolean }> {
  const key = cacheKey(ctx);
  if (!fresh) {
    const hit = await ctx.cache.get(key);
    if (hit !== undefined) return { token: hit, cached: true };
  }
  const basic = Buffer.from(`${ctx.config.clientId}:${ctx.config.clientSecret}`).toString('base64');
  const res = await ctx.http.request({
    method: 'POST',
    url: `${API_ORIGINS[ctx.config.environment]}/identity/v1/oauth2/token`,
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: ctx.config.refreshToken,
      scope: scopeFor(ctx.config),
    }).toString(),
    okStatuses: [400, 401, 403],
  });
  if (res.status !== 200) throw tokenError(res, scopeFor(ctx.config));
  const token = isJsonObject(res.data) ? res.data['access_token'] : undefined;
  const expiresIn = isJsonObject(res.data) ? res.data['expires_in'] : undefined;
  if (typeof token !== 'string' || token === '' || typeof expiresIn !== 'number') {
    throw transientError('eBay answered the token request without an access token', {
      code: 'EBAY_TOKEN_UNEXPECTED_RESPONSE',
      status: res.status,
    });
  }
  const ttl = expiresIn * 1000 - TOKEN_MARGIN_MS;
  if (ttl > 0) await ctx.cache.set(key, token, ttl);
  return { token, cached: false };
}

/** Drops the cached access token (eBay refused it). */
export async function forgetAccessToken(ctx: ConnectorContext<EbayConfig>): Promise<void> {
  await ctx.cache.delete(cacheKey(ctx));
}
