import {
  isJsonObject,
  MappingError,
  missingField,
  safeEqual,
  type WebhookContent,
  type WebhookRequest,
  type WebhookVerdict,
} from '../../src/sdk';
import { DEFAULT_WEBHOOK_HEADER, type BigCommerceConfig } from './config';
import { id, obj, requiredText } from './raw';

/** Scopes whose `data.id` is an order to re-read. */
export const NOTICE_SCOPES: ReadonlySet<string> = new Set([
  'store/order/created',
  'store/order/updated',
  'store/order/statusUpdated',
  'store/order/refund/created',
]);

/** Order scopes answered 200 with nothing to ingest, and why. */
const IGNORED_SCOPES: Readonly<Record<string, string>> = {
  'store/order/archived':
    'store/order/archived: the order was archived (deleted) in BigCommerce; there is no order revision to ingest',
  'store/order/message/created':
    'store/order/message/created: order messages are not part of the canonical order',
};

/**
 * BigCommerce does not sign webhook bodies. Hooks are created with a custom header holding a shared secret;
 * this compares it in constant time. A connection without a configured secret accepts no webhook at all.
 */
export function verifyWebhook(req: WebhookRequest, config: BigCommerceConfig): WebhookVerdict {
  const presented = req.headers[config.webhookHeaderName ?? DEFAULT_WEBHOOK_HEADER];
  if (!presented) return { ok: false, code: 'WEBHOOK_SIGNATURE_MISSING' };
  const expected = config.webhookSecret;
  if (expected === undefined || expected === '') return { ok: false, code: 'WEBHOOK_SIGNATURE_INVALID' };
  return safeEqual(presented, expected) ? { ok: true } : { ok: false, code: 'WEBHOOK_SIGNATURE_INVALID' };
}

/** Reads a verified callback: order scopes become notices of the order id, anything else is ignored. */
export function parseWebhook(req: WebhookRequest, config: BigCommerceConfig): WebhookContent {
  let body: unknown;
  try {
    body = JSON.parse(req.rawBody.toString('utf8'));
  } catch {
    throw new MappingError('MAPPING_FAILED', '', 'BigCommerce webhook body is not JSON');
  }
  if (!isJsonObject(body))
    throw new MappingError('MAPPING_FAILED', '', 'BigCommerce webhook body is not an object');
  const scope = requiredText(body['scope'], '/scope');
  // One app can hold hooks on several stores; a callback for another store must not land here.
  const producer = body['producer'];
  if (producer !== undefined && producer !== `stores/${config.storeHash}`) {
    throw new MappingError(
      'MAPPING_UNKNOWN_VALUE',
      '/producer',
      'webhook is from a different store than this connection',
    );
  }
  if (NOTICE_SCOPES.has(scope)) {
    const data = obj(body['data'], '/data');
    if (data['id'] === undefined) throw missingField('/data/id');
    return { kind: 'notices', externalIds: [id(data['id'], '/data/id')] };
  }
  const reason = Object.hasOwn(IGNORED_SCOPES, scope) ? IGNORED_SCOPES[scope] : undefined;
  return { kind: 'ignore', reason: reason ?? `scope ${scope} is not handled by this connector` };
}
