import {
  MappingError,
  missingField,
  unknownValue,
  type InboundSpec,
  type ShipmentReport,
  type WebhookRequest,
} from '../../src/sdk';
import type { QimenConfig } from './config';
import { verifyQimenSign } from './sign';
import { buildXml, child, childrenOf, parseXml, textAt, XmlSyntaxError, type XmlElement } from './xml';

/**
 * Qimen puts its system parameters (method, sign, timestamp…) in the query string. The SDK's `WebhookRequest`
 * carries only headers and body, so this reads a `query` record or a `url` the hub may add beside them.
 */
export function queryOf(req: WebhookRequest): Record<string, string> | undefined {
  if ('query' in req && req.query && typeof req.query === 'object') {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.query)) if (typeof v === 'string') out[k] = v;
    return out;
  }
  if ('url' in req && typeof req.url === 'string') {
    const url = new URL(req.url, 'http://hub.invalid');
    return Object.fromEntries(url.searchParams.entries());
  }
  return undefined;
}

const REPLY_OK = {
  contentType: 'text/xml;charset=utf-8',
  body: buildXml('response', { flag: 'success', code: '0', message: 'OK' }),
};

/** Methods the WMS may push that carry nothing to write back: acknowledged and ignored. */
const INFORMATIONAL = new Set(['orderprocess.report', 'itemlack.report']);

function shortMethod(method: string): string {
  return method.startsWith('taobao.qimen.') ? method.slice('taobao.qimen.'.length) : method;
}

/** `YYYY-MM-DD HH:MM:SS` in GMT+8 as ISO 8601 with its offset. */
function isoChina(value: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? `${value.replace(' ', 'T')}+08:00` : undefined;
}

const qty = (el: XmlElement, name: string): number => {
  const n = Number(textAt(el, name));
  return Number.isFinite(n) ? n : 0;
};

/** Reads one `deliveryorder.confirm`: one report per parcel, lines when the confirmation is partial. */
export function shipmentsOfConfirm(root: XmlElement): ShipmentReport[] {
  const order = child(root, 'deliveryOrder');
  const orderId = textAt(order, 'deliveryOrderCode');
  if (!orderId) throw missingField('/request/deliveryOrder/deliveryOrderCode');
  const confirmType = textAt(order, 'confirmType') || '0';
  if (confirmType !== '0' && confirmType !== '1')
    throw unknownValue('/request/deliveryOrder/confirmType', 'confirmType');
  const shippedAt = isoChina(textAt(order, 'orderConfirmTime')) ?? isoChina(textAt(order, 'operateTime'));
  if (!shippedAt) throw missingField('/request/deliveryOrder/orderConfirmTime');
  const packages = childrenOf(child(root, 'packages'), 'package');
  if (packages.length === 0) throw missingField('/request/packages/package');
  const orderLines = childrenOf(child(root, 'orderLines'), 'orderLine').map((l) => ({
    sku: textAt(l, 'itemCode'),
    lineId: textAt(l, 'subSourceCode'),
    planned: qty(l, 'planQty'),
    actual: qty(l, 'actualQty'),
  }));
  const partial = confirmType === '1' || orderLines.some((l) => l.actual < l.planned);
  // outBizCode is the WMS's unique id of this confirmation: a re-push carries the same one and dedups.
  const base =
    textAt(order, 'outBizCode') ||
    [textAt(order, 'deliveryOrderId') || orderId, ...packages.map((p) => textAt(p, 'expressCode'))].join('/');
  const lineList = orderLines
    .filter((l) => l.actual > 0)
    .map((l) => ({
      ...(l.sku ? { sku: l.sku } : {}),
      ...(l.lineId ? { lineId: l.lineId } : {}),
      quantity: l.actual,
    }));

  return packages.map((p, i): ShipmentReport => {
    const carrier = textAt(p, 'logisticsCode');
    if (!carrier) throw missingField(`/request/packages/package/${i}/logisticsCode`);
    const tracking = textAt(p, 'expressCode');
    const items = childrenOf(child(p, 'items'), 'item')
      .map((it) => ({ sku: textAt(it, 'itemCode'), quantity: qty(it, 'quantity') }))
      .filter((it) => it.sku && it.quantity > 0);
    const lines = packages.length > 1 && items.length > 0 ? items : partial ? lineList : undefined;
    return {
      orderId,
      shipmentId: packages.length > 1 ? `${base}/${tracking || i + 1}` : base,
      shippedAt,
      carrier,
      ...(textAt(p, 'logisticsName') ? { service: textAt(p, 'logisticsName') } : {}),
      ...(tracking ? { trackingNumber: tracking } : {}),
      ...(lines ? { lines } : {}),
      final: confirmType === '0' && i === packages.length - 1,
    };
  });
}

/** Receives what the WMS pushes: signature over the query parameters and body, then the confirmation. */
export const inbound: InboundSpec<QimenConfig> = {
  verify(req, config) {
    const params = queryOf(req);
    if (!params?.sign) return { ok: false, code: 'WEBHOOK_SIGNATURE_MISSING' };
    const secret = config.inboundAppSecret ?? config.appSecret;
    if (!secret || !verifyQimenSign(params, req.rawBody.toString('utf8'), secret))
      return { ok: false, code: 'WEBHOOK_SIGNATURE_INVALID' };
    return { ok: true };
  },
  parse(req) {
    const method = shortMethod(queryOf(req)?.method ?? '');
    if (INFORMATIONAL.has(method)) return { shipments: [], reply: REPLY_OK };
    if (method !== 'deliveryorder.confirm') throw unknownValue('/query/method', 'Qimen method');
    let root: XmlElement;
    try {
      root = parseXml(req.rawBody.toString('utf8'));
    } catch (error) {
      if (!(error instanceof XmlSyntaxError)) throw error;
      throw new MappingError('MAPPING_FAILED', '/request', `the body is not XML: ${error.message}`);
    }
    if (root.name !== 'request') throw missingField('/request');
    return { shipments: shipmentsOfConfirm(root), reply: REPLY_OK };
  },
};
