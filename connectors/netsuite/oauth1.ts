import { createHmac, randomBytes } from 'node:crypto';

/** Token-based authentication credentials of one NetSuite integration + access token. */
export interface TbaCredentials {
  /** Account id as NetSuite shows it in the realm, e.g. `1234567_SB1`. */
  realm: string;
  consumerKey: string;
  consumerSecret: string;
  tokenId: string;
  tokenSecret: string;
}

/** RFC 3986 percent-encoding, which OAuth 1.0a requires (stricter than encodeURIComponent). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The OAuth 1.0a signature base string: METHOD & encoded base URL & encoded, sorted parameter string. Query
 * parameters take part; the JSON body does not (it is not form-encoded).
 */
export function signatureBaseString(
  method: string,
  url: string,
  oauthParams: Readonly<Record<string, string>>,
): string {
  const parsed = new URL(url);
  const pairs: [string, string][] = [];
  for (const [k, v] of parsed.searchParams) pairs.push([percentEncode(k), percentEncode(v)]);
  for (const [k, v] of Object.entries(oauthParams)) pairs.push([percentEncode(k), percentEncode(v)]);
  pairs.sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : av > bv ? 1 : 0) : ak < bk ? -1 : 1));
  const paramString = pairs.map(([k, v]) => `${k}=${v}`).join('&');
  const baseUrl = `${parsed.protocol.toLowerCase()}//${parsed.host.toLowerCase()}${parsed.pathname}`;
  return [method.toUpperCase(), percentEncode(baseUrl), percentEncode(paramString)].join('&');
}

/** HMAC-SHA256 over the base string, keyed by `consumerSecret&tokenSecret`, base64. */
export function hmacSha256Signature(baseString: string, consumerSecret: string, tokenSecret: string): string {
  const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
  return createHmac('sha256', key).update(baseString).digest('base64');
}

/** Builds the `Authorization: OAuth …` header for one request. `nonce`/`timestamp` are injectable for tests. */
export function authorizationHeader(
  credentials: TbaCredentials,
  method: string,
  url: string,
  nonce: string,
  timestamp: number,
): string {
  const oauth: Record<string, string> = {
    oauth_consumer_key: credentials.consumerKey,
    oauth_nonce: nonce,
    oauth_signature_method: 'HMAC-SHA256',
    oauth_timestamp: String(timestamp),
    oauth_token: credentials.tokenId,
    oauth_version: '1.0',
  };
  const base = signatureBaseString(method, url, oauth);
  const signature = hmacSha256Signature(base, credentials.consumerSecret, credentials.tokenSecret);
  const fields = Object.entries({ ...oauth, oauth_signature: signature }).map(
    ([k, v]) => `${k}="${percentEncode(v)}"`,
  );
  return `OAuth realm="${percentEncode(credentials.realm)}",${fields.join(',')}`;
}

/** A fresh nonce: 32 hex characters from a CSPRNG (NetSuite refuses a nonce it has seen recently). */
export function newNonce(): string {
  return randomBytes(16).toString('hex');
}
