import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/core/validation';
import { readFixture } from '../../src/sdk';
import odoo, { type OdooConfig, type OdooPayload } from './index';
import {
  canonical,
  context,
  failure,
  fakeOdoo,
  http,
  info,
  mapping,
  ORIGIN,
  TEST_CONFIG,
} from './test-helpers';

const NAMES = ['cn-address', 'eu-multi-currency', 'eu-tax-inclusive', 'us-web'];
const JSON_TYPE = { 'content-type': 'application/json' };

/** What the hub does per attempt in lookup-before-write mode. */
async function hubAttempt(
  ctx: ReturnType<typeof context>,
  payload: OdooPayload,
  order = canonical('us-web'),
) {
  if (odoo.idempotency.mode !== 'lookup-before-write') throw new Error('odoo looks up before writing');
  return (
    (await odoo.idempotency.findExisting(ctx, 'dlv_x', payload)) ?? odoo.deliver(ctx, payload, info(order))
  );
}

describe('odoo mapping', () => {
  it.each(NAMES)('%s maps to its expected order plan', (name) => {
    expect(odoo.fromCanonical(canonical(name), mapping())).toEqual(
      readFixture('odoo', `outbound/${name}.payload.json`),
    );
  });

  it('writes lines as (0, 0, vals) commands with percent discounts and price-included taxes', () => {
    const plan = odoo.fromCanonical(canonical('eu-tax-inclusive'), mapping());
    expect(plan.vals.client_order_ref).toBe(canonical('eu-tax-inclusive').id);
    expect(plan.vals.order_line[0]).toEqual([
      0,
      0,
      {
        product_id: 44,
        name: 'Ceramic Mug 350 ml',
        product_uom_qty: 1,
        price_unit: 12.9,
        discount: 10,
        tax_ids: [[6, 0, [22]]],
      },
    ]);
    expect(plan.vals.pricelist_id).toBe(2);
    expect(plan.vals.date_order).toBe('2026-01-05 10:31:56');
  });

  it('uses tax_id for JSON-RPC (Odoo ≤ 18) and leaves product ids to a default_code search when asked', () => {
    const plan = odoo.fromCanonical(
      canonical('us-web'),
      mapping({ protocol: 'jsonrpc', productLookup: 'default_code' }),
    );
    const vals = plan.vals.order_line[0]?.[2];
    expect(vals?.tax_id).toEqual([[6, 0, [11, 12, 13]]]);
    expect(vals?.product_id).toBeNull();
    expect(plan.lineSkus).toEqual(['CAP-NVY', 'TSHIRT-WHT-L', null, null]);
  });

  it('names the table and key of a missing lookup', () => {
    const order = canonical('us-web');
    expect(() => odoo.fromCanonical({ ...order, currency: 'JPY' }, mapping())).toThrow(/odoo-pricelist/);
    const untaxed = {
      ...order,
      lines: order.lines.map((l) => ({ ...l, taxLines: [{ title: 'Mystery Tax', amount: l.tax }] })),
    };
    expect(() => odoo.fromCanonical(untaxed, mapping())).toThrow(/"Mystery Tax" in lookup table odoo-tax/);
    const unspread = { ...order, lines: order.lines.map((l) => ({ ...l, discount: '0.00' })) };
    expect(() => odoo.fromCanonical(unspread, mapping())).toThrow(/discountProductId/);
    expect(
      odoo.fromCanonical(unspread, mapping({ discountProductId: 77 })).vals.order_line.at(-1)?.[2],
    ).toMatchObject({
      product_id: 77,
      price_unit: -5,
    });
  });

  it('has a strict config schema', () => {
    const validate = compileSchema<OdooConfig>(odoo.configSchema);
    expect(validate(TEST_CONFIG).ok).toBe(true);
    expect(validate({ ...TEST_CONFIG, protocol: 'xmlrpc' }).ok).toBe(false);
    expect(validate({ ...TEST_CONFIG, url: 'ftp://x' }).ok).toBe(false);
  });
});

describe('odoo deliver (JSON-2)', () => {
  it('finds the partner by e-mail, creates and confirms the order, sending bearer key and database', async () => {
    const { state } = fakeOdoo();
    const order = canonical('us-web');
    const ref = await hubAttempt(context(), odoo.fromCanonical(order, mapping()));
    expect(ref).toEqual({ remoteId: '500', status: 'sale' });
    expect(state.calls).toEqual([
      'sale.order.search_read',
      'sale.order.search_read',
      'res.partner.search_read',
      'sale.order.create',
      'sale.order.action_confirm',
    ]);
    expect(state.orders[0]?.vals.partner_id).toBe(7);
  });

  it('sends the API key as bearer and the database header', async () => {
    nock(ORIGIN, { reqheaders: { authorization: 'bearer odoo-fixture-api-key', 'x-odoo-database': 'acme' } })
      .post('/json/2/sale.order/search_read', { domain: [], fields: ['id'], limit: 1 })
      .reply(200, [{ id: 1 }], JSON_TYPE);
    expect(await odoo.check(context())).toMatchObject({ ok: true });
  });

  it('two attempts with the same key make one order, even when the first create timed out', async () => {
    const { state } = fakeOdoo({ delayFirstCreateMs: 1_500 });
    const order = canonical('cn-address');
    const payload = odoo.fromCanonical(order, mapping({ defaultPartnerId: 5 }));
    const ctx = context({ timeoutMs: 1000, defaultPartnerId: 5 });
    const first = await failure(hubAttempt(ctx, payload, order));
    expect(first.kind).toBe('transient');
    const second = await hubAttempt(ctx, payload, order);
    expect(state.orders).toHaveLength(1);
    expect(state.orders[0]?.client_order_ref).toBe(order.id);
    // The retry found the quotation and confirmed it rather than creating another.
    expect(second).toEqual({ remoteId: '500', status: 'sale' });
    expect(state.orders[0]?.state).toBe('sale');
    // And a third attempt is a plain duplicate.
    expect(await hubAttempt(ctx, payload, order)).toEqual({ remoteId: '500', status: 'sale' });
    expect(state.calls.filter((c) => c === 'sale.order.create')).toHaveLength(1);
  });

  it('a later revision replaces the lines of the same order; a cancel cancels it', async () => {
    const { state } = fakeOdoo();
    const order = canonical('us-web');
    const ctx = context();
    await hubAttempt(ctx, odoo.fromCanonical(order, mapping()));
    const rev2 = { ...order, revision: 2 };
    const ref = await hubAttempt(ctx, odoo.fromCanonical(rev2, mapping()), rev2);
    expect(ref.remoteId).toBe('500');
    expect(state.orders).toHaveLength(1);
    expect(Array.isArray(state.orders[0]?.vals.order_line) && state.orders[0]?.vals.order_line[0]).toEqual([
      5, 0, 0,
    ]);
    const cancelled = { ...order, revision: 3, status: { ...order.status, order: 'cancelled' as const } };
    expect(
      await odoo.deliver(ctx, odoo.fromCanonical(cancelled, mapping()), info(cancelled, 'cancel')),
    ).toEqual({
      remoteId: '500',
      status: 'cancel',
    });
    expect(state.orders[0]?.state).toBe('cancel');
  });

  it('resolves products by default_code and rejects an unknown SKU', async () => {
    const { state } = fakeOdoo();
    const order = canonical('us-web');
    await hubAttempt(context(), odoo.fromCanonical(order, mapping({ productLookup: 'default_code' })));
    const lines = state.orders[0]?.vals.order_line;
    expect(
      Array.isArray(lines) ? lines.map((l: unknown) => (Array.isArray(l) ? l[2].product_id : null)) : [],
    ).toEqual([901, 902, 61, 62]);
    nock.cleanAll();
    fakeOdoo();
    const other = {
      ...order,
      id: 'ord_other000000000000000000000',
      lines: order.lines.map((l) => ({ ...l, sku: 'NOPE' })),
    };
    const error = await failure(
      odoo.deliver(
        context(),
        odoo.fromCanonical(other, mapping({ productLookup: 'default_code' })),
        info(other),
      ),
    );
    expect(error).toMatchObject({ kind: 'rejected', code: 'ODOO_PRODUCT_UNKNOWN' });
  });

  it.each([
    [401, 'json2-401', 'auth', 'ODOO_ACCESS_DENIED'],
    [403, 'json2-403-access-error', 'auth', 'ODOO_ACCESS_ERROR'],
    [422, 'json2-422-validation', 'rejected', 'ODOO_VALIDATION_ERROR'],
    [429, 'json2-422-validation', 'rate_limited', 'ODOO_RATE_LIMITED'],
    [503, 'json2-422-validation', 'transient', undefined],
  ])('classifies HTTP %i (%s) as %s', async (status, file, kind, code) => {
    nock(ORIGIN)
      .post('/json/2/sale.order/search_read')
      .reply(status, http(file), { ...JSON_TYPE, 'retry-after': '30' });
    const order = canonical('us-web');
    const error = await failure(odoo.deliver(context(), odoo.fromCanonical(order, mapping()), info(order)));
    expect(error.kind).toBe(kind);
    if (code) expect(error.code).toBe(code);
    if (kind === 'rate_limited') expect(error.retryAfterMs).toBe(30_000);
    if (kind === 'rejected') expect(error.message).toContain('archived and cannot be sold');
  });
});

describe('odoo deliver (JSON-RPC)', () => {
  const rpc = { protocol: 'jsonrpc' as const, login: 'hub@acme.example.com' };

  it('authenticates once, then calls execute_kw with db, uid and key', async () => {
    const bodies: unknown[] = [];
    nock(ORIGIN)
      .post('/jsonrpc', (b: unknown) => (bodies.push(b), true))
      .times(2)
      .reply(200, (_u, b) => {
        const params = typeof b === 'object' && b && 'params' in b ? b.params : {};
        const isAuth =
          typeof params === 'object' && params && 'service' in params && params.service === 'common';
        return { jsonrpc: '2.0', id: 1, result: isAuth ? 9 : [{ id: 1 }] };
      });
    const ctx = context(rpc);
    expect(await odoo.check(ctx)).toMatchObject({ ok: true });
    expect(bodies[0]).toMatchObject({
      params: {
        service: 'common',
        method: 'authenticate',
        args: ['acme', rpc.login, 'odoo-fixture-api-key', {}],
      },
    });
    expect(bodies[1]).toMatchObject({
      method: 'call',
      params: {
        service: 'object',
        method: 'execute_kw',
        args: [
          'acme',
          9,
          'odoo-fixture-api-key',
          'sale.order',
          'search_read',
          [[]],
          { fields: ['id'], limit: 1 },
        ],
      },
    });
    expect(await ctx.cache.get('uid')).toBe('9');
  });

  it.each([
    ['jsonrpc-access-denied', 'auth', 'ODOO_ACCESS_DENIED'],
    ['jsonrpc-validation-error', 'rejected', 'ODOO_VALIDATION_ERROR'],
    ['jsonrpc-user-error', 'rejected', 'ODOO_USER_ERROR'],
  ])('classifies the JSON-RPC error %s (HTTP 200) as %s', async (file, kind, code) => {
    const ctx = context(rpc);
    await ctx.cache.set('uid', '9', 60_000);
    nock(ORIGIN).post('/jsonrpc').reply(200, http(file), JSON_TYPE);
    const order = canonical('us-web');
    const error = await failure(odoo.deliver(ctx, odoo.fromCanonical(order, mapping(rpc)), info(order)));
    expect(error).toMatchObject({ kind, code });
    expect(error.message).not.toContain('Traceback');
  });

  it('check explains a refused login', async () => {
    nock(ORIGIN).post('/jsonrpc').reply(200, { jsonrpc: '2.0', id: 1, result: false }, JSON_TYPE);
    const result = await odoo.check(context(rpc));
    expect(result).toMatchObject({ ok: false, code: 'ODOO_ACCESS_DENIED' });
    expect(result.ok ? '' : result.remedy).toMatch(/API key/);
  });
});

describe('odoo check', () => {
  it.each([
    [401, 'json2-401', 'ODOO_ACCESS_DENIED', /New API Key/],
    [403, 'json2-403-access-error', 'ODOO_ACCESS_ERROR', /Sales \/ User/],
    [404, 'json2-404', 'ODOO_NOT_FOUND', /protocol to jsonrpc/],
  ])('answers %i with %s and a remedy', async (status, file, code, remedy) => {
    nock(ORIGIN).post('/json/2/sale.order/search_read').reply(status, http(file), JSON_TYPE);
    const result = await odoo.check(context());
    expect(result).toMatchObject({ ok: false, code });
    expect(result.ok ? '' : result.remedy).toMatch(remedy);
  });
});
