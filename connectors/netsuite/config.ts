import type { ConfigSchema } from '../../src/sdk';

/** Connector id; connection configs name it, so it never changes. */
export const CONNECTOR_ID = 'netsuite';

/** REST record service version in every URL (`/services/rest/record/v1`). */
export const API_VERSION = 'record/v1';

/**
 * NetSuite's smallest documented account concurrency base limit (shared / Standard tier: 5 requests at a time).
 * Accounts on higher tiers or with SuiteCloud Plus licences raise it in `concurrencyLimit`.
 */
export const DEFAULT_CONCURRENCY_LIMIT = 5;

/**
 * The single rate bucket every call takes from. The SDK's buckets are static, so the bucket is sized to the
 * default limit and a call costs `DEFAULT_CONCURRENCY_LIMIT / concurrencyLimit` tokens: a larger configured
 * limit makes each call cheaper.
 */
export const RATE_BUCKET = 'account';

/** Settings of one NetSuite connection (token-based authentication). */
export interface NetSuiteConfig {
  /** Account id, e.g. `1234567` or `1234567_SB1` (sandbox); the host and the OAuth realm are derived from it. */
  accountId: string;
  /** Consumer key of the integration record. */
  consumerKey: string;
  /** Consumer secret of the integration record. Secret. */
  consumerSecret: string;
  /** Token id of the access token (user + role) the hub acts as. */
  tokenId: string;
  /** Token secret of that access token. Secret. */
  tokenSecret: string;
  /** The account's concurrency limit (service tier base + 10 per SuiteCloud Plus licence). Default 5. */
  concurrencyLimit?: number;
  /** Internal id of the customer every order is booked to; else the `netsuite-customer` table decides. */
  customerId?: string;
  /** Internal id of the subsidiary (OneWorld accounts only). */
  subsidiaryId?: string;
  /** Internal id of the fulfilling location. */
  locationId?: string;
  /** Internal id of a discount item, needed only for order discounts the channel did not spread over lines. */
  discountItemId?: string;
  /** IANA time zone of the integration role's user preferences; SuiteQL returns times in it (shipments). */
  timeZone?: string;
  /** Per-request timeout in ms. Default 30 000 (NetSuite record writes are slow). */
  timeoutMs?: number;
}

/** Default per-request timeout: sales order writes with many lines take seconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;

const ID = { type: 'string', pattern: '^-?[0-9]{1,12}$', maxLength: 13 };

/** JSON Schema of `NetSuiteConfig`; secrets are `writeOnly`. */
export const configSchema: ConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'consumerKey', 'consumerSecret', 'tokenId', 'tokenSecret'],
  properties: {
    accountId: {
      type: 'string',
      pattern: '^[0-9]{3,12}([_-][A-Za-z]{2}[0-9]{0,3})?$',
      description: 'Account id from Setup > Company > Company Information, e.g. `1234567` or `1234567_SB1`.',
    },
    consumerKey: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'Integration record consumer key.',
    },
    consumerSecret: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      writeOnly: true,
      description: 'Integration record consumer secret (shown once).',
    },
    tokenId: { type: 'string', minLength: 1, maxLength: 200, description: 'Access token id.' },
    tokenSecret: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      writeOnly: true,
      description: 'Access token secret (shown once).',
    },
    concurrencyLimit: {
      type: 'integer',
      minimum: 1,
      maximum: 1000,
      default: DEFAULT_CONCURRENCY_LIMIT,
      description:
        'Account concurrency limit: service tier base (5, 15 or 20) + 10 per SuiteCloud Plus licence.',
    },
    customerId: {
      ...ID,
      description: 'Customer internal id for every order (overrides `netsuite-customer`).',
    },
    subsidiaryId: { ...ID, description: 'Subsidiary internal id (OneWorld).' },
    locationId: { ...ID, description: 'Location internal id orders ship from.' },
    discountItemId: { ...ID, description: 'Discount item internal id for order-level discounts.' },
    timeZone: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      description:
        'IANA time zone of the integration user (Set Preferences > Time Zone), e.g. `America/New_York`.',
    },
    timeoutMs: { type: 'integer', minimum: 1000, maximum: 300_000, default: DEFAULT_TIMEOUT_MS },
  },
};

/** Host label: lower case with `-` (`1234567-sb1`). */
export function hostAccount(accountId: string): string {
  return accountId.toLowerCase().replace(/_/g, '-');
}

/** OAuth realm: upper case with `_` (`1234567_SB1`). */
export function realm(accountId: string): string {
  return accountId.toUpperCase().replace(/-/g, '_');
}

/** `https://<account>.suitetalk.api.netsuite.com/services/rest`. */
export function restBase(accountId: string): string {
  return `https://${hostAccount(accountId)}.suitetalk.api.netsuite.com/services/rest`;
}
