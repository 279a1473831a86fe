import {
  authError,
  configError,
  ConnectorError,
  defineDestination,
  type CanonicalOrder,
  type CheckResult,
  type ConnectorContext,
  type HttpResponse,
} from '../../src/sdk';
import { decodeSigningSecret, SIGNING_SECRET_PATTERN, signStandardWebhook } from './signature';

/** Settings of a webhook connection. */
export interface WebhookConfig {
  /** Where orders are POSTed. */
  url: string;
  /** Standard Webhooks secret, `whsec_<base64 key>`, shared with the receiver. */
  signingSecret: string;
  /** Per-request timeout. Default 10 000 ms. */
  timeoutMs?: number;
  /** Extra static headers, e.g. a gateway key in front of the receiver. */
  headers?: Record<string, string>;
}

/** Default per-request timeout: well under a queue job's lock, long enough for a busy ERP. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Event types this connector sends. */
export type WebhookEventType = 'order.upserted' | 'order.cancelled' | 'orderhub.ping';

/** The Standard Webhooks envelope POSTed to the receiver. */
export interface WebhookEnvelope<Data> {
  type: WebhookEventType;
  /** When the event happened: the order's `updatedAt` (the ping's send time for `orderhub.ping`). */
  timestamp: string;
  data: Data;
}

// Headers the signature and the body depend on; a static header of the same name (any case) must never win.
const RESERVED_HEADERS = new Set([
  'content-type',
  'content-length',
  'host',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
]);

const SIGNATURE_REMEDY =
  'The receiver refused the signature: copy the signing secret from this connection into the receiver (or paste ' +
  'the receiver’s secret here), and check that the receiver verifies the raw request body.';

/** Builds the signed request and sends it; `okStatuses` come back instead of throwing. */
async function send(
  ctx: ConnectorContext<WebhookConfig>,
  id: string,
  envelope: WebhookEnvelope<unknown>,
  okStatuses: readonly number[],
): Promise<HttpResponse> {
  const { config } = ctx;
  // The config schema already enforces the format; this keeps a bad secret a config error, not a connector bug.
  if (!decodeSigningSecret(config.signingSecret)) {
    throw configError('the signing secret is not in the whsec_<base64> format', {
      code: 'WEBHOOK_SECRET_INVALID',
      remedy:
        'Paste the signing secret as whsec_ followed by the base64 key (24–64 bytes), as the receiver shows it.',
    });
  }
  // Serialise once: these exact bytes are both signed and sent.
  const body = Buffer.from(JSON.stringify(envelope), 'utf8');
  const timestamp = Math.floor(ctx.clock.now().getTime() / 1000);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.headers ?? {})) {
    if (!RESERVED_HEADERS.has(name.toLowerCase())) headers[name] = value;
  }
  headers['content-type'] = 'application/json';
  headers['webhook-id'] = id;
  headers['webhook-timestamp'] = String(timestamp);
  headers['webhook-signature'] = signStandardWebhook(config.signingSecret, id, timestamp, body);
  return ctx.http.request({
    method: 'POST',
    url: config.url,
    headers,
    body,
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    okStatuses,
  });
}

// Redirects are not followed (a signed POST must not be replayed to another host), and the SDK would call a 3xx
// "rejected", quarantining every order for what is a wrong URL: make it a connection-level config error instead.
const REDIRECTS = [301, 302, 303, 307, 308];

function redirected(status: number): ConnectorError {
  return configError(`the receiver answered ${status} (redirect)`, {
    code: 'WEBHOOK_REDIRECTED',
    status,
    remedy:
      'The receiver redirects to another address: set the URL to the final one (often https:// instead of http://).',
  });
}

function refusedSignature(status: number): ConnectorError {
  return authError(`the receiver answered ${status}`, {
    code: 'WEBHOOK_SIGNATURE_REFUSED',
    status,
    remedy: SIGNATURE_REMEDY,
  });
}

/**
 * Generic signed webhook destination: POSTs each order revision as a Standard Webhooks message. The default for
 * any ERP, WMS or in-house system that receives orders by push.
 *
 * Payload: `fromCanonical` returns the canonical order itself (pure, nothing to look up); `deliver` wraps it in
 * the envelope `{ type, timestamp, data }` because the event type comes from the delivery's operation.
 */
const webhook = defineDestination<WebhookConfig, CanonicalOrder>({
  kind: 'destination',
  meta: {
    id: 'webhook',
    version: '1.0.0',
    displayName: 'Webhook (Standard Webhooks)',
    apiVersion: 'standard-webhooks-1.0.0',
    docsUrl: 'https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md',
  },
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['url', 'signingSecret'],
    properties: {
      url: {
        type: 'string',
        format: 'uri',
        pattern: '^https?://',
        maxLength: 2048,
        description: 'Receiver endpoint; orders are POSTed here as JSON.',
      },
      signingSecret: {
        type: 'string',
        writeOnly: true,
        pattern: SIGNING_SECRET_PATTERN,
        description: 'Standard Webhooks secret: `whsec_` followed by the base64 of a 24–64 byte key.',
      },
      timeoutMs: {
        type: 'integer',
        minimum: 500,
        maximum: 60_000,
        default: DEFAULT_TIMEOUT_MS,
        description: 'Per-request timeout in milliseconds; a timeout is retried.',
      },
      headers: {
        type: 'object',
        // Static headers usually carry an API-gateway key, so they are sealed like a secret.
        writeOnly: true,
        maxProperties: 20,
        propertyNames: { pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$" },
        additionalProperties: { type: 'string', maxLength: 2000, pattern: '^[^\\r\\n]*$' },
        description: 'Extra static headers sent with every request. Cannot override the signature headers.',
      },
    },
  },

  idempotency: { mode: 'native-key' },

  fromCanonical(order) {
    return order;
  },

  async deliver(ctx, order, info) {
    const envelope: WebhookEnvelope<CanonicalOrder> = {
      type: info.operation === 'cancel' ? 'order.cancelled' : 'order.upserted',
      // The order's own change time, not the send time: a retry then sends byte-identical JSON for one key.
      timestamp: order.updatedAt,
      data: order,
    };
    const res = await send(ctx, info.key, envelope, [401, 403, 409, 410, ...REDIRECTS]);
    if (REDIRECTS.includes(res.status)) throw redirected(res.status);
    if (res.status === 401 || res.status === 403) throw refusedSignature(res.status);
    if (res.status === 409) {
      // The receiver already holds this webhook-id: it was delivered before (our answer got lost). Returning
      // normally records the delivery as done instead of making the queue look it up.
      return { remoteId: info.key, status: 'duplicate' };
    }
    if (res.status === 410) {
      throw configError('the receiver answered 410 Gone', {
        code: 'WEBHOOK_RECEIVER_GONE',
        status: 410,
        remedy: 'The receiver says this endpoint is retired: set the new URL or disable the connection.',
      });
    }
    return { remoteId: info.key, status: 'delivered' };
  },

  async check(ctx): Promise<CheckResult> {
    const now = ctx.clock.now();
    const envelope: WebhookEnvelope<{ connectionId: string }> = {
      type: 'orderhub.ping',
      timestamp: now.toISOString(),
      data: { connectionId: ctx.connectionId },
    };
    try {
      const res = await send(ctx, `ping_${ctx.connectionId}_${now.getTime()}`, envelope, [
        401,
        403,
        ...REDIRECTS,
      ]);
      if (REDIRECTS.includes(res.status)) return checkFailure(redirected(res.status));
      if (res.status === 401 || res.status === 403) {
        return {
          ok: false,
          code: 'WEBHOOK_SIGNATURE_REFUSED',
          message: `The receiver answered ${res.status}.`,
          remedy: SIGNATURE_REMEDY,
        };
      }
      return { ok: true, detail: `The receiver accepted a signed ping (HTTP ${res.status}).` };
    } catch (error) {
      return checkFailure(error);
    }
  },
});

/** Turns a failed ping into something an ops person can act on. */
function checkFailure(error: unknown): CheckResult {
  if (!(error instanceof ConnectorError)) throw error;
  const message = error.message;
  if (error.kind === 'transient' && error.status === undefined) {
    return {
      ok: false,
      code: 'WEBHOOK_UNREACHABLE',
      message,
      remedy:
        'The receiver could not be reached: check the URL (host, port, http/https), that the receiver is running, ' +
        'and that firewalls allow connections from the hub.',
    };
  }
  if (error.kind === 'config') {
    return {
      ok: false,
      // Our own codes (redirect, gone) and the SSRF guard's say more than a generic one.
      code:
        error.code.startsWith('WEBHOOK_') || error.code === 'HTTP_URL_FORBIDDEN'
          ? error.code
          : 'WEBHOOK_URL_INVALID',
      message,
      remedy: error.remedy ?? 'Check the URL: the receiver does not know this path.',
    };
  }
  if (error.kind === 'rejected') {
    return {
      ok: false,
      code: 'WEBHOOK_PING_REJECTED',
      message,
      remedy:
        'The receiver refused the ping: make it answer 2xx to event types it does not handle (orderhub.ping).',
    };
  }
  return {
    ok: false,
    code: 'WEBHOOK_RECEIVER_ERROR',
    message,
    remedy: 'The receiver is up but failing or busy: check its logs, then run the check again.',
  };
}

export default webhook;
