import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, inboxEventId, orderId } from '../../src/core/ids';
import { completeOrder, type CanonicalDraft } from '../../src/core/order';
import { pullShipments } from '../../src/pipeline/shipment-pull';
import { defineDestination, MappingError, readFixture, type ShipmentReport } from '../../src/sdk';
import { startTestHub, type TestHub } from '../helpers/hub';

// A destination that reports shipments both ways: read back on request, and pushed to its webhook URL.
const readBack: ShipmentReport[][] = [];
const probe = defineDestination<Record<string, never>, unknown>({
  kind: 'destination',
  meta: {
    id: 'test-wms',
    version: '1.0.0',
    displayName: 'Test WMS',
    apiVersion: '1',
    docsUrl: 'https://example.com/docs',
  },
  configSchema: { type: 'object', properties: {}, additionalProperties: false },
  check: async () => ({ ok: true }),
  idempotency: { mode: 'native-key' },
  fromCanonical: (order) => order,
  deliver: async () => ({ remoteId: 'r1' }),
  shipments: {
    fetchPage: async (_ctx, req) => {
      const page = readBack.shift() ?? [];
      return { shipments: page, ...(readBack.length && !req.pageToken ? { nextPageToken: 'p2' } : {}) };
    },
  },
  inbound: {
    verify: (req) =>
      req.headers['x-test-token'] === 'sesame'
        ? { ok: true }
        : {
            ok: false,
            code: req.headers['x-test-token'] ? 'WEBHOOK_SIGNATURE_INVALID' : 'WEBHOOK_SIGNATURE_MISSING',
          },
    parse: (req) => {
      const body: unknown = JSON.parse(req.rawBody.toString('utf8'));
      if (!Array.isArray(body)) throw new MappingError('MAPPING_FAILED', '', 'expected an array');
      return { shipments: body, reply: { contentType: 'text/plain', body: 'OK' } };
    },
  },
});

let t: TestHub;
let ord: string;
let wms: string;

beforeAll(async () => {
  t = await startTestHub();
  t.hub.registry.add(probe);
  const draft = readFixture('shopify', 'orders/doc-example-1001.canonical.json') as CanonicalDraft;
  ord = orderId('con_test', draft.channel.externalId);
  await t.hub.store.recordOrder({
    orderId: ord,
    inboxEventId: inboxEventId('con_test', draft.channel.externalId, '1'),
    channelRevision: '1',
    hash: contentHash(draft),
    state: 'active',
    build: (revision) => completeOrder(draft, ord, revision),
    at: new Date().toISOString(),
  });
  const created = await t.app.inject({
    method: 'POST',
    url: '/v1/connections',
    headers: t.auth,
    payload: { connector: 'test-wms', name: 'WMS', config: {} },
  });
  wms = created.json<{ id: string }>().id;
});
afterAll(async () => {
  await t.close();
});

const shipment = (id: string, extra: Record<string, unknown> = {}) => ({
  orderId: ord,
  shipmentId: id,
  shippedAt: '2026-03-01T09:30:00+01:00',
  carrier: 'DHL',
  trackingNumber: `JD${id}`,
  ...extra,
});

describe('POST /v1/shipments', () => {
  it('records a shipment once, re-opens it when it changes, and lists it', async () => {
    const key = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: t.auth,
      payload: { name: 'erp', role: 'receiver' },
    });
    const receiver = { authorization: `Bearer ${key.json().key}` };
    const post = (body: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/v1/shipments', headers: receiver, payload: body });
    const first = await post(shipment('A1', { lines: [{ sku: 'IPOD2008GREEN', quantity: 1 }] }));
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ result: 'inserted', id: expect.stringMatching(/^shp_/) });
    const again = await post(shipment('A1', { lines: [{ sku: 'IPOD2008GREEN', quantity: 1 }] }));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ result: 'duplicate', id: first.json().id });
    const voided = await post(
      shipment('A1', { lines: [{ sku: 'IPOD2008GREEN', quantity: 1 }], voided: true }),
    );
    expect(voided.json().result).toBe('updated');
    // Receivers may post but not read the hub's data.
    expect((await t.app.inject({ url: '/v1/shipments', headers: receiver })).statusCode).toBe(403);
    const list = await t.app.inject({ url: `/v1/shipments?orderId=${ord}`, headers: t.auth });
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0]).toMatchObject({
      reporterId: 'api',
      state: 'pending',
      report: { voided: true },
    });
  });

  it('refuses bad shipments with stable codes and records nothing', async () => {
    const post = (body: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/v1/shipments', headers: t.auth, payload: body });
    const missing = await post({ orderId: ord, shipmentId: 'B1', carrier: 'DHL' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('API_VALIDATION_FAILED');
    const unknownOrder = await post(shipment('B2', { orderId: orderId('con_test', 'nope') }));
    expect(unknownOrder.statusCode).toBe(404);
    expect(unknownOrder.json().error.code).toBe('SHIPMENT_ORDER_UNKNOWN');
    const strayLine = await post(shipment('B3', { lines: [{ sku: 'NOT-IN-ORDER', quantity: 1 }] }));
    expect(strayLine.statusCode).toBe(422);
    expect(strayLine.json().error.code).toBe('SHIPMENT_LINE_UNKNOWN');
    const ids = (await t.hub.store.listShipments({ limit: 50 })).items.map((s) => s.shipmentId);
    expect(ids).not.toContain('B2');
    expect(ids).not.toContain('B3');
  });
});

describe('shipments from destinations', () => {
  it('takes pushed confirmations at the webhook URL, checks their signature, answers in the protocol', async () => {
    const url = `/v1/webhooks/${wms}`;
    const body = JSON.stringify([shipment('W1'), shipment('W2', { final: true })]);
    const unsigned = await t.app.inject({
      method: 'POST',
      url,
      payload: body,
      headers: { 'content-type': 'application/json' },
    });
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.json().error.code).toBe('WEBHOOK_SIGNATURE_MISSING');
    const res = await t.app.inject({
      method: 'POST',
      url,
      payload: body,
      headers: { 'content-type': 'application/json', 'x-test-token': 'sesame' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('OK');
    const mine = (await t.hub.store.listShipments({ orderId: ord, limit: 50 })).items.filter(
      (s) => s.reporterId === wms,
    );
    expect(mine.map((s) => s.shipmentId).sort()).toEqual(['W1', 'W2']);
  });

  it('reads shipments back page by page and moves the watermark only at the end', async () => {
    readBack.push([shipment('R1')], [shipment('R2'), shipment('W1')]);
    const result = await pullShipments(t.hub, wms);
    expect(result).toEqual({ status: 'done', pages: 2, reported: 3, recorded: 2 });
    const cp = await t.hub.store.getCheckpoint(wms, 'shipments');
    expect(cp?.pageToken).toBeUndefined();
    expect(Date.parse(cp?.watermark ?? '')).toBeGreaterThan(Date.now() - 60_000);
    const again = await pullShipments(t.hub, wms);
    expect(again).toMatchObject({ status: 'done', pages: 1, reported: 0 });
  });
});
