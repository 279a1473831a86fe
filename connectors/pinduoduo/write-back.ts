import {
  authError,
  ConnectorError,
  isJsonObject,
  lookup,
  rejectedError,
  transientError,
  type ConnectorContext,
  type FulfillmentRequest,
  type RemoteRef,
  type WriteBackSpec,
} from '../../src/sdk';
import { callPdd } from './client';
import type { PinduoduoConfig } from './config';

/** Lookup table: carrier as the hub reports it → Pinduoduo numeric `logistics_id` (`pdd.logistics.companies.get`). */
export const CARRIER_TABLE = 'pinduoduo-carriers';

const WRITE_REMEDY =
  'Write-back needs the logistics API permission (物流 API: pdd.logistics.online.send) besides the order API. Add it to the application on open.pinduoduo.com, have the merchant authorize again, and save the new access_token.';

/** The Pinduoduo logistics company id from the lookup table; never a guess. */
export function logisticsId(ctx: ConnectorContext<PinduoduoConfig>, carrier: string): string {
  const id = lookup(ctx.tables, CARRIER_TABLE, carrier);
  if (id === undefined || !/^\d+$/.test(id)) {
    throw rejectedError(`carrier "${carrier}" has no numeric id in the ${CARRIER_TABLE} table`, {
      code: 'PINDUODUO_CARRIER_UNMAPPED',
      remedy: `Add "${carrier}" to mappings/${CARRIER_TABLE}.json with the numeric logistics id Pinduoduo lists for it (pdd.logistics.companies.get, e.g. 44 for 顺丰), then retry the shipment.`,
    });
  }
  return id;
}

/** Pinduoduo takes one tracking number per order: a shipment must carry every unit of every line. */
function refusePartial(req: FulfillmentRequest): void {
  const shipped = new Map<string, number>();
  for (const l of req.lines) shipped.set(l.lineId, (shipped.get(l.lineId) ?? 0) + l.quantity);
  const whole = req.order.lines.every((l) => (shipped.get(l.id) ?? 0) >= l.quantity);
  if (!whole) {
    throw rejectedError('Pinduoduo ships whole orders only; this shipment carries part of the order', {
      code: 'PINDUODUO_PARTIAL_SHIPMENT',
      remedy:
        'Pinduoduo has one tracking number per order and no partial shipment. Ship the order in one parcel, or mark it shipped in the merchant backend (商家后台 → 发货) with the main waybill.',
    });
  }
}

/** The order's shipping state as Pinduoduo has it now. */
interface PddShipping {
  orderStatus: number | undefined;
  refundStatus: number | undefined;
  trackingNumber: string | undefined;
}

async function readShipping(ctx: ConnectorContext<PinduoduoConfig>, orderSn: string): Promise<PddShipping> {
  const res = await callPdd(ctx, 'pdd.order.information.get', 'order_info_get_response', {
    order_sn: orderSn,
  });
  const info = res['order_info'];
  if (!isJsonObject(info)) {
    throw transientError('Pinduoduo answered order information without order_info', {
      code: 'PINDUODUO_UNEXPECTED_RESPONSE',
    });
  }
  const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : undefined);
  const tracking = info['tracking_number'];
  return {
    orderStatus: num(info['order_status']),
    refundStatus: num(info['refund_status']),
    trackingNumber: typeof tracking === 'string' && tracking !== '' ? tracking : undefined,
  };
}

function forWrite(error: unknown): unknown {
  if (error instanceof ConnectorError && error.kind === 'auth' && error.code !== 'PINDUODUO_TOKEN_EXPIRED') {
    return authError(error.message, {
      code: 'PINDUODUO_LOGISTICS_PERMISSION_MISSING',
      remedy: WRITE_REMEDY,
      ...(error.status === undefined ? {} : { status: error.status }),
    });
  }
  return error;
}

/**
 * Ships the whole order with `pdd.logistics.online.send`. Idempotent by reading the order first: an order already
 * carrying this tracking number is the earlier attempt, returned as is.
 */
export async function createFulfillment(
  ctx: ConnectorContext<PinduoduoConfig>,
  req: FulfillmentRequest,
): Promise<RemoteRef> {
  const id = logisticsId(ctx, req.carrier);
  refusePartial(req);
  const tracking = req.shipment.trackingNumber;
  if (tracking === undefined || tracking === '') {
    throw rejectedError('Pinduoduo needs a tracking number to ship an order', {
      code: 'PINDUODUO_TRACKING_MISSING',
      remedy: 'The destination reported the shipment without a tracking number; correct the shipment report.',
    });
  }
  const orderSn = req.order.channel.externalId;
  const remoteId = `${orderSn}:${tracking}`;
  try {
    const now = await readShipping(ctx, orderSn);
    if (now.trackingNumber === tracking) return { remoteId, status: 'already shipped' };
    if (now.orderStatus !== 1 && now.orderStatus !== 2 && now.orderStatus !== 3) {
      throw rejectedError('Pinduoduo answered an order_status this connector has no rule for', {
        code: 'PINDUODUO_ORDER_STATUS_UNKNOWN',
        remedy: 'Check the order in the merchant backend and ship it there if it is due.',
      });
    }
    if (now.orderStatus !== 1) {
      throw rejectedError('Pinduoduo already shipped this order with another tracking number', {
        code: 'PINDUODUO_ALREADY_SHIPPED',
        remedy:
          'Check the order in the merchant backend; correct a wrong waybill there (修改物流) rather than shipping again.',
      });
    }
    if (now.refundStatus === 4) {
      throw rejectedError('the Pinduoduo order was refunded', {
        code: 'PINDUODUO_ORDER_REFUNDED',
        remedy: 'The buyer was refunded before shipping; stop or recall the parcel.',
      });
    }
    const res = await callPdd(ctx, 'pdd.logistics.online.send', 'logistics_online_send_response', {
      order_sn: orderSn,
      logistics_id: id,
      tracking_number: tracking,
    });
    if (res['is_success'] !== true) {
      throw transientError('Pinduoduo did not confirm the shipment', { code: 'PINDUODUO_SEND_UNCONFIRMED' });
    }
    return { remoteId, status: 'shipped' };
  } catch (error) {
    throw forWrite(error);
  }
}

/** Pinduoduo write-back. There is no cancel: a shipped order's waybill can only be corrected by the merchant. */
export const writeBack: WriteBackSpec<PinduoduoConfig> = { createFulfillment };
