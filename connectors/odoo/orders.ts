import { isJsonObject, rejectedError, type ConnectorContext, type RemoteRef } from '../../src/sdk';
import type { OdooConfig } from './config';
import type { LineCommand, OdooPayload } from './mapping';
import { callOnIds, create, searchRead, write } from './rpc';

/** The sale order that carries our key in `client_order_ref`, if any. */
export async function findOrder(
  ctx: ConnectorContext<OdooConfig>,
  clientOrderRef: string,
): Promise<{ id: number; state: string } | null> {
  const rows = await searchRead(
    ctx,
    'sale.order',
    [['client_order_ref', '=', clientOrderRef]],
    ['id', 'state'],
    {
      limit: 1,
      order: 'id asc',
    },
  );
  const row = rows[0];
  return row && typeof row.id === 'number'
    ? { id: row.id, state: typeof row.state === 'string' ? row.state : '' }
    : null;
}

/** Fills in product ids found by `default_code` (the SKU) when the connection looks products up that way. */
async function withProducts(ctx: ConnectorContext<OdooConfig>, payload: OdooPayload): Promise<LineCommand[]> {
  const missing = payload.vals.order_line
    .map((c, i) => (c[2].product_id === null ? payload.lineSkus[i] : undefined))
    .filter((s): s is string => typeof s === 'string');
  if (missing.length === 0) return payload.vals.order_line;
  const rows = await searchRead(
    ctx,
    'product.product',
    [['default_code', 'in', missing]],
    ['id', 'default_code'],
  );
  const ids = new Map<string, number>();
  for (const r of rows)
    if (typeof r.id === 'number' && typeof r.default_code === 'string') ids.set(r.default_code, r.id);
  return payload.vals.order_line.map((c, i): LineCommand => {
    if (c[2].product_id !== null) return c;
    const sku = payload.lineSkus[i] ?? '';
    const id = ids.get(sku);
    if (id === undefined) {
      throw rejectedError(
        `no Odoo product has internal reference (default_code) of order line ${i + 1}'s SKU`,
        {
          code: 'ODOO_PRODUCT_UNKNOWN',
          remedy:
            'Create the product in Odoo with the SKU as Internal Reference, or map it in mappings/odoo-product.json.',
        },
      );
    }
    return [0, 0, { ...c[2], product_id: id }];
  });
}

/** The partner: found by e-mail, else created; the default partner for orders without an e-mail. */
async function partnerId(ctx: ConnectorContext<OdooConfig>, payload: OdooPayload): Promise<number> {
  const { partner } = payload;
  if (!partner.email) {
    if (ctx.config.defaultPartnerId) return ctx.config.defaultPartnerId;
    throw rejectedError(
      'the order has no e-mail to find its Odoo contact by, and no default partner is set',
      {
        code: 'ODOO_PARTNER_UNKNOWN',
        remedy: 'Set defaultPartnerId on the Odoo connection for orders without an e-mail.',
      },
    );
  }
  const found = await searchRead(ctx, 'res.partner', [['email', '=ilike', partner.email]], ['id'], {
    limit: 1,
    order: 'id asc',
  });
  const id = found[0]?.id;
  if (typeof id === 'number') return id;
  let countryId: number | undefined;
  if (partner.countryCode) {
    const countries = await searchRead(ctx, 'res.country', [['code', '=', partner.countryCode]], ['id'], {
      limit: 1,
    });
    const c = countries[0]?.id;
    countryId = typeof c === 'number' ? c : undefined;
  }
  const { countryCode: _cc, ...fields } = partner;
  return create(ctx, 'res.partner', { ...fields, ...(countryId ? { country_id: countryId } : {}) });
}

/**
 * Applies one delivery: looks the order up by `client_order_ref` first (so a retry never creates a second one),
 * then creates, updates (replacing the lines) or cancels it.
 */
export async function applyOrder(
  ctx: ConnectorContext<OdooConfig>,
  payload: OdooPayload,
  cancel: boolean,
): Promise<RemoteRef> {
  const existing = await findOrder(ctx, payload.clientOrderRef);
  if (cancel) {
    if (!existing) return { remoteId: `client_order_ref:${payload.clientOrderRef}`, status: 'absent' };
    if (existing.state !== 'cancel') await callOnIds(ctx, 'sale.order', 'action_cancel', [existing.id]);
    return { remoteId: String(existing.id), status: 'cancel' };
  }
  const lines = await withProducts(ctx, payload);
  const confirm = ctx.config.confirmOrders !== false;
  if (existing) {
    // Command 5 clears the old lines first, so a new revision replaces them instead of adding to them.
    const { client_order_ref: _ref, ...vals } = payload.vals;
    await write(ctx, 'sale.order', [existing.id], { ...vals, order_line: [[5, 0, 0], ...lines] });
    if (confirm && (existing.state === 'draft' || existing.state === 'sent'))
      await callOnIds(ctx, 'sale.order', 'action_confirm', [existing.id]);
    return { remoteId: String(existing.id), status: confirm ? 'sale' : existing.state };
  }
  const id = await create(ctx, 'sale.order', {
    ...payload.vals,
    order_line: lines,
    partner_id: await partnerId(ctx, payload),
  });
  if (confirm) await callOnIds(ctx, 'sale.order', 'action_confirm', [id]);
  return { remoteId: String(id), status: confirm ? 'sale' : 'draft' };
}

/** Used by the hub before `deliver`: only a first revision that already landed (and is confirmed) is a duplicate. */
export async function findExisting(
  ctx: ConnectorContext<OdooConfig>,
  payload: OdooPayload,
): Promise<RemoteRef | null> {
  if (payload.revision > 1 || payload.cancelled) return null;
  const found = await findOrder(ctx, payload.clientOrderRef);
  if (!found) return null;
  // A quotation left unconfirmed by a lost answer goes through deliver, which confirms it.
  if (ctx.config.confirmOrders !== false && (found.state === 'draft' || found.state === 'sent')) return null;
  return { remoteId: String(found.id), status: found.state };
}

export { isJsonObject };
