/**
 * Keeps the application's order webhook subscription pointing at the hub (reconciliation calls `ensure` on each
 * run). Square disables a subscription whose deliveries keep failing.
 */
import { createHash } from 'node:crypto';
import {
  authError,
  configError,
  ConnectorError,
  isJsonObject,
  transientError,
  type ConnectorContext,
  type HttpResponse,
  type WebhookSubscriptionSpec,
} from '../../src/sdk';
import { call } from './client';
import { SQUARE_VERSION, type SquareConfig } from './config';

type Ctx = ConnectorContext<SquareConfig>;

/** The event types the hub needs. */
export const SUBSCRIBED_EVENTS: readonly string[] = ['order.created', 'order.updated'];

/** The config field the subscription's signature key is kept in (`verifyWebhook` reads it). */
export const SIGNATURE_KEY_FIELD = 'webhookSignatureKey';

const PATH = '/v2/webhooks/subscriptions';
/** A page cap so an application with many subscriptions cannot keep the check paging forever. */
const MAX_PAGES = 20;

const TOKEN_REMEDY =
  'Webhook subscriptions belong to the Square application, not to a seller: the Webhook Subscriptions API takes only the application’s personal access token (Developer Console → the application → Credentials), never a seller’s OAuth token. Use that token for this connection, or create the subscription by hand (Developer Console → Webhooks → Subscriptions, events order.created and order.updated) and save its signature key in webhookSignatureKey.';

/** One subscription of the application, reduced to what the comparison needs. */
interface Subscription {
  id: string;
  url: string;
  enabled: boolean;
  eventTypes: string[];
  signatureKey: string | undefined;
}

/** Same connection and address → same key, so a retried create after a timeout does not make a second one. */
export function idempotencyKey(connectionId: string, callbackUrl: string): string {
  return `orderhub-${createHash('sha256').update(`${connectionId}\n${callbackUrl}`).digest('hex').slice(0, 32)}`;
}

async function send(ctx: Ctx, method: 'GET' | 'POST' | 'PUT', path: string, body?: object) {
  try {
    return await call(ctx, method, path, body);
  } catch (error) {
    if (error instanceof ConnectorError && (error.status === 401 || error.status === 403)) {
      throw authError('the access token may not manage webhook subscriptions', {
        code: 'SQUARE_WEBHOOK_PERMISSION_MISSING',
        status: error.status,
        remedy: TOKEN_REMEDY,
      });
    }
    if (error instanceof ConnectorError && error.status === 400) {
      throw configError('Square refused the webhook subscription', {
        code: 'SQUARE_WEBHOOK_REFUSED',
        status: 400,
        remedy:
          'Check ORDERHUB_PUBLIC_URL is the hub’s public HTTPS address, then create the subscription by hand to see Square’s reason.',
      });
    }
    throw error;
  }
}

function readSubscription(value: unknown): Subscription | undefined {
  if (!isJsonObject(value)) return undefined;
  const { id, notification_url: url, event_types: types, signature_key: key } = value;
  if (typeof id !== 'string' || typeof url !== 'string') return undefined;
  return {
    id,
    url,
    // Square leaves `enabled` out of some answers; only an explicit false is a disabled subscription.
    enabled: value['enabled'] !== false,
    eventTypes: Array.isArray(types) ? types.filter((t): t is string => typeof t === 'string') : [],
    signatureKey: typeof key === 'string' && key !== '' ? key : undefined,
  };
}

function unexpected(what: string, res: HttpResponse): ConnectorError {
  return transientError(`Square answered ${what} in an unexpected shape`, {
    code: 'SQUARE_UNEXPECTED_RESPONSE',
    status: res.status,
  });
}

async function listSubscriptions(ctx: Ctx): Promise<Subscription[]> {
  const out: Subscription[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    // Disabled subscriptions are left out of the list unless asked for, and they are the ones to find.
    const query = new URLSearchParams({ include_disabled: 'true', limit: '100' });
    if (cursor) query.set('cursor', cursor);
    const res = await send(ctx, 'GET', `${PATH}?${query.toString()}`);
    if (!isJsonObject(res.data)) throw unexpected('the subscriptions list', res);
    const list = res.data['subscriptions'];
    for (const s of Array.isArray(list) ? list : []) {
      const sub = readSubscription(s);
      if (sub) out.push(sub);
    }
    const next = res.data['cursor'];
    if (typeof next !== 'string' || next === '') break;
    cursor = next;
  }
  return out;
}

/**
 * Makes sure an enabled subscription to `callbackUrl` covers order.created and order.updated: re-enables (and
 * completes) one of ours that Square disabled, or creates one and saves its signature key. Subscriptions to other
 * URLs are never touched.
 */
export async function ensureSubscriptions(
  ctx: Ctx,
  callbackUrl: string,
): Promise<{ created: string[]; ok: string[] }> {
  // Square signs the notification URL with the body; the connection must name the same URL to verify them.
  if (ctx.config.webhookNotificationUrl !== callbackUrl) {
    throw configError('webhookNotificationUrl differs from the hub’s webhook address', {
      code: 'SQUARE_NOTIFICATION_URL_MISMATCH',
      remedy: `Set webhookNotificationUrl in the connection to ${callbackUrl}; the subscription is kept in place on the next reconciliation.`,
    });
  }
  const mine = (await listSubscriptions(ctx)).filter((s) => s.url === callbackUrl);
  const covered = new Set(mine.filter((s) => s.enabled).flatMap((s) => s.eventTypes));
  const ok = SUBSCRIBED_EVENTS.filter((t) => covered.has(t));
  const created = SUBSCRIBED_EVENTS.filter((t) => !covered.has(t));
  if (created.length === 0) return { created, ok };

  const target = mine.find((s) => s.enabled) ?? mine[0];
  if (target) {
    const lacking = SUBSCRIBED_EVENTS.filter((t) => !target.eventTypes.includes(t));
    const subscription = {
      enabled: true,
      ...(lacking.length > 0 ? { event_types: [...target.eventTypes, ...lacking] } : {}),
    };
    await send(ctx, 'PUT', `${PATH}/${encodeURIComponent(target.id)}`, { subscription });
    ctx.log.info({ subscriptionId: target.id, events: created }, 'square webhook subscription re-enabled');
    if (target.signatureKey && !ctx.config.webhookSignatureKey) {
      await ctx.saveSecret(SIGNATURE_KEY_FIELD, target.signatureKey);
    }
    return { created, ok };
  }

  const res = await send(ctx, 'POST', PATH, {
    idempotency_key: idempotencyKey(ctx.connectionId, callbackUrl),
    subscription: {
      name: `OrderHub ${ctx.connectionId}`,
      event_types: [...SUBSCRIBED_EVENTS],
      notification_url: callbackUrl,
      api_version: SQUARE_VERSION,
    },
  });
  const made = isJsonObject(res.data) ? readSubscription(res.data['subscription']) : undefined;
  if (!made) throw unexpected('the new subscription', res);
  // Square makes a new key per subscription; without saving it every delivery would fail verification.
  if (made.signatureKey) await ctx.saveSecret(SIGNATURE_KEY_FIELD, made.signatureKey);
  else ctx.log.warn({ subscriptionId: made.id }, 'square gave the new subscription no signature key');
  return { created, ok };
}

/** The connector's `webhookSubscriptions`. */
export const webhookSubscriptions: WebhookSubscriptionSpec<SquareConfig> = {
  ensure: ensureSubscriptions,
};
