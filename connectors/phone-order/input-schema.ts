/** Decimal amounts as strings, so no amount ever passes through a float. */
const amount = { type: 'string', pattern: '^\\d{1,12}(\\.\\d{1,4})?$' } as const;
const rate = { type: 'string', pattern: '^(0(\\.\\d{1,6})?|1(\\.0{1,6})?)$' } as const;
const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;
const timestamp = {
  type: 'string',
  format: 'date-time',
  // An offset is required: the hub refuses to guess which timezone a clerk's clock was in.
  pattern: '(Z|[+-]\\d{2}:\\d{2})$',
} as const;

const address = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'line1', 'city', 'countryCode'],
  properties: {
    name: text(200),
    company: text(200),
    line1: text(200),
    line2: text(200),
    district: text(100),
    city: text(100),
    province: text(100),
    postalCode: text(20),
    countryCode: { type: 'string', pattern: '^[A-Z]{2}$' },
    phone: text(40),
  },
} as const;

/**
 * One order as a person enters it by phone or at a counter (phone-order.v1). Every amount is in the
 * connection's currency; prices include tax when the connection says so.
 */
export const PHONE_ORDER_SCHEMA = {
  $id: 'https://orderhub.dev/schemas/phone-order.v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['reference', 'placedAt', 'updatedAt', 'status', 'payment', 'customer', 'fulfillment', 'lines'],
  properties: {
    reference: {
      type: 'string',
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{3,63}$',
      description:
        'Unique per order; the form makes one. Posting the same reference again is the same order.',
    },
    placedAt: timestamp,
    updatedAt: { ...timestamp, description: 'Changes with every edit: the newest edit wins.' },
    enteredBy: text(100),
    status: { enum: ['open', 'cancelled'] },
    payment: {
      type: 'object',
      additionalProperties: false,
      required: ['status', 'method'],
      properties: {
        status: { enum: ['pending', 'authorized', 'paid'] },
        method: { enum: ['card', 'cash', 'cash_on_delivery', 'invoice', 'bank_transfer'] },
      },
    },
    customer: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'phone'],
      properties: {
        name: text(200),
        phone: text(40),
        email: { type: 'string', format: 'email', maxLength: 200 },
      },
    },
    fulfillment: { enum: ['ship', 'pickup'] },
    shippingAddress: address,
    billingAddress: address,
    lines: {
      type: 'array',
      minItems: 1,
      maxItems: 200,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['sku', 'name', 'quantity', 'unitPrice', 'taxRate'],
        properties: {
          sku: text(100),
          name: text(300),
          quantity: { type: 'integer', minimum: 1, maximum: 100000 },
          unitPrice: amount,
          discount: { ...amount, description: 'Taken off this line, all units.' },
          taxRate: { ...rate, description: 'Fraction, e.g. "0.19"; "0" for untaxed goods.' },
        },
      },
    },
    shipping: {
      type: 'object',
      additionalProperties: false,
      required: ['title', 'price', 'taxRate'],
      properties: { title: text(200), price: amount, taxRate: rate },
    },
    note: { type: 'string', maxLength: 2000 },
  },
  allOf: [
    {
      if: { properties: { fulfillment: { const: 'ship' } } },
      then: { properties: { shippingAddress: { type: 'object' } }, required: ['shippingAddress'] },
    },
  ],
} as const;

/** A phone order after schema validation. */
export interface PhoneOrder {
  reference: string;
  placedAt: string;
  updatedAt: string;
  enteredBy?: string;
  status: 'open' | 'cancelled';
  payment: { status: 'pending' | 'authorized' | 'paid'; method: string };
  customer: { name: string; phone: string; email?: string };
  fulfillment: 'ship' | 'pickup';
  shippingAddress?: PhoneAddress;
  billingAddress?: PhoneAddress;
  lines: {
    sku: string;
    name: string;
    quantity: number;
    unitPrice: string;
    discount?: string;
    taxRate: string;
  }[];
  shipping?: { title: string; price: string; taxRate: string };
  note?: string;
}

export interface PhoneAddress {
  name: string;
  company?: string;
  line1: string;
  line2?: string;
  district?: string;
  city: string;
  province?: string;
  postalCode?: string;
  countryCode: string;
  phone?: string;
}
