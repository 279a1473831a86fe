import type { ConfigSchema } from '../../src/sdk';

/** Connector id; connection configs name it, so it never changes. */
export const CONNECTOR_ID = 'amazon-sp';

/** The Orders API version every call is written against. */
export const API_VERSION = 'orders-v0';

/** Selling Partner API regions; a seller's account lives in exactly one of them. */
export type Region = 'na' | 'eu' | 'fe';

/** Production and sandbox hosts per region (the refresh token only works in the seller's own region). */
export const ENDPOINTS: Readonly<Record<Region, { production: string; sandbox: string }>> = {
  na: {
    production: 'https://sellingpartnerapi-na.amazon.com',
    sandbox: 'https://sandbox.sellingpartnerapi-na.amazon.com',
  },
  eu: {
    production: 'https://sellingpartnerapi-eu.amazon.com',
    sandbox: 'https://sandbox.sellingpartnerapi-eu.amazon.com',
  },
  fe: {
    production: 'https://sellingpartnerapi-fe.amazon.com',
    sandbox: 'https://sandbox.sellingpartnerapi-fe.amazon.com',
  },
};

/** Login with Amazon token endpoint: the same for every region. */
export const LWA_TOKEN_URL = 'https://api.amazon.com/auth/o2/token';

/** Settings of one Amazon seller connection. */
export interface AmazonSpConfig {
  /** The seller's SP-API region: `na` (US, CA, MX, BR), `eu` (Europe, UK, IN, Middle East, TR) or `fe` (JP, AU, SG). */
  region: Region;
  /** Marketplaces to pull orders from, e.g. `ATVPDKIKX0DER` (amazon.com); all must be in `region`. */
  marketplaceIds: string[];
  /** LWA client identifier of the SP-API application (`amzn1.application-oa2-client.…`). */
  lwaClientId: string;
  /** LWA client secret of the application. Secret. */
  lwaClientSecret: string;
  /** The seller's LWA refresh token (`Atzr|…`), from self-authorisation or the OAuth flow. Secret. */
  refreshToken: string;
  /**
   * Ask for a Restricted Data Token so shipping addresses and buyer info come complete. Needs an approved
   * restricted role (e.g. Direct-to-Consumer Shipping). Without it, addresses stay as Amazon gives them
   * (city, region, postcode, country) and are marked withheld.
   */
  restrictedData?: boolean;
  /** Use Amazon's static sandbox instead of production. */
  sandbox?: boolean;
  /** How often to poll for changed orders. */
  pollIntervalSeconds?: number;
}

/** getOrders sustains one call a minute; polling every five minutes leaves most of it to other callers. */
export const DEFAULT_POLL_INTERVAL_SECONDS = 300;

/** JSON Schema (2020-12) of `AmazonSpConfig`; secrets are `writeOnly` so the hub encrypts and redacts them. */
export const configSchema: ConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['region', 'marketplaceIds', 'lwaClientId', 'lwaClientSecret', 'refreshToken'],
  properties: {
    region: {
      enum: ['na', 'eu', 'fe'],
      title: 'SP-API region',
      description: 'na = North America, eu = Europe/India/Middle East, fe = Far East.',
    },
    marketplaceIds: {
      type: 'array',
      title: 'Marketplace ids',
      description: 'Amazon marketplace ids to pull, e.g. ATVPDKIKX0DER for amazon.com.',
      items: { type: 'string', pattern: '^[A-Z0-9]{9,16}$' },
      minItems: 1,
      maxItems: 50,
      uniqueItems: true,
    },
    lwaClientId: {
      type: 'string',
      title: 'LWA client id',
      description:
        'Developer Central → the app → View (LWA credentials), starts with amzn1.application-oa2-client.',
      minLength: 1,
    },
    lwaClientSecret: {
      type: 'string',
      title: 'LWA client secret',
      minLength: 1,
      writeOnly: true,
    },
    refreshToken: {
      type: 'string',
      title: 'Refresh token',
      description: 'The seller’s LWA refresh token (Atzr|…) for this app.',
      minLength: 1,
      writeOnly: true,
    },
    restrictedData: {
      type: 'boolean',
      title: 'Read buyer name and shipping address (Restricted Data Token)',
      default: true,
    },
    sandbox: { type: 'boolean', title: 'Use the SP-API sandbox', default: false },
    pollIntervalSeconds: {
      type: 'integer',
      title: 'Poll interval (seconds)',
      minimum: 120,
      maximum: 86400,
      default: DEFAULT_POLL_INTERVAL_SECONDS,
    },
  },
};

/** The API host of a connection. */
export function baseUrl(config: AmazonSpConfig): string {
  const hosts = ENDPOINTS[config.region];
  return config.sandbox === true ? hosts.sandbox : hosts.production;
}
