import type { ConfigSchema } from '../../src/sdk';

/** Connector id; connection configs name it, so it never changes. */
export const CONNECTOR_ID = 'sap-b1';

/**
 * Service Layer protocol version. `v1` is the OData v3 dialect every Service Layer since 9.2 serves; its error
 * envelope (`error.message.value`) is the one this connector parses. v2 (OData v4) changes that envelope.
 */
export const API_VERSION = 'b1s/v1';

/** Session lifetime the Service Layer uses unless its administrator changed it (minutes). */
export const DEFAULT_SESSION_MINUTES = 30;

/** Settings of one SAP Business One connection. */
export interface SapB1Config {
  /** Base URL of the Service Layer, without `/b1s/v1`, e.g. `https://b1.example.com:50000`. */
  serviceLayerUrl: string;
  /** Company database name as shown on the B1 login screen (e.g. `SBODEMOUS`). */
  companyDb: string;
  /** B1 user the hub logs in as; needs a license and rights on Sales Orders and Delivery read. */
  userName: string;
  /** That user's password. Secret. */
  password: string;
  /**
   * Business partner (CardCode) every order is booked to. When absent the `sap-b1-customer` lookup table decides
   * per channel (see README).
   */
  cardCode?: string;
  /**
   * Warehouse every line ships from. When absent the `sap-b1-warehouse` lookup table decides per fulfilment
   * location or channel.
   */
  warehouseCode?: string;
  /** Days from the order day to `DocDueDate` when the order has no `deliverBy`. Default 0. */
  dueDays?: number;
  /**
   * UTC offset of the company's clock, e.g. `+01:00`: B1 stores delivery dates and times without an offset.
   * Default `+00:00`.
   */
  utcOffset?: string;
}

/** JSON Schema (2020-12) of `SapB1Config`; the password is `writeOnly`. */
export const configSchema: ConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['serviceLayerUrl', 'companyDb', 'userName', 'password'],
  properties: {
    serviceLayerUrl: {
      type: 'string',
      title: 'Service Layer URL',
      description: 'Base URL without /b1s/v1, e.g. https://b1.example.com:50000.',
      pattern: '^https?://[^\\s/?#]+(/[^\\s?#]*)?$',
      maxLength: 500,
    },
    companyDb: { type: 'string', title: 'Company database', minLength: 1, maxLength: 100 },
    userName: { type: 'string', title: 'B1 user name', minLength: 1, maxLength: 100 },
    password: { type: 'string', title: 'B1 password', minLength: 1, writeOnly: true },
    cardCode: {
      type: 'string',
      title: 'Customer (CardCode)',
      description: 'Business partner for every order; else the sap-b1-customer table decides per channel.',
      minLength: 1,
      maxLength: 50,
    },
    warehouseCode: {
      type: 'string',
      title: 'Warehouse code',
      description: 'Warehouse for every line; else the sap-b1-warehouse table decides.',
      minLength: 1,
      maxLength: 8,
    },
    dueDays: { type: 'integer', title: 'Due in (days)', minimum: 0, maximum: 365, default: 0 },
    utcOffset: {
      type: 'string',
      title: 'Company UTC offset',
      description: 'Offset of the times B1 stores, e.g. +01:00; used to read delivery dates back.',
      pattern: '^[+-]\\d{2}:\\d{2}$',
      default: '+00:00',
    },
  },
};

/** Lookup tables this connector reads (file `mappings/<name>.json`). */
export const TABLES = {
  item: 'sap-b1-item',
  taxCode: 'sap-b1-tax-code',
  warehouse: 'sap-b1-warehouse',
  customer: 'sap-b1-customer',
  currency: 'sap-b1-currency',
  freight: 'sap-b1-freight',
  carrier: 'sap-b1-carrier',
} as const;
