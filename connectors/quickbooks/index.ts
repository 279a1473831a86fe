import {
  isJsonObject,
  ConnectorError,
  defineDestination,
  rejectedError,
  type CheckResult,
  type ConnectorContext,
  type RemoteRef,
} from '../../src/sdk';
import { API_VERSION, configSchema, CONNECTOR_ID, type QuickBooksConfig } from './config';
import { qbo, qboString, query, RATE_LIMITS } from './client';
import { resolveCustomer } from './customer';
import { toQboPayload, type QboPayload } from './mapping';

export type { QuickBooksConfig } from './config';
export type { QboPayload } from './mapping';

type Ctx = ConnectorContext<QuickBooksConfig>;
type Existing = { id: string; syncToken: string };

const pathOf = (p: QboPayload): string => p.entity.toLowerCase();

async function findByDocNumber(ctx: Ctx, p: QboPayload): Promise<Existing | null> {
  const rows = await query(
    ctx,
    p.entity,
    `select * from ${p.entity} where DocNumber = ${qboString(p.docNumber)}`,
  );
  const row = rows[0];
  return row && typeof row.Id === 'string' && typeof row.SyncToken === 'string'
    ? { id: row.Id, syncToken: row.SyncToken }
    : null;
}

function refOf(p: QboPayload, data: unknown, status: string): RemoteRef {
  const entity = isJsonObject(data) ? data[p.entity] : undefined;
  const id = isJsonObject(entity) ? entity.Id : undefined;
  if (typeof id !== 'string')
    throw new ConnectorError('bug', `QuickBooks answered without ${p.entity}.Id`, {
      code: 'QUICKBOOKS_ANSWER_UNREADABLE',
    });
  return { remoteId: id, status: `${status} ${p.entity} ${p.docNumber}` };
}

/**
 * QuickBooks Online invoices or sales receipts. Every write carries `requestid` = the delivery key, so a retried
 * create returns the first answer instead of booking twice; revisions and cancels find the transaction by its
 * DocNumber, derived from the hub order id.
 */
const quickbooks = defineDestination<QuickBooksConfig, QboPayload>({
  kind: 'destination',
  meta: {
    id: CONNECTOR_ID,
    version: '1.0.0',
    displayName: 'QuickBooks Online',
    apiVersion: API_VERSION,
    docsUrl: 'https://developer.intuit.com/app/developer/qbo/docs/api/accounting/all-entities/invoice',
  },
  configSchema,
  // QuickBooks Online answers at most 10 concurrent requests per company (realm).
  maxConcurrency: () => 10,
  rateLimits: RATE_LIMITS,
  idempotency: { mode: 'native-key' },

  fromCanonical: (order, ctx) => toQboPayload(order, ctx),

  async deliver(ctx, payload, info) {
    const requestid = info.key;
    if (info.operation === 'cancel' || payload.cancelled) {
      const existing = await findByDocNumber(ctx, payload);
      if (!existing) {
        throw rejectedError(
          `the order was cancelled before it reached QuickBooks: no ${payload.entity} to void`,
          {
            code: 'QUICKBOOKS_CANCEL_NOT_FOUND',
            remedy: 'Nothing to do in QuickBooks; dismiss this exception.',
          },
        );
      }
      const res = await qbo(ctx, {
        method: 'POST',
        path: pathOf(payload),
        params: { operation: 'void', requestid },
        body: { Id: existing.id, SyncToken: existing.syncToken },
      });
      return refOf(payload, res.data, 'voided');
    }
    const customerId = await resolveCustomer(ctx, payload.customer, info.key);
    const body = { ...payload.transaction, CustomerRef: { value: customerId } };
    // A first revision has nothing to update, so it skips the look-up; requestid guards its retries.
    const existing = payload.revision > 1 ? await findByDocNumber(ctx, payload) : null;
    try {
      const res = await qbo(ctx, {
        method: 'POST',
        path: pathOf(payload),
        params: { requestid },
        body: existing ? { ...body, Id: existing.id, SyncToken: existing.syncToken, sparse: false } : body,
      });
      return refOf(payload, res.data, existing ? 'updated' : 'created');
    } catch (error) {
      if (!(error instanceof ConnectorError && error.kind === 'conflict')) throw error;
      // The DocNumber exists already (duplicate check on): it is this order, so record it as delivered.
      const found = await findByDocNumber(ctx, payload);
      if (!found) throw error;
      return { remoteId: found.id, status: `exists ${payload.entity} ${payload.docNumber}` };
    }
  },

  async check(ctx): Promise<CheckResult> {
    try {
      const info = await qbo(ctx, { path: `companyinfo/${encodeURIComponent(ctx.config.realmId)}` });
      const prefs = await qbo(ctx, { path: 'preferences' });
      const p = isJsonObject(prefs.data) ? prefs.data.Preferences : undefined;
      const forms = isJsonObject(p) ? p.SalesFormsPrefs : undefined;
      if (isJsonObject(forms) && forms.CustomTxnNumbers === false) {
        return {
          ok: false,
          code: 'QUICKBOOKS_CUSTOM_NUMBERS_OFF',
          message:
            'Custom transaction numbers are off, so QuickBooks ignores the DocNumber the hub finds orders by.',
          remedy:
            'In QuickBooks open Settings → Account and settings → Sales → Sales form content and turn on Custom transaction numbers.',
        };
      }
      const company =
        isJsonObject(info.data) && isJsonObject(info.data.CompanyInfo)
          ? info.data.CompanyInfo.CompanyName
          : undefined;
      return {
        ok: true,
        detail: `Connected to ${typeof company === 'string' ? company : `company ${ctx.config.realmId}`}.`,
      };
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      return {
        ok: false,
        code:
          error.kind === 'transient' && error.status === undefined ? 'QUICKBOOKS_UNREACHABLE' : error.code,
        message: error.message,
        remedy:
          error.remedy ??
          'QuickBooks or Intuit’s sign-in service is unavailable; try again later (status.developer.intuit.com).',
      };
    }
  },
});

export default quickbooks;
