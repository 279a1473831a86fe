import { checkFallbacks, type Names } from './scaffold-templates';

/** `index.ts` of a destination: the typed definition literal. */
export function destinationIndex(n: Names): string {
  return `/**
 * ${n.name} destination: each order revision is sent with \`POST /orders\`, cancellations with
 * \`POST /orders/<reference>/cancel\`. TODO: one line on what ${n.name} does with them.
 * @packageDocumentation
 */
import { defineDestination } from '../../src/sdk';
import { checkConnection, RATE_BUCKET, sendOrder } from './client';
import { API_VERSION, CONNECTOR_ID, configSchema, type ${n.pascal}Config } from './config';
import { toPayload, type ${n.pascal}Order } from './mapping';

export type { ${n.pascal}Config } from './config';
export type { ${n.pascal}Order } from './mapping';

export default defineDestination<${n.pascal}Config, ${n.pascal}Order>({
  kind: 'destination',
  meta: {
    id: CONNECTOR_ID,
    version: '0.1.0',
    displayName: ${n.nameLiteral},
    apiVersion: API_VERSION,
    // TODO: link the API reference of the create-order endpoint.
    docsUrl: 'https://example.com/docs/${n.id}/api',
  },
  configSchema,
  // TODO: confirm ${n.name} dedupes on the Idempotency-Key header; otherwise use
  // { mode: 'lookup-before-write', findExisting } and look the order up by its reference.
  idempotency: { mode: 'native-key' },
  // TODO: size from the documented limit, leaving room for read-back and checks.
  rateLimits: { [RATE_BUCKET]: { ratePerSecond: 2, burst: 4 } },
  fromCanonical: toPayload,
  deliver: sendOrder,
  check: checkConnection,
});
`;
}

/** `mapping.ts` of a destination: the payload type and a pure fromCanonical. */
export function destinationMapping(n: Names): string {
  return `import { missingField, type CanonicalOrder, type MappingContext } from '../../src/sdk';
import type { ${n.pascal}Config } from './config';

/** The order as \`POST /orders\` takes it. TODO: the fields of the ${n.name} API reference. */
export interface ${n.pascal}Order {
  /** The hub's order id: stable across revisions, so ${n.name} updates the order it already has. */
  reference: string;
  orderNumber: string;
  placedAt: string;
  currency: string;
  pricesIncludeTax: boolean;
  shipTo: ${n.pascal}Address | null;
  lines: { sku: string; description: string; quantity: number; unitPrice: string; discount: string }[];
  shipping: string;
  tax: string;
  total: string;
  cancelled: boolean;
}

export interface ${n.pascal}Address {
  name: string | null;
  company: string | null;
  street1: string | null;
  street2: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  country: string;
  phone: string | null;
}

/**
 * Builds the payload for one canonical order. Pure. Per-business choices (SKU → item id, carrier services)
 * belong in lookup tables \`mappings/${n.id}-<table>.json\`, read from \`ctx.tables\` with \`lookup()\`; a
 * missing key is a MappingError naming table and key, never a default.
 */
export function toPayload(order: CanonicalOrder, _ctx: MappingContext<${n.pascal}Config>): ${n.pascal}Order {
  const a = order.shippingAddress;
  return {
    reference: order.id,
    orderNumber: order.channel.orderNumber,
    placedAt: order.placedAt,
    currency: order.currency,
    pricesIncludeTax: order.taxesIncluded,
    shipTo: a
      ? {
          name: a.name ?? null,
          company: a.company ?? null,
          street1: a.line1 ?? null,
          street2: a.line2 ?? null,
          city: a.city ?? null,
          region: a.province ?? null,
          postalCode: a.postalCode ?? null,
          country: a.countryCode,
          phone: a.phone ?? null,
        }
      : null,
    lines: order.lines.map((line, i) => {
      // ${n.name} picks stock by SKU: a line without one cannot be fulfilled, so the order is rejected.
      if (line.sku === null) throw missingField(\`/lines/\${i}/sku\`);
      return {
        sku: line.sku,
        description: line.name,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        discount: line.discount,
      };
    }),
    shipping: order.totals.shipping,
    tax: order.totals.tax,
    total: order.totals.total,
    cancelled: order.status.order === 'cancelled',
  };
}
`;
}

/** `client.ts` of a destination: the send with idempotency key, error remedies and the check. */
export function destinationClient(n: Names): string {
  return `import {
  authError,
  ConnectorError,
  transientError,
  type CheckResult,
  type ConnectorContext,
  type DeliveryInfo,
  type HttpRequest,
  type HttpResponse,
  type RemoteRef,
} from '../../src/sdk';
import type { ${n.pascal}Config } from './config';
import type { ${n.pascal}Order } from './mapping';

/** The rate bucket every call takes from, declared in the definition's \`rateLimits\`. */
export const RATE_BUCKET = 'api';

type Ctx = ConnectorContext<${n.pascal}Config>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * One authenticated call. The SDK classifies failures (429 rate_limited, 5xx transient, 409 conflict, other
 * 4xx rejected); this adds remedies for the ones ops must fix.
 */
async function call(ctx: Ctx, req: Omit<HttpRequest, 'url' | 'headers'> & { path: string; key?: string }): Promise<HttpResponse> {
  await ctx.rate.take(RATE_BUCKET);
  const { path, key, ...rest } = req;
  try {
    return await ctx.http.request({
      ...rest,
      url: \`\${ctx.config.baseUrl.replace(/\\/+$/, '')}\${path}\`,
      headers: {
        authorization: \`Bearer \${ctx.config.apiKey}\`,
        accept: 'application/json',
        ...(key ? { 'idempotency-key': key } : {}),
      },
    });
  } catch (error) {
    if (error instanceof ConnectorError && (error.status === 401 || error.status === 403)) {
      throw authError(error.message, {
        code: error.status === 401 ? '${n.code}_API_KEY_INVALID' : '${n.code}_PERMISSION_MISSING',
        status: error.status,
        remedy: 'Create an API key allowed to create and cancel orders in ' + ${n.nameLiteral} + ' and save it in the connection.',
        cause: error,
      });
    }
    throw error;
  }
}

/** Sends one order revision or its cancellation; the delivery key makes a retry harmless. */
export async function sendOrder(ctx: Ctx, payload: ${n.pascal}Order, info: DeliveryInfo): Promise<RemoteRef> {
  const path =
    info.operation === 'cancel' ? \`/orders/\${encodeURIComponent(payload.reference)}/cancel\` : '/orders';
  const res = await call(ctx, { method: 'POST', path, body: payload, key: info.key });
  const id = isRecord(res.data) ? res.data['id'] : undefined;
  const status = isRecord(res.data) ? res.data['status'] : undefined;
  if (typeof id !== 'string' || id.length === 0) {
    // Accepted but unreadable: a retry with the same key gets the same answer once the remote recovers.
    throw transientError(\`POST \${path} answered \${res.status} without an order id\`, {
      code: '${n.code}_RESPONSE_INVALID',
      status: res.status,
    });
  }
  return { remoteId: id, ...(typeof status === 'string' ? { status } : {}) };
}

/** Reads the account to prove the URL and the key, and says what to fix when that fails. */
export async function checkConnection(ctx: Ctx): Promise<CheckResult> {
  try {
    await call(ctx, { path: '/account' });
    return { ok: true, detail: 'The API key is accepted.' };
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    const message = error.message;
    if (error.kind === 'auth') {
      return { ok: false, code: error.code, message, remedy: error.remedy ?? 'Check the API key.' };
    }
${checkFallbacks(n, '    ')}
  }
}
`;
}
