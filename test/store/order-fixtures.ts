import { contentHash, inboxEventId, orderId } from '../../src/core/ids';
import { completeOrder, type CanonicalDraft, type Status } from '../../src/core/order';
import type { Store } from '../../src/store/port';
import type * as T from '../../src/store/types';

// Orders for the search tests: e-mail, phone, SKUs and payment status as given, written through recordOrder.

const T0 = Date.parse('2024-05-01T10:00:00.000Z');
/** A timestamp `seconds` after the tests' epoch, as the hub writes them (`toISOString`). */
export const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();

export interface OrderSpec {
  connectionId?: string;
  externalId: string;
  orderNumber?: string;
  email?: string | null;
  phone?: string;
  shippingPhone?: string;
  skus?: (string | null)[];
  payment?: Status['payment'];
  channelRevision?: string;
  at?: string;
}

function draft(spec: OrderSpec): CanonicalDraft {
  const connectionId = spec.connectionId ?? 'con_a';
  const skus = spec.skus ?? ['MUG-1'];
  return {
    channel: {
      connector: 'test-shop',
      connectionId,
      externalId: spec.externalId,
      orderNumber: spec.orderNumber ?? `#${spec.externalId}`,
      sourceType: 'web',
    },
    placedAt: '2024-04-30T08:00:00.000Z',
    updatedAt: '2024-04-30T08:00:00.000Z',
    currency: 'EUR',
    taxesIncluded: true,
    status: { order: 'open', payment: spec.payment ?? 'paid', fulfillment: 'unfulfilled' },
    customer: { email: spec.email ?? null, ...(spec.phone ? { phone: spec.phone } : {}) },
    shippingAddress: {
      countryCode: 'DE',
      city: 'Berlin',
      ...(spec.shippingPhone ? { phone: spec.shippingPhone } : {}),
    },
    billingAddress: null,
    lines: skus.map((sku, i) => ({
      id: `l${i}`,
      sku,
      name: 'Mug',
      quantity: 1,
      unitPrice: '5.00',
      discount: '0.00',
      tax: '0.80',
      total: '5.00',
    })),
    shippingLines: [],
    taxLines: [],
    discounts: [],
    refunds: [],
    totals: { subtotal: '5.00', discount: '0.00', shipping: '0.00', tax: '0.80', total: '5.00' },
  };
}

/** Records an order (revision `channelRevision`, default 1) built from `spec`. */
export async function putOrder(store: Store, spec: OrderSpec): Promise<T.OrderRecord> {
  const connectionId = spec.connectionId ?? 'con_a';
  const id = orderId(connectionId, spec.externalId);
  const revision = spec.channelRevision ?? '1';
  const d = draft(spec);
  const result = await store.recordOrder({
    orderId: id,
    inboxEventId: inboxEventId(connectionId, spec.externalId, revision),
    channelRevision: revision,
    hash: contentHash(d),
    state: 'active',
    build: (r) => completeOrder({ ...d, channel: { ...d.channel, revision } }, id, r),
    at: spec.at ?? at(0),
  });
  return result.order;
}
