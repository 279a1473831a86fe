import {
  isJsonObject,
  ConnectorError,
  defineDestination,
  rejectedError,
  type CheckResult,
  type ConnectorContext,
  type RemoteRef,
} from '../../src/sdk';
import { API_VERSION, configSchema, CONNECTOR_ID, type XeroConfig } from './config';
import { listOf, RATE_LIMITS, xero } from './client';
import { resolveContact } from './contact';
import { toXeroPayload, type XeroPayload } from './mapping';

export type { XeroConfig } from './config';
export type { XeroPayload } from './mapping';

type Ctx = ConnectorContext<XeroConfig>;
type Existing = { id: string; status: string };

const GONE = new Set(['VOIDED', 'DELETED']);

/** Invoices carrying the hub order id in Reference; live ones first (a voided one may sit beside a new one). */
async function findInvoices(ctx: Ctx, reference: string): Promise<Existing[]> {
  // Order ids are `ord_` + base32, so the where-clause literal needs no escaping.
  const res = await xero(ctx, {
    path: 'Invoices',
    params: { where: `Type=="ACCREC" AND Reference=="${reference}"`, summaryOnly: 'true' },
  });
  const all = listOf(res, 'Invoices').flatMap((i) =>
    typeof i.InvoiceID === 'string' && typeof i.Status === 'string'
      ? [{ id: i.InvoiceID, status: i.Status }]
      : [],
  );
  return [...all.filter((i) => !GONE.has(i.status)), ...all.filter((i) => GONE.has(i.status))];
}

function refOf(data: unknown, status: string): RemoteRef {
  const inv = isJsonObject(data) && Array.isArray(data.Invoices) ? data.Invoices[0] : undefined;
  if (!isJsonObject(inv) || typeof inv.InvoiceID !== 'string')
    throw new ConnectorError('bug', 'Xero answered without an InvoiceID', { code: 'XERO_ANSWER_UNREADABLE' });
  const number = typeof inv.InvoiceNumber === 'string' ? ` ${inv.InvoiceNumber}` : '';
  return { remoteId: inv.InvoiceID, status: `${status}${number}` };
}

async function cancel(ctx: Ctx, payload: XeroPayload, key: string): Promise<RemoteRef> {
  const [invoice] = await findInvoices(ctx, payload.reference);
  if (!invoice) {
    throw rejectedError('the order was cancelled before it reached Xero: there is no invoice to void', {
      code: 'XERO_CANCEL_NOT_FOUND',
      remedy: 'Nothing to do in Xero; dismiss this exception.',
    });
  }
  if (GONE.has(invoice.status)) return { remoteId: invoice.id, status: invoice.status.toLowerCase() };
  if (invoice.status === 'PAID') {
    throw rejectedError('the Xero invoice is paid and cannot be voided', {
      code: 'XERO_INVOICE_PAID',
      remedy: 'Remove the payment in Xero (or raise a credit note), then replay or dismiss this exception.',
    });
  }
  // Xero voids approved invoices and deletes drafts; each status accepts only its own.
  const target = invoice.status === 'AUTHORISED' ? 'VOIDED' : 'DELETED';
  const res = await xero(ctx, {
    method: 'POST',
    path: `Invoices/${invoice.id}`,
    idempotencyKey: key,
    body: { Invoices: [{ InvoiceID: invoice.id, Status: target }] },
  });
  return refOf(res.data, target.toLowerCase());
}

/**
 * Xero sales invoices (ACCREC). Creates carry `Idempotency-Key` = the delivery key, so a retry after a lost
 * answer gets the first invoice back; the hub order id in `Reference` finds the invoice for revisions and
 * cancels.
 */
const xeroDestination = defineDestination<XeroConfig, XeroPayload>({
  kind: 'destination',
  meta: {
    id: CONNECTOR_ID,
    version: '1.0.0',
    displayName: 'Xero',
    apiVersion: API_VERSION,
    docsUrl: 'https://developer.xero.com/documentation/api/accounting/invoices',
  },
  configSchema,
  // Xero allows 5 concurrent calls per tenant.
  maxConcurrency: () => 5,
  rateLimits: RATE_LIMITS,
  idempotency: { mode: 'native-key' },

  fromCanonical: (order, ctx) => toXeroPayload(order, ctx),

  async deliver(ctx, payload, info) {
    if (info.operation === 'cancel' || payload.cancelled) return cancel(ctx, payload, info.key);
    const contactId = await resolveContact(ctx, payload.contact, info.key);
    const invoice = { ...payload.invoice, Contact: { ContactID: contactId } };
    const [existing] = payload.revision > 1 ? await findInvoices(ctx, payload.reference) : [];
    if (existing && !GONE.has(existing.status)) {
      if (existing.status === 'PAID') {
        throw rejectedError('the Xero invoice is paid and cannot change', {
          code: 'XERO_INVOICE_PAID',
          remedy:
            'Apply the change in Xero by hand (credit note or new invoice), then dismiss this exception.',
        });
      }
      const res = await xero(ctx, {
        method: 'POST',
        path: `Invoices/${existing.id}`,
        idempotencyKey: info.key,
        params: { unitdp: '4' },
        body: { Invoices: [{ ...invoice, InvoiceID: existing.id }] },
      });
      return refOf(res.data, 'updated');
    }
    const res = await xero(ctx, {
      method: 'PUT',
      path: 'Invoices',
      idempotencyKey: info.key,
      params: { unitdp: '4' },
      body: { Invoices: [invoice] },
    });
    return refOf(res.data, 'created');
  },

  async check(ctx): Promise<CheckResult> {
    try {
      const res = await xero(ctx, { path: 'Organisation' });
      const org = listOf(res, 'Organisations')[0];
      const name = typeof org?.Name === 'string' ? org.Name : ctx.config.tenantId;
      return { ok: true, detail: `Connected to ${name}.` };
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      return {
        ok: false,
        code: error.kind === 'transient' && error.status === undefined ? 'XERO_UNREACHABLE' : error.code,
        message: error.message,
        remedy: error.remedy ?? 'Xero is unavailable; try again later (status.xero.com).',
      };
    }
  },
});

export default xeroDestination;
