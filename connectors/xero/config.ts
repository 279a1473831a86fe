import type { ConfigSchema } from '../../src/sdk';

/** Connector id; connection configs name it, so it never changes. */
export const CONNECTOR_ID = 'xero';

/** Xero's Accounting API has one live version; payload shapes follow the published OpenAPI spec of it. */
export const API_VERSION = 'api.xro/2.0';
export const API_BASE = 'https://api.xero.com/api.xro/2.0';
export const TOKEN_URL = 'https://identity.xero.com/connect/token';

/** Settings of one Xero organisation, connected through a custom connection. */
export interface XeroConfig {
  /** Client id of the Xero custom connection app. */
  clientId: string;
  /** Client secret of that app. Secret. */
  clientSecret: string;
  /** The organisation's tenant id (`xero-tenant-id`), from `GET https://api.xero.com/connections`. */
  tenantId: string;
  /** Status invoices are created in: `AUTHORISED` (default, posted to the ledger) or `DRAFT` (reviewed by hand). */
  invoiceStatus?: 'AUTHORISED' | 'DRAFT';
  /** One contact (ContactID) for every order; else `xero-contact`, else one contact per buyer. */
  contactId?: string;
  /** Days from the invoice date to its due date. Default 0 (web orders are paid when placed). */
  paymentTermsDays?: number;
}

/** JSON Schema (2020-12) of `XeroConfig`; the client secret is `writeOnly`. */
export const configSchema: ConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['clientId', 'clientSecret', 'tenantId'],
  properties: {
    clientId: { type: 'string', title: 'Client id', minLength: 1, maxLength: 200 },
    clientSecret: { type: 'string', title: 'Client secret', minLength: 1, writeOnly: true },
    tenantId: { type: 'string', title: 'Tenant id', format: 'uuid' },
    invoiceStatus: { enum: ['AUTHORISED', 'DRAFT'], default: 'AUTHORISED' },
    contactId: { type: 'string', title: 'Contact for every order', format: 'uuid' },
    paymentTermsDays: { type: 'integer', minimum: 0, maximum: 365, default: 0 },
  },
};

/** Lookup tables this connector reads (file `mappings/<name>.json`). */
export const TABLES = {
  item: 'xero-item',
  account: 'xero-account',
  taxType: 'xero-tax-type',
  contact: 'xero-contact',
} as const;
