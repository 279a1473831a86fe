import {
  ConnectorError,
  defineDestination,
  type CheckResult,
  type ConnectorContext,
  type RemoteRef,
} from '../../src/sdk';
import { callQimen, classifyCode, failureError } from './client';
import { configSchema, type QimenConfig } from './config';
import { inbound } from './inbound';
import { toDeliveryOrder, type QimenCreatePayload } from './mapping';
import { buildXml, textAt } from './xml';

export type { QimenConfig } from './config';
export type { QimenCreatePayload } from './mapping';

const field = (payload: QimenCreatePayload, name: string): string => {
  const v = payload.deliveryOrder[name];
  return typeof v === 'string' ? v : '';
};

/** Asks the WMS for the delivery order it already holds under our code, to record its own id. */
async function existingOrder(
  ctx: ConnectorContext<QimenConfig>,
  payload: QimenCreatePayload,
): Promise<RemoteRef> {
  const code = field(payload, 'deliveryOrderCode');
  const answer = await callQimen(
    ctx,
    'deliveryorder.query',
    buildXml('request', {
      ownerCode: field(payload, 'ownerCode'),
      warehouseCode: field(payload, 'warehouseCode'),
      orderCode: code,
      page: '1',
      pageSize: '1',
    }),
  );
  const remoteId = answer.flag === 'success' ? textAt(answer.root, 'deliveryOrder/deliveryOrderId') : '';
  if (!remoteId)
    ctx.log.warn({ code: 'QIMEN_QUERY_EMPTY', wmsCode: answer.code }, 'duplicate order not found by query');
  return { remoteId: remoteId || code, status: 'duplicate' };
}

/**
 * Qimen (奇门) ERP→WMS: creates delivery orders (`deliveryorder.create`) keyed by the hub order id, cancels
 * them (`order.cancel`), and receives the WMS's `deliveryorder.confirm` pushes as shipments.
 */
const qimen = defineDestination<QimenConfig, QimenCreatePayload>({
  kind: 'destination',
  meta: {
    id: 'qimen',
    version: '1.0.0',
    displayName: 'Qimen 奇门 (ERP–WMS standard)',
    apiVersion: 'qimen-2.0',
    docsUrl: 'https://open.taobao.com/api.htm?docId=26002&docType=2',
  },
  configSchema,
  // The WMS refuses a second delivery order with the same deliveryOrderCode; that answer is read as delivered.
  idempotency: { mode: 'native-key' },
  rateLimits: { qimen: { ratePerSecond: 10, burst: 10 } },

  fromCanonical: (order, ctx) => toDeliveryOrder(order, ctx),

  async deliver(ctx, payload, info) {
    const code = field(payload, 'deliveryOrderCode');
    if (info.operation === 'cancel') {
      const answer = await callQimen(
        ctx,
        'order.cancel',
        buildXml('request', {
          warehouseCode: field(payload, 'warehouseCode'),
          ownerCode: field(payload, 'ownerCode'),
          orderCode: code,
          orderType: 'JYCK',
          cancelReason: 'cancelled in the sales channel',
        }),
      );
      if (answer.flag === 'success') return { remoteId: code, status: 'cancelled' };
      throw failureError(classifyCode(ctx, answer.code), answer, 'order.cancel');
    }
    const answer = await callQimen(ctx, 'deliveryorder.create', buildXml('request', payload));
    if (answer.flag === 'success')
      return { remoteId: textAt(answer.root, 'deliveryOrderId') || code, status: 'created' };
    const cls = classifyCode(ctx, answer.code);
    if (cls !== 'duplicate') throw failureError(cls, answer, 'deliveryorder.create');
    // Qimen has no update of a delivery order: a later revision meets the existing one and is not applied.
    if (info.revision > 1)
      ctx.log.warn(
        { code: 'QIMEN_REVISION_NOT_APPLIED', orderId: info.orderId, revision: info.revision },
        'order exists in the WMS',
      );
    return existingOrder(ctx, payload);
  },

  inbound,

  async check(ctx): Promise<CheckResult> {
    try {
      const answer = await callQimen(
        ctx,
        'deliveryorder.query',
        buildXml('request', { orderCode: 'ORDERHUB-CHECK', page: '1', pageSize: '1' }),
      );
      if (answer.flag === 'failure') {
        const cls = classifyCode(ctx, answer.code);
        if (cls === 'auth' || cls === 'config') throw failureError(cls, answer, 'deliveryorder.query');
      }
      return {
        ok: true,
        detail: `The WMS answered (${answer.flag}${answer.code ? ` ${answer.code}` : ''}).`,
      };
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      return {
        ok: false,
        code: error.code,
        message: error.message,
        remedy:
          error.remedy ??
          (error.kind === 'transient'
            ? 'The endpoint did not answer; check the endpoint URL and try again.'
            : 'Check the endpoint URL, appKey, appSecret and customerId.'),
      };
    }
  },
});

export default qimen;
