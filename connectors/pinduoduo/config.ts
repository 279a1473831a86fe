import type { ConfigSchema } from '../../src/sdk';

/** Connector id; connection configs name it, so it never changes. */
export const CONNECTOR_ID = 'pinduoduo';

/** The POP protocol version sent as `version`. */
export const API_VERSION = 'V1';

/** The Pinduoduo open-platform gateway: the only host the access token is ever sent to. */
export const GATEWAY_URL = 'https://gw-api.pinduoduo.com/api/router';

/** Settings of one Pinduoduo shop connection. */
export interface PinduoduoConfig {
  /** The application's `client_id`. */
  clientId: string;
  /** The application's `client_secret`; signs every request. Secret. */
  clientSecret: string;
  /** The shop's `access_token` from the merchant's authorization. Secret. */
  accessToken: string;
  /** Also import lucky-draw (抽奖) orders; by default only ordinary orders are pulled. */
  includeLuckyDraw?: boolean;
  /** How often to poll for changed orders. */
  pollIntervalSeconds?: number;
}

/** Default poll interval: Pinduoduo has no HTTP webhooks, so polling is the live path. */
export const DEFAULT_POLL_INTERVAL_SECONDS = 120;

/** JSON Schema (2020-12) of `PinduoduoConfig`; secrets are `writeOnly` so the hub encrypts and redacts them. */
export const configSchema: ConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['clientId', 'clientSecret', 'accessToken'],
  properties: {
    clientId: {
      type: 'string',
      title: 'client_id',
      description: 'The application’s client_id from the Pinduoduo open platform console.',
      pattern: '^[0-9A-Za-z]{8,64}$',
    },
    clientSecret: {
      type: 'string',
      title: 'client_secret',
      description: 'The application’s client_secret; it signs every request and is never sent.',
      minLength: 1,
      writeOnly: true,
    },
    accessToken: {
      type: 'string',
      title: 'Shop access_token',
      description: 'The access_token the merchant granted the application (授权), for this shop.',
      minLength: 1,
      writeOnly: true,
    },
    includeLuckyDraw: {
      type: 'boolean',
      title: 'Include lucky-draw orders',
      description:
        'Lucky-draw (抽奖) orders are only shipped to winners; leave off unless the business ships them.',
      default: false,
    },
    pollIntervalSeconds: {
      type: 'integer',
      title: 'Poll interval (seconds)',
      minimum: 60,
      maximum: 3600,
      default: DEFAULT_POLL_INTERVAL_SECONDS,
    },
  },
};
