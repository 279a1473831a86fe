import {
  numberField,
  textField,
  isJsonObject,
  defineDestination,
  rejectedError,
  type ConnectorContext,
  type DeliveryInfo,
  type RemoteRef,
} from '../../src/sdk';
import { call, checkConnection, RATE_BUCKET, unexpected } from './client';
import { API_VERSION, configSchema, CONNECTOR_ID, type ShipStationConfig } from './config';
import { toShipStationOrder } from './mapping';
import type { ShipStationOrder } from './payload';
import { fetchShipmentsPage } from './shipments';

export type { ShipStationConfig } from './config';
export type { ShipStationOrder } from './payload';

/**
 * Sends the order with `POST /orders/createorder`. The `orderKey` (the hub's order id) makes it an upsert, so a
 * retry after a lost answer updates the order it already created. A cancel is the same call with
 * `orderStatus: cancelled`. ShipStation leaves shipped and cancelled orders as they are and answers with their
 * current status, which is how a refused change is recognised.
 */
async function createOrUpdate(
  ctx: ConnectorContext<ShipStationConfig>,
  payload: ShipStationOrder,
  info: DeliveryInfo,
): Promise<RemoteRef> {
  // The hub delivers a cancelled channel order as an upsert whose status maps to `cancelled`.
  const cancel = info.operation === 'cancel' || payload.orderStatus === 'cancelled';
  const body: ShipStationOrder = cancel ? { ...payload, orderStatus: 'cancelled' } : payload;
  let res;
  try {
    res = await call(ctx, { method: 'POST', path: '/orders/createorder', body }, { refusesOrder: true });
  } catch (error) {
    // V1 words this refusal in a 400 on some accounts; the code tells ops there is nothing left to cancel.
    if (cancel && error instanceof Error && /shipped/i.test(error.message)) throw alreadyShipped(400);
    throw error;
  }
  const data = res.data;
  const orderId = isJsonObject(data) ? numberField(data, 'orderId') : undefined;
  if (!isJsonObject(data) || orderId === undefined) throw unexpected('POST /orders/createorder', res.status);
  const remoteId = String(orderId);
  const status = textField(data, 'orderStatus') ?? 'unknown';
  if (status === 'shipped' && body.orderStatus !== 'shipped') {
    if (cancel) throw alreadyShipped(res.status);
    // The parcel has left; a later revision has nothing ShipStation could still apply.
    ctx.log.warn({ remoteId }, 'shipstation order already shipped; revision not applied');
    return { remoteId, status: 'shipped (revision not applied)' };
  }
  if (status === 'cancelled' && body.orderStatus !== 'cancelled') {
    throw rejectedError('ShipStation holds this order as cancelled and will not reopen it', {
      code: 'SHIPSTATION_ORDER_CANCELLED',
      status: res.status,
      remedy:
        'The order was cancelled in ShipStation. Restore it there (Cancelled → Restore) and replay the delivery, or leave it cancelled.',
    });
  }
  return { remoteId, status };
}

function alreadyShipped(status: number) {
  return rejectedError('ShipStation has already shipped this order; it cannot be cancelled', {
    code: 'SHIPSTATION_ALREADY_SHIPPED',
    status,
    remedy:
      'Void the label in ShipStation if the parcel has not left, or handle the cancellation as a return.',
  });
}

/** ShipStation V1 destination: orders upserted by `orderKey`, labels read back from `GET /shipments`. */
const shipstation = defineDestination<ShipStationConfig, ShipStationOrder>({
  kind: 'destination',
  meta: {
    id: CONNECTOR_ID,
    version: '1.0.0',
    displayName: 'ShipStation',
    apiVersion: API_VERSION,
    docsUrl: 'https://docs.shipstation.com/apis/shipstation-v1/docs/orders/create-update-order',
  },
  configSchema,
  // orderKey is ShipStation's own upsert key: a repeated POST updates the order instead of adding one.
  idempotency: { mode: 'native-key' },
  rateLimits: { [RATE_BUCKET]: { ratePerSecond: 40 / 60, burst: 40 } },
  fromCanonical: toShipStationOrder,
  deliver: createOrUpdate,
  shipments: { fetchPage: fetchShipmentsPage },
  check: checkConnection,
});

export default shipstation;
