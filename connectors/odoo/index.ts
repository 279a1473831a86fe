import { ConnectorError, defineDestination, type CheckResult } from '../../src/sdk';
import { API_VERSION, configSchema, CONNECTOR_ID, RATE_BUCKET, type OdooConfig } from './config';
import { toOdooOrder, type OdooPayload } from './mapping';
import { applyOrder, findExisting } from './orders';
import { KEY_REMEDY, RIGHTS_REMEDY, searchRead } from './rpc';
import { fetchShipments } from './shipments';

export type { OdooConfig } from './config';
export type { OdooPayload } from './mapping';

/**
 * Odoo sales orders (`sale.order`) over the JSON-2 API (Odoo 19+) or the older JSON-RPC `execute_kw`. Odoo has
 * no idempotency key, so every write is preceded by a search on `client_order_ref` = the hub order id.
 */
const odoo = defineDestination<OdooConfig, OdooPayload>({
  kind: 'destination',
  meta: {
    id: CONNECTOR_ID,
    version: '1.0.0',
    displayName: 'Odoo (sales orders)',
    apiVersion: API_VERSION,
    docsUrl: 'https://www.odoo.com/documentation/19.0/developer/reference/external_api.html',
  },
  configSchema,
  rateLimits: { [RATE_BUCKET]: { ratePerSecond: 5, burst: 10 } },
  idempotency: {
    mode: 'lookup-before-write',
    findExisting: (ctx, _key, payload) => findExisting(ctx, payload),
  },

  fromCanonical(order, ctx) {
    return toOdooOrder(order, ctx);
  },

  async deliver(ctx, payload, info) {
    return applyOrder(ctx, payload, info.operation === 'cancel');
  },

  shipments: { fetchPage: fetchShipments },

  async check(ctx): Promise<CheckResult> {
    try {
      await searchRead(ctx, 'sale.order', [], ['id'], { limit: 1 });
      return { ok: true, detail: `Read sale orders in database ${ctx.config.database}.` };
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      const remedies: Record<string, string> = {
        ODOO_ACCESS_DENIED: KEY_REMEDY,
        ODOO_ACCESS_ERROR: RIGHTS_REMEDY,
      };
      const remedy = remedies[error.code] ?? error.remedy;
      if (remedy) return { ok: false, code: error.code, message: error.message, remedy };
      return {
        ok: false,
        code: 'ODOO_UNREACHABLE',
        message: `Odoo did not answer as expected (${error.code}).`,
        remedy: 'Check url (the address you open Odoo at, without /web) and that the server is up.',
      };
    }
  },
});

export default odoo;
