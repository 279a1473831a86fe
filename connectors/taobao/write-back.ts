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
import { callTop } from './client';
import type { TaobaoConfig } from './config';
import { wrappedList } from './raw';

/** Lookup table: carrier as the hub reports it → TOP logistics company code (`taobao.logistics.companies.get`). */
export const CARRIER_TABLE = 'taobao-carriers';

const SEND = 'taobao.logistics.offline.send';
const LIST = 'taobao.logistics.orders.get';

const PERMISSION_REMEDY =
  'The application lacks the logistics API permission (物流 API: taobao.logistics.offline.send and taobao.logistics.orders.get) or the seller did not grant it. Apply for it in the TOP console, then have the seller authorize again.';

/** What one logistics order of the trade says. */
interface Consignment {
  outSid: string;
  subTids: string[];
}

/** TOP's logistics company code from the lookup table; never a guess. */
export function companyCode(ctx: ConnectorContext<TaobaoConfig>, carrier: string): string {
  const code = lookup(ctx.tables, CARRIER_TABLE, carrier);
  if (code === undefined || code === '') {
    throw rejectedError(`carrier "${carrier}" is not in the ${CARRIER_TABLE} table`, {
      code: 'TAOBAO_CARRIER_UNMAPPED',
      remedy: `Add "${carrier}" to mappings/${CARRIER_TABLE}.json (carrier as reported → TOP company_code such as SF, ZTO, YTO), then retry the shipment.`,
    });
  }
  return code;
}

function idText(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  return typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : undefined;
}

/** The trade's logistics orders (what was consigned, with which waybill). */
async function consignments(ctx: ConnectorContext<TaobaoConfig>, tid: string): Promise<Consignment[]> {
  const res = await callTop(ctx, LIST, { tid, fields: 'tid,out_sid,company_name,status,is_split,sub_tids' });
  return wrappedList(res['shippings'], 'shipping', '/shippings').flatMap((s) => {
    if (!isJsonObject(s)) return [];
    const outSid = idText(s['out_sid']);
    if (outSid === undefined) return [];
    const subs = s['sub_tids'];
    const list = Array.isArray(subs)
      ? subs
      : isJsonObject(subs) && Array.isArray(subs['number'])
        ? subs['number']
        : [];
    return [{ outSid, subTids: list.flatMap((x: unknown) => idText(x) ?? []) }];
  });
}

/**
 * Sub-orders (oids) to name in a split consignment, or undefined when the shipment covers every sub-order. TOP
 * consigns whole sub-orders: a line shipped with fewer units than ordered cannot be expressed.
 */
export function splitOids(req: FulfillmentRequest): string[] | undefined {
  const ordered = new Map(req.order.lines.map((l) => [l.id, l.quantity]));
  for (const line of req.lines) {
    const qty = ordered.get(line.lineId);
    if (qty === undefined) {
      throw rejectedError('the shipment names a line the Taobao trade does not have', {
        code: 'TAOBAO_LINE_UNKNOWN',
        remedy: 'Check the shipment’s line ids: they must be the trade’s sub-order ids (oid).',
      });
    }
    if (line.quantity < qty) {
      throw rejectedError('Taobao consigns whole sub-orders; this shipment carries part of one', {
        code: 'TAOBAO_PARTIAL_SUB_ORDER',
        remedy:
          'Ship every unit of a sub-order in one parcel, or consign the trade by hand in 千牛/卖家中心 with the main waybill.',
      });
    }
  }
  const shipped = new Set(req.lines.map((l) => l.lineId));
  return [...ordered.keys()].every((oid) => shipped.has(oid)) ? undefined : [...shipped];
}

/** A missing permission on a write names the logistics permission package. */
function forWrite(error: ConnectorError): ConnectorError {
  if (error.code !== 'TAOBAO_PERMISSION_MISSING') return error;
  return authError(error.message, { code: 'TAOBAO_LOGISTICS_PERMISSION_MISSING', remedy: PERMISSION_REMEDY });
}

/**
 * Consigns one shipment with `taobao.logistics.offline.send` (自己联系物流): the whole trade, or the named sub-orders
 * with `is_split=1`. Idempotent by reading the trade's logistics orders first: a consignment with the same waybill
 * is the earlier attempt, returned as is.
 */
export async function createFulfillment(
  ctx: ConnectorContext<TaobaoConfig>,
  req: FulfillmentRequest,
): Promise<RemoteRef> {
  const code = companyCode(ctx, req.carrier);
  const outSid = req.shipment.trackingNumber;
  if (outSid === undefined || outSid === '') {
    throw rejectedError('Taobao needs a waybill number to consign a trade', {
      code: 'TAOBAO_TRACKING_MISSING',
      remedy: 'The destination reported the shipment without a tracking number; correct the shipment report.',
    });
  }
  const tid = req.order.channel.externalId;
  const oids = splitOids(req);
  const remoteId = `${tid}:${outSid}`;
  try {
    const existing = (await consignments(ctx, tid)).find((c) => c.outSid === outSid);
    if (existing) return { remoteId, status: 'already consigned' };
    const res = await callTop(ctx, SEND, {
      tid,
      out_sid: outSid,
      company_code: code,
      ...(oids === undefined ? {} : { is_split: '1', sub_tid: oids.join(',') }),
    });
    const shipping = isJsonObject(res['shipping']) ? res['shipping'] : {};
    if (shipping['is_success'] !== true) {
      throw transientError('TOP did not confirm the consignment', { code: 'TAOBAO_SEND_UNCONFIRMED' });
    }
    return { remoteId, status: oids === undefined ? 'consigned' : `consigned ${oids.length} sub-order(s)` };
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    const failure = forWrite(error);
    if (failure.code !== 'TAOBAO_ALREADY_SHIPPED_OR_CLOSED') throw failure;
    // A consignment that landed between our read and our send (another worker's attempt) is ours.
    const landed = (await consignments(ctx, tid)).some((c) => c.outSid === outSid);
    if (landed) return { remoteId, status: 'already consigned' };
    throw failure;
  }
}

/** Taobao write-back. There is no cancel: an offline consignment cannot be withdrawn through TOP. */
export const writeBack: WriteBackSpec<TaobaoConfig> = { createFulfillment };
