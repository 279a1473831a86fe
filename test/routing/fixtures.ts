import type { CanonicalOrder } from '../../src/core/order';

/** A small canonical order for rule tests: two lines (A-1 × 2 at 10.00, B-1 × 1 at 5.00), shipping 4.00, tax 19 % included. */
export function order(patch: Partial<CanonicalOrder> = {}): CanonicalOrder {
  return {
    schemaVersion: 1,
    id: 'ord_0123456789abcdefghjkmnpqrs',
    revision: 1,
    channel: {
      connector: 'shopify',
      connectionId: 'con_shop',
      externalId: '1',
      orderNumber: '#1',
      sourceType: 'web',
    },
    placedAt: '2024-05-01T10:00:00Z',
    updatedAt: '2024-05-01T10:00:00Z',
    currency: 'EUR',
    taxesIncluded: true,
    status: { order: 'open', payment: 'paid', fulfillment: 'unfulfilled' },
    customer: { email: 'Ann@Example.com', phone: '+49 (30) 1234-567' },
    shippingAddress: {
      line1: 'Hauptstr. 1',
      city: 'Berlin',
      province: 'Berlin',
      provinceCode: 'BE',
      countryCode: 'DE',
    },
    billingAddress: null,
    lines: [
      {
        id: '1',
        sku: 'A-1',
        name: 'A',
        quantity: 2,
        unitPrice: '10.00',
        discount: '0.00',
        tax: '3.19',
        total: '20.00',
        taxLines: [{ title: 'VAT 19%', rate: '0.19', amount: '3.19' }],
      },
      {
        id: '2',
        sku: 'B-1',
        name: 'B',
        quantity: 1,
        unitPrice: '5.00',
        discount: '1.00',
        tax: '0.64',
        total: '4.00',
        taxLines: [{ title: 'VAT 19%', rate: '0.19', amount: '0.64' }],
      },
    ],
    shippingLines: [
      {
        title: 'Standard',
        price: '4.00',
        discount: '0.00',
        tax: '0.64',
        taxLines: [{ title: 'VAT 19%', rate: '0.19', amount: '0.64' }],
      },
    ],
    taxLines: [{ title: 'VAT 19%', rate: '0.19', amount: '4.47' }],
    discounts: [],
    refunds: [],
    totals: { subtotal: '25.00', discount: '1.00', shipping: '4.00', tax: '4.47', total: '28.00' },
    tags: ['VIP'],
    ...patch,
  };
}
