import {
  type JsonObject,
  objectsField,
  numberField,
  textField,
  isJsonObject,
  rejectedError,
  type ConnectorContext,
  type DeliveryInfo,
  type RemoteRef,
} from '../../src/sdk';
import { call, findByReference, orderIdOf, refused, unexpected } from './client';
import type { ShipBobConfig } from './config';
import type { ShipBobOrder } from './payload';

const norm = (value: unknown): string =>
  typeof value === 'string' ? value.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase() : '';

/** Products as `sku×quantity`, sorted, so two orders with the same goods compare equal. */
function goods(products: { reference_id?: unknown; quantity?: unknown }[]): string[] {
  return products.map((p) => `${norm(p.reference_id)}×${String(p.quantity)}`).sort();
}

/**
 * True when the order ShipBob holds ships the same goods to the same place as `payload`. Address fields are only
 * compared where ShipBob returned them, case- and space-insensitively, since ShipBob may tidy an address.
 */
export function sameShipment(existing: JsonObject, payload: ShipBobOrder): boolean {
  const remoteGoods = goods(objectsField(existing, 'products'));
  if (remoteGoods.join('|') !== goods(payload.products).join('|')) return false;
  const recipient = existing['recipient'];
  const address = isJsonObject(recipient) ? recipient['address'] : undefined;
  if (!isJsonObject(address)) return true;
  const ours = payload.recipient.address;
  return (['address1', 'city', 'zip_code', 'country'] as const).every(
    (field) =>
      address[field] === undefined || address[field] === null || norm(address[field]) === norm(ours[field]),
  );
}

/**
 * A create refused as a duplicate: the order is already there, from an earlier attempt whose answer was lost or
 * from an earlier revision. ShipBob's API cannot change an order, so a revision that ships something else is
 * refused with a remedy instead of being reported as delivered.
 */
function existingOrder(existing: JsonObject, payload: ShipBobOrder, status: number): RemoteRef {
  const id = orderIdOf(existing);
  if (id === undefined) throw unexpected('GET /order', status);
  const state = textField(existing, 'status') ?? 'unknown';
  if (state === 'Cancelled') {
    throw rejectedError('ShipBob holds this order as cancelled; its reference id cannot be used again', {
      code: 'SHIPBOB_ORDER_CANCELLED',
      status,
      remedy: 'The order was cancelled in ShipBob. Re-create it there by hand if it should still ship.',
    });
  }
  if (!sameShipment(existing, payload)) {
    throw rejectedError(
      'ShipBob already holds this order with other products or address; the API cannot update it',
      {
        code: 'SHIPBOB_ORDER_NOT_UPDATABLE',
        status,
        remedy:
          'Edit the order in the ShipBob dashboard to match the channel (products, quantities, address), then resolve this exception.',
      },
    );
  }
  return { remoteId: String(id), status: `exists (${state})` };
}

async function create(ctx: ConnectorContext<ShipBobConfig>, payload: ShipBobOrder): Promise<RemoteRef> {
  const res = await call(ctx, { method: 'POST', path: '/order', body: payload }, [400, 422]);
  if (res.status === 400) throw refused(res);
  if (res.status === 422) {
    // 422 is ShipBob's duplicate-reference answer, but also some validation refusals: only a match settles it.
    const existing = await findByReference(ctx, payload.reference_id);
    if (existing) return existingOrder(existing, payload, res.status);
    throw refused(res);
  }
  const id = isJsonObject(res.data) ? numberField(res.data, 'id') : undefined;
  if (id === undefined) throw unexpected('POST /order', res.status);
  return { remoteId: String(id), status: 'created' };
}

async function cancel(ctx: ConnectorContext<ShipBobConfig>, payload: ShipBobOrder): Promise<RemoteRef> {
  const existing = await findByReference(ctx, payload.reference_id);
  // Never created in ShipBob (held or routed elsewhere before): nothing to cancel.
  if (!existing) return { remoteId: payload.reference_id, status: 'absent (nothing to cancel)' };
  const id = orderIdOf(existing);
  if (id === undefined) throw unexpected('GET /order', 200);
  if (textField(existing, 'status') === 'Cancelled') return { remoteId: String(id), status: 'cancelled' };
  const res = await call(ctx, { method: 'POST', path: `/order/${id}:cancel` }, [400, 422]);
  if (res.status === 400 || res.status === 422) throw refused(res, 'SHIPBOB_NOT_CANCELLABLE');
  const failed = isJsonObject(res.data)
    ? objectsField(res.data, 'canceled_shipment_results').filter((r) => r['is_success'] === false)
    : [];
  if (failed.length > 0) {
    const reasons = failed.map((r) => textField(r, 'reason') ?? 'no reason given').join('; ');
    throw rejectedError(`ShipBob could not cancel ${failed.length} shipment(s): ${reasons.slice(0, 200)}`, {
      code: 'SHIPBOB_CANCEL_REFUSED',
      status: res.status,
      remedy:
        'The shipment is likely picked, packed or shipped. Check the order in ShipBob; handle it as a return if it has left.',
    });
  }
  return { remoteId: String(id), status: 'cancelled' };
}

/**
 * Creates the order, or cancels the one ShipBob holds under our reference id when the delivery is a cancel or the
 * channel cancelled the order. `cancelRequested` is only ever set on that path, so it never reaches `POST /order`.
 */
export function deliverOrder(
  ctx: ConnectorContext<ShipBobConfig>,
  payload: ShipBobOrder,
  info: DeliveryInfo,
): Promise<RemoteRef> {
  return info.operation === 'cancel' || payload.cancelRequested === true
    ? cancel(ctx, payload)
    : create(ctx, payload);
}
