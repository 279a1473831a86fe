import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging';
import { discoverConnectors } from '../../src/registry';
import { startTestHub, waitFor, type TestHub } from '../helpers/hub';
import { Sink } from '../helpers/sink';
import { SHOP, SHOPIFY_SECRET, shopifyOrder, signedShopifyWebhook } from '../helpers/shopify';

const lines: string[] = [];
const capture = new Writable({
  write(chunk: Buffer, _enc, done) {
    lines.push(chunk.toString('utf8'));
    done();
  },
});
const signingSecret = `whsec_${randomBytes(32).toString('base64')}`;
const accessToken = `shpat_${randomBytes(16).toString('hex')}`;
let t: TestHub;
let sink: Sink;

beforeAll(async () => {
  // Debug level: the most a log can say. Redaction must hold even there.
  t = await startTestHub({}, {}, createLogger('debug', (await discoverConnectors()).all(), capture));
  sink = await new Sink().start();
});

afterAll(async () => {
  await t.close();
  await sink.stop();
});

describe('logs', () => {
  it('carry no secret and no customer data, even at debug level and through failures', async () => {
    const shop = await t.app.inject({
      method: 'POST',
      url: '/v1/connections',
      headers: t.auth,
      payload: {
        connector: 'shopify',
        name: 'Shop',
        config: {
          shopDomain: SHOP,
          accessToken,
          webhookSecret: SHOPIFY_SECRET,
          api: 'rest',
          webhookMode: 'full',
        },
      },
    });
    await t.app.inject({
      method: 'POST',
      url: '/v1/connections',
      headers: t.auth,
      payload: { connector: 'webhook', name: 'ERP', config: { url: sink.url, signingSecret } },
    });
    t.startWorkers();
    nock(`https://${SHOP}`)
      .get(/shop\.json/)
      .reply(401, { errors: '[API] Invalid API key or access token' });
    await t.app.inject({ method: 'POST', url: `/v1/connections/${shop.json().id}/check`, headers: t.auth });

    sink.respond({ status: 500, body: '{"echo":"bob.norman@mail.example.com"}' });
    const { payload, headers } = signedShopifyWebhook(shopifyOrder(900));
    await t.app.inject({ method: 'POST', url: `/v1/webhooks/${shop.json().id}`, headers, payload });
    const bad = signedShopifyWebhook({ ...shopifyOrder(901), financial_status: 'weird' });
    await t.app.inject({
      method: 'POST',
      url: `/v1/webhooks/${shop.json().id}`,
      headers: bad.headers,
      payload: bad.payload,
    });
    await waitFor(() => sink.accepted().length === 1, 15_000, 'delivery after a 500');

    const log = lines.join('');
    expect(log.length).toBeGreaterThan(0);
    for (const secret of [
      accessToken,
      SHOPIFY_SECRET,
      signingSecret,
      signingSecret.slice(6),
      'test-admin-key',
    ]) {
      expect(log).not.toContain(secret);
    }
    for (const pii of ['bob.norman@mail.example.com', 'Chestnut Street', 'Norman', '+1(502)-459-2181'])
      expect(log).not.toContain(pii);
  });
});
