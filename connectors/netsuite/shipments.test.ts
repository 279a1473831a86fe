import nock from 'nock';
import { describe, expect, it } from 'vitest';
import netsuite from './index';
import { toZoneWallClock, withZoneOffset } from './shipments';
import { context, failure, http, ORIGIN } from './test-helpers';

const SUITEQL = '/services/rest/query/v1/suiteql';
const JSON_TYPE = { 'content-type': 'application/json' };

function fetchPage(ctx: ReturnType<typeof context>, req: { since: string; pageToken?: string }) {
  if (!netsuite.shipments) throw new Error('netsuite reads shipments back');
  return netsuite.shipments.fetchPage(ctx, req);
}

describe('netsuite shipment read-back', () => {
  it('converts between UTC and the user time zone, across daylight saving', () => {
    expect(withZoneOffset('2026-01-06T09:15:00', 'America/New_York')).toBe('2026-01-06T09:15:00-05:00');
    expect(withZoneOffset('2026-07-02T16:40:05', 'America/New_York')).toBe('2026-07-02T16:40:05-04:00');
    expect(toZoneWallClock('2026-01-06T14:15:00Z', 'America/New_York')).toBe('2026-01-06 09:15:00');
    expect(withZoneOffset('2026-01-06T09:15:00', 'Asia/Shanghai')).toBe('2026-01-06T09:15:00+08:00');
  });

  it('pages through shipped item fulfillments of hub orders, with lines and tracking', async () => {
    const queries: string[] = [];
    const record = (body: unknown) => {
      queries.push(typeof body === 'object' && body && 'q' in body ? String(body.q) : '');
      return true;
    };
    nock(ORIGIN, { reqheaders: { prefer: 'transient' } })
      .post(SUITEQL, record)
      .query({ limit: '100', offset: '0' })
      .reply(200, http('suiteql-fulfillments-page-1'), JSON_TYPE)
      .post(SUITEQL, record)
      .query({ limit: '1000', offset: '0' })
      .reply(200, http('suiteql-lines-page-1'), JSON_TYPE)
      .post(SUITEQL, record)
      .query({ limit: '100', offset: '2' })
      .reply(200, http('suiteql-fulfillments-page-2'), JSON_TYPE)
      .post(SUITEQL, record)
      .query({ limit: '1000', offset: '0' })
      .reply(200, http('suiteql-lines-page-2'), JSON_TYPE);
    const ctx = context();
    const first = await fetchPage(ctx, { since: '2026-01-06T14:00:00Z' });
    expect(first).toEqual({
      shipments: [
        {
          orderId: 'ord_gd0p6yatnfpdjegqqzvrzzt15n',
          shipmentId: '8801',
          shippedAt: '2026-01-06T09:15:00-05:00',
          carrier: 'UPS 2nd Day Air',
          trackingNumber: '1Z999AA10123456784',
          lines: [{ sku: 'CAP-NVY', quantity: 2 }],
          final: false,
        },
      ],
      nextPageToken: '2',
    });
    expect(queries[0]).toContain("TO_DATE('2026-01-06 09:00:00'");
    expect(queries[1]).toContain('IN (8801)');
    const second = await fetchPage(ctx, { since: '2026-01-06T14:00:00Z', pageToken: first.nextPageToken });
    expect(second.nextPageToken).toBeUndefined();
    expect(second.shipments).toEqual([
      {
        orderId: 'ord_gd0p6yatnfpdjegqqzvrzzt15n',
        shipmentId: '8803',
        shippedAt: '2026-07-02T16:40:05-04:00',
        carrier: 'UPS 2nd Day Air',
        trackingNumber: '1Z999AA10123456790',
        lines: [{ sku: 'TSHIRT-WHT-L', quantity: 1 }],
        final: true,
      },
    ]);
  });

  it('refuses to read without a time zone, and with a bad one', async () => {
    expect(
      (await failure(fetchPage(context({ timeZone: undefined }), { since: '2026-01-01T00:00:00Z' }))).code,
    ).toBe('NETSUITE_TIMEZONE_MISSING');
    expect(
      (await failure(fetchPage(context({ timeZone: 'Mars/Base' }), { since: '2026-01-01T00:00:00Z' }))).kind,
    ).toBe('config');
  });
});
