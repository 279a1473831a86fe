import type { ConfigSchema } from '../../src/sdk';
import type { SignMethod } from './sign';

/** Connector id; connection configs name it, so it never changes. */
export const CONNECTOR_ID = 'taobao';

/** TOP protocol version sent as `v`; the API methods this connector calls are unversioned beyond it. */
export const API_VERSION = '2.0';

/** The two TOP gateways: mainland and overseas. The session key is only ever sent to one of these. */
export const GATEWAYS: readonly [
  'https://gw.api.taobao.com/router/rest',
  'https://api.taobao.com/router/rest',
] = ['https://gw.api.taobao.com/router/rest', 'https://api.taobao.com/router/rest'];

/** Settings of one Taobao/Tmall shop connection. */
export interface TaobaoConfig {
  /** The TOP application's App Key (numeric). */
  appKey: string;
  /** The TOP application's App Secret; signs every request. Secret. */
  appSecret: string;
  /** The seller's authorization (`session`, the OAuth access token) for this shop. Secret. */
  sessionKey: string;
  /** How requests are signed: `md5` (default), `hmac` (HMAC-MD5) or `hmac-sha256`. */
  signMethod?: SignMethod;
  /** Which TOP gateway to call; default the mainland one. */
  gatewayUrl?: (typeof GATEWAYS)[number];
  /** How often to poll for changed trades. */
  pollIntervalSeconds?: number;
}

/** Default poll interval: TOP has no HTTP webhooks, so polling is the live path. */
export const DEFAULT_POLL_INTERVAL_SECONDS = 120;

/** JSON Schema (2020-12) of `TaobaoConfig`; secrets are `writeOnly` so the hub encrypts and redacts them. */
export const configSchema: ConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['appKey', 'appSecret', 'sessionKey'],
  properties: {
    appKey: {
      type: 'string',
      title: 'App Key',
      description: 'The TOP application’s App Key, from the Taobao Open Platform console (digits only).',
      pattern: '^\\d{5,20}$',
    },
    appSecret: {
      type: 'string',
      title: 'App Secret',
      description: 'The TOP application’s App Secret; it signs every request and is never sent.',
      minLength: 1,
      writeOnly: true,
    },
    sessionKey: {
      type: 'string',
      title: 'Seller session key',
      description:
        'The access token (session key) the shop owner granted the application through TOP OAuth; sent as `session`.',
      minLength: 1,
      writeOnly: true,
    },
    signMethod: {
      type: 'string',
      title: 'Signature method',
      enum: ['md5', 'hmac', 'hmac-sha256'],
      default: 'md5',
    },
    gatewayUrl: {
      type: 'string',
      title: 'Gateway',
      description: 'Mainland gateway (default) or the overseas one for servers outside mainland China.',
      enum: [...GATEWAYS],
      default: GATEWAYS[0],
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
