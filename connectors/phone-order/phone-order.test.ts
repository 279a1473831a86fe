import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture } from '../../src/sdk';
import { startTestHub, waitFor, type TestHub } from '../../test/helpers/hub';
import { Sink } from '../../test/helpers/sink';

// Real hub (SQLite, Redis, workers) and a real receiver on loopback: a phone order takes the same inbox,
// dedup, routing and delivery as any channel's.
let t: TestHub;
let sink: Sink;
let phoneId: string;
let intake: { authorization: string };
const order = readFixture('phone-order', 'orders/ship-two-rates-discount.json') as Record<string, unknown>;

beforeAll(async () => {
  t = await startTestHub();
  sink = await new Sink().start();
  const phone = await t.hub.connections.create({
    connector: 'phone-order',
    name: 'Hotline <Berlin>',
    config: { currency: 'EUR', taxesIncluded: true, sourceType: 'phone' },
  });
  phoneId = phone.id;
  await t.hub.connections.create({
    connector: 'webhook',
    name: 'ERP',
    config: { url: sink.url, signingSecret: `whsec_${randomBytes(32).toString('base64')}` },
  });
  const key = await t.app.inject({
    method: 'POST',
    url: '/v1/api-keys',
    headers: t.auth,
    payload: { name: 'hotline', role: 'intake' },
  });
  intake = { authorization: `Bearer ${key.json().key}` };
  t.startWorkers();
});
afterAll(async () => {
  await t.close();
  await sink.stop();
});

const post = (body: Record<string, unknown>, headers = intake, id = phoneId) =>
  t.app.inject({ method: 'POST', url: `/v1/intake/${id}/orders`, headers, payload: body });

describe('phone-order intake', () => {
  it('stores a posted order once and delivers it like any channel order', async () => {
    const first = await post(order);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ result: 'stored', orderNumber: 'PH-20260302-7f3a9c21' });
    const again = await post(order);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ result: 'duplicate', orderId: first.json().orderId });
    const [delivered] = await waitFor(
      () => sink.accepted().length >= 1 && sink.accepted(),
      15_000,
      'delivery',
    );
    const body = JSON.parse(delivered?.body ?? '{}');
    expect(body.data).toMatchObject({
      id: first.json().orderId,
      channel: { connector: 'phone-order', sourceType: 'phone', connectionId: phoneId },
      totals: { subtotal: '61.30', discount: '4.50', shipping: '4.95', tax: '8.18', total: '61.75' },
    });
    expect(sink.accepted()).toHaveLength(1);
  });

  it('answers field errors for a body that does not match the form schema, and stores nothing', async () => {
    const bad = {
      ...order,
      reference: 'PH-bad-1',
      lines: [{ sku: 'X', name: 'Y', quantity: 0, unitPrice: '1,50' }],
    };
    const res = await post(bad);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INTAKE_VALIDATION_FAILED');
    const paths = res.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['/lines/0/quantity', '/lines/0/unitPrice', '/lines/0']));
    const { shippingAddress: _dropped, ...noAddress } = order;
    const missing = await post({ ...noAddress, reference: 'PH-bad-2' });
    expect(missing.statusCode).toBe(400);
    const refused = await post({
      ...order,
      reference: 'PH-bad-3',
      lines: [{ sku: 'A', name: 'A', quantity: 1, unitPrice: '5.00', discount: '6.00', taxRate: '0.19' }],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('INTAKE_ORDER_REFUSED');
    const stored = await t.hub.store.listOrders({ connectionId: phoneId, limit: 10 });
    expect(stored.items.map((o) => o.externalId)).toEqual(['PH-20260302-7f3a9c21']);
  });

  it('lets only intake keys (and admins) post, and only to phone-order connections', async () => {
    const viewer = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: t.auth,
      payload: { name: 'dash', role: 'viewer' },
    });
    const forbidden = await post(order, { authorization: `Bearer ${viewer.json().key}` });
    expect(forbidden.statusCode).toBe(403);
    expect((await post(order, { authorization: 'Bearer nope' })).statusCode).toBe(401);
    const missing = await post(order, intake, 'con_00000000000000000000000000');
    expect(missing.statusCode).toBe(404);
    // Intake keys reach nothing else.
    expect((await t.app.inject({ url: '/v1/orders', headers: intake })).statusCode).toBe(403);
  });

  it('serves the entry form with a nonce-only script policy and the connection name escaped', async () => {
    const res = await t.app.inject({ url: `/forms/${phoneId}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    const csp = String(res.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(res.body).toContain(`<script nonce="${nonce}">`);
    expect(res.body).toContain(`/v1/intake/${phoneId}/orders`);
    expect(res.body).toContain('Hotline &#60;Berlin&#62;');
    expect(res.body).not.toContain('Hotline <Berlin>');
    expect(res.body).toContain('Prices in EUR, including tax.');
  });
});
