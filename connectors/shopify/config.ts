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
  },
};
