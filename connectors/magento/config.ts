import type { ConfigSchema } from '../../src/sdk';

/** Connector id; connection configs name it, so it never changes. */
export const CONNECTOR_ID = 'magento';

/** The REST API this connector reads: Magento Open Source / Adobe Commerce 2.4 `V1`. */
export const API_VERSION = '2.4 REST V1';

/** Settings of one Magento connection. */
export interface MagentoConfig {
  /** The store's HTTPS base address, e.g. `https://shop.example.com` (no `/rest`). */
  baseUrl: string;
  /** Store view code in the REST path (`/rest/<code>/V1`); orders of every store are listed either way. */
  storeCode?: string;
  /** Access token of an integration (System → Integrations) with the Sales → Orders resources. Secret. */
  accessToken: string;
  /** How often to list recently updated orders. */
  pollIntervalSeconds?: number;
  /** Whether Magento e-mails the customer when a shipment is written back. Absent means false. */
  notifyCustomer?: boolean;
}

/** Default poll interval: Magento has no order webhooks in core, so polling carries live traffic. */
export const DEFAULT_POLL_INTERVAL_SECONDS = 120;

export const DEFAULT_STORE_CODE = 'default';

/** JSON Schema (2020-12) of `MagentoConfig`; the token is `writeOnly` so the hub encrypts and redacts it. */
export const configSchema: ConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['baseUrl', 'accessToken'],
  properties: {
    baseUrl: {
      type: 'string',
      title: 'Base URL',
      description: 'The store’s HTTPS address without /rest, e.g. `https://shop.example.com`.',
      pattern: '^https://[A-Za-z0-9.-]+(:\\d+)?(/[A-Za-z0-9._~%/-]*)?$',
    },
    storeCode: {
      type: 'string',
      title: 'Store view code',
      description: 'Used in the REST path; `default` unless the default store view was renamed.',
      pattern: '^[a-z0-9_]+$',
      default: DEFAULT_STORE_CODE,
    },
    accessToken: {
      type: 'string',
      title: 'Integration access token',
      description:
        'System → Extensions → Integrations → the integration → Integration Details → Access Token.',
      minLength: 1,
      writeOnly: true,
    },
    pollIntervalSeconds: {
      type: 'integer',
      title: 'Poll interval (seconds)',
      description: 'How often to list recently updated orders.',
      minimum: 30,
      maximum: 86400,
      default: DEFAULT_POLL_INTERVAL_SECONDS,
    },
    notifyCustomer: {
      type: 'boolean',
      title: 'Notify customers of shipments',
      description: 'When OrderHub writes a shipment back, let Magento send its shipment e-mail.',
      default: false,
    },
  },
};
