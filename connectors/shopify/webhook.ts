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
import { webhookModeOf, type ShopifyConfig } from './config';
import { id, obj } from './raw';

/** Topics whose body is the REST Order of the subscription's API version. */
export const ORDER_TOPICS: ReadonlySet<string> = new Set([
  'orders/create',
  'orders/updated',
  'orders/paid',
  'orders/cancelled',
  'orders/fulfilled',
  'orders/partially_fulfilled',
]);

/**
 * Topics that, in notice mode, name an order to re-read, and where their body keeps its id. `orders/edited`
 * carries an edit diff and `refunds/create` a refund; both changed an order whose current state is what counts.
 */
export const NOTICE_TOPICS: Readonly<Record<string, readonly string[]>> = {
  ...Object.fromEntries([...ORDER_TOPICS].map((t) => [t, ['id']])),
  'orders/edited': ['order_edit', 'order_id'],
  'refunds/create': ['order_id'],
};

/** Order topics that are answered 200 but carry nothing to ingest in full mode, and why. */
const IGNORED_ORDER_TOPICS: Readonly<Record<string, string>> = {
  'orders/edited':
    'orders/edited carries an order-edit diff, not the order; Shopify sends orders/updated with the edited order',
  'orders/delete': 'orders/delete carries only the order id; there is no order revision to ingest',
  'refunds/create':
    'refunds/create carries the refund, not the order; orders/updated carries the refunded order',
};

/** Checks `X-Shopify-Hmac-Sha256`: base64 HMAC-SHA256 of the raw body bytes, keyed with the client secret. */
export function verifyWebhook(req: WebhookRequest, config: ShopifyConfig): WebhookVerdict {
  const signature = req.headers['x-shopify-hmac-sha256'];
  if (!signature) return { ok: false, code: 'WEBHOOK_SIGNATURE_MISSING' };
  const expected = hmacBase64(config.webhookSecret, req.rawBody);
  return safeEqual(expected, signature) ? { ok: true } : { ok: false, code: 'WEBHOOK_SIGNATURE_INVALID' };
}

function looksLikeOrder(body: unknown): boolean {
  if (!isJsonObject(body)) return false;
  const orderId = body['id'];
  return (
    (typeof orderId === 'number' || typeof orderId === 'string') &&
    typeof body['updated_at'] === 'string' &&
    Array.isArray(body['line_items'])
  );
}

function parseJson(req: WebhookRequest, topic: string): { text: string; body: unknown } {
  const text = req.rawBody.toString('utf8');
  try {
    return { text, body: JSON.parse(text) };
  } catch {
    throw new MappingError('MAPPING_FAILED', '', `${topic} body is not JSON`);
  }
}

/** The order id at `keys` in a notice body, e.g. `order_edit.order_id`. */
function noticeOrderId(body: unknown, keys: readonly string[], topic: string): string {
  if (!isJsonObject(body)) throw new MappingError('MAPPING_FAILED', '', `${topic} body is not an object`);
  let at: unknown = body;
  let path = '';
  for (const key of keys) {
    at = obj(at, path)[key];
    path = `${path}/${key}`;
  }
  return id(at, path);
}

/**
 * Reads a verified webhook. In notice mode an order topic names the order to re-read (`fetchOrders`), so a late
 * or out-of-order delivery still ends in the order's current state; in full mode the body is the order. Other
 * topics are acknowledged and ignored.
 */
export function parseWebhook(req: WebhookRequest, config: ShopifyConfig): WebhookContent {
  const topic = req.headers['x-shopify-topic'];
  if (!topic) throw missingField('/headers/x-shopify-topic');
  // One app secret can sign for several shops; an order from another shop must not land in this connection.
  const shop = req.headers['x-shopify-shop-domain'];
  if (shop !== undefined && shop.toLowerCase() !== config.shopDomain) {
    throw new MappingError(
      'MAPPING_UNKNOWN_VALUE',
      '/headers/x-shopify-shop-domain',
      'webhook is from a different shop than this connection',
    );
  }
  if (webhookModeOf(config) === 'notice') {
    const keys = Object.hasOwn(NOTICE_TOPICS, topic) ? NOTICE_TOPICS[topic] : undefined;
    if (!keys) {
      const reason = Object.hasOwn(IGNORED_ORDER_TOPICS, topic) ? IGNORED_ORDER_TOPICS[topic] : undefined;
      return { kind: 'ignore', reason: reason ?? `topic ${topic} is not handled by this connector` };
    }
    const { body } = parseJson(req, topic);
    return { kind: 'notices', externalIds: [noticeOrderId(body, keys, topic)] };
  }
  if (!ORDER_TOPICS.has(topic)) {
    const reason = Object.hasOwn(IGNORED_ORDER_TOPICS, topic) ? IGNORED_ORDER_TOPICS[topic] : undefined;
    return { kind: 'ignore', reason: reason ?? `topic ${topic} is not handled by this connector` };
  }
  const { text, body } = parseJson(req, topic);
  if (!looksLikeOrder(body)) throw new MappingError('MAPPING_FAILED', '', `${topic} body is not an order`);
  return { kind: 'orders', records: [body], raw: [text] };
}
