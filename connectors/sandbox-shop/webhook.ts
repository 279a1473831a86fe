import {
  hmacBase64,
  MappingError,
  safeEqual,
  type WebhookContent,
  type WebhookRequest,
  type WebhookVerdict,
} from '../../src/sdk';
import { isObj } from './read';

/** Header carrying the sandbox shop's webhook signature. */
export const SIGNATURE_HEADER = 'x-sandbox-signature';

/** The sandbox shop's webhook signature: base64 HMAC-SHA256 of the raw body with the shared secret. */
export function signSandboxWebhook(secret: string, body: string | Buffer): string {
  return hmacBase64(secret, body);
}

/**
 * Checks `x-sandbox-signature` over the raw body in constant time. Without a configured secret every request is
 * refused: an unsigned intake would let anyone inject orders.
 */
export function verifySandboxWebhook(req: WebhookRequest, secret: string | undefined): WebhookVerdict {
  const given = req.headers[SIGNATURE_HEADER];
  if (!given) return { ok: false, code: 'WEBHOOK_SIGNATURE_MISSING' };
  if (!secret) return { ok: false, code: 'WEBHOOK_SIGNATURE_INVALID' };
  return safeEqual(given.trim(), signSandboxWebhook(secret, req.rawBody))
    ? { ok: true }
    : { ok: false, code: 'WEBHOOK_SIGNATURE_INVALID' };
}

/**
 * Reads a verified body: one order record, `{ "orders": [record, …] }` for a batch, or `{ "topic": "ping" }`.
 */
export function parseSandboxWebhook(req: WebhookRequest): WebhookContent {
  const text = req.rawBody.toString('utf8');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new MappingError('MAPPING_FAILED', '', 'the webhook body is not JSON');
  }
  if (!isObj(body)) throw new MappingError('MAPPING_FAILED', '', 'the webhook body is not an object');
  const orders = body['orders'];
  if (Array.isArray(orders)) return { kind: 'orders', records: orders };
  if (body['topic'] === 'ping') return { kind: 'ignore', reason: 'ping' };
  if (typeof body['id'] === 'string') return { kind: 'orders', records: [body], raw: [text] };
  throw new MappingError(
    'MAPPING_FAILED',
    '',
    'the webhook body is neither an order, an order batch nor a ping',
  );
}
