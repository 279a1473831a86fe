import type { ConfigSchema } from '../../src/sdk';

/** Connector id; connection configs name it, so it never changes. */
export const CONNECTOR_ID = 'quickbooks';

/**
 * The pinned minor version of the Accounting API v3. Intuit ignores anything below 75 since August 2025 and
 * serves 75 instead, so 75 is the oldest version whose payloads we can rely on.
 */
export const MINOR_VERSION = '75';
export const API_VERSION = `v3 minorversion=${MINOR_VERSION}`;

export const TOKEN_URL = 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer';
export const API_HOSTS = {
  production: 'https://quickbooks.api.intuit.com',
  sandbox: 'https://sandbox-quickbooks.api.intuit.com',
} as const;

/** Settings of one QuickBooks Online company. */
export interface QuickBooksConfig {
  /** The company id (realmId) Intuit returned when the company was connected. */
  realmId: string;
  /** Client ID of the Intuit app (Keys & credentials). */
  clientId: string;
  /** Client secret of the Intuit app. Secret. */
  clientSecret: string;
  /** OAuth 2.0 refresh token from connecting the company; Intuit rotates it and the hub saves the new one. Secret. */
  refreshToken: string;
  /** `production` (default) or `sandbox` (sandbox-quickbooks.api.intuit.com). */
  environment?: 'production' | 'sandbox';
  /** `invoice` (receivable, default) or `salesReceipt` (already paid). */
  transactionType?: 'invoice' | 'salesReceipt';
  /**
   * `global` (default): line tax codes from `quickbooks-tax-code` and GlobalTaxCalculation (UK, CA, AU, …).
   * `us`: US sales tax — lines `TAX`/`NON`, the order's tax as TxnTaxDetail.TotalTax; tax-inclusive orders refused.
   */
  taxModel?: 'global' | 'us';
  /** One customer (Customer.Id) for every order; else `quickbooks-customer`, else one customer per buyer. */
  customerId?: string;
  /** Sales receipts: PaymentMethod.Id recorded on the receipt. */
  paymentMethodId?: string;
  /** Sales receipts: Account.Id the payment is deposited to (e.g. Undeposited Funds). */
  depositAccountId?: string;
}

const ID = { type: 'string', pattern: '^[0-9]{1,20}$' } as const;

/** JSON Schema (2020-12) of `QuickBooksConfig`; the client secret and refresh token are `writeOnly`. */
export const configSchema: ConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['realmId', 'clientId', 'clientSecret', 'refreshToken'],
  properties: {
    realmId: { ...ID, title: 'Company ID (realmId)' },
    clientId: { type: 'string', title: 'Client ID', minLength: 1, maxLength: 200 },
    clientSecret: { type: 'string', title: 'Client secret', minLength: 1, writeOnly: true },
    refreshToken: { type: 'string', title: 'Refresh token', minLength: 1, writeOnly: true },
    environment: { enum: ['production', 'sandbox'], default: 'production' },
    transactionType: { enum: ['invoice', 'salesReceipt'], default: 'invoice' },
    taxModel: { enum: ['global', 'us'], default: 'global' },
    customerId: { ...ID, title: 'Customer for every order' },
    paymentMethodId: { ...ID, title: 'Payment method (sales receipts)' },
    depositAccountId: { ...ID, title: 'Deposit account (sales receipts)' },
  },
};

/** Lookup tables this connector reads (file `mappings/<name>.json`). */
export const TABLES = {
  item: 'quickbooks-item',
  taxCode: 'quickbooks-tax-code',
  customer: 'quickbooks-customer',
} as const;
