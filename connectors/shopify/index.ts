/**
 * Shopify source: orders from the REST Admin API (webhooks for live changes, polling as the safety net).
 * @packageDocumentation
 */
import {
  MappingError,
  defineSource,
  hmacBase64,
  missingField,
  safeEqual,
  type WebhookContent,
  type WebhookRequest,
  type WebhookVerdict,
} from '../../src/sdk';
import { checkConnection, fetchOrdersPage } from './client';
import {
  API_VERSION,
  CONNECTOR_ID,
  DEFAULT_POLL_INTERVAL_SECONDS,
  configSchema,
  type ShopifyConfig,
} from './config';
import { identifyOrder, mapOrder } from './mapping';

export type { ShopifyConfig } from './config';

/** Topics whose body is the REST Order of the subscription's API version. */
export const ORDER_TOPICS: ReadonlySet<string> = new Set([
  'orders/create',
  'orders/updated',
  'orders/paid',
  'orders/cancelled',
  'orders/fulfilled',
  'orders/partially_fulfilled',
]);

/** Order topics that are answered 200 but carry nothing to ingest, and why. */
const IGNORED_ORDER_TOPICS: Readonly<Record<string, string>> = {
  'orders/edited':
    'orders/edited carries an order-edit diff, not the order; Shopify sends orders/updated with the edited order',
  'orders/delete': 'orders/delete carries only the order id; there is no order revision to ingest',
};

/** Checks `X-Shopify-Hmac-Sha256`: base64 HMAC-SHA256 of the raw body bytes, keyed with the client secret. */
export function verifyWebhook(req: WebhookRequest, config: ShopifyConfig): WebhookVerdict {
  const signature = req.headers['x-shopify-hmac-sha256'];
  if (!signature) return { ok: false, code: 'WEBHOOK_SIGNATURE_MISSING' };
  const expected = hmacBase64(config.webhookSecret, req.rawBody);
  return safeEqual(expected, signature) ? { ok: true } : { ok: false, code: 'WEBHOOK_SIGNATURE_INVALID' };
}

function looksLikeOrder(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const id = 'id' in body ? body.id : undefined;
  return (
    (typeof id === 'number' || typeof id === 'string') &&
    'updated_at' in body &&
    typeof body.updated_at === 'string' &&
    'line_items' in body &&
    Array.isArray(body.line_items)
  );
}

/** Reads a verified webhook: order topics give the order, other topics are acknowledged and ignored. */
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
  if (!ORDER_TOPICS.has(topic)) {
    const reason = Object.hasOwn(IGNORED_ORDER_TOPICS, topic) ? IGNORED_ORDER_TOPICS[topic] : undefined;
    return { kind: 'ignore', reason: reason ?? `topic ${topic} is not handled by this connector` };
  }
  const text = req.rawBody.toString('utf8');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new MappingError('MAPPING_FAILED', '', `${topic} body is not JSON`);
  }
  if (!looksLikeOrder(body)) throw new MappingError('MAPPING_FAILED', '', `${topic} body is not an order`);
  return { kind: 'orders', records: [body], raw: [text] };
}

/** The Shopify source connector. */
export default defineSource<ShopifyConfig>({
  kind: 'source',
  meta: {
    id: CONNECTOR_ID,
    version: '0.1.0',
    displayName: 'Shopify',
    apiVersion: API_VERSION,
    docsUrl: `https://shopify.dev/docs/api/admin-rest/${API_VERSION}/resources/order`,
  },
  configSchema,
  check: checkConnection,
  identify: identifyOrder,
  toCanonical: (raw, ctx) => mapOrder(raw, ctx),
  webhook: { verify: verifyWebhook, parse: parseWebhook },
  pull: {
    cursorField: 'updated_at',
    tieBreak: 'id',
    // Re-read five minutes: an order saved just before a poll can show up in the list a little later.
    overlapMs: 5 * 60_000,
    settleDelayMs: 5_000,
    // Paging is capped at about 25 000 objects per query, so backfills move a day at a time.
    maxWindowMs: 24 * 60 * 60_000,
    defaultIntervalMs: DEFAULT_POLL_INTERVAL_SECONDS * 1000,
    fetchPage: (ctx, req) => fetchOrdersPage(ctx, req),
  },
});
