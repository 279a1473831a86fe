import type { ConfigSchema } from '../../src/sdk';

/** Connector id; connection configs name it, so it never changes. */
export const CONNECTOR_ID = 'square';

/**
 * The `Square-Version` every request is pinned to. Square versions all its APIs together by date; without the
 * header a request gets the application's default version, which anyone can change in the Developer Console.
 */
export const SQUARE_VERSION = '2026-09-16';

/** Square API hosts; the token is never sent anywhere else. */
export const HOSTS: Readonly<Record<string, string>> = {
  production: 'https://connect.squareup.com',
  sandbox: 'https://connect.squareupsandbox.com',
};

/** Settings of one Square connection. */
export interface SquareConfig {
  /** `production` or `sandbox` (the Developer Console's test sellers). */
  environment: 'production' | 'sandbox';
  /** OAuth access token (or personal access token) of the seller, with ORDERS_READ (ORDERS_WRITE for write-back). Secret. */
  accessToken: string;
  /**
   * Location ids to read orders of. Absent: every location of the seller, listed once an hour (then the token
   * also needs MERCHANT_PROFILE_READ).
   */
  locationIds?: string[];
  /** Signature key of the webhook subscription (Developer Console → Webhooks → the subscription). Secret. */
  webhookSignatureKey?: string;
  /** The subscription's notification URL exactly as entered in Square: it is part of what Square signs. */
  webhookNotificationUrl?: string;
  /** How often to search for changed orders. */
  pollIntervalSeconds?: number;
}

export const DEFAULT_POLL_INTERVAL_SECONDS = 120;

/** JSON Schema (2020-12) of `SquareConfig`; secrets are `writeOnly`. */
export const configSchema: ConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['environment', 'accessToken'],
  properties: {
    environment: { type: 'string', enum: ['production', 'sandbox'], default: 'production' },
    accessToken: {
      type: 'string',
      title: 'Access token',
      description:
        'Seller access token with ORDERS_READ (and MERCHANT_PROFILE_READ when locationIds is empty; ORDERS_WRITE for shipment write-back).',
      minLength: 1,
      writeOnly: true,
    },
    locationIds: {
      type: 'array',
      title: 'Location ids',
      description: 'Locations to read; leave out to read every location of the seller.',
      items: { type: 'string', pattern: '^[A-Za-z0-9]{1,32}$' },
      minItems: 1,
      maxItems: 300,
      uniqueItems: true,
    },
    webhookSignatureKey: {
      type: 'string',
      title: 'Webhook signature key',
      minLength: 1,
      writeOnly: true,
    },
    webhookNotificationUrl: {
      type: 'string',
      title: 'Webhook notification URL',
      description:
        'Exactly as entered in the Square subscription, e.g. https://hub.example.com/v1/webhooks/con_…',
      pattern: '^https://',
    },
    pollIntervalSeconds: {
      type: 'integer',
      minimum: 30,
      maximum: 86400,
      default: DEFAULT_POLL_INTERVAL_SECONDS,
    },
  },
};
