import type { ConfigSchema } from '../../src/sdk';

/** Connector id; connection configs name it, so it never changes. */
export const CONNECTOR_ID = 'ebay';

/** The Sell Fulfillment API version every call is written against. */
export const API_VERSION = 'sell-fulfillment-v1';

/** The only scope this connector asks for: it reads orders and never writes. */
export const SCOPE = 'https://api.ebay.com/oauth/api_scope/sell.fulfillment.readonly';

/** eBay's two environments; keys and tokens of one never work in the other. */
export type Environment = 'production' | 'sandbox';

export const API_ORIGINS: Readonly<Record<Environment, string>> = {
  production: 'https://api.ebay.com',
  sandbox: 'https://api.sandbox.ebay.com',
};

/** Settings of one eBay seller connection. */
export interface EbayConfig {
  /** `production` (api.ebay.com) or `sandbox` (api.sandbox.ebay.com). */
  environment: Environment;
  /** The application's Client ID (App ID) from the eBay developer portal keyset. */
  clientId: string;
  /** The keyset's Client Secret (Cert ID). Secret. */
  clientSecret: string;
  /** The seller's OAuth user refresh token, granted with the sell.fulfillment.readonly scope. Secret. */
  refreshToken: string;
  /** How often to poll for changed orders. */
  pollIntervalSeconds?: number;
}

export const DEFAULT_POLL_INTERVAL_SECONDS = 300;

/** JSON Schema (2020-12) of `EbayConfig`; secrets are `writeOnly` so the hub encrypts and redacts them. */
export const configSchema: ConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['environment', 'clientId', 'clientSecret', 'refreshToken'],
  properties: {
    environment: { enum: ['production', 'sandbox'], title: 'Environment', default: 'production' },
    clientId: {
      type: 'string',
      title: 'Client ID (App ID)',
      description: 'developer.ebay.com → Application Keys → the production or sandbox keyset.',
      minLength: 1,
    },
    clientSecret: { type: 'string', title: 'Client Secret (Cert ID)', minLength: 1, writeOnly: true },
    refreshToken: {
      type: 'string',
      title: 'User refresh token',
      description:
        'From the authorization-code grant with scope sell.fulfillment.readonly (valid about 18 months).',
      minLength: 1,
      writeOnly: true,
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
