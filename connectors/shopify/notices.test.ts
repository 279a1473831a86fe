import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { hmacBase64, readFixture, readFixtureText, type WebhookRequest } from '../../src/sdk';
import type { ShopifyConfig } from './config';
import shopify, { NOTICE_TOPICS } from './index';
import { SHOP_ORIGIN, TEST_CONFIG, testContext } from './test-helpers';

const webhook = shopify.webhook!;
const NOTICE: ShopifyConfig = { ...TEST_CONFIG, webhookMode: 'notice' };
const json = { 'content-type': 'application/json; charset=utf-8' };

function signed(topic: string, file: string): WebhookRequest {
  const rawBody = Buffer.from(readFixtureText('shopify', file), 'utf8');
  return {
    rawBody,
    headers: {
      'x-shopify-topic': topic,
      'x-shopify-shop-domain': TEST_CONFIG.shopDomain,
      'x-shopify-hmac-sha256': hmacBase64(TEST_CONFIG.webhookSecret, rawBody),
    },
  };
}

describe('webhooks as notices', () => {
  it('verifies the signature before anything else, as in full mode', () => {
    const req = signed('orders/updated', 'webhooks/orders-create.json');
    expect(webhook.verify(req, NOTICE)).toEqual({ ok: true });
    expect(webhook.verify(req, { ...NOTICE, webhookSecret: 'other' }).ok).toBe(false);
  });

  it.each(Object.keys(NOTICE_TOPICS).filter((t) => t.startsWith('orders/') && t !== 'orders/edited'))(
    '%s names the order to re-read',
    (topic) => {
      expect(webhook.parse(signed(topic, 'webhooks/orders-create.json'), NOTICE)).toEqual({
        kind: 'notices',
        externalIds: ['6100000000202'],
      });
    },
  );

  it('orders/edited names the edited order', () => {
    expect(webhook.parse(signed('orders/edited', 'webhooks/orders-edited.json'), NOTICE)).toEqual({
      kind: 'notices',
      externalIds: ['6100000000202'],
    });
  });

  it('refunds/create names the refunded order (order_id), not the refund', () => {
    expect(webhook.parse(signed('refunds/create', 'webhooks/refunds-create.json'), NOTICE)).toEqual({
      kind: 'notices',
      externalIds: ['6100000000505'],
    });
  });

  it.each(['app/uninstalled', 'orders/delete', 'products/update'])('ignores %s', (topic) => {
    const content = webhook.parse(signed(topic, 'webhooks/orders-delete.json'), NOTICE);
    expect(content.kind).toBe('ignore');
  });

  it('refuses a notice without the order id', () => {
    expect(() => webhook.parse(signed('refunds/create', 'webhooks/orders-edited.json'), NOTICE)).toThrow(
      /order_id/,
    );
  });

  it('keeps full mode as the default for connections that do not choose', () => {
    expect(webhook.parse(signed('orders/updated', 'webhooks/orders-create.json'), TEST_CONFIG).kind).toBe(
      'orders',
    );
  });
});

describe('fetchOrders', () => {
  it('re-reads through GraphQL nodes(ids:) and leaves out orders Shopify no longer has', async () => {
    const asked: unknown[] = [];
    nock(SHOP_ORIGIN, { reqheaders: { 'x-shopify-access-token': TEST_CONFIG.accessToken } })
      .post('/admin/api/2026-10/graphql.json', (b: unknown) => asked.push(b) > 0)
      .reply(200, readFixture('shopify', 'http/graphql-nodes.json') as object, json);
    const ctx = testContext({ ...NOTICE, api: 'graphql' });
    const records = await shopify.fetchOrders!(ctx, ['6100000000505', '6100000000999']);
    expect(asked).toMatchObject([
      { variables: { ids: ['gid://shopify/Order/6100000000505', 'gid://shopify/Order/6100000000999'] } },
    ]);
    expect(records.map((r) => shopify.identify(r))).toEqual([
      { externalId: '6100000000505', revision: '2026-06-03T09:30:12Z' },
    ]);
    expect(
      shopify.toCanonical(records[0], { connectionId: 'con_test', config: ctx.config, tables: {} }),
    ).toEqual(readFixture('shopify', 'orders/graphql-partial-refund.canonical.json'));
  });

  it('re-reads through REST orders/{id}.json when api is rest, skipping a 404', async () => {
    nock(SHOP_ORIGIN, { reqheaders: { 'x-shopify-access-token': TEST_CONFIG.accessToken } })
      .get('/admin/api/2026-10/orders/6100000000505.json')
      .reply(200, readFixture('shopify', 'http/order-6100000000505.json') as object, json)
      .get('/admin/api/2026-10/orders/6100000000999.json')
      .reply(404, readFixture('shopify', 'http/error-404.json') as object, json);
    const ctx = testContext({ ...NOTICE, api: 'rest' });
    const records = await shopify.fetchOrders!(ctx, ['6100000000505', '6100000000999']);
    expect(records).toEqual([readFixture('shopify', 'orders/rest-partial-refund.json')]);
  });

  it('passes a REST 429 on as rate_limited', async () => {
    nock(SHOP_ORIGIN)
      .get('/admin/api/2026-10/orders/6100000000505.json')
      .reply(429, readFixture('shopify', 'http/error-429.json') as object, { ...json, 'retry-after': '2.0' });
    await expect(shopify.fetchOrders!(testContext(NOTICE), ['6100000000505'])).rejects.toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 2000,
    });
  });
});
