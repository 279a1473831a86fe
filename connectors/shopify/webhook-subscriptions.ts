/**
 * Keeps the shop's order webhooks pointing at the hub (reconciliation calls `ensure` on each run). Shopify drops
 * an app's subscriptions after repeated failed deliveries and when the app is reinstalled.
 */
import {
  authError,
  configError,
  ConnectorError,
  isJsonObject,
  transientError,
  type ConnectorContext,
  type HttpResponse,
  type JsonObject,
  type WebhookSubscriptionSpec,
} from '../../src/sdk';
import { REST_BUCKET, adminUrl, nextPageInfo, shopifyError } from './client';
import { apiOf, type ShopifyConfig } from './config';
import { graphql } from './graphql-client';

type Ctx = ConnectorContext<ShopifyConfig>;

/** The topics the hub needs, REST name → GraphQL enum. `orders/updated` also carries edits and refunds. */
export const SUBSCRIBED_TOPICS: Readonly<Record<string, string>> = {
  'orders/create': 'ORDERS_CREATE',
  'orders/updated': 'ORDERS_UPDATED',
  'orders/cancelled': 'ORDERS_CANCELLED',
  'refunds/create': 'REFUNDS_CREATE',
};

const REST_NAMES = Object.keys(SUBSCRIBED_TOPICS);
const ENUMS = Object.values(SUBSCRIBED_TOPICS);
const restNameOf = (value: string): string | undefined =>
  REST_NAMES.find((t) => t === value || SUBSCRIBED_TOPICS[t] === value);

const SCOPE_REMEDY =
  'Order webhooks need the read_orders scope: add it under Configuration → Admin API integration, reinstall the app and save the new token. An app made in the Partner Dashboard also needs protected customer data access (API access → Protected customer data access).';

/** One subscription of this app, reduced to what the comparison needs. */
interface Subscription {
  topic: string;
  address: string;
}

function scopeMissing(status?: number): ConnectorError {
  return authError('the access token may not subscribe to order webhooks', {
    code: 'SHOPIFY_WEBHOOK_SCOPE_MISSING',
    remedy: SCOPE_REMEDY,
    ...(status === undefined ? {} : { status }),
  });
}

/** Scope failures of these calls name the webhook needs instead of the pull's. */
function subscriptionError(error: unknown): unknown {
  const e = shopifyError(error);
  return e instanceof ConnectorError && e.code === 'SHOPIFY_SCOPE_MISSING' ? scopeMissing(e.status) : e;
}

/**
 * What Shopify's refusal of a subscription means. Its messages are matched, not copied: they quote the address.
 * `exists` is a subscription another process created meanwhile, which is what this call wanted anyway.
 */
function refusal(messages: string[]): ConnectorError | 'exists' {
  const all = messages.join(' ');
  if (/already been taken|already exists/i.test(all)) return 'exists';
  if (/scope|permission|not approved|protected customer data|access denied/i.test(all)) return scopeMissing();
  if (/address|uri|url|callback|host/i.test(all)) {
    return configError('Shopify refused the hub’s webhook address', {
      code: 'SHOPIFY_WEBHOOK_ADDRESS_REFUSED',
      remedy:
        'Set ORDERHUB_PUBLIC_URL to the hub’s public HTTPS address (Shopify refuses plain HTTP, localhost and private hosts).',
    });
  }
  return configError('Shopify refused the webhook subscription', {
    code: 'SHOPIFY_WEBHOOK_REFUSED',
    remedy:
      'Create the subscription by hand (Settings → Notifications → Webhooks) to see Shopify’s reason, then fix the app or the address.',
  });
}

function unexpected(what: string): ConnectorError {
  return transientError(`Shopify answered ${what} in an unexpected shape`, {
    code: 'SHOPIFY_UNEXPECTED_RESPONSE',
  });
}

// GraphQL ------------------------------------------------------------------------------------------------------

const LIST_QUERY = `query OrderHubWebhooks($first: Int!, $after: String, $topics: [WebhookSubscriptionTopic!]) {
  webhookSubscriptions(first: $first, after: $after, topics: $topics) {
    nodes { id topic uri }
    pageInfo { hasNextPage endCursor }
  }
}`;

// `uri` replaced the deprecated `callbackUrl` of WebhookSubscriptionInput in the pinned API version.
const CREATE_MUTATION = `mutation OrderHubWebhookCreate($topic: WebhookSubscriptionTopic!, $webhookSubscription: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) {
    webhookSubscription { id topic uri }
    userErrors { field message }
  }
}`;

async function listGraphql(ctx: Ctx): Promise<Subscription[]> {
  const out: Subscription[] = [];
  let after: string | null = null;
  for (;;) {
    const { data }: { data: JsonObject } = await graphql(ctx, 'webhook-subscriptions', LIST_QUERY, {
      first: 100,
      after,
      topics: ENUMS,
    }).catch((error: unknown) => {
      throw subscriptionError(error);
    });
    const conn = isJsonObject(data['webhookSubscriptions']) ? data['webhookSubscriptions'] : null;
    const nodes = conn && Array.isArray(conn['nodes']) ? conn['nodes'] : null;
    const pageInfo = conn && isJsonObject(conn['pageInfo']) ? conn['pageInfo'] : null;
    if (!nodes || !pageInfo) throw unexpected('the webhook subscriptions query');
    for (const n of nodes) {
      const topic = isJsonObject(n) && typeof n['topic'] === 'string' ? restNameOf(n['topic']) : undefined;
      if (isJsonObject(n) && topic && typeof n['uri'] === 'string') out.push({ topic, address: n['uri'] });
    }
    const next: unknown = pageInfo['endCursor'];
    if (pageInfo['hasNextPage'] !== true || typeof next !== 'string' || next === '') return out;
    after = next;
  }
}

/** Creates one subscription; false when Shopify says it exists already (another process was quicker). */
async function createGraphql(ctx: Ctx, topic: string, callbackUrl: string): Promise<boolean> {
  const { data } = await graphql(ctx, 'webhook-subscription-create', CREATE_MUTATION, {
    topic: SUBSCRIBED_TOPICS[topic] ?? topic,
    webhookSubscription: { uri: callbackUrl, format: 'JSON' },
  }).catch((error: unknown) => {
    throw subscriptionError(error);
  });
  const payload = isJsonObject(data['webhookSubscriptionCreate']) ? data['webhookSubscriptionCreate'] : null;
  if (!payload) throw unexpected('webhookSubscriptionCreate');
  const errors = Array.isArray(payload['userErrors']) ? payload['userErrors'] : [];
  const messages = errors.map((e) =>
    isJsonObject(e) && typeof e['message'] === 'string' ? e['message'] : '',
  );
  if (messages.length > 0) {
    const failure = refusal(messages);
    if (failure !== 'exists') throw failure;
    return false;
  }
  if (!isJsonObject(payload['webhookSubscription'])) throw unexpected('webhookSubscriptionCreate');
  return true;
}

// REST ---------------------------------------------------------------------------------------------------------

async function rest(
  ctx: Ctx,
  method: 'GET' | 'POST',
  params: Record<string, string | number>,
  body?: object,
): Promise<HttpResponse> {
  await ctx.rate.take(REST_BUCKET);
  try {
    return await ctx.http.request({
      method,
      url: adminUrl(ctx.config.shopDomain, 'webhooks.json'),
      params,
      headers: { 'x-shopify-access-token': ctx.config.accessToken, accept: 'application/json' },
      ...(body ? { body } : {}),
      okStatuses: [422],
    });
  } catch (error) {
    throw subscriptionError(error);
  }
}

async function listRest(ctx: Ctx): Promise<Subscription[]> {
  const out: Subscription[] = [];
  let pageInfo: string | undefined;
  do {
    const res = await rest(
      ctx,
      'GET',
      pageInfo ? { limit: 250, page_info: pageInfo } : { limit: 250, fields: 'id,topic,address' },
    );
    const hooks = isJsonObject(res.data) && Array.isArray(res.data['webhooks']) ? res.data['webhooks'] : null;
    if (res.status !== 200 || !hooks) throw unexpected('webhooks.json');
    for (const h of hooks) {
      const topic = isJsonObject(h) && typeof h['topic'] === 'string' ? restNameOf(h['topic']) : undefined;
      if (isJsonObject(h) && topic && typeof h['address'] === 'string')
        out.push({ topic, address: h['address'] });
    }
    pageInfo = nextPageInfo(res.headers['link']);
  } while (pageInfo !== undefined);
  return out;
}

async function createRest(ctx: Ctx, topic: string, callbackUrl: string): Promise<boolean> {
  const res = await rest(ctx, 'POST', {}, { webhook: { topic, address: callbackUrl, format: 'json' } });
  if (res.status !== 422) return true;
  const errors = isJsonObject(res.data) ? res.data['errors'] : undefined;
  const messages = isJsonObject(errors)
    ? Object.entries(errors).flatMap(([field, list]) =>
        (Array.isArray(list) ? list : [list]).map((m) => `${field} ${String(m)}`),
      )
    : [String(errors)];
  const failure = refusal(messages);
  if (failure !== 'exists') throw failure;
  return false;
}

// --------------------------------------------------------------------------------------------------------------

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(unreadable address)';
  }
}

/**
 * Lists the app's subscriptions to the hub's topics and creates those missing for `callbackUrl`. A subscription of
 * the same topic to another address (another install, a staging hub) is someone else's: it is left in place and
 * logged, and the hub's own is created next to it.
 */
export async function ensureSubscriptions(
  ctx: Ctx,
  callbackUrl: string,
): Promise<{ created: string[]; ok: string[] }> {
  const graphqlApi = apiOf(ctx.config) === 'graphql';
  const existing = graphqlApi ? await listGraphql(ctx) : await listRest(ctx);
  const created: string[] = [];
  const ok: string[] = [];
  for (const topic of REST_NAMES) {
    const mine = existing.filter((s) => s.topic === topic);
    if (mine.some((s) => s.address === callbackUrl)) {
      ok.push(topic);
      continue;
    }
    for (const other of mine) {
      ctx.log.warn(
        { topic, host: hostOf(other.address) },
        'shopify webhook subscription points elsewhere; left in place',
      );
    }
    const made = graphqlApi
      ? await createGraphql(ctx, topic, callbackUrl)
      : await createRest(ctx, topic, callbackUrl);
    (made ? created : ok).push(topic);
  }
  return { created, ok };
}

/** The connector's `webhookSubscriptions`. */
export const webhookSubscriptions: WebhookSubscriptionSpec<ShopifyConfig> = {
  ensure: ensureSubscriptions,
};
