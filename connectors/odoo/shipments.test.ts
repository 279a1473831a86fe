import nock from 'nock';
import { describe, expect, it } from 'vitest';
import odoo from './index';
import { context, http, ORIGIN } from './test-helpers';

const JSON_TYPE = { 'content-type': 'application/json' };

describe('odoo shipment read-back', () => {
  it('reads done outgoing pickings of hub orders with moved SKUs, partial and final', async () => {
    if (!odoo.shipments) throw new Error('odoo reads shipments back');
    let pickingQuery: unknown;
    nock(ORIGIN)
      .post('/json/2/stock.picking/search_read', (b: unknown) => ((pickingQuery = b), true))
      .reply(200, http('pickings-page'), JSON_TYPE)
      .post('/json/2/sale.order/search_read')
      .reply(200, http('pickings-sales'), JSON_TYPE)
      .post('/json/2/stock.move/search_read')
      .reply(200, http('pickings-moves'), JSON_TYPE)
      .post('/json/2/product.product/search_read')
      .reply(200, http('pickings-products'), JSON_TYPE);
    const page = await odoo.shipments.fetchPage(context(), { since: '2026-01-06T15:00:00.000Z' });
    expect(pickingQuery).toMatchObject({
      domain: expect.arrayContaining([
        ['date_done', '>=', '2026-01-06 15:00:00'],
        ['state', '=', 'done'],
      ]),
      limit: 100,
      offset: 0,
      order: 'date_done asc, id asc',
    });
    expect(page).toEqual({
      shipments: [
        {
          orderId: 'ord_gd0p6yatnfpdjegqqzvrzzt15n',
          shipmentId: '3101',
          shippedAt: '2026-01-06T15:30:12+00:00',
          carrier: 'UPS US',
          trackingNumber: '1Z999AA10123456784',
          lines: [{ sku: 'CAP-NVY', quantity: 2 }],
          final: false,
        },
        {
          orderId: 'ord_2a44zt4ndxt763dkdv2zw0hqha',
          shipmentId: '3102',
          shippedAt: '2026-01-06T16:02:00+00:00',
          carrier: 'unspecified',
          lines: [
            { sku: 'TSHIRT-BLK-M', quantity: 1 },
            { sku: 'TOTE-CNV', quantity: 1 },
          ],
          final: true,
        },
      ],
    });
  });

  it('asks for the next page only when a page is full, and stops on an empty one', async () => {
    if (!odoo.shipments) throw new Error('odoo reads shipments back');
    let offset: unknown;
    nock(ORIGIN)
      .post(
        '/json/2/stock.picking/search_read',
        (b: unknown) => ((offset = typeof b === 'object' && b && 'offset' in b ? b.offset : undefined), true),
      )
      .reply(200, [], JSON_TYPE);
    expect(
      await odoo.shipments.fetchPage(context(), { since: '2026-01-06T15:00:00Z', pageToken: '100' }),
    ).toEqual({
      shipments: [],
    });
    expect(offset).toBe(100);
  });
});
