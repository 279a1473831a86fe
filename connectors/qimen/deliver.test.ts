import nock from 'nock';
import { describe, expect, it } from 'vitest';
import qimen from './index';
import { qimenSign } from './sign';
import { parseXml, textAt } from './xml';
import { canonical, config, context, failure, GATEWAY, info, mapping, PATH, response } from './test-helpers';

type Query = Record<string, string>;
const isQuery = (q: unknown): q is Query =>
  typeof q === 'object' && q !== null && Object.values(q).every((v) => typeof v === 'string');

/** A gateway interceptor for one method, recording the query and body it got. */
function gateway(method: string, seen: { query?: Query; body?: string }[] = []) {
  const call: { query?: Query; body?: string } = {};
  seen.push(call);
  return nock(GATEWAY)
    .post(PATH, (body: unknown) => {
      call.body = typeof body === 'string' ? body : JSON.stringify(body);
      return true;
    })
    .query((q: unknown) => {
      if (!isQuery(q) || q.method !== method) return false;
      call.query = q;
      return true;
    });
}

const order = canonical('cn-address');
const payload = qimen.fromCanonical(order, mapping());

describe('qimen delivery', () => {
  it('creates a signed deliveryorder.create with the hub order id as deliveryOrderCode', async () => {
    const seen: { query?: Query; body?: string }[] = [];
    gateway('deliveryorder.create', seen).reply(200, response('create-success.xml'), {
      'content-type': 'text/xml',
    });
    const ref = await qimen.deliver(context(), payload, info(order));
    expect(ref).toEqual({ remoteId: 'WMS-DO-2026010500417', status: 'created' });
    const { query, body = '' } = seen[0] ?? {};
    expect(query).toMatchObject({
      method: 'deliveryorder.create',
      app_key: '31337001',
      customerId: 'WMS-DEMO-CUST',
      format: 'xml',
      sign_method: 'md5',
      timestamp: '2026-01-05 22:03:00',
      v: '2.0',
    });
    expect(query?.sign).toBe(qimenSign(query ?? {}, body, config.appSecret ?? ''));
    const root = parseXml(body);
    expect(textAt(root, 'deliveryOrder/deliveryOrderCode')).toBe(order.id);
    expect(textAt(root, 'deliveryOrder/receiverInfo/area')).toBe('南山区');
    expect(root.children.map((c) => c.name)).toEqual(['deliveryOrder', 'orderLines']);
  });

  it('uses taobao.qimen. method names when the connection goes through the gateway', async () => {
    gateway('taobao.qimen.deliveryorder.create').reply(200, response('create-success.xml'));
    expect((await qimen.deliver(context({ qualifiedMethodNames: true }), payload, info(order))).status).toBe(
      'created',
    );
  });

  it('after a create that timed out once the WMS had it, the retry meets the duplicate and records the existing order', async () => {
    gateway('deliveryorder.create').replyWithError({ code: 'ETIMEDOUT', message: 'timeout' });
    gateway('deliveryorder.create').reply(200, response('create-duplicate.xml'));
    gateway('deliveryorder.query').reply(200, response('query-existing.xml'));
    const ctx = context();
    const first = await failure(qimen.deliver(ctx, payload, info(order)));
    expect(first.kind).toBe('transient');
    expect(await qimen.deliver(ctx, payload, info(order))).toEqual({
      remoteId: 'WMS-DO-2026010500417',
      status: 'duplicate',
    });
  });

  it('classifies validation, signature, quota, 5xx, 401 and unreadable answers', async () => {
    const ctx = context();
    gateway('deliveryorder.create').reply(200, response('validation-error.xml'));
    const rejected = await failure(qimen.deliver(ctx, payload, info(order)));
    expect(rejected).toMatchObject({ kind: 'rejected', code: 'QIMEN_ITEM_NOT_FOUND' });
    expect(rejected.message).toContain('在仓库中不存在');
    expect(rejected.message).not.toContain('杨');

    gateway('deliveryorder.create').reply(200, response('sign-failure.xml'));
    expect(await failure(qimen.deliver(ctx, payload, info(order)))).toMatchObject({
      kind: 'auth',
      code: 'QIMEN_SIGN_CHECK_FAILURE',
    });

    gateway('deliveryorder.create').reply(200, response('rate-limited.xml'));
    expect(await failure(qimen.deliver(ctx, payload, info(order)))).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 60_000,
    });

    gateway('deliveryorder.create').reply(429, '', { 'retry-after': '7' });
    expect(await failure(qimen.deliver(ctx, payload, info(order)))).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 7000,
    });

    gateway('deliveryorder.create').reply(503, 'busy');
    expect((await failure(qimen.deliver(ctx, payload, info(order)))).kind).toBe('transient');

    gateway('deliveryorder.create').reply(401, 'no');
    expect((await failure(qimen.deliver(ctx, payload, info(order)))).kind).toBe('auth');

    gateway('deliveryorder.create').reply(200, response('gateway-error.html'));
    expect(await failure(qimen.deliver(ctx, payload, info(order)))).toMatchObject({
      kind: 'transient',
      code: 'QIMEN_RESPONSE_UNREADABLE',
    });
  });

  it('cancels with order.cancel, and a cancel the WMS refuses because it shipped is rejected with a clear code', async () => {
    const seen: { query?: Query; body?: string }[] = [];
    gateway('order.cancel', seen).reply(200, response('cancel-success.xml'));
    expect(await qimen.deliver(context(), payload, info(order, 'cancel'))).toEqual({
      remoteId: order.id,
      status: 'cancelled',
    });
    const body = parseXml(seen[0]?.body ?? '');
    expect([textAt(body, 'orderCode'), textAt(body, 'orderType'), textAt(body, 'warehouseCode')]).toEqual([
      order.id,
      'JYCK',
      'SZ-NS-01',
    ]);

    gateway('order.cancel').reply(200, response('cancel-shipped.xml'));
    const shipped = await failure(qimen.deliver(context(), payload, info(order, 'cancel')));
    expect(shipped).toMatchObject({ kind: 'rejected', code: 'QIMEN_ALREADY_SHIPPED' });
    expect(shipped.remedy).toContain('return');
  });

  it('refuses to call without credentials', async () => {
    const error = await failure(qimen.deliver(context({ appSecret: undefined }), payload, info(order)));
    expect(error).toMatchObject({ kind: 'config', code: 'QIMEN_CREDENTIALS_MISSING' });
  });
});

describe('qimen check', () => {
  it('passes when the WMS answers, and explains a refused signature or an unreachable endpoint', async () => {
    gateway('deliveryorder.query').reply(
      200,
      '<response><flag>failure</flag><code>ORDER_NOT_FOUND</code><message>not found</message></response>',
    );
    expect(await qimen.check(context())).toMatchObject({ ok: true });
    gateway('deliveryorder.query').reply(200, response('sign-failure.xml'));
    const bad = await qimen.check(context());
    expect(bad).toMatchObject({ ok: false, code: 'QIMEN_SIGN_CHECK_FAILURE' });
    if (!bad.ok) expect(bad.remedy).toContain('appSecret');
    gateway('deliveryorder.query').reply(404, 'nope');
    expect(await qimen.check(context())).toMatchObject({ ok: false, code: 'HTTP_404' });
    expect(await qimen.check(context({ customerId: undefined }))).toMatchObject({
      ok: false,
      code: 'QIMEN_CREDENTIALS_MISSING',
    });
  });
});
