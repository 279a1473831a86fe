import nock from 'nock';
import { loadTables } from '../../src/pipeline/tables';
import { destinationTestKit } from '../../src/sdk';
import odoo, { type OdooConfig } from './index';

export const ORIGIN = 'https://acme-test.odoo.example.com';
export const TEST_CONFIG: OdooConfig = { url: ORIGIN, database: 'acme', apiKey: 'odoo-fixture-api-key' };
export const tables = await loadTables();

const kit = destinationTestKit(odoo, TEST_CONFIG, {
  at: '2026-01-06T12:00:00Z',
  tables,
  deliveryKey: 'dlv_0123456789abcdefghjkmnpqrs',
});
export const { info, canonical, httpFixture: http, failure, context, mapping } = kit;

type Body = Record<string, unknown>;
const isBody = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A small in-memory Odoo behind JSON-2: enough of sale.order, res.partner and product.product for deliveries. */
export function fakeOdoo(options: { delayFirstCreateMs?: number } = {}) {
  const orders: { id: number; client_order_ref: string; state: string; vals: Body }[] = [];
  const partners: { id: number; email: unknown }[] = [{ id: 7, email: 'carlos.rodriguez65@example.com' }];
  const calls: string[] = [];
  const state = { orders, partners, calls };

  const handle = (model: string, method: string, body: Body): unknown => {
    state.calls.push(`${model}.${method}`);
    const domain = Array.isArray(body.domain) ? body.domain : [];
    const first = Array.isArray(domain[0]) ? domain[0] : [];
    if (model === 'sale.order' && method === 'search_read')
      return state.orders
        .filter((o) => o.client_order_ref === first[2])
        .map(({ id, state: s }) => ({ id, state: s }));
    if (model === 'res.partner' && method === 'search_read')
      return state.partners.filter((p) => p.email === first[2]).map(({ id }) => ({ id }));
    if (model === 'res.country' && method === 'search_read') return [{ id: 233 }];
    if (model === 'product.product' && method === 'search_read')
      return [
        { id: 901, default_code: 'CAP-NVY' },
        { id: 902, default_code: 'TSHIRT-WHT-L' },
      ];
    const vals = Array.isArray(body.vals_list) && isBody(body.vals_list[0]) ? body.vals_list[0] : {};
    if (model === 'res.partner' && method === 'create') {
      state.partners.push({ id: 100 + state.partners.length, email: vals.email });
      return [99 + state.partners.length];
    }
    if (model === 'sale.order' && method === 'create') {
      const id = 500 + state.orders.length;
      state.orders.push({ id, client_order_ref: String(vals.client_order_ref), state: 'draft', vals });
      return [id];
    }
    const ids = Array.isArray(body.ids) ? body.ids : [];
    const targets = state.orders.filter((o) => ids.includes(o.id));
    if (method === 'action_confirm') for (const o of targets) o.state = 'sale';
    if (method === 'action_cancel') for (const o of targets) o.state = 'cancel';
    if (method === 'write' && isBody(body.vals))
      for (const o of targets) o.vals = { ...o.vals, ...body.vals };
    return true;
  };
  if (options.delayFirstCreateMs !== undefined) {
    // Registered first so it wins: the first create answers too late (Odoo committed, the client timed out).
    nock(ORIGIN)
      .post('/json/2/sale.order/create')
      .delay(options.delayFirstCreateMs)
      .reply((_uri, body) => {
        const result = handle('sale.order', 'create', isBody(body) ? body : {});
        return [200, JSON.stringify(result), { 'content-type': 'application/json' }];
      });
  }
  const scope = nock(ORIGIN)
    .persist()
    .post(/^\/json\/2\/[\w.]+\/\w+$/)
    .reply((uri, body) => {
      const [, , , model = '', method = ''] = uri.split('/');
      const result = handle(model, method, isBody(body) ? body : {});
      return [200, JSON.stringify(result), { 'content-type': 'application/json' }];
    });
  return { state, scope };
}
