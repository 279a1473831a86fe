import type { ConfigSchema } from '../../src/sdk';

/** Connector id; connection configs name it, so it never changes. */
export const CONNECTOR_ID = 'woocommerce';

/** The REST namespace this connector reads: WooCommerce REST API v3 (WooCommerce 3.5+). */
export const API_VERSION = 'wc/v3';

/** Settings of one WooCommerce connection. */
export interface WooCommerceConfig {
  /** The site's public HTTPS address, e.g. `https://shop.example.com` (a sub-folder install keeps its path). */
  siteUrl: string;
  /** REST API consumer key (`ck_…`) of a key with Read permission. Secret. */
  consumerKey: string;
  /** REST API consumer secret (`cs_…`) of the same key. Secret. */
  consumerSecret: string;
  /** The Secret field of the store's order webhooks; WooCommerce signs each delivery with it. Secret. */
  webhookSecret: string;
  /** How often to list recently modified orders, as the safety net under webhooks. */
  pollIntervalSeconds?: number;
  /**
   * Write shipments back through the Shipment Tracking extension (`wc-shipment-tracking/v3`) instead of order
   * notes. Absent means false: core WooCommerce has no tracking API.
   */
  trackingExtension?: boolean;
  /** Whether the shipment note is a customer note (WooCommerce e-mails it). Absent means false. */
  notifyCustomer?: boolean;
}

/** Default poll interval: webhooks carry live traffic, polling catches what they missed. */
export const DEFAULT_POLL_INTERVAL_SECONDS = 300;

/** HTTPS only: consumer keys travel as HTTP Basic credentials, which plain HTTP would expose. */
export const SITE_URL_PATTERN = '^https://[A-Za-z0-9.-]+(:\\d+)?(/[A-Za-z0-9._~%/-]*)?$';

/** JSON Schema (2020-12) of `WooCommerceConfig`; secrets are `writeOnly` so the hub encrypts and redacts them. */
export const configSchema: ConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['siteUrl', 'consumerKey', 'consumerSecret', 'webhookSecret'],
  properties: {
    siteUrl: {
      type: 'string',
      title: 'Site URL',
      description: 'The store’s HTTPS address without /wp-json, e.g. `https://shop.example.com`.',
      pattern: SITE_URL_PATTERN,
    },
    consumerKey: {
      type: 'string',
      title: 'Consumer key',
      description: 'From WooCommerce → Settings → Advanced → REST API (starts with `ck_`), Read permission.',
      minLength: 1,
      writeOnly: true,
    },
    consumerSecret: {
      type: 'string',
      title: 'Consumer secret',
      description: 'Shown once next to the consumer key (starts with `cs_`).',
      minLength: 1,
      writeOnly: true,
    },
    webhookSecret: {
      type: 'string',
      title: 'Webhook secret',
      description: 'The Secret entered on the order.created / order.updated webhooks.',
      minLength: 1,
      writeOnly: true,
    },
    pollIntervalSeconds: {
      type: 'integer',
      title: 'Poll interval (seconds)',
      description: 'How often to list recently modified orders as a safety net under webhooks.',
      minimum: 60,
      maximum: 86400,
      default: DEFAULT_POLL_INTERVAL_SECONDS,
    },
    trackingExtension: {
      type: 'boolean',
      title: 'Shipment Tracking extension',
      description:
        'True when the store runs the WooCommerce Shipment Tracking extension: shipments are written as tracking items instead of order notes.',
      default: false,
    },
    notifyCustomer: {
      type: 'boolean',
      title: 'Notify customers of shipments',
      description: 'Write the shipment note as a customer note, which WooCommerce e-mails to the customer.',
      default: false,
    },
  },
};
