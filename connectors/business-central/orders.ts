import { isJsonObject, rejectedError, type ConnectorContext, type RemoteRef } from '../../src/sdk';
import { bcRequest } from './client';
import { companyBase, type BusinessCentralConfig } from './config';
import type { BcPayload } from './mapping';

type Ctx = ConnectorContext<BusinessCentralConfig>;

interface Found {
  id: string;
  status: string;
  etag: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The sales order whose External Document No. is our key. The value is ours (no quotes), but escape anyway. */
export async function findOrder(ctx: Ctx, externalDocumentNumber: string): Promise<Found | null> {
  const filter = `externalDocumentNumber eq '${externalDocumentNumber.replace(/'/g, "''")}'`;
  const url = `${companyBase(ctx.config)}/salesOrders?$filter=${encodeURIComponent(filter)}&$select=id,number,status`;
  const res = await bcRequest(ctx, { method: 'GET', url });
  const rows =
    isJsonObject(res.data) && Array.isArray(res.data.value) ? res.data.value.filter(isJsonObject) : [];
  const row = rows[0];
  return row ? { id: str(row.id), status: str(row.status), etag: str(row['@odata.etag']) || '*' } : null;
}

async function replaceLines(ctx: Ctx, orderId: string, payload: BcPayload): Promise<void> {
  const linesUrl = `${companyBase(ctx.config)}/salesOrders(${orderId})/salesOrderLines`;
  const res = await bcRequest(ctx, { method: 'GET', url: linesUrl });
  const old =
    isJsonObject(res.data) && Array.isArray(res.data.value) ? res.data.value.filter(isJsonObject) : [];
  if (old.some((l) => typeof l.shippedQuantity === 'number' && l.shippedQuantity > 0)) {
    throw rejectedError('the sales order has shipped lines, so its lines cannot be replaced', {
      code: 'BC_ORDER_PARTLY_SHIPPED',
      remedy:
        'Change the order in Business Central by hand; the channel’s change arrived after shipping started.',
    });
  }
  for (const l of old) {
    await bcRequest(ctx, {
      method: 'DELETE',
      url: `${companyBase(ctx.config)}/salesOrderLines(${str(l.id)})`,
      etag: str(l['@odata.etag']) || '*',
    });
  }
  for (const line of payload.order.salesOrderLines)
    await bcRequest(ctx, { method: 'POST', url: linesUrl, body: line });
}

/**
 * Applies one delivery after looking the order up by External Document No.: a deep insert when it is new, a
 * header PATCH plus line replacement for a later revision, a delete for a cancel (BC has no cancelled status).
 */
export async function applyOrder(ctx: Ctx, payload: BcPayload, cancel: boolean): Promise<RemoteRef> {
  const base = companyBase(ctx.config);
  const existing = await findOrder(ctx, payload.externalDocumentNumber);
  if (cancel) {
    if (!existing)
      return { remoteId: `externalDocumentNumber:${payload.externalDocumentNumber}`, status: 'absent' };
    const lines = await bcRequest(ctx, {
      method: 'GET',
      url: `${base}/salesOrders(${existing.id})/salesOrderLines`,
    });
    const rows =
      isJsonObject(lines.data) && Array.isArray(lines.data.value)
        ? lines.data.value.filter(isJsonObject)
        : [];
    if (rows.some((l) => typeof l.shippedQuantity === 'number' && l.shippedQuantity > 0)) {
      throw rejectedError('the sales order has shipped lines and cannot be cancelled through the API', {
        code: 'BC_CANCEL_AFTER_SHIPMENT',
        remedy: 'Handle the cancellation in Business Central (return order or credit memo).',
      });
    }
    await bcRequest(ctx, {
      method: 'DELETE',
      url: `${base}/salesOrders(${existing.id})`,
      etag: existing.etag,
    });
    return { remoteId: existing.id, status: 'deleted' };
  }
  if (existing) {
    const { salesOrderLines: _lines, ...header } = payload.order;
    await bcRequest(ctx, {
      method: 'PATCH',
      url: `${base}/salesOrders(${existing.id})`,
      body: header,
      etag: existing.etag,
    });
    await replaceLines(ctx, existing.id, payload);
    return { remoteId: existing.id, status: 'updated' };
  }
  const res = await bcRequest(ctx, { method: 'POST', url: `${base}/salesOrders`, body: payload.order });
  const created = isJsonObject(res.data) ? res.data : {};
  return { remoteId: str(created.id), status: str(created.status) || 'Draft' };
}

/** Used by the hub before `deliver`: only a first revision that already landed is a duplicate. */
export async function findExisting(ctx: Ctx, payload: BcPayload): Promise<RemoteRef | null> {
  if (payload.revision > 1 || payload.cancelled) return null;
  const found = await findOrder(ctx, payload.externalDocumentNumber);
  return found ? { remoteId: found.id, status: found.status } : null;
}
