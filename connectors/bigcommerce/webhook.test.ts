import { describe, expect, it } from 'vitest';
import { MappingError, readFixtureText, type WebhookRequest } from '../../src/sdk';
import bigcommerce from './index';
import { TEST_CONFIG, fixtureObject } from './test-helpers';

const webhook = bigcommerce.webhook!;
const signed = fixtureObject('webhooks/order-created.headers.json');
const headers: Record<string, string> = {};
for (const [k, v] of Object.entries(signed['headers'] ?? {})) if (typeof v === 'string') headers[k] = v;
const config = { ...TEST_CONFIG, webhookSecret: String(signed['webhookSecret']) };

function request(file: string, h: Record<string, string | undefined> = headers): WebhookRequest {
  return { headers: h, rawBody: Buffer.from(readFixtureText('bigcommerce', `webhooks/${file}`)) };
}

describe('webhook.verify', () => {
  it('accepts the shared secret in the configured header', () => {
    expect(webhook.verify(request('order-created.json'), config)).toEqual({ ok: true });
  });

  it('refuses a wrong secret, and one differing only in length', () => {
    const wrong = { ...headers, 'x-orderhub-webhook-token': 'bc-hook-secret-7Qm2Xv9Lp4Rt8Wz2' };
    expect(webhook.verify(request('order-created.json', wrong), config)).toEqual({
      ok: false,
      code: 'WEBHOOK_SIGNATURE_INVALID',
    });
    const longer = { ...headers, 'x-orderhub-webhook-token': `${config.webhookSecret}x` };
    expect(webhook.verify(request('order-created.json', longer), config).ok).toBe(false);
  });

  it('answers missing without the header, and reads a custom header name', () => {
    const { ['x-orderhub-webhook-token']: secret, ...rest } = headers;
    expect(webhook.verify(request('order-created.json', rest), config)).toEqual({
      ok: false,
      code: 'WEBHOOK_SIGNATURE_MISSING',
    });
    const custom = { ...rest, 'x-shop-hook-key': secret };
    expect(
      webhook.verify(request('order-created.json', custom), {
        ...config,
        webhookHeaderName: 'x-shop-hook-key',
      }),
    ).toEqual({
      ok: true,
    });
  });

  it('accepts nothing when the connection has no webhook secret', () => {
    const { webhookSecret: _omit, ...noSecret } = config;
    expect(webhook.verify(request('order-created.json'), noSecret)).toEqual({
      ok: false,
      code: 'WEBHOOK_SIGNATURE_INVALID',
    });
  });
});

describe('webhook.parse', () => {
  it.each([
    ['order-created.json', '4122'],
    ['order-status-updated.json', '1207'],
    ['order-refund-created.json', '4122'],
  ])('turns %s into a notice to re-read order %s', (file, id) => {
    expect(webhook.parse(request(file), config)).toEqual({ kind: 'notices', externalIds: [id] });
  });

  it('ignores archived orders and scopes it does not handle', () => {
    const archived = webhook.parse(request('order-archived.json'), config);
    expect(archived).toMatchObject({ kind: 'ignore' });
    if (archived.kind === 'ignore') expect(archived.reason).toContain('archived');
    const other = {
      headers,
      rawBody: Buffer.from(
        '{"scope":"store/product/updated","data":{"type":"product","id":5},"producer":"stores/k7q2mx9pd4"}',
      ),
    };
    expect(webhook.parse(other, config)).toMatchObject({ kind: 'ignore' });
  });

  it('refuses a callback from another store, a body that is not JSON, and an order scope without an id', () => {
    expect(() => webhook.parse(request('order-created.json'), { ...config, storeHash: 'zz99yy88' })).toThrow(
      /different store/,
    );
    expect(() => webhook.parse({ headers, rawBody: Buffer.from('{"scope":') }, config)).toThrow(MappingError);
    const noId = { headers, rawBody: Buffer.from('{"scope":"store/order/updated","data":{"type":"order"}}') };
    expect(() => webhook.parse(noId, config)).toThrow(MappingError);
  });
});
