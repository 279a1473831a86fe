import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/core/validation';
import { MappingError, type WebhookRequest } from '../../src/sdk';
import { createTestContext, readFixture, readFixtureText } from '../../src/sdk/testkit';
import sandboxShop, { signSandboxWebhook, type SandboxShopConfig } from './index';

const SECRET = 'sandbox-webhook-secret-0001';
const config: SandboxShopConfig = { webhookSecret: SECRET };

function request(body: string, headers: Record<string, string> = {}): WebhookRequest {
  return { headers, rawBody: Buffer.from(body, 'utf8') };
}

const webhook = sandboxShop.webhook;
if (!webhook) throw new Error('sandbox-shop accepts webhooks');

describe('sandbox-shop definition', () => {
  it('has a config schema that compiles, with defaults and bounds', () => {
    const validate = compileSchema<SandboxShopConfig>(sandboxShop.configSchema);
    expect(validate({}).ok).toBe(true);
    expect(
      validate({
        ordersPerMinute: 600,
        seed: 'demo',
        badOrderRate: 0.1,
        pollIntervalSeconds: 5,
        webhookSecret: SECRET,
      }).ok,
    ).toBe(true);
    expect(validate({ ordersPerMinute: 601 }).ok).toBe(false);
    expect(validate({ badOrderRate: 1.5 }).ok).toBe(false);
    expect(validate({ webhookSecret: 'short' }).ok).toBe(false);
    expect(validate({ surprise: true }).ok).toBe(false);
  });

  it('declares its pull rules', () => {
    expect(sandboxShop.pull).toMatchObject({
      cursorField: 'updated_at',
      tieBreak: 'id',
      settleDelayMs: 0,
      defaultIntervalMs: 10_000,
    });
    expect(sandboxShop.pull?.overlapMs).toBeLessThanOrEqual(10_000);
  });

  it('check is always ok: there is no remote', async () => {
    expect(await sandboxShop.check(createTestContext<SandboxShopConfig>({}))).toMatchObject({ ok: true });
  });
});

describe('sandbox-shop webhook', () => {
  const body = readFixtureText('sandbox-shop', 'webhooks/order.body.json');

  it('accepts a good signature over the raw body (recorded fixture)', () => {
    const headers = readFixture('sandbox-shop', 'webhooks/order.headers.json');
    const recorded: Record<string, string> = {};
    if (headers && typeof headers === 'object') {
      for (const [k, v] of Object.entries(headers)) if (typeof v === 'string') recorded[k] = v;
    }
    expect(webhook.verify(request(body, recorded), config)).toEqual({ ok: true });
    expect(
      webhook.verify(request(body, { 'x-sandbox-signature': signSandboxWebhook(SECRET, body) }), config),
    ).toEqual({
      ok: true,
    });
  });

  it('refuses a bad signature, a changed body and a missing header', () => {
    const good = signSandboxWebhook(SECRET, body);
    expect(
      webhook.verify(
        request(body, { 'x-sandbox-signature': signSandboxWebhook('another-secret-value', body) }),
        config,
      ),
    ).toEqual({
      ok: false,
      code: 'WEBHOOK_SIGNATURE_INVALID',
    });
    expect(webhook.verify(request(`${body} `, { 'x-sandbox-signature': good }), config)).toEqual({
      ok: false,
      code: 'WEBHOOK_SIGNATURE_INVALID',
    });
    expect(webhook.verify(request(body), config)).toEqual({ ok: false, code: 'WEBHOOK_SIGNATURE_MISSING' });
  });

  it('refuses everything when no secret is configured', () => {
    expect(
      webhook.verify(request(body, { 'x-sandbox-signature': signSandboxWebhook(SECRET, body) }), {}),
    ).toEqual({
      ok: false,
      code: 'WEBHOOK_SIGNATURE_INVALID',
    });
  });

  it('parses one order, a batch and a ping', () => {
    const one = webhook.parse(request(body), config);
    expect(one).toEqual({ kind: 'orders', records: [JSON.parse(body)], raw: [body] });
    expect(
      webhook.parse(request(JSON.stringify({ orders: [JSON.parse(body), JSON.parse(body)] })), config),
    ).toMatchObject({
      kind: 'orders',
      records: [{ id: '29460295003' }, { id: '29460295003' }],
    });
    expect(webhook.parse(request('{"topic":"ping"}'), config)).toEqual({ kind: 'ignore', reason: 'ping' });
    expect(() => webhook.parse(request('not json'), config)).toThrow(MappingError);
    expect(() => webhook.parse(request('[1,2]'), config)).toThrow(MappingError);
    expect(() => webhook.parse(request('{"hello":"world"}'), config)).toThrow(MappingError);
  });
});
