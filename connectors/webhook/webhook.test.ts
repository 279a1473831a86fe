import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compileSchema, validateCanonicalOrder } from '../../src/core/validation';
import { ConnectorError, type DeliveryInfo } from '../../src/sdk';
import { createTestContext, fixedClock, readFixture } from '../../src/sdk/testkit';
import webhook, { type WebhookConfig } from './index';
import { verifyStandardWebhook } from './signature';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const NOW = '2026-03-01T12:00:00Z';

interface Received {
  headers: IncomingHttpHeaders;
  body: Buffer;
}
type Answer = { status: number; headers?: Record<string, string>; hang?: boolean };

// A real loopback receiver: what it got, and what it answers next (200 when nothing is queued).
const received: Received[] = [];
const answers: Answer[] = [];
let server: Server;
let url = '';

function portOf(s: Server): number {
  const address = s.address();
  if (address === null || typeof address === 'string') throw new Error('server is not listening on TCP');
  return address.port;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      const answer = answers.shift() ?? { status: 200 };
      if (answer.hang) return;
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${portOf(server)}/orders`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received.length = 0;
  answers.length = 0;
});

function context(overrides: Partial<WebhookConfig> = {}) {
  return createTestContext<WebhookConfig>(
    { url, signingSecret: SECRET, ...overrides },
    { clock: fixedClock(NOW), connectionId: 'con_erp' },
  );
}

function order() {
  const draft = readFixture('webhook', 'outbound/us-web.canonical.json');
  const result = validateCanonicalOrder(draft);
  if (!result.ok) throw new Error('fixture is not a canonical order');
  return result.value;
}

const info: DeliveryInfo = {
  key: 'dlv_0123456789abcdefghjkmnpqrs',
  operation: 'upsert',
  orderId: 'ord_x',
  revision: 1,
};

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ConnectorError)) throw new Error('expected a ConnectorError');
  return error;
}

function last(): Received {
  const r = received.at(-1);
  if (!r) throw new Error('nothing received');
  return r;
}

describe('webhook destination', () => {
  it('has a config schema that compiles and enforces the secret format', () => {
    const validate = compileSchema<WebhookConfig>(webhook.configSchema);
    expect(validate({ url: 'https://erp.example.com/hook', signingSecret: SECRET }).ok).toBe(true);
    expect(validate({ url: 'https://erp.example.com/hook', signingSecret: 'not-a-secret' }).ok).toBe(false);
    expect(validate({ url: 'ftp://erp.example.com/hook', signingSecret: SECRET }).ok).toBe(false);
    expect(validate({ url: 'https://x.example.com', signingSecret: SECRET, timeoutMs: 100 }).ok).toBe(false);
    expect(
      validate({ url: 'https://x.example.com', signingSecret: SECRET, headers: { 'x-api-key': 'k' } }).ok,
    ).toBe(true);
    expect(
      validate({ url: 'https://x.example.com', signingSecret: SECRET, headers: { 'bad header': 'k' } }).ok,
    ).toBe(false);
  });

  it('fromCanonical is the canonical order itself (outbound fixture)', () => {
    const o = order();
    const payload = webhook.fromCanonical(o, {
      connectionId: 'con_erp',
      config: { url, signingSecret: SECRET },
      tables: {},
    });
    expect(payload).toBe(o);
    expect(payload).toEqual(readFixture('webhook', 'outbound/us-web.payload.json'));
  });

  it('POSTs a Standard Webhooks message whose signature verifies over the raw body', async () => {
    const ctx = context({ headers: { 'x-api-key': 'gateway-key', 'Webhook-Id': 'spoofed' } });
    const ref = await webhook.deliver(ctx, order(), info);
    expect(ref).toEqual({ remoteId: info.key, status: 'delivered' });
    const r = last();
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['webhook-id']).toBe(info.key);
    expect(r.headers['webhook-timestamp']).toBe(String(Date.parse(NOW) / 1000));
    expect(r.headers['x-api-key']).toBe('gateway-key');
    expect(verifyStandardWebhook(SECRET, r.headers, r.body, { now: new Date(NOW) })).toEqual({
      ok: true,
      id: info.key,
      timestamp: Date.parse(NOW) / 1000,
    });
    expect(JSON.parse(r.body.toString('utf8'))).toEqual({
      type: 'order.upserted',
      timestamp: order().updatedAt,
      data: order(),
    });
    // One changed byte breaks it.
    const tampered = Buffer.from(r.body);
    tampered[10] = tampered[10] === 0x20 ? 0x21 : 0x20;
    expect(verifyStandardWebhook(SECRET, r.headers, tampered, { now: new Date(NOW) }).ok).toBe(false);
  });

  it('sends order.cancelled for the cancel operation', async () => {
    await webhook.deliver(context(), order(), { ...info, operation: 'cancel' });
    expect(JSON.parse(last().body.toString('utf8'))).toMatchObject({ type: 'order.cancelled' });
  });

  it('sends the same webhook-id and body for the same delivery key', async () => {
    const ctx = context();
    await webhook.deliver(ctx, order(), info);
    await webhook.deliver(ctx, order(), info);
    const [a, b] = received;
    expect(a?.headers['webhook-id']).toBe(info.key);
    expect(b?.headers['webhook-id']).toBe(info.key);
    expect(a?.body.equals(b?.body ?? Buffer.alloc(0))).toBe(true);
  });

  it('429 with Retry-After is rate_limited with retryAfterMs', async () => {
    answers.push({ status: 429, headers: { 'retry-after': '7' } });
    const error = await failure(webhook.deliver(context(), order(), info));
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(7000);
  });

  it('500 is transient', async () => {
    answers.push({ status: 500 });
    expect((await failure(webhook.deliver(context(), order(), info))).kind).toBe('transient');
  });

  it('400 is rejected', async () => {
    answers.push({ status: 400 });
    const error = await failure(webhook.deliver(context(), order(), info));
    expect(error.kind).toBe('rejected');
    expect(error.status).toBe(400);
  });

  it('409 means the receiver already has it: delivered, status duplicate', async () => {
    answers.push({ status: 409 });
    expect(await webhook.deliver(context(), order(), info)).toEqual({
      remoteId: info.key,
      status: 'duplicate',
    });
  });

  it('410 is a config error (receiver gone)', async () => {
    answers.push({ status: 410 });
    const error = await failure(webhook.deliver(context(), order(), info));
    expect(error.kind).toBe('config');
    expect(error.code).toBe('WEBHOOK_RECEIVER_GONE');
  });

  it('a redirect is a config error, not a rejected order', async () => {
    answers.push({ status: 308, headers: { location: 'https://erp.example.com/orders' } });
    const error = await failure(webhook.deliver(context(), order(), info));
    expect(error.kind).toBe('config');
    expect(error.code).toBe('WEBHOOK_REDIRECTED');
    answers.push({ status: 301, headers: { location: 'https://erp.example.com/orders' } });
    expect(await webhook.check(context())).toMatchObject({ ok: false, code: 'WEBHOOK_REDIRECTED' });
  });

  it('a malformed secret is a config error', async () => {
    const error = await failure(webhook.deliver(context({ signingSecret: 'whsec_short' }), order(), info));
    expect(error).toMatchObject({ kind: 'config', code: 'WEBHOOK_SECRET_INVALID' });
    expect(await webhook.check(context({ signingSecret: 'whsec_short' }))).toMatchObject({
      ok: false,
      code: 'WEBHOOK_SECRET_INVALID',
    });
    expect(received).toHaveLength(0);
  });

  it('401 is an auth error with the signing-secret remedy', async () => {
    answers.push({ status: 401 });
    const error = await failure(webhook.deliver(context(), order(), info));
    expect(error.kind).toBe('auth');
    expect(error.remedy).toMatch(/signing secret/);
  });

  it('a timeout is transient', async () => {
    answers.push({ status: 200, hang: true });
    const error = await failure(webhook.deliver(context({ timeoutMs: 500 }), order(), info));
    expect(error.kind).toBe('transient');
    expect(error.code).toMatch(/TIMEOUT/);
  });

  describe('check', () => {
    it('is ok when the receiver accepts a signed ping', async () => {
      const result = await webhook.check(context());
      expect(result.ok).toBe(true);
      const r = last();
      expect(JSON.parse(r.body.toString('utf8'))).toMatchObject({ type: 'orderhub.ping' });
      expect(verifyStandardWebhook(SECRET, r.headers, r.body, { now: new Date(NOW) }).ok).toBe(true);
    });

    it('explains a refused signature', async () => {
      answers.push({ status: 403 });
      const result = await webhook.check(context());
      expect(result).toMatchObject({ ok: false, code: 'WEBHOOK_SIGNATURE_REFUSED' });
      expect(result.ok ? '' : result.remedy).toMatch(/copy the signing secret/);
    });

    it('explains an unreachable receiver', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = portOf(closed);
      await new Promise((resolve) => closed.close(resolve));
      const result = await webhook.check(context({ url: `http://127.0.0.1:${port}/hook` }));
      expect(result).toMatchObject({ ok: false, code: 'WEBHOOK_UNREACHABLE' });
      expect(result.ok ? '' : result.remedy).toMatch(/firewall/);
    });
  });
});
