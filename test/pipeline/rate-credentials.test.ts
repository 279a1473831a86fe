import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorContext, rateKeyOf } from '../../src/pipeline/context';
import { startTestHub, type TestHub } from '../helpers/hub';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => {
  await t.close();
});

async function shop(name: string, shopDomain: string) {
  const c = await t.hub.connections.create({
    connector: 'shopify',
    name,
    config: { shopDomain, accessToken: `shpat_${name}`, webhookSecret: 'whsec_x' },
  });
  const resolved = await t.hub.connections.resolve(c.id);
  if (!resolved) throw new Error('connection missing');
  return resolved;
}

describe('rate budgets per credential', () => {
  it('makes connections on one credential share a budget, and keeps others apart', async () => {
    const a = await shop('a', 'one-shop.myshopify.com');
    const b = await shop('b', 'one-shop.myshopify.com');
    const c = await shop('c', 'other-shop.myshopify.com');
    expect(rateKeyOf(t.hub, a)).toBe(rateKeyOf(t.hub, b));
    expect(rateKeyOf(t.hub, a)).not.toBe(rateKeyOf(t.hub, c));
    // The key names the connector and a hash, never the credential itself.
    expect(rateKeyOf(t.hub, a)).toMatch(new RegExp(`^${t.config.queuePrefix}:rate:cred:shopify:[\\w-]{22}$`));
    // Tokens taken through one connection are gone for the other.
    const burst = 20; // the Shopify REST bucket's burst
    for (let i = 0; i < burst; i++) await connectorContext(t.hub, a).rate.take('rest');
    const left = await t.hub.redis.hget(`${rateKeyOf(t.hub, b)}:rest`, 'tokens');
    expect(Number(left)).toBeLessThan(1);
    const other = await t.hub.redis.hget(`${rateKeyOf(t.hub, c)}:rest`, 'tokens');
    expect(other).toBeNull();
  });
});
