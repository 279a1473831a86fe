import { describe, expect, it } from 'vitest';
import { MappingError, hmacBase64, readFixtureText, type WebhookRequest } from '../../src/sdk';
import square from './index';
import { TEST_CONFIG, fixtureObject } from './test-helpers';

const webhook = square.webhook!;
const signed = fixtureObject('webhooks/order-updated.headers.json');
const headers: Record<string, string> = {};
const raw = signed['headers'];
if (typeof raw === 'object' && raw !== null)
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') headers[k] = v;
const config = {
  ...TEST_CONFIG,
  webhookSignatureKey: String(signed['signatureKey']),
  webhookNotificationUrl: String(signed['notificationUrl']),
};
const body = Buffer.from(readFixtureText('square', 'webhooks/order-updated.json'));

function request(h: Record<string, string | undefined> = headers, rawBody: Buffer = body): WebhookRequest {
  return { headers: h, rawBody };
}

function signedFor(file: string): WebhookRequest {
  const b = Buffer.from(readFixtureText('square', `webhooks/${file}`));
  const sig = hmacBase64(
    config.webhookSignatureKey,
    Buffer.concat([Buffer.from(config.webhookNotificationUrl), b]),
  );
  return request({ ...headers, 'x-square-hmacsha256-signature': sig }, b);
}

describe('webhook.verify', () => {
  it('accepts the signature over notification URL + raw body (computed independently with Python hmac)', () => {
    expect(webhook.verify(request(), config)).toEqual({ ok: true });
  });

  it('refuses another key, another notification URL, or a changed body', () => {
    expect(webhook.verify(request(), { ...config, webhookSignatureKey: 'other' }).ok).toBe(false);
    expect(
      webhook.verify(request(), { ...config, webhookNotificationUrl: `${config.webhookNotificationUrl}/` }),
    ).toEqual({
      ok: false,
      code: 'WEBHOOK_SIGNATURE_INVALID',
    });
    const tampered = Buffer.from(body.toString('utf8').replace('"version":9', '"version":8'));
    expect(webhook.verify(request(headers, tampered), config).ok).toBe(false);
  });

  it('answers missing without the header, and accepts nothing without a configured key', () => {
    const { ['x-square-hmacsha256-signature']: _omit, ...rest } = headers;
    expect(webhook.verify(request(rest), config)).toEqual({ ok: false, code: 'WEBHOOK_SIGNATURE_MISSING' });
    const { webhookSignatureKey: _k, ...noKey } = config;
    expect(webhook.verify(request(), noKey)).toEqual({ ok: false, code: 'WEBHOOK_SIGNATURE_INVALID' });
  });
});

describe('webhook.parse', () => {
  it('turns order.updated and order.created into notices of the order id', () => {
    expect(webhook.parse(request(), { ...config, locationIds: undefined })).toEqual({
      kind: 'notices',
      externalIds: ['Bn4xQ7wE2rY5tU8iO1pA3sD6fGhAY'],
    });
    expect(webhook.parse(signedFor('order-created.json'), config)).toEqual({
      kind: 'notices',
      externalIds: ['Zp8sWq1nX4rT6yUv2bC9mKdH3jLAY'],
    });
  });

  it('ignores other event types and locations this connection does not read', () => {
    expect(webhook.parse(signedFor('payment-updated.json'), config)).toMatchObject({ kind: 'ignore' });
    const other = webhook.parse(request(), config);
    expect(other).toMatchObject({ kind: 'ignore' });
    if (other.kind === 'ignore') expect(other.reason).toContain('LLONDON3BKRY1');
  });

  it('refuses bodies that are not events', () => {
    expect(() => webhook.parse(request(headers, Buffer.from('{"type":')), config)).toThrow(MappingError);
    expect(() =>
      webhook.parse(request(headers, Buffer.from('{"type":"order.updated","data":{}}')), config),
    ).toThrow(MappingError);
  });
});
