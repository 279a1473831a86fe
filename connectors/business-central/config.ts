import type { ConfigSchema } from '../../src/sdk';

/** Connector id; connection configs name it, so it never changes. */
export const CONNECTOR_ID = 'business-central';

/** Business Central standard API version in every URL. */
export const API_VERSION = 'v2.0';

/** 6,000 requests per 5-minute sliding window per service principal = 20/s; at most 100 at once. */
export const RATE_BUCKET = 'api';

export const TOKEN_SCOPE = 'https://api.businesscentral.dynamics.com/.default';

/** Settings of one Business Central connection (service-to-service, client credentials). */
export interface BusinessCentralConfig {
  /** Microsoft Entra tenant id (GUID) or primary domain, e.g. `contoso.onmicrosoft.com`. */
  tenantId: string;
  /** Environment name, e.g. `production` or `sandbox`. */
  environment: string;
  /** Company id (GUID) from `GET …/api/v2.0/companies`. */
  companyId: string;
  /** Application (client) id of the Entra app registration. */
  clientId: string;
  /** Client secret of that app registration. Secret. */
  clientSecret: string;
  /** Customer number every order is booked to; else the `business-central-customer` table decides. */
  customerNumber?: string;
  /** Send line tax codes from the `business-central-tax` table (else BC takes them from the item). */
  mapTaxCodes?: boolean;
  /** Per-request timeout in ms. Default 30 000. */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

const GUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/** JSON Schema of `BusinessCentralConfig`; the client secret is `writeOnly`. */
export const configSchema: ConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['tenantId', 'environment', 'companyId', 'clientId', 'clientSecret'],
  properties: {
    tenantId: {
      type: 'string',
      pattern: `${GUID.slice(0, -1)}|^[a-zA-Z0-9][a-zA-Z0-9.-]{1,250}$`,
      description: 'Entra tenant id (GUID) or domain.',
    },
    environment: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,30}$', description: 'Environment name.' },
    companyId: { type: 'string', pattern: GUID, description: 'Company id (GUID).' },
    clientId: { type: 'string', pattern: GUID, description: 'Entra application (client) id.' },
    clientSecret: {
      type: 'string',
      minLength: 1,
      maxLength: 500,
      writeOnly: true,
      description: 'Client secret value.',
    },
    customerNumber: {
      type: 'string',
      minLength: 1,
      maxLength: 20,
      description: 'Customer No. for every order.',
    },
    mapTaxCodes: {
      type: 'boolean',
      default: false,
      description: 'Send taxCode per line from business-central-tax.',
    },
    timeoutMs: { type: 'integer', minimum: 1000, maximum: 600_000, default: DEFAULT_TIMEOUT_MS },
  },
};

/** `https://api.businesscentral.dynamics.com/v2.0/{tenant}/{environment}/api/v2.0/companies({id})`. */
export function companyBase(config: BusinessCentralConfig): string {
  const t = encodeURIComponent(config.tenantId);
  const e = encodeURIComponent(config.environment);
  return `https://api.businesscentral.dynamics.com/v2.0/${t}/${e}/api/${API_VERSION}/companies(${config.companyId})`;
}

export function tokenUrl(config: BusinessCentralConfig): string {
  return `https://login.microsoftonline.com/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`;
}
