import { describe, expect, it } from 'vitest';
import shipstation from './index';
import { api, context, http, JSON_HEADERS } from './test-helpers';

const SINCE = '2026-01-06T07:00:00.000Z'; // 2026-01-05 23:00 in Los Angeles

function readBack() {
  if (!shipstation.shipments) throw new Error('shipstation reads shipments back');
  return shipstation.shipments;
}

describe('shipstation shipment read-back', () => {
  it('pages through labels by ship date, then voids, reporting only the hub’s orders', async () => {
    const base = { includeShipmentItems: 'true', page: '1', pageSize: '500' };
    api()
      .get('/shipments')
      .query({ ...base, shipDateStart: '2026-01-05', sortBy: 'ShipDate', sortDir: 'ASC' })
      .reply(200, http('shipments-page-1'), JSON_HEADERS);
    api()
      .get('/shipments')
      .query({ ...base, page: '2', shipDateStart: '2026-01-05', sortBy: 'ShipDate', sortDir: 'ASC' })
      .reply(200, http('shipments-page-2'), JSON_HEADERS);
    api()
      .get('/shipments')
      .query({ ...base, voidDateStart: '2026-01-05T23:00:00' })
      .reply(200, http('shipments-voided'), JSON_HEADERS);
    const ctx = context();
    const first = await readBack().fetchPage(ctx, { since: SINCE });
    expect(first.nextPageToken).toBe('ship:2');
    expect(first.shipments).toEqual([
      {
        orderId: 'ord_gd0p6yatnfpdjegqqzvrzzt15n',
        shipmentId: '71234501',
        shippedAt: '2026-01-06T17:14:27.517Z',
        carrier: 'ups_walleted',
        service: 'ups_2nd_day_air',
        trackingNumber: '1Z999AA10123456784',
        lines: [{ quantity: 2, sku: 'CAP-NVY', lineId: 'li_29460295003_1' }],
      },
    ]);
    const second = await readBack().fetchPage(ctx, { since: SINCE, pageToken: 'ship:2' });
    expect(second.nextPageToken).toBe('void:1');
    // The order shipped in two parcels: each report carries its own lines.
    expect(second.shipments).toEqual([
      {
        orderId: 'ord_gd0p6yatnfpdjegqqzvrzzt15n',
        shipmentId: '71234577',
        shippedAt: '2026-01-07T00:45:00.000Z',
        carrier: 'ups_walleted',
        service: 'ups_ground',
        trackingNumber: '1Z999AA10123456799',
        lines: [{ quantity: 1, sku: 'TSHIRT-WHT-L', lineId: 'li_29460295003_2' }],
      },
    ]);
    const voids = await readBack().fetchPage(ctx, { since: SINCE, pageToken: 'void:1' });
    expect(voids.nextPageToken).toBeUndefined();
    expect(voids.shipments).toHaveLength(1);
    expect(voids.shipments[0]).toMatchObject({
      orderId: 'ord_2a44zt4ndxt763dkdv2zw0hqha',
      shipmentId: '71230011',
      voided: true,
    });
  });

  it('filters by the configured store and ends on an empty void page', async () => {
    api()
      .get('/shipments')
      .query((q) => q['storeId'] === '22766' && q['shipDateStart'] === '2026-01-05')
      .reply(200, http('shipments-empty'), JSON_HEADERS);
    api()
      .get('/shipments')
      .query((q) => q['storeId'] === '22766' && typeof q['voidDateStart'] === 'string')
      .reply(200, http('shipments-empty'), JSON_HEADERS);
    const ctx = context({ storeId: 22766 });
    const first = await readBack().fetchPage(ctx, { since: SINCE });
    expect(first).toEqual({ shipments: [], nextPageToken: 'void:1' });
    expect(await readBack().fetchPage(ctx, { since: SINCE, pageToken: 'void:1' })).toEqual({ shipments: [] });
  });

  it('treats a body without a shipments list as transient', async () => {
    api().get('/shipments').query(true).reply(200, { unexpected: true }, JSON_HEADERS);
    await expect(readBack().fetchPage(context(), { since: SINCE })).rejects.toMatchObject({
      kind: 'transient',
      code: 'SHIPSTATION_UNEXPECTED_RESPONSE',
    });
  });
});
