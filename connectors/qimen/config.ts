import type { ConfigSchema } from '../../src/sdk';

/** Settings of a Qimen (奇门) ERP→WMS connection. */
export interface QimenConfig {
  /** Router URL: the Qimen gateway, or the WMS's own Qimen endpoint. Default the production gateway. */
  endpoint?: string;
  /** `app_key` of your Qimen application. */
  appKey?: string;
  /** The application's secret, used to sign requests. */
  appSecret?: string;
  /** Secret the WMS signs its pushes with, when it is not `appSecret` (direct WMS integrations). */
  inboundAppSecret?: string;
  /** `customerId`: the WMS's customer id for you on Qimen (routes the call to the right WMS). */
  customerId?: string;
  /** Send `taobao.qimen.`-prefixed method names (the Qimen gateway) instead of the short ones (direct WMS). Default false. */
  qualifiedMethodNames?: boolean;
  /** Warehouse code for every order of this connection; else the `qimen-warehouse` table decides per order. */
  warehouseCode?: string;
  /** Owner (货主) code for every order; else the `qimen-owner` table decides. */
  ownerCode?: string;
  /** Map SKUs to WMS item codes through the `qimen-item` table instead of sending the SKU. Default false. */
  itemCodesFromTable?: boolean;
}

export const DEFAULT_ENDPOINT = 'https://qimen.api.taobao.com/router/qimen/service';

export const configSchema: ConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    endpoint: {
      type: 'string',
      format: 'uri',
      pattern: '^https?://',
      maxLength: 500,
      default: DEFAULT_ENDPOINT,
    },
    appKey: { type: 'string', minLength: 1, maxLength: 64 },
    appSecret: { type: 'string', minLength: 1, maxLength: 200, writeOnly: true },
    inboundAppSecret: { type: 'string', minLength: 1, maxLength: 200, writeOnly: true },
    customerId: { type: 'string', minLength: 1, maxLength: 64 },
    qualifiedMethodNames: { type: 'boolean', default: false },
    warehouseCode: { type: 'string', minLength: 1, maxLength: 50 },
    ownerCode: { type: 'string', minLength: 1, maxLength: 50 },
    itemCodesFromTable: { type: 'boolean', default: false },
  },
};
