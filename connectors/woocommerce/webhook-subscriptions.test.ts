import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { connectorFailure, createTestContext, fixedClock } from '../../src/sdk';
import woocommerce from './index';
import { BASIC, JSON_HEADERS, ORIGIN, TEST_CONFIG, fixture } from './test-helpers';

const HOOKS_PATH = '/wp-json/wc/v3/webhooks';
const CALLBACK = 'https://hub.example.com/v1/webhooks/con_test';
const ALL = ['order.created', 'order.updated'];
const pages = (total: number) => ({ ...JSON_HEADERS, 'x-wp-total': String(total), 'x-wp-totalpages': '1' });

const site = () => nock(ORIGIN, { reqheaders: { authorization: BASIC } });
const sub = (name: string) => fixture(`webhooks/subscriptions/${name}.json`);

function ensure() {
  const ctx = createTestContext(TEST_CONFIG, {
    clock: fixedClock('2026-06-12T06:00:00Z'),
    rateLimits: woocommerce.rateLimits,
  });
  const spec = woocommerce.webhookSubscriptions;
  if (!spec) throw new Error('woocommerce declares no webhookSubscriptions');
  return { ctx, run: () => spec.ensure(ctx, CALLBACK) };
}

describe('webhook subscriptions', () => {
  it('answers ok only when both topics have an active webhook to the callback URL', async () => {
    site().get(HOOKS_PATH).query({ per_page: '100', page: '1' }).reply(200, sub('list-all'), pages(3));
    await expect(ensure().run()).resolves.toEqual({ created: [], ok: ALL });
  });

  it('creates a missing topic signed with the webhook secret, then a second call creates nothing', async () => {
    const posted: unknown[] = [];
    site()
      .get(HOOKS_PATH)
      .query(true)
      .reply(200, sub('list-missing'), pages(2))
      .post(HOOKS_PATH, (b: unknown) => posted.push(b) > 0)
      .reply(201, sub('create'), JSON_HEADERS)
      .get(HOOKS_PATH)
      .query(true)
      .reply(200, sub('list-all'), pages(3));
    const { run } = ensure();
    await expect(run()).resolves.toEqual({ created: ['order.updated'], ok: ['order.created'] });
    expect(posted).toEqual([
      {
        name: 'OrderHub con_test order.updated',
        topic: 'order.updated',
        delivery_url: CALLBACK,
        secret: TEST_CONFIG.webhookSecret,
        status: 'active',
      },
    ]);
    await expect(run()).resolves.toEqual({ created: [], ok: ALL });
  });

  it('re-activates a webhook WooCommerce disabled after failed deliveries', async () => {
    const put: unknown[] = [];
    site()
      .get(HOOKS_PATH)
      .query(true)
      .reply(200, sub('list-disabled'), pages(3))
      .put(`${HOOKS_PATH}/32`, (b: unknown) => put.push(b) > 0)
      .reply(200, sub('reactivate'), JSON_HEADERS);
    await expect(ensure().run()).resolves.toEqual({ created: ['order.updated'], ok: ['order.created'] });
    expect(put).toEqual([{ status: 'active' }]);
  });

  it('leaves a webhook someone paused alone and says so', async () => {
    site().get(HOOKS_PATH).query(true).reply(200, sub('list-paused'), pages(3));
    const { ctx, run } = ensure();
    await expect(run()).resolves.toEqual({ created: [], ok: ['order.created'] });
    expect(ctx.log.lines.some((l) => l.level === 'warn' && /paused/.test(l.msg ?? ''))).toBe(true);
  });

  it('reads every page of the webhooks list', async () => {
    const first = Array.from({ length: 100 }, (_, i) => ({
      id: 1000 + i,
      name: `Plugin hook ${i}`,
      status: 'active',
      topic: 'product.updated',
      delivery_url: 'https://erp.example.org/hooks/woo',
    }));
    const headers = { ...JSON_HEADERS, 'x-wp-total': '103', 'x-wp-totalpages': '2' };
    site()
      .get(HOOKS_PATH)
      .query({ per_page: '100', page: '1' })
      .reply(200, first, headers)
      .get(HOOKS_PATH)
      .query({ per_page: '100', page: '2' })
      .reply(200, sub('list-all'), headers);
    await expect(ensure().run()).resolves.toEqual({ created: [], ok: ALL });
  });

  it('turns a read-only key into auth with a remedy naming Read/Write', async () => {
    site()
      .get(HOOKS_PATH)
      .query(true)
      .reply(200, sub('list-missing'), pages(2))
      .post(HOOKS_PATH)
      .reply(401, sub('error-401-cannot-create'), JSON_HEADERS);
    const error = await connectorFailure(ensure().run());
    expect(error).toMatchObject({ kind: 'auth', code: 'WOOCOMMERCE_WEBHOOK_PERMISSION_MISSING' });
    expect(error.remedy).toContain('Read/Write');
  });

  it('turns a key that may not list webhooks into auth, and a 429 into rate_limited', async () => {
    site()
      .get(HOOKS_PATH)
      .query(true)
      .reply(401, sub('error-401-cannot-view'), JSON_HEADERS)
      .get(HOOKS_PATH)
      .query(true)
      .reply(429, 'Too Many Requests', { 'retry-after': '30' });
    const { run } = ensure();
    await expect(connectorFailure(run())).resolves.toMatchObject({
      kind: 'auth',
      code: 'WOOCOMMERCE_WEBHOOK_PERMISSION_MISSING',
    });
    await expect(connectorFailure(run())).resolves.toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 30_000,
    });
  });
});
