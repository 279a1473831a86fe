import {
  hmacBase64,
  isJsonObject,
  MappingError,
  missingField,
  safeEqual,
  type WebhookContent,
  type WebhookRequest,
  type WebhookVerdict,
} from '../../src/sdk';
import type { WooCommerceConfig } from './config';

/** Topics whose body is the full v3 order. `order.restored` brings an order back from the trash. */
export const ORDER_TOPICS: ReadonlySet<string> = new Set([
  'order.created',
  'order.updated',
  'order.restored',
]);

/**
 * WooCommerce posts `webhook_id=<n>` when a webhook is saved as active, unsigned and form-encoded, and refuses
 * to activate the webhook unless it gets a 200.
 */
const PING_RE = /^webhook_id=\d+$/;

function isPing(req: WebhookRequest): boolean {
  return req.rawBody.length < 64 && PING_RE.test(req.rawBody.toString('utf8').trim());
}

/**
 * Checks `X-WC-Webhook-Signature`: base64 HMAC-SHA256 of the raw body, keyed with the webhook secret. The
 * creation ping carries no signature and no data, so it alone passes unsigned; `parse` ignores it.
 */
export function verifyWebhook(req: WebhookRequest, config: WooCommerceConfig): WebhookVerdict {
  const signature = req.headers['x-wc-webhook-signature'];
  if (!signature) return isPing(req) ? { ok: true } : { ok: false, code: 'WEBHOOK_SIGNATURE_MISSING' };
  const expected = hmacBase64(config.webhookSecret, req.rawBody);
  return safeEqual(expected, signature) ? { ok: true } : { ok: false, code: 'WEBHOOK_SIGNATURE_INVALID' };
}

function looksLikeOrder(body: unknown): body is Record<string, unknown> & { id: number } {
  return (
    isJsonObject(body) &&
    typeof body['id'] === 'number' &&
    typeof body['date_modified_gmt'] === 'string' &&
    Array.isArray(body['line_items'])
  );
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Reads a verified delivery. Order topics give the `{ order, refunds }` composite; an order with refunds is a
 * notice instead, because the body lists refunds without their dates and lines and the hub must fetch them.
 */
export function parseWebhook(req: WebhookRequest, config: WooCommerceConfig): WebhookContent {
  if (isPing(req)) return { kind: 'ignore', reason: 'webhook ping sent when the webhook was saved' };
  const topic = req.headers['x-wc-webhook-topic'];
  if (!topic) throw missingField('/headers/x-wc-webhook-topic');
  // One secret could be reused across sites; an order from another site must not land in this connection.
  const source = req.headers['x-wc-webhook-source'];
  if (source !== undefined && hostOf(source) !== hostOf(config.siteUrl)) {
    throw new MappingError(
      'MAPPING_UNKNOWN_VALUE',
      '/headers/x-wc-webhook-source',
      'webhook is from another site than this connection',
    );
  }
  if (!ORDER_TOPICS.has(topic)) {
    return {
      kind: 'ignore',
      reason:
        topic === 'order.deleted'
          ? 'order.deleted carries only the order id; there is no order revision to ingest'
          : `topic ${topic} is not handled by this connector`,
    };
  }
  let body: unknown;
  try {
    body = JSON.parse(req.rawBody.toString('utf8'));
  } catch {
    throw new MappingError('MAPPING_FAILED', '', `${topic} body is not JSON`);
  }
  if (!looksLikeOrder(body)) throw new MappingError('MAPPING_FAILED', '', `${topic} body is not an order`);
  const refunds = body['refunds'];
  if (Array.isArray(refunds) && refunds.length > 0)
    return { kind: 'notices', externalIds: [String(body.id)] };
  return { kind: 'orders', records: [{ order: body, refunds: [] }] };
}
