import { describe, expect, it } from 'vitest';
import { MappingError, hmacBase64, readFixture, readFixtureText, type WebhookRequest } from '../../src/sdk';
import shopify, { ORDER_TOPICS } from './index';
import { TEST_CONFIG, mappingContext } from './test-helpers';

const webhook = shopify.webhook!;

interface HeaderFixture {
  webhookSecret: string;
  headers: Record<string, string>;
}

const signed = readFixture('shopify', 'webhooks/orders-create.headers.json') as HeaderFixture;
const body = Buffer.from(readFixtureText('shopify', 'webhooks/orders-create.json'), 'utf8');
const config = { ...TEST_CONFIG, webhookSecret: signed.webhookSecret };

function request(headers: Record<string, string | undefined>, rawBody: Buffer = body): WebhookRequest {
  return { headers, rawBody };
}

function signedRequest(topic: string, rawBody: Buffer): WebhookRequest {
  return request(
    {
      ...signed.headers,
      'x-shopify-topic': topic,
      'x-shopify-hmac-sha256': hmacBase64(signed.webhookSecret, rawBody),
    },
    rawBody,
  );
}

describe('webhook.verify', () => {
  it('accepts the signature Shopify computed over the raw bytes (independently computed with openssl)', () => {
    expect(webhook.verify(request(signed.headers), config)).toEqual({ ok: true });
  });

  it('refuses a signature made with another secret', () => {
    expect(webhook.verify(request(signed.headers), { ...config, webhookSecret: 'other-secret' })).toEqual({
      ok: false,
      code: 'WEBHOOK_SIGNATURE_INVALID',
    });
  });

  it('refuses a body changed after signing, even by one byte', () => {
    const tampered = Buffer.from(body);
    const at = tampered.indexOf('62.12');
    tampered.write('92', at);
    expect(webhook.verify(request(signed.headers, tampered), config)).toEqual({
      ok: false,
      code: 'WEBHOOK_SIGNATURE_INVALID',
    });
  });

  it('refuses a re-serialised body: the signature covers bytes, not JSON values', () => {
    const pretty = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8')), null, 2));
    expect(webhook.verify(request(signed.headers, pretty), config).ok).toBe(false);
  });

  it('answers missing when there is no signature header', () => {
    const { ['x-shopify-hmac-sha256']: _omit, ...headers } = signed.headers;
    expect(webhook.verify(request(headers), config)).toEqual({
      ok: false,
      code: 'WEBHOOK_SIGNATURE_MISSING',
    });
    expect(webhook.verify(request({ ...headers, 'x-shopify-hmac-sha256': '' }), config)).toEqual({
      ok: false,
      code: 'WEBHOOK_SIGNATURE_MISSING',
    });
  });

  it('refuses a hex signature of the right body (Shopify sends base64)', () => {
    const hex = Buffer.from(signed.headers['x-shopify-hmac-sha256']!, 'base64').toString('hex');
    expect(webhook.verify(request({ ...signed.headers, 'x-shopify-hmac-sha256': hex }), config).ok).toBe(
      false,
    );
  });
});

describe('webhook.parse', () => {
  it('gives the order of orders/create as one record that maps like the fixture', () => {
    const content = webhook.parse(request(signed.headers), config);
    expect(content).toEqual({
      kind: 'orders',
      records: [readFixture('shopify', 'orders/pos-no-shipping-no-email.json')],
      raw: [body.toString('utf8')],
    });
    if (content.kind !== 'orders') throw new Error('expected orders');
    expect(shopify.toCanonical(content.records[0], mappingContext())).toEqual(
      readFixture('shopify', 'orders/pos-no-shipping-no-email.canonical.json'),
    );
  });

  it.each([...ORDER_TOPICS])('treats %s as an order body', (topic) => {
    expect(webhook.parse(signedRequest(topic, body), config).kind).toBe('orders');
  });

  it.each([
    ['orders/edited', 'webhooks/orders-edited.json'],
    ['orders/delete', 'webhooks/orders-delete.json'],
    ['refunds/create', 'webhooks/orders-delete.json'],
    ['products/update', 'webhooks/orders-delete.json'],
    ['app/uninstalled', 'webhooks/orders-delete.json'],
  ])('acknowledges and ignores %s', (topic, file) => {
    const content = webhook.parse(
      signedRequest(topic, Buffer.from(readFixtureText('shopify', file))),
      config,
    );
    expect(content.kind).toBe('ignore');
    if (content.kind === 'ignore') expect(content.reason).toContain(topic);
  });

  it('refuses an order topic whose body is not an order', () => {
    const deleted = Buffer.from(readFixtureText('shopify', 'webhooks/orders-delete.json'));
    expect(() => webhook.parse(signedRequest('orders/updated', deleted), config)).toThrow(MappingError);
    const edit = Buffer.from(readFixtureText('shopify', 'webhooks/orders-edited.json'));
    expect(() => webhook.parse(signedRequest('orders/updated', edit), config)).toThrow(MappingError);
    expect(() => webhook.parse(signedRequest('orders/create', Buffer.from('[]')), config)).toThrow(
      MappingError,
    );
  });

  it('refuses a body that is not JSON', () => {
    expect(() => webhook.parse(signedRequest('orders/create', Buffer.from('{"id":')), config)).toThrow(
      MappingError,
    );
  });

  it('refuses a request without a topic', () => {
    const { ['x-shopify-topic']: _omit, ...headers } = signed.headers;
    expect(() => webhook.parse(request(headers), config)).toThrow(MappingError);
  });

  it('refuses an order from another shop signed with the same app secret', () => {
    const req = request({ ...signed.headers, 'x-shopify-shop-domain': 'someone-else.myshopify.com' });
    expect(() => webhook.parse(req, config)).toThrow(/different shop/);
  });
});
