import { examplePayload } from './scaffold-fixtures';
import { TEST_BASE_URL, type Names } from './scaffold-templates';

/** The starter test of a destination: check remedies, idempotent retry after a timeout, error classes. */
export function destinationTest(n: Names): string {
  const origin = new URL(TEST_BASE_URL).origin;
  const path = new URL(TEST_BASE_URL).pathname;
  const payload = examplePayload();
  return `import { isDeepStrictEqual } from 'node:util';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ConnectorError, createTestContext, fixedClock, type DeliveryInfo } from '../../src/sdk';
import type { ${n.pascal}Config } from './config';
import destination from './index';
import type { ${n.pascal}Order } from './mapping';

// Fictitious settings; nock answers every call and the network is disabled (test/setup.ts).
const CONFIG: ${n.pascal}Config = { baseUrl: '${TEST_BASE_URL}', apiKey: 'test-api-key' };
const ORDERS = '${path}/orders';

const context = () =>
  createTestContext(CONFIG, { clock: fixedClock('2026-03-02T12:00:00Z'), rateLimits: destination.rateLimits });
const api = (key?: string) =>
  nock('${origin}', {
    reqheaders: { authorization: 'Bearer test-api-key', ...(key ? { 'idempotency-key': key } : {}) },
  });

// The payload of fixtures/${n.id}/outbound/example, trimmed to one line.
const PAYLOAD: ${n.pascal}Order = {
  reference: '${String(payload['reference'])}',
  orderNumber: 'A-100245',
  placedAt: '2026-03-02T08:15:00.000Z',
  currency: 'EUR',
  pricesIncludeTax: false,
  shipTo: null,
  lines: [{ sku: 'MUG-BLUE', description: 'Blue mug', quantity: 2, unitPrice: '12.50', discount: '2.50' }],
  shipping: '4.90',
  tax: '5.21',
  total: '32.61',
  cancelled: false,
};
const INFO: DeliveryInfo = { key: 'dlv_test_0001', operation: 'upsert', orderId: PAYLOAD.reference, revision: 1 };

/** Matches a request body that is exactly the payload. */
const sent = (body: unknown): boolean => isDeepStrictEqual(body, PAYLOAD);

async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error('expected a ConnectorError');
}

describe('${n.id} check', () => {
  it('answers ok when the key is accepted', async () => {
    api().get('${path}/account').reply(200, { id: 'acc_1' });
    expect(await destination.check(context())).toMatchObject({ ok: true });
  });

  it('tells ops to replace a refused API key', async () => {
    api().get('${path}/account').reply(401, { error: 'unauthorized' });
    const result = await destination.check(context());
    expect(result).toMatchObject({ ok: false, code: '${n.code}_API_KEY_INVALID' });
    expect(result.ok ? '' : result.remedy).toMatch(/API key/);
  });
});

describe('${n.id} deliver', () => {
  it('sends the delivery key, so a retry after a timeout makes one order', async () => {
    api(INFO.key).post(ORDERS, sent).replyWithError({ code: 'ETIMEDOUT' });
    api(INFO.key).post(ORDERS, sent).reply(201, { id: 'SO-1', status: 'created' });
    const first = await rejection(destination.deliver(context(), PAYLOAD, INFO));
    expect(first.kind).toBe('transient');
    expect(await destination.deliver(context(), PAYLOAD, INFO)).toEqual({ remoteId: 'SO-1', status: 'created' });
  });

  it('cancels through the cancel endpoint', async () => {
    const cancel: DeliveryInfo = { ...INFO, key: 'dlv_test_0002', operation: 'cancel' };
    api(cancel.key)
      .post(\`\${ORDERS}/\${PAYLOAD.reference}/cancel\`)
      .reply(200, { id: 'SO-1', status: 'cancelled' });
    expect(await destination.deliver(context(), PAYLOAD, cancel)).toEqual({ remoteId: 'SO-1', status: 'cancelled' });
  });

  it('classifies refusals, rate limits and outages for the queue', async () => {
    api().post(ORDERS).reply(422, { error: 'unknown sku' });
    api().post(ORDERS).reply(429, { error: 'slow down' }, { 'retry-after': '20' });
    api().post(ORDERS).reply(503, 'unavailable');
    const refused = await rejection(destination.deliver(context(), PAYLOAD, INFO));
    const limited = await rejection(destination.deliver(context(), PAYLOAD, INFO));
    const down = await rejection(destination.deliver(context(), PAYLOAD, INFO));
    expect([refused.kind, limited.kind, down.kind]).toEqual(['rejected', 'rate_limited', 'transient']);
    expect(limited.retryAfterMs).toBe(20_000);
  });
});
`;
}
