import { describe, expect, it } from 'vitest';
import shipbob from './index';
import { api, context, http, JSON_HEADERS, PREFIX } from './test-helpers';

const SINCE = '2026-01-06T00:00:00.000Z';

function readBack() {
  if (!shipbob.shipments) throw new Error('shipbob reads shipments back');
  return shipbob.shipments;
}

const query = (page: number) => ({
  LastUpdateStartDate: SINCE,
  HasTracking: 'true',
  SortOrder: 'Oldest',
  Limit: '250',
  Page: String(page),
});

describe('shipbob shipment read-back', () => {
  it('reports shipped parcels with tracking, lines for split orders, voids for cancelled ones', async () => {
    api().get(`${PREFIX}/order`).query(query(1)).reply(200, http('shipments-page'), JSON_HEADERS);
    const page = await readBack().fetchPage(context(), { since: SINCE });
    expect(page.nextPageToken).toBeUndefined();
    expect(page.shipments).toEqual([
      {
        orderId: 'ord_gd0p6yatnfpdjegqqzvrzzt15n',
        shipmentId: '402118870',
        shippedAt: '2026-01-06T14:02:31.000Z',
        carrier: 'UPS',
        service: 'UPS 2nd Day Air',
        trackingNumber: '1Z999AA10123456784',
        trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
        // Split across two fulfilment centres: this parcel carries the caps only, more is to come.
        lines: [{ quantity: 2, sku: 'CAP-NVY' }],
        final: false,
      },
      {
        orderId: 'ord_0b1sdvbynw0dd4mch2jgw3f6w3',
        shipmentId: '402119002',
        shippedAt: '2026-01-06T09:45:00.000Z',
        carrier: 'DHL Express',
        service: 'DHL Express Worldwide',
        trackingNumber: '4417200000',
        final: true,
      },
      {
        orderId: 'ord_0b1sdvbynw0dd4mch2jgw3f6w3',
        shipmentId: '402119003',
        shippedAt: '2026-01-06T08:10:00.000Z',
        carrier: 'DHL Express',
        service: 'DHL Express Worldwide',
        trackingNumber: '4417200001',
        voided: true,
      },
    ]);
  });

  it('asks for the next page when a page is full', async () => {
    const full = Array.from({ length: 250 }, (_, i) => ({
      id: i + 1,
      reference_id: `other-${i}`,
      shipments: [],
    }));
    api().get(`${PREFIX}/order`).query(query(1)).reply(200, full, JSON_HEADERS);
    api().get(`${PREFIX}/order`).query(query(2)).reply(200, [], JSON_HEADERS);
    const ctx = context();
    const first = await readBack().fetchPage(ctx, { since: SINCE });
    expect(first).toEqual({ shipments: [], nextPageToken: '2' });
    expect(await readBack().fetchPage(ctx, { since: SINCE, pageToken: '2' })).toEqual({ shipments: [] });
  });

  it('treats a body that is not a list as transient', async () => {
    api().get(`${PREFIX}/order`).query(true).reply(200, { unexpected: true }, JSON_HEADERS);
    await expect(readBack().fetchPage(context(), { since: SINCE })).rejects.toMatchObject({
      kind: 'transient',
      code: 'SHIPBOB_UNEXPECTED_RESPONSE',
    });
  });
});
