import type { ConfigSchema } from '../../src/sdk';

/** Connector id; connection configs name it, so it never changes. */
export const CONNECTOR_ID = 'odoo';

/** The external API this connector is written against; `jsonrpc` stays for Odoo ≤ 18. */
export const API_VERSION = '19.0-json2';

/** Odoo documents no request limit; Odoo Online applies fair-use throttling, so stay modest. */
export const RATE_BUCKET = 'api';

/** Settings of one Odoo connection. */
export interface OdooConfig {
  /** Base URL of the Odoo server, e.g. `https://acme.odoo.com`. */
  url: string;
  /** Database name (`X-Odoo-Database` / first `execute_kw` argument). */
  database: string;
  /** `json2` (Odoo 19+, default) or `jsonrpc` (Odoo ≤ 18; deprecated in 19). */
  protocol?: 'json2' | 'jsonrpc';
  /** Login of the integration user; needed by `jsonrpc` to obtain the user id. */
  login?: string;
  /** API key of the integration user (Preferences > Account Security > New API Key). Secret. */
  apiKey: string;
  /** Partner for orders without an e-mail (POS walk-ins, marketplaces that hide it). */
  defaultPartnerId?: number;
  /** Where product ids come from: the `odoo-product` table (default) or a `default_code` search by SKU. */
  productLookup?: 'table' | 'default_code';
  /** Product for order discounts not spread over lines (a negative line). */
  discountProductId?: number;
  /** Warehouse the orders ship from. */
  warehouseId?: number;
  /** Confirm new orders (quotation → sales order, creates the delivery). Default true. */
  confirmOrders?: boolean;
  /** Line tax field: `tax_ids` (Odoo 19) or `tax_id` (Odoo ≤ 18). Default follows `protocol`. */
  lineTaxField?: 'tax_ids' | 'tax_id';
  /** Per-request timeout in ms. Default 20 000. */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 20_000;

const ID = { type: 'integer', minimum: 1 };

/** JSON Schema of `OdooConfig`; the API key is `writeOnly`. */
export const configSchema: ConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['url', 'database', 'apiKey'],
  properties: {
    url: {
      type: 'string',
      pattern: '^https?://[^/?#]+(/[^?#]*)?$',
      maxLength: 500,
      description: 'Odoo base URL.',
    },
    database: { type: 'string', minLength: 1, maxLength: 128, description: 'Database name.' },
    protocol: {
      enum: ['json2', 'jsonrpc'],
      default: 'json2',
      description: 'json2 for Odoo 19+, jsonrpc for ≤ 18.',
    },
    login: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'Integration user login (jsonrpc only).',
    },
    apiKey: { type: 'string', minLength: 1, maxLength: 200, writeOnly: true, description: 'User API key.' },
    defaultPartnerId: { ...ID, description: 'res.partner id for orders without an e-mail.' },
    productLookup: {
      enum: ['table', 'default_code'],
      default: 'table',
      description: 'How SKUs become product ids.',
    },
    discountProductId: { ...ID, description: 'product.product id for unspread order discounts.' },
    warehouseId: { ...ID, description: 'stock.warehouse id.' },
    confirmOrders: { type: 'boolean', default: true, description: 'Confirm new quotations.' },
    lineTaxField: { enum: ['tax_ids', 'tax_id'], description: 'sale.order.line tax field name.' },
    timeoutMs: { type: 'integer', minimum: 1000, maximum: 120_000, default: DEFAULT_TIMEOUT_MS },
  },
};

/** The configured URL without a trailing slash. */
export function baseUrl(config: Pick<OdooConfig, 'url'>): string {
  return config.url.replace(/\/+$/, '');
}
