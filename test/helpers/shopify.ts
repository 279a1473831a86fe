import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Hub } from '../../src/hub';
import { readFixture } from '../../src/sdk/testkit';

export const SHOP = 'demo-shop.myshopify.com';
export const SHOPIFY_SECRET = 'shpss_test_client_secret';

/** The documented example order (#1001) with a different id/number/update time, as a webhook body object. */
export function shopifyOrder(n: number, updatedAt = '2024-05-01T10:00:00-05:00'): Record<string, unknown> {
  const base = readFixture('shopify', 'orders/doc-example-1001.json');
  if (!base || typeof base !== 'object') throw new Error('fixture missing');
  return {
    ...base,
    id: 450789469 + n,
    name: `#${1001 + n}`,
    order_number: 1001 + n,
    number: 1 + n,
    updated_at: updatedAt,
  };
}

/** Headers and raw body of a webhook signed the way Shopify signs it. */
export function signedShopifyWebhook(order: unknown, topic = 'orders/create', secret = SHOPIFY_SECRET) {
  const payload = JSON.stringify(order);
  return {
    payload,
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': topic,
      'x-shopify-hmac-sha256': createHmac('sha256', secret).update(payload).digest('base64'),
      'x-shopify-shop-domain': SHOP,
      'x-shopify-api-version': '2026-10',
      'x-shopify-webhook-id': randomUUID(),
    },
  };
}

/** Connects a Shopify source to a signed webhook destination pointing at `sinkUrl`; returns their ids. */
export async function connectShopifyToWebhook(
  hub: Hub,
  sinkUrl: string,
  signingSecret = `whsec_${randomBytes(32).toString('base64')}`,
): Promise<{ shopId: string; erpId: string; signingSecret: string }> {
  const shop = await hub.connections.create({
    connector: 'shopify',
    name: 'Demo shop',
    config: {
      shopDomain: SHOP,
      accessToken: 'shpat_test_token',
      webhookSecret: SHOPIFY_SECRET,
      // These tests post full order bodies as webhooks and mock REST pulls.
      api: 'rest',
      webhookMode: 'full',
    },
  });
  const erp = await hub.connections.create({
    connector: 'webhook',
    name: 'ERP',
    config: { url: sinkUrl, signingSecret },
  });
  return { shopId: shop.id, erpId: erp.id, signingSecret };
}
