import type { ConfigSchema } from '../../src/sdk';

/** Connector id; connection configs name it, so it never changes. */
export const CONNECTOR_ID = 'shopify';

/**
 * The one Admin API version requests and webhook payloads are read in. 2026-10 is the newest stable version
 * (supported until at least 2027-10-01); older versions fall forward once Shopify drops them, which would
 * change payloads under us without warning.
 */
export const API_VERSION = '2026-10';

/** Shopify's own shop host name: the only host this connector ever calls. */
export const SHOP_DOMAIN_PATTERN = '^[a-z0-9][a-z0-9-]*\\.myshopify\\.com$';

/** Settings of one Shopify connection. */
export interface ShopifyConfig {
  /** `my-shop.myshopify.com`, never a custom storefront domain. */
  shopDomain: string;
  /** Admin API access token of the shop's custom app. Secret. */
  accessToken: string;
  /** The custom app's client secret; Shopify signs webhooks with it. Secret. */
  webhookSecret: string;
  /** How often to poll for changed orders, as a safety net under webhooks. */
  pollIntervalSeconds?: number;
  /**
   * Which Admin API pulls and re-reads use: `graphql` (Shopify's current API) or `rest` (the legacy API, for
   * older shops and apps). Absent means `DEFAULT_API`.
   */
  api?: ShopifyApi;
  /**
   * What an `orders/*` webhook is: `notice` (only says which order changed; the hub re-reads it through `api`)
   * or `full` (its body is the order and is stored as is). Absent means `DEFAULT_WEBHOOK_MODE`.
   */
  webhookMode?: WebhookMode;
  /** Whether Shopify e-mails the customer when a shipment is written back as a fulfilment. Absent means false. */
  notifyCustomer?: boolean;
}

/** The Admin APIs this connector can read orders through. */
export type ShopifyApi = 'graphql' | 'rest';
/** How `orders/*` webhooks are taken. */
export type WebhookMode = 'notice' | 'full';

/**
 * API of a connection that does not set `api`: GraphQL Admin, Shopify's supported API for new apps. Older shops
 * set `api: 'rest'`.
 */
export const DEFAULT_API: ShopifyApi = 'graphql';
/**
 * Webhook mode of a connection that does not set `webhookMode`: `notice`, because Shopify webhooks can arrive
 * late and out of order, and re-reading the order gives its current state.
 */
export const DEFAULT_WEBHOOK_MODE: WebhookMode = 'notice';

/** The API a connection reads through. */
export function apiOf(config: ShopifyConfig): ShopifyApi {
  return config.api ?? DEFAULT_API;
}

/** The webhook mode of a connection. */
export function webhookModeOf(config: ShopifyConfig): WebhookMode {
  return config.webhookMode ?? DEFAULT_WEBHOOK_MODE;
}

/** Default poll interval: webhooks carry the live traffic, polling only catches what they missed. */
export const DEFAULT_POLL_INTERVAL_SECONDS = 300;

/** JSON Schema (2020-12) of `ShopifyConfig`; secrets are `writeOnly` so the hub encrypts and redacts them. */
export const configSchema: ConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['shopDomain', 'accessToken', 'webhookSecret'],
  properties: {
    shopDomain: {
      type: 'string',
      title: 'Shop domain',
      description: 'The shop’s permanent myshopify.com domain, e.g. `my-shop.myshopify.com`.',
      pattern: SHOP_DOMAIN_PATTERN,
    },
    accessToken: {
      type: 'string',
      title: 'Admin API access token',
      description: 'Shown once when the custom app is installed (starts with `shpat_`). Needs `read_orders`.',
      minLength: 1,
      writeOnly: true,
    },
    webhookSecret: {
      type: 'string',
      title: 'Client secret',
      description: 'The custom app’s client secret (API secret key); Shopify signs every webhook with it.',
      minLength: 1,
      writeOnly: true,
    },
    pollIntervalSeconds: {
      type: 'integer',
      title: 'Poll interval (seconds)',
      description: 'How often to list recently updated orders as a safety net under webhooks.',
      minimum: 60,
      maximum: 86400,
      default: DEFAULT_POLL_INTERVAL_SECONDS,
    },
    api: {
      type: 'string',
      title: 'Admin API',
      description:
        '`graphql` (recommended) or `rest` (legacy REST Admin API, for older shops). Used for polling and re-reads.',
      enum: ['graphql', 'rest'],
      default: DEFAULT_API,
    },
    webhookMode: {
      type: 'string',
      title: 'Webhook handling',
      description:
        '`notice`: a webhook only names the order, which is re-read in its current state (recommended; survives late and out-of-order deliveries). `full`: the webhook body is stored as the order.',
      enum: ['notice', 'full'],
      default: DEFAULT_WEBHOOK_MODE,
    },
    notifyCustomer: {
      type: 'boolean',
      title: 'Notify customers of shipments',
      description:
        'When OrderHub writes a shipment back as a fulfilment, let Shopify send its shipping confirmation e-mail.',
      default: false,
    },
  },
};
