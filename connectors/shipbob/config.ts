import type { ConfigSchema } from '../../src/sdk';

/** Connector id; connection configs name it, so it never changes. */
export const CONNECTOR_ID = 'shipbob';

/** The pinned dated API version; 1.0 and 2.0 are deprecated. */
export const API_VERSION = '2025-07';

/** ShipBob's hosts per environment; the token is never sent anywhere else. */
export const HOSTS = {
  production: 'https://api.shipbob.com',
  sandbox: 'https://sandbox-api.shipbob.com',
} as const;

/** Lookup table: shipping method (requested service, else the first shipping line's code or title) → ShipBob ship option name. */
export const SHIPPING_METHOD_TABLE = 'shipbob-shipping-method';

/** Lookup table: canonical `fulfillment.locationId` → ShipBob fulfillment center (location) id. */
export const LOCATION_TABLE = 'shipbob-location';

/** Settings of one ShipBob connection. */
export interface ShipBobConfig {
  /** Personal Access Token (ShipBob dashboard → Integrations → API Tokens). Secret. */
  accessToken: string;
  /** The channel with write scope that orders are created under (`GET /channel`); sent as `shipbob_channel_id`. */
  channelId: number;
  /** `production` (default) or `sandbox` (sandbox-api.shipbob.com, with a sandbox token). */
  environment?: 'production' | 'sandbox';
}

/** JSON Schema (2020-12) of `ShipBobConfig`; the token is `writeOnly` so the hub encrypts and redacts it. */
export const configSchema: ConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['accessToken', 'channelId'],
  properties: {
    accessToken: {
      type: 'string',
      title: 'Personal Access Token',
      description: 'Created in the ShipBob dashboard under Integrations → API Tokens.',
      minLength: 1,
      maxLength: 4000,
      writeOnly: true,
    },
    channelId: {
      type: 'integer',
      title: 'Channel id',
      description:
        'Id of the channel with orders_write scope, from GET /channel; sent as shipbob_channel_id.',
      minimum: 1,
    },
    environment: {
      enum: ['production', 'sandbox'],
      title: 'Environment',
      description: 'production calls api.shipbob.com; sandbox calls sandbox-api.shipbob.com.',
      default: 'production',
    },
  },
};

/** Base URL of the pinned version in the connection's environment. */
export function baseUrl(config: ShipBobConfig): string {
  return `${HOSTS[config.environment ?? 'production']}/${API_VERSION}`;
}
