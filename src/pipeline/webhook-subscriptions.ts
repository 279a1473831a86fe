import { HubError } from '../core/errors';
import { ajv, validator } from '../core/validation';
import type { Hub } from '../hub';
import type { AnySource } from '../registry';
import type { ConnectorContext } from '../sdk/context';
import { classify } from '../sdk/errors';
import { webhookStats, type WebhookStats } from '../ops/webhook-stats';
import type { ResolvedConnection } from './connections';
import { audit } from './replay';

/** Document kind of the last subscription check of a connection (id: the connection id). */
export const SUBSCRIPTION_CHECK_KIND = 'webhook-subscriptions';

/** What started a check: a reconciliation run, or an operator through the API. */
export type SubscriptionTrigger = 'reconciliation' | 'manual';

/** One topic as the last check found it: `active` was in place, `restored` had to be created or re-armed. */
export interface SubscriptionTopic {
  topic: string;
  state: 'active' | 'restored';
  /** When the hub last had to restore this topic (kept across checks, so a flapping topic shows). */
  lastRestoredAt: string | null;
  restoredCount: number;
}

/** The last subscription check of a connection, as stored. */
export interface SubscriptionCheck {
  checkedAt: string;
  trigger: SubscriptionTrigger;
  callbackUrl: string;
  ok: boolean;
  topics: SubscriptionTopic[];
  /** Present when the check failed: the topics are then those of the last check that succeeded. */
  error: { code: string; message: string; remedy: string | null } | null;
}

const checkDoc = validator<SubscriptionCheck>(
  ajv.compile<SubscriptionCheck>({
    type: 'object',
    required: ['checkedAt', 'trigger', 'callbackUrl', 'ok', 'topics', 'error'],
    properties: {
      checkedAt: { type: 'string' },
      trigger: { enum: ['reconciliation', 'manual'] },
      callbackUrl: { type: 'string' },
      ok: { type: 'boolean' },
      topics: {
        type: 'array',
        items: {
          type: 'object',
          required: ['topic', 'state', 'lastRestoredAt', 'restoredCount'],
          properties: {
            topic: { type: 'string' },
            state: { enum: ['active', 'restored'] },
            lastRestoredAt: { type: ['string', 'null'] },
            restoredCount: { type: 'integer', minimum: 0 },
          },
        },
      },
      error: {
        anyOf: [
          { type: 'null' },
          {
            type: 'object',
            required: ['code', 'message', 'remedy'],
            properties: {
              code: { type: 'string' },
              message: { type: 'string' },
              remedy: { type: ['string', 'null'] },
            },
          },
        ],
      },
    },
  }),
);

/** What the Connections page shows about a connection's webhooks. */
export interface SubscriptionView {
  connectionId: string;
  /** The connector takes webhooks at all. */
  webhooks: boolean;
  /** The connector can list and register its own subscriptions with the channel. */
  managed: boolean;
  /** Where the channel should send webhooks; null while `ORDERHUB_PUBLIC_URL` is unset. */
  callbackUrl: string | null;
  lastCheck: SubscriptionCheck | null;
  traffic: WebhookStats;
}

const callbackUrlOf = (hub: Hub, connectionId: string): string | null =>
  hub.config.publicUrl ? `${hub.config.publicUrl}/v1/webhooks/${connectionId}` : null;

async function lastCheck(hub: Hub, connectionId: string): Promise<SubscriptionCheck | null> {
  const doc = await hub.store.getDoc(SUBSCRIPTION_CHECK_KIND, connectionId);
  if (!doc) return null;
  // A document this version cannot read is treated as never checked: the next check overwrites it.
  const checked = checkDoc(doc.value);
  return checked.ok ? checked.value : null;
}

/** The subscription state of a connection: the last check, and the webhooks the hub actually received. */
export async function subscriptionView(hub: Hub, resolved: ResolvedConnection): Promise<SubscriptionView> {
  const id = resolved.record.id;
  const definition = resolved.definition;
  const source = definition.kind === 'source' ? definition : null;
  return {
    connectionId: id,
    webhooks: Boolean(source?.webhook),
    managed: Boolean(source?.webhookSubscriptions),
    callbackUrl: callbackUrlOf(hub, id),
    lastCheck: await lastCheck(hub, id),
    traffic: await webhookStats(hub, id),
  };
}

/**
 * Asks the channel to put every topic the connector needs in place, and keeps the outcome for the console.
 * A failed check keeps the previous topics and records the failure with the connector's remedy; auth and
 * config failures also mark the connection failing, as a failed pull would.
 */
export async function checkSubscriptions(
  hub: Hub,
  resolved: ResolvedConnection,
  source: AnySource,
  ctx: ConnectorContext<unknown>,
  trigger: SubscriptionTrigger,
  actor: string,
): Promise<SubscriptionCheck> {
  const id = resolved.record.id;
  const hook = source.webhookSubscriptions;
  if (!hook) throw new HubError('CONNECTION_NO_WEBHOOK_SUBSCRIPTIONS');
  const callbackUrl = callbackUrlOf(hub, id);
  if (!callbackUrl) throw new HubError('WEBHOOK_PUBLIC_URL_UNSET');
  const previous = await lastCheck(hub, id);
  const at = hub.now().toISOString();
  let check: SubscriptionCheck;
  try {
    const result = await hook.ensure(ctx, callbackUrl);
    const before = new Map((previous?.topics ?? []).map((t) => [t.topic, t]));
    const topic = (name: string, restored: boolean): SubscriptionTopic => {
      const old = before.get(name);
      return {
        topic: name,
        state: restored ? 'restored' : 'active',
        lastRestoredAt: restored ? at : (old?.lastRestoredAt ?? null),
        restoredCount: (old?.restoredCount ?? 0) + (restored ? 1 : 0),
      };
    };
    const topics = [
      ...result.created.map((name) => topic(name, true)),
      ...result.ok.map((name) => topic(name, false)),
    ].sort((a, b) => a.topic.localeCompare(b.topic));
    check = { checkedAt: at, trigger, callbackUrl, ok: true, topics, error: null };
    if (result.created.length)
      await audit(hub, actor, 'webhook.resubscribe', id, { topics: result.created, trigger });
  } catch (error) {
    const failure = classify(error);
    await hub.connections.noteFailure(id, failure);
    check = {
      checkedAt: at,
      trigger,
      callbackUrl,
      ok: false,
      topics: previous?.topics ?? [],
      error: { code: failure.code, message: failure.message.slice(0, 300), remedy: failure.remedy ?? null },
    };
  }
  await hub.store.putDoc(SUBSCRIPTION_CHECK_KIND, id, check, at);
  return check;
}
