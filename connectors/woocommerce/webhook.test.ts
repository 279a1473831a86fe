import { describe, expect, it } from 'vitest';
import { MappingError, hmacBase64, readFixture, readFixtureText, type WebhookRequest } from '../../src/sdk';
import woo from './index';
import { TEST_CONFIG, composite, mappingContext } from './test-helpers';

const webhook = woo.webhook!;
function headerFixture(): { webhookSecret: string; headers: Record<string, string> } {
  const v = readFixture('woocommerce', 'webhooks/order-created.headers.json');
  if (typeof v !== 'object' || v === null || !('webhookSecret' in v) || !('headers' in v))
    throw new Error('shape');
  const { webhookSecret, headers } = v;
  if (typeof webhookSecret !== 'string' || typeof headers !== 'object' || headers === null)
    throw new Error('shape');
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(headers)) if (typeof val === 'string') out[k] = val;
  return { webhookSecret, headers: out };
}

const signed = headerFixture();
const body = Buffer.from(readFixtureText('woocommerce', 'webhooks/order-created.json'), 'utf8');
const config = { ...TEST_CONFIG, webhookSecret: signed.webhookSecret };

function request(headers: Record<string, string | undefined>, rawBody: Buffer = body): WebhookRequest {
  return { headers, rawBody };
}

function signedAs(topic: string, rawBody: Buffer): WebhookRequest {
  return request(
    {
      ...signed.headers,
      'x-wc-webhook-topic': topic,
      'x-wc-webhook-signature': hmacBase64(signed.webhookSecret, rawBody),
    },
    rawBody,
  );
}

describe('webhook.verify', () => {
  it('accepts the signature computed independently with openssl over the raw bytes', () => {
    expect(webhook.verify(request(signed.headers), config)).toEqual({ ok: true });
  });

  it('refuses another secret, a changed byte and a re-serialised body', () => {
    expect(webhook.verify(request(signed.headers), { ...config, webhookSecret: 'other' })).toEqual({
      ok: false,
      code: 'WEBHOOK_SIGNATURE_INVALID',
    });
    const tampered = Buffer.from(body);
    tampered.write('9', tampered.indexOf('54.62'));
    expect(webhook.verify(request(signed.headers, tampered), config).ok).toBe(false);
    const pretty = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8')), null, 2));
    expect(webhook.verify(request(signed.headers, pretty), config).ok).toBe(false);
  });

  it('answers missing without a signature, except for the creation ping', () => {
    const { ['x-wc-webhook-signature']: _omit, ...headers } = signed.headers;
    expect(webhook.verify(request(headers), config)).toEqual({
      ok: false,
      code: 'WEBHOOK_SIGNATURE_MISSING',
    });
    const ping = Buffer.from(readFixtureText('woocommerce', 'webhooks/ping.txt'));
    expect(
      webhook.verify(request({ 'content-type': 'application/x-www-form-urlencoded' }, ping), config),
    ).toEqual({
      ok: true,
    });
    expect(webhook.verify(request({}, Buffer.from('webhook_id=42&x=1')), config).ok).toBe(false);
  });
});

describe('webhook.parse', () => {
  it('gives order.created as a composite that maps like the fixture', () => {
    const content = webhook.parse(request(signed.headers), config);
    expect(content).toEqual({ kind: 'orders', records: [composite('us-flat-rate-sales-tax')] });
    if (content.kind !== 'orders') throw new Error('expected orders');
    expect(woo.toCanonical(content.records[0], mappingContext())).toEqual(
      readFixture('woocommerce', 'orders/us-flat-rate-sales-tax.canonical.json'),
    );
  });

  it('turns an order with refunds into a notice, since refund dates and lines need a fetch', () => {
    const refunded = Buffer.from(readFixtureText('woocommerce', 'webhooks/order-updated-refunded.json'));
    expect(webhook.parse(signedAs('order.updated', refunded), config)).toEqual({
      kind: 'notices',
      externalIds: ['6002'],
    });
  });

  it('answers the creation ping and other topics with ignore', () => {
    const ping = Buffer.from(readFixtureText('woocommerce', 'webhooks/ping.txt'));
    expect(webhook.parse(request({}, ping), config).kind).toBe('ignore');
    const deleted = Buffer.from(readFixtureText('woocommerce', 'webhooks/order-deleted.json'));
    expect(webhook.parse(signedAs('order.deleted', deleted), config)).toMatchObject({ kind: 'ignore' });
    expect(webhook.parse(signedAs('product.updated', deleted), config)).toMatchObject({ kind: 'ignore' });
  });

  it('refuses bodies that are not orders, a missing topic and another site', () => {
    const deleted = Buffer.from(readFixtureText('woocommerce', 'webhooks/order-deleted.json'));
    expect(() => webhook.parse(signedAs('order.updated', deleted), config)).toThrow(MappingError);
    expect(() => webhook.parse(signedAs('order.created', Buffer.from('{"id":')), config)).toThrow(
      MappingError,
    );
    const { ['x-wc-webhook-topic']: _omit, ...noTopic } = signed.headers;
    expect(() => webhook.parse(request(noTopic), config)).toThrow(MappingError);
    const other = { ...signed.headers, 'x-wc-webhook-source': 'https://elsewhere.example.org/' };
    expect(() => webhook.parse(request(other), config)).toThrow(/another site/);
  });
});
