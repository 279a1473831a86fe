import { defineSource, MappingError } from '../../src/sdk';
import { configSchema, type PhoneOrderConfig } from './config';
import { formPage } from './form';
import { PHONE_ORDER_SCHEMA } from './input-schema';
import { readPhoneOrder, toCanonical } from './mapping';

/**
 * Orders taken by phone or at a counter: a hosted form at `/forms/:connectionId` and the JSON endpoint
 * `POST /v1/intake/:connectionId/orders` (role `intake`). Nothing to pull; no external credentials.
 */
export default defineSource<PhoneOrderConfig>({
  kind: 'source',
  meta: {
    id: 'phone-order',
    version: '1.0.0',
    displayName: 'Phone and counter orders',
    apiVersion: 'phone-order.v1',
    docsUrl: 'https://github.com/orderhub/orderhub/blob/main/connectors/phone-order/README.md',
  },
  configSchema,
  async check(ctx) {
    // There is no remote system; what can be wrong is the connection's own settings.
    try {
      new Intl.NumberFormat('en', { style: 'currency', currency: ctx.config.currency });
    } catch {
      return {
        ok: false,
        code: 'PHONE_ORDER_CURRENCY_UNKNOWN',
        message: `"${ctx.config.currency}" is not a currency this runtime knows.`,
        remedy: 'Set currency to an ISO 4217 code such as EUR, USD or CNY.',
      };
    }
    return { ok: true, detail: 'Ready: create an API key with role intake for the people entering orders.' };
  },
  identify(raw) {
    const order = readPhoneOrder(raw);
    if (!order.updatedAt)
      throw new MappingError('MAPPING_MISSING_FIELD', '/updatedAt', 'updatedAt is required');
    return { externalId: order.reference, revision: order.updatedAt };
  },
  toCanonical,
  intake: { schema: PHONE_ORDER_SCHEMA, formPage },
});
