import type { ConfigSchema } from '../../src/sdk';

/** Connector id; connection configs name it, so it never changes. */
export const CONNECTOR_ID = 'bigcommerce';

/**
 * Orders and their products and addresses live only in the v2 REST API (v3 has no order-products endpoint);
 * v3 is used for the one thing v2 lacks, refund records. v2 is unversioned beyond its path, so the pin is `v2`.
 */
export const API_VERSION = 'v2';

/** The only host the token is ever sent to. */
export const API_ORIGIN = 'https://api.bigcommerce.com';

/** Store hashes are short lower-case alphanumerics (the `abc123` in `stores/abc123`). */
export const STORE_HASH_PATTERN = '^[a-z0-9]{4,20}$';

/** Header the hub's webhooks are created with when ops keep the default. */
export const DEFAULT_WEBHOOK_HEADER = 'x-orderhub-webhook-token';

/** Settings of one BigCommerce connection. */
export interface BigCommerceConfig {
  /** The store hash from the API path `https://api.bigcommerce.com/stores/{storeHash}/`. */
  storeHash: string;
  /**
   * Access token of a store-level API account (or app) with Orders read-only, or Orders modify when shipments
   * are written back. Secret.
   */
  accessToken: string;
  /**
   * The shared secret set as a custom header value when the webhooks were created. BigCommerce does not sign
   * webhook bodies; this header is the only proof a callback came from the store. Secret. Without it, every
   * webhook is refused and polling alone brings orders in.
   */
  webhookSecret?: string;
  /** Name of that custom header, lower case. Default `x-orderhub-webhook-token`. */
  webhookHeaderName?: string;
  /** How often to list changed orders. */
  pollIntervalSeconds?: number;
}

/** Polling is the safety net under webhooks; every order costs three calls, so it runs every five minutes. */
export const DEFAULT_POLL_INTERVAL_SECONDS = 300;

/** JSON Schema (2020-12) of `BigCommerceConfig`; secrets are `writeOnly`. */
export const configSchema: ConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['storeHash', 'accessToken'],
  properties: {
    storeHash: {
      type: 'string',
      title: 'Store hash',
      description: 'The id in the API path `https://api.bigcommerce.com/stores/{storeHash}/v3/`.',
      pattern: STORE_HASH_PATTERN,
    },
    accessToken: {
      type: 'string',
      title: 'Access token',
      description:
        'Store-level API account token with the Orders scope: read-only to pull, modify to write shipments back.',
      minLength: 1,
      writeOnly: true,
    },
    webhookSecret: {
      type: 'string',
      title: 'Webhook header secret',
      description: 'A long random value, sent by BigCommerce as a custom header on every webhook.',
      minLength: 24,
      writeOnly: true,
    },
    webhookHeaderName: {
      type: 'string',
      title: 'Webhook header name',
      description: 'The custom header carrying the secret, lower case.',
      pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
      default: DEFAULT_WEBHOOK_HEADER,
    },
    pollIntervalSeconds: {
      type: 'integer',
      title: 'Poll interval (seconds)',
      minimum: 60,
      maximum: 86400,
      default: DEFAULT_POLL_INTERVAL_SECONDS,
    },
  },
};
