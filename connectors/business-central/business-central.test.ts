import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/core/validation';
import { readFixture } from '../../src/sdk';
import businessCentral, { type BcPayload, type BusinessCentralConfig } from './index';
import { documentNumber, orderIdOf } from './mapping';
import {
  API,
  canonical,
  COMPANY,
  context,
  failure,
  http,
  info,
  JSON_TYPE,
  LOGIN,
  mapping,
  TEST_CONFIG,
  TOKEN_PATH,
} from './test-helpers';

const NAMES = ['cn-address', 'eu-multi-currency', 'eu-tax-inclusive', 'us-web'];
const token = () => nock(LOGIN).post(TOKEN_PATH).reply(200, http('token'), JSON_TYPE);

async function hubAttempt(ctx: ReturnType<typeof context>, payload: BcPayload, order = canonical('us-web')) {
  if (businessCentral.idempotency.mode !== 'lookup-before-write')
    throw new Error('BC looks up before writing');
  return (
    (await businessCentral.idempotency.findExisting(ctx, 'dlv_x', payload)) ??
    businessCentral.deliver(ctx, payload, info(order))
  );
}

describe('business-central mapping', () => {
  it.each(NAMES)('%s maps to its expected sales order', (name) => {
    expect(businessCentral.fromCanonical(canonical(name), mapping())).toEqual(
      readFixture('business-central', `outbound/${name}.payload.json`),
    );
  });

  it('fits the key into External Document No. (Code[35]) deterministically and reads it back', () => {
    expect(documentNumber('ord_gd0p6yatnfpdjegqqzvrzzt15n')).toBe('ORD_GD0P6YATNFPDJEGQQZVRZZT15N');
    const long = documentNumber(`ord_${'x'.repeat(40)}`);
    expect(long).toMatch(/^H[0-9A-F]{34}$/);
    expect(documentNumber(`ord_${'x'.repeat(40)}`)).toBe(long);
    expect(orderIdOf('ORD_GD0P6YATNFPDJEGQQZVRZZT15N')).toBe('ord_gd0p6yatnfpdjegqqzvrzzt15n');
    expect(orderIdOf('PO-4471')).toBeUndefined();
  });

  it('uses the LCY empty currency code, line discounts, shipping as G/L lines and unspread discounts on the header', () => {
    const order = canonical('us-web');
    const { order: so } = businessCentral.fromCanonical(order, mapping());
    expect(so.currencyCode).toBe('');
    expect(so.salesOrderLines[0]).toMatchObject({
      lineType: 'Item',
      lineObjectNumber: '1008',
      quantity: 2,
      unitPrice: 22,
      discountAmount: 3.24,
    });
    expect(so.salesOrderLines.slice(2)).toEqual([
      {
        lineType: 'Account',
        lineObjectNumber: '40250',
        description: 'UPS 2nd Day Air',
        quantity: 1,
        unitPrice: 18.5,
        discountAmount: 0,
      },
      {
        lineType: 'Account',
        lineObjectNumber: '40250',
        description: 'Signature Confirmation',
        quantity: 1,
        unitPrice: 3.5,
        discountAmount: 0,
      },
    ]);
    const unspread = { ...order, lines: order.lines.map((l) => ({ ...l, discount: '0.00' })) };
    expect(businessCentral.fromCanonical(unspread, mapping()).order.discountAmount).toBe(5);
  });

  it('maps tax codes only when asked, and names missing lookups', () => {
    const order = canonical('eu-tax-inclusive');
    expect(
      businessCentral.fromCanonical(order, mapping({ mapTaxCodes: true })).order.salesOrderLines[0]?.taxCode,
    ).toBe('VAT20');
    expect(() => businessCentral.fromCanonical({ ...order, currency: 'JPY' }, mapping())).toThrow(
      /business-central-currency/,
    );
    const unknown = { ...order, lines: order.lines.map((l) => ({ ...l, sku: 'NOPE' })) };
    expect(() => businessCentral.fromCanonical(unknown, mapping())).toThrow(
      /"NOPE" in lookup table business-central-item/,
    );
    expect(
      businessCentral.fromCanonical(order, mapping({ customerNumber: 'C99' })).order.customerNumber,
    ).toBe('C99');
  });

  it('has a strict config schema', () => {
    const validate = compileSchema<BusinessCentralConfig>(businessCentral.configSchema);
    expect(validate(TEST_CONFIG).ok).toBe(true);
    expect(validate({ ...TEST_CONFIG, companyId: 'not-a-guid' }).ok).toBe(false);
    expect(validate({ ...TEST_CONFIG, environment: '../x' }).ok).toBe(false);
  });
});

describe('business-central deliver', () => {
  it('gets a client-credentials token once, looks the order up, then deep-inserts it', async () => {
    const order = canonical('us-web');
    const payload = businessCentral.fromCanonical(order, mapping());
    let form: unknown;
    let filter: unknown;
    nock(LOGIN)
      .post(TOKEN_PATH, (b: unknown) => ((form = b), true))
      .reply(200, http('token'), JSON_TYPE);
    nock(API, { reqheaders: { authorization: /^Bearer eyJ/ } })
      .get(`${COMPANY}/salesOrders`)
      .query((q) => {
        filter = q.$filter;
        return true;
      })
      .times(2) // findExisting, then deliver's own look-up
      .reply(200, http('salesorders-empty'), JSON_TYPE)
      .post(`${COMPANY}/salesOrders`, (b: unknown) => JSON.stringify(b) === JSON.stringify(payload.order))
      .reply(201, http('salesorder-created'), JSON_TYPE);
    const ctx = context();
    expect(await hubAttempt(ctx, payload)).toEqual({
      remoteId: '9a0b3c1e-7f21-f011-9af6-6045bde9c1a1',
      status: 'Draft',
    });
    expect(filter).toBe("externalDocumentNumber eq 'ORD_GD0P6YATNFPDJEGQQZVRZZT15N'");
    expect(form).toMatchObject({
      grant_type: 'client_credentials',
      client_id: TEST_CONFIG.clientId,
      scope: 'https://api.businesscentral.dynamics.com/.default',
    });
    expect(await ctx.cache.get('token')).toMatch(/^eyJ/);
  });

  it('two attempts with the same key create one order, even when the first POST timed out', async () => {
    const order = canonical('cn-address');
    const payload = businessCentral.fromCanonical(order, mapping());
    const remote: { id: string; externalDocumentNumber: string }[] = [];
    const list = () =>
      [
        200,
        { value: remote.map((r) => ({ ...r, '@odata.etag': 'W/"1"', status: 'Draft' })) },
        JSON_TYPE,
      ] as const;
    const create = (_u: string, body: unknown) => {
      const ext =
        typeof body === 'object' && body && 'externalDocumentNumber' in body
          ? String(body.externalDocumentNumber)
          : '';
      remote.push({ id: `id-${remote.length + 1}`, externalDocumentNumber: ext });
      return [201, { id: `id-${remote.length}`, status: 'Draft' }, JSON_TYPE] as const;
    };
    token();
    nock(API)
      .get(`${COMPANY}/salesOrders`)
      .query(true)
      .times(3)
      .reply(() => [...list()])
      .post(`${COMPANY}/salesOrders`)
      .delay(1_500)
      .reply((u, b) => [...create(u, b)]);
    const ctx = context({ timeoutMs: 1000 });
    const first = await failure(hubAttempt(ctx, payload, order));
    expect(first.kind).toBe('transient');
    const second = await hubAttempt(ctx, payload, order);
    expect(remote).toHaveLength(1);
    expect(second).toEqual({ remoteId: 'id-1', status: 'Draft' });
  });

  it('a later revision patches the header with If-Match and replaces the lines', async () => {
    const order = { ...canonical('us-web'), revision: 2 };
    const payload = businessCentral.fromCanonical(order, mapping());
    const posted: unknown[] = [];
    token();
    nock(API)
      .get(`${COMPANY}/salesOrders`)
      .query(true)
      .reply(
        200,
        { value: [{ id: 'so-1', number: 'S-1', status: 'Open', '@odata.etag': 'W/"7"' }] },
        JSON_TYPE,
      )
      .patch(
        `${COMPANY}/salesOrders(so-1)`,
        (b: unknown) => typeof b === 'object' && b !== null && !('salesOrderLines' in b),
      )
      .matchHeader('if-match', 'W/"7"')
      .reply(200, { id: 'so-1' }, JSON_TYPE)
      .get(`${COMPANY}/salesOrders(so-1)/salesOrderLines`)
      .reply(200, { value: [{ id: 'l-1', '@odata.etag': 'W/"3"', shippedQuantity: 0 }] }, JSON_TYPE)
      .delete(`${COMPANY}/salesOrderLines(l-1)`)
      .matchHeader('if-match', 'W/"3"')
      .reply(204)
      .post(`${COMPANY}/salesOrders(so-1)/salesOrderLines`, (b: unknown) => (posted.push(b), true))
      .times(4)
      .reply(201, { id: 'new' }, JSON_TYPE);
    expect(await hubAttempt(context(), payload, order)).toEqual({ remoteId: 'so-1', status: 'updated' });
    expect(posted).toEqual(payload.order.salesOrderLines);
  });

  it('cancels by deleting an unshipped order, and refuses once lines shipped', async () => {
    const order = canonical('us-web');
    const payload = businessCentral.fromCanonical(order, mapping());
    const found = { value: [{ id: 'so-1', number: 'S-1', status: 'Open', '@odata.etag': 'W/"7"' }] };
    token();
    nock(API)
      .get(`${COMPANY}/salesOrders`)
      .query(true)
      .reply(200, found, JSON_TYPE)
      .get(`${COMPANY}/salesOrders(so-1)/salesOrderLines`)
      .reply(200, { value: [{ id: 'l', shippedQuantity: 0 }] }, JSON_TYPE)
      .delete(`${COMPANY}/salesOrders(so-1)`)
      .reply(204);
    const ctx = context();
    expect(await businessCentral.deliver(ctx, payload, info(order, 'cancel'))).toEqual({
      remoteId: 'so-1',
      status: 'deleted',
    });
    nock(API)
      .get(`${COMPANY}/salesOrders`)
      .query(true)
      .reply(200, found, JSON_TYPE)
      .get(`${COMPANY}/salesOrders(so-1)/salesOrderLines`)
      .reply(200, { value: [{ id: 'l', shippedQuantity: 1 }] }, JSON_TYPE);
    expect(await failure(businessCentral.deliver(ctx, payload, info(order, 'cancel')))).toMatchObject({
      kind: 'rejected',
      code: 'BC_CANCEL_AFTER_SHIPMENT',
    });
  });

  it.each([
    [400, 'error-400-dialog', 'rejected', 'BC_APPLICATION_DIALOGEXCEPTION'],
    [401, 'error-401', 'auth', 'BC_AUTHENTICATION'],
    [403, 'error-403', 'auth', 'BC_PERMISSION_DENIED'],
    [404, 'error-404-company', 'config', 'BC_NOT_FOUND'],
    [429, 'error-429', 'rate_limited', 'BC_RATE_LIMITED'],
    [503, 'error-503', 'transient', undefined],
  ])('classifies HTTP %i (%s) as %s', async (status, file, kind, code) => {
    token();
    nock(API)
      .get(`${COMPANY}/salesOrders`)
      .query(true)
      .reply(status, http(file), { ...JSON_TYPE, 'retry-after': '12' });
    const order = canonical('us-web');
    const ctx = context();
    const error = await failure(
      businessCentral.deliver(ctx, businessCentral.fromCanonical(order, mapping()), info(order)),
    );
    expect(error.kind).toBe(kind);
    if (code) expect(error.code).toBe(code);
    if (kind === 'rate_limited') expect(error.retryAfterMs).toBe(12_000);
    if (kind === 'rejected') expect(error.message).toContain('cannot be found in the related table');
    if (status === 401) expect(await ctx.cache.get('token')).toBeUndefined();
  });

  it.each([
    ['token-invalid-client', 401, 'auth', 'BC_CLIENT_CREDENTIALS_INVALID'],
    ['token-unknown-tenant', 400, 'config', 'BC_TENANT_UNKNOWN'],
  ])('classifies the token answer %s as %s, without echoing the secret', async (file, status, kind, code) => {
    nock(LOGIN).post(TOKEN_PATH).reply(status, http(file), JSON_TYPE);
    const order = canonical('us-web');
    const error = await failure(
      businessCentral.deliver(context(), businessCentral.fromCanonical(order, mapping()), info(order)),
    );
    expect(error).toMatchObject({ kind, code });
    expect(error.message).not.toContain(TEST_CONFIG.clientSecret);
  });
});

describe('business-central check', () => {
  it('is ok when the company’s sales orders can be read', async () => {
    token();
    nock(API)
      .get(`${COMPANY}/salesOrders`)
      .query({ $top: '1', $select: 'id' })
      .reply(200, http('salesorders-empty'), JSON_TYPE);
    expect(await businessCentral.check(context())).toMatchObject({ ok: true });
  });

  it.each([
    ['BC_CLIENT_CREDENTIALS_INVALID', /Certificates & secrets/],
    ['BC_PERMISSION_DENIED', /Microsoft Entra Applications/],
    ['BC_NOT_FOUND', /companyId/],
  ])('answers %s with a remedy', async (code, remedy) => {
    if (code === 'BC_CLIENT_CREDENTIALS_INVALID')
      nock(LOGIN).post(TOKEN_PATH).reply(401, http('token-invalid-client'), JSON_TYPE);
    else {
      token();
      const [status, file] =
        code === 'BC_PERMISSION_DENIED' ? [403, 'error-403'] : [404, 'error-404-company'];
      nock(API).get(`${COMPANY}/salesOrders`).query(true).reply(status, http(file), JSON_TYPE);
    }
    const result = await businessCentral.check(context());
    expect(result).toMatchObject({ ok: false, code });
    expect(result.ok ? '' : result.remedy).toMatch(remedy);
  });
});

describe('business-central shipment read-back', () => {
  it('reads posted shipments of hub orders with item lines; tracking is not in the standard API', async () => {
    if (!businessCentral.shipments) throw new Error('BC reads shipments back');
    token();
    nock(API)
      .get(`${COMPANY}/salesShipments`)
      .query({
        $filter: 'lastModifiedDateTime ge 2026-01-07T00:00:00Z',
        $orderby: 'lastModifiedDateTime asc,number asc',
        $expand: 'salesShipmentLines',
        $top: '100',
        $skip: '0',
      })
      .reply(200, http('shipments-page'), JSON_TYPE);
    const page = await businessCentral.shipments.fetchPage(context(), { since: '2026-01-07T00:00:00.000Z' });
    expect(page).toEqual({
      shipments: [
        {
          orderId: 'ord_gd0p6yatnfpdjegqqzvrzzt15n',
          shipmentId: 'b1c2d3e4-1111-f011-9af6-6045bde9c1a1',
          shippedAt: '2026-01-07T14:22:31.05Z',
          carrier: 'unspecified',
          lines: [{ sku: 'CAP-NVY', quantity: 2 }],
        },
      ],
    });
  });
});
