import { orderId } from '../core/ids';
import type { CanonicalDraft, CanonicalOrder } from '../core/order';

/**
 * The example order of a scaffolded connector, written out by hand in both shapes: the raw record the
 * generated source mapping reads and the canonical order it must produce. EUR, tax added on top:
 * 2 × 12.50 − 2.50 coupon + 8.90 + 4.90 shipping + 5.83 VAT (19 % and 7 %) = 42.13.
 */
export function exampleRaw(): Record<string, unknown> {
  return {
    id: '100245',
    number: 'A-100245',
    status: 'open',
    paymentStatus: 'paid',
    fulfillmentStatus: 'unshipped',
    currency: 'EUR',
    pricesIncludeTax: false,
    createdAt: '2026-03-02T09:15:00+01:00',
    updatedAt: '2026-03-02T09:20:30+01:00',
    customer: { email: 'jane.doe@example.com', name: 'Jane Doe', phone: '+49 30 5550100' },
    shippingAddress: {
      name: 'Jane Doe',
      company: null,
      street1: 'Example Street 12',
      street2: null,
      city: 'Berlin',
      region: null,
      postalCode: '10115',
      country: 'DE',
      phone: '+49 30 5550100',
    },
    billingAddress: null,
    items: [
      {
        id: '1',
        sku: 'MUG-BLUE',
        name: 'Blue mug',
        quantity: 2,
        unitPrice: '12.50',
        discount: '2.50',
        tax: '4.28',
      },
      {
        id: '2',
        sku: 'TEA-EARL',
        name: 'Earl Grey tea, 100 g',
        quantity: 1,
        unitPrice: '8.90',
        discount: '0.00',
        tax: '0.62',
      },
    ],
    shipping: [
      { code: 'standard', title: 'Standard shipping', price: '4.90', discount: '0.00', tax: '0.93' },
    ],
    taxLines: [
      { title: 'VAT 19%', rate: '0.19', amount: '5.21' },
      { title: 'VAT 7%', rate: '0.07', amount: '0.62' },
    ],
    coupons: [{ code: 'WELCOME10', amount: '2.50' }],
    total: '42.13',
    note: null,
  };
}

/** What the generated source mapping makes of `exampleRaw()` for connection `con_test`. */
export function exampleCanonical(connector: string): CanonicalDraft {
  return {
    channel: {
      connector,
      connectionId: 'con_test',
      externalId: '100245',
      orderNumber: 'A-100245',
      sourceType: 'web',
      revision: '2026-03-02T09:20:30+01:00',
    },
    placedAt: '2026-03-02T08:15:00.000Z',
    updatedAt: '2026-03-02T08:20:30.000Z',
    originalOffset: '+01:00',
    currency: 'EUR',
    taxesIncluded: false,
    status: { order: 'open', payment: 'paid', fulfillment: 'unfulfilled' },
    customer: { email: 'jane.doe@example.com', phone: '+49 30 5550100', name: 'Jane Doe', pii: 'none' },
    shippingAddress: {
      name: 'Jane Doe',
      company: null,
      line1: 'Example Street 12',
      line2: null,
      city: 'Berlin',
      province: null,
      postalCode: '10115',
      countryCode: 'DE',
      phone: '+49 30 5550100',
      pii: 'none',
    },
    billingAddress: null,
    lines: [
      {
        id: '1',
        sku: 'MUG-BLUE',
        name: 'Blue mug',
        quantity: 2,
        unitPrice: '12.50',
        discount: '2.50',
        tax: '4.28',
        total: '22.50',
      },
      {
        id: '2',
        sku: 'TEA-EARL',
        name: 'Earl Grey tea, 100 g',
        quantity: 1,
        unitPrice: '8.90',
        discount: '0.00',
        tax: '0.62',
        total: '8.90',
      },
    ],
    shippingLines: [
      { code: 'standard', title: 'Standard shipping', price: '4.90', discount: '0.00', tax: '0.93' },
    ],
    taxLines: [
      { title: 'VAT 19%', rate: '0.19', amount: '5.21' },
      { title: 'VAT 7%', rate: '0.07', amount: '0.62' },
    ],
    discounts: [{ type: 'fixed_amount', code: 'WELCOME10', title: null, amount: '2.50' }],
    refunds: [],
    totals: { subtotal: '33.90', discount: '2.50', shipping: '4.90', tax: '5.83', total: '42.13' },
    note: null,
    attributes: {},
  };
}

/** A complete canonical order for destination fixtures, as if it came from the sandbox shop. */
export function exampleOrder(): CanonicalOrder {
  return {
    schemaVersion: 1,
    id: orderId('con_test', '100245'),
    revision: 1,
    ...exampleCanonical('sandbox-shop'),
  };
}

/** What the generated destination mapping makes of `exampleOrder()`. */
export function examplePayload(): Record<string, unknown> {
  const order = exampleOrder();
  return {
    reference: order.id,
    orderNumber: 'A-100245',
    placedAt: '2026-03-02T08:15:00.000Z',
    currency: 'EUR',
    pricesIncludeTax: false,
    shipTo: {
      name: 'Jane Doe',
      company: null,
      street1: 'Example Street 12',
      street2: null,
      city: 'Berlin',
      region: null,
      postalCode: '10115',
      country: 'DE',
      phone: '+49 30 5550100',
    },
    lines: [
      { sku: 'MUG-BLUE', description: 'Blue mug', quantity: 2, unitPrice: '12.50', discount: '2.50' },
      {
        sku: 'TEA-EARL',
        description: 'Earl Grey tea, 100 g',
        quantity: 1,
        unitPrice: '8.90',
        discount: '0.00',
      },
    ],
    shipping: '4.90',
    tax: '5.83',
    total: '42.13',
    cancelled: false,
  };
}

/** Pretty JSON with a final newline, as fixtures are stored. */
export const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
