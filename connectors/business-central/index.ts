import { ConnectorError, defineDestination, type CheckResult } from '../../src/sdk';
import { bcRequest, CREDENTIALS_REMEDY, PERMISSION_REMEDY } from './client';
import {
  API_VERSION,
  companyBase,
  configSchema,
  CONNECTOR_ID,
  RATE_BUCKET,
  type BusinessCentralConfig,
} from './config';
import { toSalesOrder, type BcPayload } from './mapping';
import { applyOrder, findExisting } from './orders';
import { fetchShipments } from './shipments';

export type { BusinessCentralConfig } from './config';
export type { BcPayload } from './mapping';

/**
 * Dynamics 365 Business Central sales orders over the standard API v2.0, authenticated with Entra client
 * credentials. BC has no idempotency key: orders are looked up by External Document No. (the hub order id)
 * before every write.
 */
const businessCentral = defineDestination<BusinessCentralConfig, BcPayload>({
  kind: 'destination',
  meta: {
    id: CONNECTOR_ID,
    version: '1.0.0',
    displayName: 'Microsoft Dynamics 365 Business Central (sales orders)',
    apiVersion: API_VERSION,
    docsUrl:
      'https://learn.microsoft.com/en-us/dynamics365/business-central/dev-itpro/api-reference/v2.0/resources/dynamics_salesorder',
  },
  configSchema,
  rateLimits: { [RATE_BUCKET]: { ratePerSecond: 20, burst: 100 } },
  idempotency: {
    mode: 'lookup-before-write',
    findExisting: (ctx, _key, payload) => findExisting(ctx, payload),
  },

  fromCanonical(order, ctx) {
    return toSalesOrder(order, ctx);
  },

  async deliver(ctx, payload, info) {
    return applyOrder(ctx, payload, info.operation === 'cancel');
  },

  shipments: { fetchPage: fetchShipments },

  async check(ctx): Promise<CheckResult> {
    try {
      await bcRequest(ctx, {
        method: 'GET',
        url: `${companyBase(ctx.config)}/salesOrders?$top=1&$select=id`,
      });
      return { ok: true, detail: `Read sales orders of company ${ctx.config.companyId}.` };
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      const remedies: Record<string, string> = {
        BC_CLIENT_CREDENTIALS_INVALID: CREDENTIALS_REMEDY,
        BC_AUTHENTICATION: CREDENTIALS_REMEDY,
        BC_PERMISSION_DENIED: PERMISSION_REMEDY,
      };
      const remedy = remedies[error.code] ?? error.remedy;
      return {
        ok: false,
        code: error.code,
        message: error.message,
        remedy: remedy ?? 'Business Central answered with a temporary error; try again in a few minutes.',
      };
    }
  },
});

export default businessCentral;
