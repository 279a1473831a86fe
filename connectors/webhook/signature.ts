import { hmacBase64, safeEqual } from '../../src/sdk';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): `webhook-signature: v1,<base64 HMAC-SHA256>` over
 * `${webhook-id}.${webhook-timestamp}.${body}`, keyed with the base64-decoded part of a `whsec_…` secret.
 * Kept in its own file so receivers' tests can import the verifier without the connector.
 */

/**
 * JSON Schema pattern of a signing secret: `whsec_` and the base64 of a 24–64 byte key, which is the range the
 * specification recommends (24 bytes is what Svix-style tools generate).
 */
export const SIGNING_SECRET_PATTERN =
  '^whsec_(?:[A-Za-z0-9+/]{4}){8,21}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$';

const SECRET_RE = new RegExp(SIGNING_SECRET_PATTERN);

/** Default tolerance on `webhook-timestamp`, both ways: the specification's five minutes. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** The key bytes of a `whsec_…` secret, or undefined when the secret is not in that format. */
export function decodeSigningSecret(secret: string): Buffer | undefined {
  if (!SECRET_RE.test(secret)) return undefined;
  return Buffer.from(secret.slice('whsec_'.length), 'base64');
}

function keyOf(secret: string): Buffer {
  const key = decodeSigningSecret(secret);
  // A malformed secret is a setup mistake, not a bad request: fail loudly instead of answering "invalid".
  if (!key) throw new TypeError('signing secret is not in the whsec_<base64> format');
  return key;
}

/**
 * The `webhook-signature` value for one message: `v1,` + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)).
 * `body` must be the exact bytes sent.
 */
export function signStandardWebhook(
  secret: string,
  id: string,
  timestamp: number,
  body: string | Buffer,
): string {
  const signed = Buffer.concat([
    Buffer.from(`${id}.${timestamp}.`, 'utf8'),
    Buffer.isBuffer(body) ? body : Buffer.from(body),
  ]);
  return `v1,${hmacBase64(keyOf(secret), signed)}`;
}

/** Request headers as Node (`IncomingHttpHeaders`), fetch (`Headers`) or a plain object give them. */
export type HeaderSource = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== name) continue;
    if (typeof v === 'string') return v;
    return v?.join(',');
  }
  return undefined;
}

/** Options of `verifyStandardWebhook`. */
export interface VerifyOptions {
  /** Largest accepted distance between `webhook-timestamp` and `now`, in seconds. Default 300. */
  toleranceSeconds?: number;
  /** The receiver's clock. Default: the current time. */
  now?: Date;
}

/** Outcome of `verifyStandardWebhook`. */
export type StandardWebhookVerdict =
  | { ok: true; id: string; timestamp: number }
  | {
      ok: false;
      code: 'WEBHOOK_SIGNATURE_MISSING' | 'WEBHOOK_SIGNATURE_INVALID' | 'WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE';
    };

/**
 * Verifies a Standard Webhooks request over its raw body, as a receiver would: all three headers present, the
 * timestamp within tolerance (replay protection), and one of the space-separated `v1,` signatures matching in
 * constant time. Throws `TypeError` for a secret that is not `whsec_<base64>`.
 */
export function verifyStandardWebhook(
  secret: string,
  headers: HeaderSource,
  body: string | Buffer,
  options: VerifyOptions = {},
): StandardWebhookVerdict {
  const id = header(headers, 'webhook-id');
  const stamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !stamp || !signatures) return { ok: false, code: 'WEBHOOK_SIGNATURE_MISSING' };
  if (!/^\d{1,12}$/.test(stamp)) return { ok: false, code: 'WEBHOOK_SIGNATURE_INVALID' };
  const timestamp = Number(stamp);
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) {
    return { ok: false, code: 'WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE' };
  }
  const expected = signStandardWebhook(secret, id, timestamp, body);
  // Senders rotating secrets send several signatures; any one matching is enough. Compare every candidate so the
  // time taken does not depend on which one matched.
  let matched = false;
  for (const candidate of signatures.split(' ')) {
    if (candidate.startsWith('v1,') && safeEqual(candidate, expected)) matched = true;
  }
  return matched ? { ok: true, id, timestamp } : { ok: false, code: 'WEBHOOK_SIGNATURE_INVALID' };
}
