import type { ConfigSchema } from '../../src/sdk';

/** Connector id; connection configs name it, so it never changes. */
export const CONNECTOR_ID = 'shipstation';

/** The pinned API: ShipStation V1 (the "Companion API"), the one with `orderKey` upserts. */
export const API_VERSION = 'v1';

/** ShipStation V1's only host; the Basic credentials are never sent anywhere else. */
export const BASE_URL = 'https://ssapi.shipstation.com';

/** Zone V1 timestamps are written and read in when the connection does not say otherwise. */
export const DEFAULT_TIME_ZONE = 'America/Los_Angeles';

/** Lookup table: shipping method (requested service, else the first shipping line's code or title) → `carrierCode/serviceCode` or `auto`. */
export const SERVICE_TABLE = 'shipstation-service';

/** Lookup table: canonical `fulfillment.locationId` → ShipStation warehouse id (Ship From location). */
export const WAREHOUSE_TABLE = 'shipstation-warehouse';

/** Settings of one ShipStation connection. */
export interface ShipStationConfig {
  /** V1 API Key (Settings → Account → API Settings). Secret. */
  apiKey: string;
  /** V1 API Secret, shown beside the key. Secret. */
  apiSecret: string;
  /** The ShipStation store orders are filed under; absent: ShipStation's default manual store. Shipments are read back from this store only when set. */
  storeId?: number;
  /**
   * Currency of the ShipStation account. V1 orders carry no currency, so when this is set, orders in any other
   * currency are refused instead of being shown with a wrong unit.
   */
  currency?: string;
  /** IANA zone of V1's offset-less timestamps. Default `America/Los_Angeles`. */
  timeZone?: string;
}

/** JSON Schema (2020-12) of `ShipStationConfig`; secrets are `writeOnly` so the hub encrypts and redacts them. */
export const configSchema: ConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['apiKey', 'apiSecret'],
  properties: {
    apiKey: {
      type: 'string',
      title: 'API Key',
      description: 'ShipStation V1 API Key, from Settings → Account → API Settings.',
      minLength: 1,
      maxLength: 200,
      writeOnly: true,
    },
    apiSecret: {
      type: 'string',
      title: 'API Secret',
      description: 'ShipStation V1 API Secret, shown beside the API Key.',
      minLength: 1,
      maxLength: 200,
      writeOnly: true,
    },
    storeId: {
      type: 'integer',
      title: 'Store id',
      description:
        'ShipStation store the orders are filed under (see GET /stores). Leave empty for the default manual store.',
      minimum: 1,
    },
    currency: {
      type: 'string',
      title: 'Account currency',
      description:
        'ISO 4217 currency of the ShipStation account. When set, orders in another currency are refused.',
      pattern: '^[A-Z]{3}$',
    },
    timeZone: {
      type: 'string',
      title: 'Time zone of V1 timestamps',
      description: 'IANA zone ShipStation V1 reads and writes dates in.',
      minLength: 1,
      maxLength: 64,
      default: DEFAULT_TIME_ZONE,
    },
  },
};
