import {
  isJsonObject,
  ConnectorError,
  defineDestination,
  rejectedError,
  type CheckResult,
  type ConnectorContext,
  type RemoteRef,
} from '../../src/sdk';
import { API_VERSION, configSchema, CONNECTOR_ID, type SapB1Config } from './config';
import { BUCKET, findOrder, login, sl, type ExistingOrder } from './client';
import { toSapOrder, type SapOrderPayload } from './mapping';
import { fetchShipmentPage } from './shipments';

export type { SapB1Config } from './config';
export type { SapOrderPayload } from './mapping';

type Ctx = ConnectorContext<SapB1Config>;

function ref(o: ExistingOrder, status: string): RemoteRef {
  return { remoteId: String(o.docEntry), status: `${status} (DocNum ${o.docNum})` };
}

async function cancel(ctx: Ctx, existing: ExistingOrder | null): Promise<RemoteRef> {
  if (!existing) {
    throw rejectedError(
      'the order was cancelled before it reached SAP B1: there is no sales order to cancel',
      {
        code: 'SAP_B1_CANCEL_NOT_FOUND',
        remedy: 'Nothing to do in B1; dismiss this exception.',
      },
    );
  }
  if (existing.cancelled) return ref(existing, 'cancelled');
  if (existing.closed) {
    throw rejectedError(
      'the B1 sales order is closed (delivered or closed by hand) and cannot be cancelled',
      {
        code: 'SAP_B1_ORDER_CLOSED',
        remedy: 'Cancel or return the delivery in B1 by hand, then dismiss this exception.',
      },
    );
  }
  await sl(ctx, { method: 'POST', path: `Orders(${existing.docEntry})/Cancel` });
  return ref(existing, 'cancelled');
}

async function create(ctx: Ctx, payload: SapOrderPayload): Promise<RemoteRef> {
  const res = await sl(ctx, { method: 'POST', path: 'Orders', body: payload.document });
  const created = isJsonObject(res.data) ? res.data : {};
  if (typeof created.DocEntry !== 'number') {
    // B1 took the order but its answer lacks the key: look it up rather than guess.
    const found = await findOrder(ctx, payload.numAtCard);
    if (found) return ref(found, 'created');
    throw new ConnectorError('bug', 'B1 accepted the order but it cannot be found by NumAtCard', {
      code: 'SAP_B1_CREATED_NOT_FOUND',
    });
  }
  return {
    remoteId: String(created.DocEntry),
    status: `created (DocNum ${typeof created.DocNum === 'number' ? created.DocNum : '?'})`,
  };
}

/**
 * SAP Business One sales orders through the Service Layer. B1 has no idempotency key, so the hub order id goes
 * into `NumAtCard` and every write is preceded by a look-up on it.
 */
const sapB1 = defineDestination<SapB1Config, SapOrderPayload>({
  kind: 'destination',
  meta: {
    id: CONNECTOR_ID,
    version: '1.0.0',
    displayName: 'SAP Business One (Service Layer)',
    apiVersion: API_VERSION,
    docsUrl: 'https://help.sap.com/docs/SAP_BUSINESS_ONE/68a2e87fb29941b5bf959a184d9c6727',
  },
  configSchema,
  rateLimits: { [BUCKET]: { ratePerSecond: 10, burst: 10 } },

  idempotency: {
    mode: 'lookup-before-write',
    async findExisting(ctx, _key, payload) {
      const existing = await findOrder(ctx, payload.numAtCard);
      if (!existing) return null;
      if (payload.cancelled) return existing.cancelled ? ref(existing, 'cancelled') : null;
      // A first revision found live is this delivery landed earlier (e.g. the answer timed out). Later
      // revisions must still be written over it, so they go on to deliver, which updates in place.
      return payload.revision === 1 && !existing.cancelled ? ref(existing, 'exists') : null;
    },
  },

  fromCanonical: (order, ctx) => toSapOrder(order, ctx),

  async deliver(ctx, payload, info) {
    const existing = await findOrder(ctx, payload.numAtCard);
    if (info.operation === 'cancel' || payload.cancelled) return cancel(ctx, existing);
    if (!existing) return create(ctx, payload);
    if (existing.cancelled || existing.closed) {
      throw rejectedError(
        `the B1 sales order is ${existing.cancelled ? 'cancelled' : 'closed'} and cannot change`,
        {
          code: existing.cancelled ? 'SAP_B1_ORDER_CANCELLED' : 'SAP_B1_ORDER_CLOSED',
          remedy:
            'Apply the change in B1 by hand (or create a new order there), then dismiss this exception.',
        },
      );
    }
    // Replacing the collections makes removed channel lines disappear instead of lingering from the old revision.
    await sl(ctx, {
      method: 'PATCH',
      path: `Orders(${existing.docEntry})`,
      body: payload.document,
      headers: { 'b1s-replacecollectionsonpatch': 'true' },
    });
    return ref(existing, 'updated');
  },

  shipments: { overlapMs: 24 * 3_600_000, fetchPage: fetchShipmentPage },

  async check(ctx): Promise<CheckResult> {
    try {
      await login(ctx);
      await sl(ctx, { path: 'Orders?$top=1&$select=DocEntry' });
      return { ok: true, detail: `Logged in to ${ctx.config.companyDb} and read Sales Orders.` };
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      if (error.kind === 'transient' && error.status === undefined) {
        return {
          ok: false,
          code: 'SAP_B1_UNREACHABLE',
          message: `The Service Layer did not answer (${error.code}).`,
          remedy:
            'Check serviceLayerUrl (https://host:50000), that the Service Layer service runs, and that the hub can reach that port through firewalls.',
        };
      }
      return {
        ok: false,
        code: error.code,
        message: error.message,
        remedy: error.remedy ?? 'Check the connection settings against the README.',
      };
    }
  },
});

export default sapB1;
