import {
  hmacBase64,
  isJsonObject,
  MappingError,
  safeEqual,
  type WebhookContent,
  type WebhookRequest,
  type WebhookVerdict,
} from '../../src/sdk';
import type { SquareConfig } from './config';
import { obj, requiredText, text } from './raw';

/** Event types whose order is re-read; their bodies carry only the order id, version and state. */
export const NOTICE_TYPES: ReadonlySet<string> = new Set([
  'order.created',
  'order.updated',
  'order.fulfillment.updated',
]);

/**
 * Checks `x-square-hmacsha256-signature`: base64 HMAC-SHA256, keyed with the subscription's signature key,
 * over the notification URL followed by the raw body. Without a configured key and URL nothing is accepted.
 */
export function verifyWebhook(req: WebhookRequest, config: SquareConfig): WebhookVerdict {
  const signature = req.headers['x-square-hmacsha256-signature'];
  if (!signature) return { ok: false, code: 'WEBHOOK_SIGNATURE_MISSING' };
  const key = config.webhookSignatureKey;
  const url = config.webhookNotificationUrl;
  if (!key || !url) return { ok: false, code: 'WEBHOOK_SIGNATURE_INVALID' };
  const expected = hmacBase64(key, Buffer.concat([Buffer.from(url, 'utf8'), req.rawBody]));
  return safeEqual(expected, signature) ? { ok: true } : { ok: false, code: 'WEBHOOK_SIGNATURE_INVALID' };
}

/** Reads a verified event: order events become notices of the order id; others are ignored. */
export function parseWebhook(req: WebhookRequest, config: SquareConfig): WebhookContent {
  let body: unknown;
  try {
    body = JSON.parse(req.rawBody.toString('utf8'));
  } catch {
    throw new MappingError('MAPPING_FAILED', '', 'Square event body is not JSON');
  }
  if (!isJsonObject(body)) throw new MappingError('MAPPING_FAILED', '', 'Square event body is not an object');
  const type = requiredText(body['type'], '/type');
  if (!NOTICE_TYPES.has(type))
    return { kind: 'ignore', reason: `event type ${type} is not handled by this connector` };
  const data = obj(body['data'], '/data');
  const orderId = requiredText(data['id'], '/data/id');
  // The object is keyed by the event (order_created, order_updated, order_fulfillment_updated).
  const object = data['object'];
  const detail = isJsonObject(object) ? Object.values(object).find(isJsonObject) : undefined;
  const location = detail ? text(detail['location_id'], '/data/object/location_id') : null;
  const wanted = config.locationIds;
  if (location !== null && wanted !== undefined && wanted.length > 0 && !wanted.includes(location)) {
    return {
      kind: 'ignore',
      reason: `${type} for location ${location}, which this connection does not read`,
    };
  }
  return { kind: 'notices', externalIds: [orderId] };
}
