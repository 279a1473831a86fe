import type { ConfigSchema } from '../../src/sdk';

/** Connector id; connection configs name it, so it never changes. */
export const CONNECTOR_ID = 'ebay';

/** The Sell Fulfillment API version every call is written against. */
export const API_VERSION = 'sell-fulfillment-v1';

/** The scope for reading orders: all this connector asks for while write-back is off. */
export const READ_SCOPE = 'https://api.ebay.com/oauth/api_scope/sell.fulfillment.readonly';

/** The scope for reading orders and creating shipping fulfilments, asked for when write-back is on. */
export const WRITE_SCOPE = 'https://api.ebay.com/oauth/api_scope/sell.fulfillment';

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
  /**
   * The seller's OAuth user refresh token, granted with the sell.fulfillment.readonly scope (sell.fulfillment
   * when write-back is on). Secret.
   */
  refreshToken: string;
  /**
   * Write shipments back to eBay as shipping fulfilments. Tokens are then minted with the sell.fulfillment
   * scope, which the seller's consent must include. Default false.
   */
  writeBack?: boolean;
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
        'From the authorization-code grant with scope sell.fulfillment.readonly, or sell.fulfillment for write-back (valid about 18 months).',
      minLength: 1,
      writeOnly: true,
    },
    writeBack: {
      type: 'boolean',
      title: 'Write shipments back to eBay',
      description: 'Needs a refresh token consented with the scope sell.fulfillment (not readonly).',
      default: false,
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

/** The scope tokens are minted with: write-back needs sell.fulfillment, reading alone the readonly scope. */
export function scopeFor(config: EbayConfig): string {
  return config.writeBack === true ? WRITE_SCOPE : READ_SCOPE;
}
