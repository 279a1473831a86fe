import nock from 'nock';
import { describe, expect, it } from 'vitest';
import sapB1 from './index';
import { context, failure, fixture, JSON_HEADERS, ORIGIN, planLogin } from './test-helpers';

const FIRST_QUERY = {
  $filter: "UpdateDate ge '2026-01-06'",
  $select:
    'DocEntry,DocNum,DocDate,DocTime,NumAtCard,TrackingNumber,TransportationCode,Cancelled,CancelStatus,DocumentLines',
  $orderby: 'DocEntry',
};

function fetchPage(ctx: ReturnType<typeof context>, req: { since: string; pageToken?: string }) {
  if (!sapB1.shipments) throw new Error('sap-b1 reads shipments back');
  return sapB1.shipments.fetchPage(ctx, req);
}

describe('sap-b1 shipment read-back', () => {
  it('pages through Delivery Notes and reports partial shipments per hub order', async () => {
    const ctx = context({ utcOffset: '-05:00' });
    planLogin();
    nock(ORIGIN, { reqheaders: { prefer: 'odata.maxpagesize=50' } })
      .get('/b1s/v1/DeliveryNotes')
      .query(FIRST_QUERY)
      .reply(200, fixture('deliveries-page-1'), JSON_HEADERS);
    const page1 = await fetchPage(ctx, { since: '2026-01-06T12:00:00Z' });
    expect(page1.shipments).toEqual([
      {
        orderId: 'ord_gd0p6yatnfpdjegqqzvrzzt15n',
        shipmentId: '880',
        shippedAt: '2026-01-06T14:05:00-05:00',
        carrier: 'UPS',
        trackingNumber: '1Z999AA10123456784',
        lines: [{ sku: 'CAP-NVY', quantity: 2 }],
      },
    ]);
    expect(page1.nextPageToken).toMatch(/^DeliveryNotes\?.*\$skip=2$/);

    nock(ORIGIN)
      .get('/b1s/v1/DeliveryNotes')
      .query((q) => q.$skip === '2')
      .reply(200, fixture('deliveries-page-2'), JSON_HEADERS);
    const page2 = await fetchPage(ctx, { since: '2026-01-06T12:00:00Z', pageToken: page1.nextPageToken });
    expect(page2.nextPageToken).toBeUndefined();
    expect(page2.shipments).toEqual([
      {
        orderId: 'ord_gd0p6yatnfpdjegqqzvrzzt15n',
        shipmentId: '884',
        shippedAt: '2026-01-07T09:12:00-05:00',
        carrier: 'UPS',
        trackingNumber: '1Z999AA10123456795',
        lines: [{ sku: 'TSHIRT-WHT-L', quantity: 1 }],
        voided: true,
      },
      {
        orderId: 'ord_gd0p6yatnfpdjegqqzvrzzt15n',
        shipmentId: '886',
        shippedAt: '2026-01-07T11:02:45-05:00',
        carrier: '9',
        trackingNumber: 'SF1402938475',
        lines: [{ sku: 'TSHIRT-WHT-L', quantity: 1 }],
      },
    ]);
  });

  it('refuses a page token that is not a Service Layer next link', async () => {
    const error = await failure(
      fetchPage(context(), { since: '2026-01-06T00:00:00Z', pageToken: 'https://evil.example.com/x' }),
    );
    expect(error).toMatchObject({ kind: 'config', code: 'SAP_B1_PAGE_TOKEN_INVALID' });
  });
});

describe('sap-b1 check', () => {
  it('ok after a login and a read of Sales Orders', async () => {
    planLogin();
    nock(ORIGIN)
      .get('/b1s/v1/Orders')
      .query({ $top: '1', $select: 'DocEntry' })
      .reply(200, '{"value":[]}', JSON_HEADERS);
    expect(await sapB1.check(context())).toEqual({
      ok: true,
      detail: 'Logged in to SBO_NORTHWIND and read Sales Orders.',
    });
  });

  it('wrong credentials: login failed with a remedy naming the settings', async () => {
    nock(ORIGIN).post('/b1s/v1/Login').reply(401, fixture('login-failed'), JSON_HEADERS);
    const result = await sapB1.check(context());
    expect(result).toMatchObject({ ok: false, code: 'SAP_B1_LOGIN_FAILED' });
    if (!result.ok) expect(result.remedy).toContain('companyDb');
  });

  it('unreachable host: a remedy about URL, service and firewall', async () => {
    nock(ORIGIN)
      .post('/b1s/v1/Login')
      .replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
    const result = await sapB1.check(context({}, 200));
    expect(result).toMatchObject({ ok: false, code: 'SAP_B1_UNREACHABLE' });
    if (!result.ok) expect(result.remedy).toContain('50000');
  });

  it('a URL that is not the Service Layer', async () => {
    nock(ORIGIN).post('/b1s/v1/Login').reply(200, '<html>welcome</html>', { 'content-type': 'text/html' });
    expect(await sapB1.check(context())).toMatchObject({ ok: false, code: 'SAP_B1_NOT_SERVICE_LAYER' });
    nock(ORIGIN).post('/b1s/v1/Login').reply(404, '');
    expect(await sapB1.check(context())).toMatchObject({ ok: false, code: 'SAP_B1_NOT_FOUND' });
  });

  it('a user without rights on Sales Orders', async () => {
    planLogin();
    nock(ORIGIN).get('/b1s/v1/Orders').query(true).reply(403, fixture('error-permission'), JSON_HEADERS);
    expect(await sapB1.check(context())).toMatchObject({ ok: false, code: 'SAP_B1_PERMISSION_DENIED' });
  });
});
