import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture } from '../../src/sdk/testkit';
import { startTestHub, waitFor, type TestHub } from '../helpers/hub';
import { Sink, type SinkRequest } from '../helpers/sink';

/*
 * Follows docs/receiving-orders.md as an ERP/WMS team would: a receiver behind a `webhook` destination gets an
 * order entered through `phone-order`, verifies it with the doc's own snippet, and reports shipments back.
 */

// The verification snippet of docs/receiving-orders.md ("Verify the signature"), with types added. Written from
// the document, deliberately not imported from connectors/webhook.
const TOLERANCE_SECONDS = 5 * 60;

function verifyOrderHubWebhook(
  secret: string,
  headers: IncomingHttpHeaders,
  rawBody: Buffer | string,
  now = Date.now(),
): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string') return false;
  if (!/^\d+$/.test(timestamp)) return false;
  if (Math.abs(Math.floor(now / 1000) - Number(timestamp)) > TOLERANCE_SECONDS) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = Buffer.from(
    createHmac('sha256', key).update(`${id}.${timestamp}.`).update(rawBody).digest('base64'),
  );
  return signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',', 2);
    if (version !== 'v1' || !signature) return false;
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

// The worked example of the document, byte for byte.
const DOC_EXAMPLE = {
  secret: 'whsec_Yr4qQzIuqYMP2RCZGgyuWkcAFJ0MkGFZerpEOUAyJwI=',
  headers: {
    'webhook-id': 'ping_con_zemfhd22zhqzcsbfj5xayt6my9_1772443200000',
    'webhook-timestamp': '1772443200',
    'webhook-signature': 'v1,KSvWMQ35VEHKT86WMK5BglNM+BCwefmE7leywS5dXnE=',
  },
  body: '{"type":"orderhub.ping","timestamp":"2026-03-02T09:20:00.000Z","data":{"connectionId":"con_zemfhd22zhqzcsbfj5xayt6my9"}}',
  now: Date.parse('2026-03-02T09:20:30Z'),
};

interface Envelope {
  type: string;
  timestamp: string;
  data: {
    id: string;
    revision: number;
    updatedAt: string;
    channel: { orderNumber: string; externalId: string };
    status: { order: string };
    lines: { id: string; sku: string | null; quantity: number }[];
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Only narrows for readability: the tests assert the fields themselves.
function isEnvelope(value: unknown): value is Envelope {
  return isRecord(value) && typeof value['type'] === 'string' && isRecord(value['data']);
}

function envelopeOf(request: SinkRequest): Envelope {
  const parsed: unknown = JSON.parse(request.body);
  if (!isEnvelope(parsed)) throw new Error('not an OrderHub envelope');
  return parsed;
}

const signingSecret = `whsec_${randomBytes(32).toString('base64')}`;
const fixture = readFixture('phone-order', 'orders/ship-two-rates-discount.json');
if (!isRecord(fixture)) throw new Error('phone-order fixture missing');
const phoneOrder = fixture;
let t: TestHub;
let sink: Sink;
let hotlineId: string;
let erpId: string;
let intake: { authorization: string };
let receiver: { authorization: string };

/** Requests the receiver accepted for one order, oldest first. */
function deliveriesOf(orderId: string): SinkRequest[] {
  return sink.accepted().filter((r) => r.body.includes(orderId) && envelopeOf(r).data.id === orderId);
}

const postShipment = (body: Record<string, unknown>, destinationId = erpId) =>
  t.app.inject({
    method: 'POST',
    url: `/v1/shipments?destinationId=${destinationId}`,
    headers: receiver,
    payload: body,
  });

beforeAll(async () => {
  t = await startTestHub();
  sink = await new Sink().start();
  hotlineId = await t.connect('phone-order', {
    currency: 'EUR',
    taxesIncluded: true,
    sourceType: 'phone',
  });
  erpId = await t.connect('webhook', { url: sink.url, signingSecret });
  intake = await t.keyHeaders('intake');
  receiver = await t.keyHeaders('receiver');
  t.startWorkers();
});

afterAll(async () => {
  await t.close();
  await sink.stop();
});

describe('the document’s signature check', () => {
  it('accepts the worked example and refuses it tampered, stale or under another secret', () => {
    const { secret, headers, body, now } = DOC_EXAMPLE;
    expect(verifyOrderHubWebhook(secret, headers, body, now)).toBe(true);
    expect(verifyOrderHubWebhook(secret, headers, body.replace('09:20', '09:21'), now)).toBe(false);
    expect(verifyOrderHubWebhook(secret, headers, body, now + 6 * 60_000)).toBe(false);
    expect(verifyOrderHubWebhook(signingSecret, headers, body, now)).toBe(false);
    const { 'webhook-signature': _dropped, ...unsigned } = headers;
    expect(verifyOrderHubWebhook(secret, unsigned, body, now)).toBe(false);
    // Several space-separated signatures (secret rotation): one valid v1 entry is enough.
    const rotated = { ...headers, 'webhook-signature': `v1,bm90IGl0 ${headers['webhook-signature']}` };
    expect(verifyOrderHubWebhook(secret, rotated, body, now)).toBe(true);
  });

  it('accepts the Standard Webhooks reference vector the document points to', () => {
    const vector = readFixture('webhook', 'signed/standard-webhooks-vector.json');
    if (!isRecord(vector)) throw new Error('vector fixture missing');
    const { secret, id, timestamp, body, signature } = vector;
    if (typeof secret !== 'string' || typeof body !== 'string' || typeof timestamp !== 'number')
      throw new Error('vector fixture malformed');
    const headers = {
      'webhook-id': String(id),
      'webhook-timestamp': String(timestamp),
      'webhook-signature': String(signature),
    };
    expect(verifyOrderHubWebhook(secret, headers, body, timestamp * 1000)).toBe(true);
  });

  it('verifies the hub’s signed ping from "Test connection"', async () => {
    const before = sink.requests.length;
    const check = await t.app.inject({
      method: 'POST',
      url: `/v1/connections/${erpId}/check`,
      headers: t.auth,
    });
    expect(check.json()).toMatchObject({ ok: true });
    const ping = sink.requests[before];
    expect(ping).toBeDefined();
    if (!ping) return;
    expect(ping.headers['webhook-id']).toMatch(new RegExp(`^ping_${erpId}_\\d+$`));
    expect(verifyOrderHubWebhook(signingSecret, ping.headers, ping.body)).toBe(true);
    expect(envelopeOf(ping)).toMatchObject({ type: 'orderhub.ping', data: { connectionId: erpId } });
  });
});

describe('phone order → signed webhook → shipments back', () => {
  it('delivers the order signed, once, in the documented envelope, and takes its shipments back', async () => {
    const entered = await t.app.inject({
      method: 'POST',
      url: `/v1/intake/${hotlineId}/orders`,
      headers: intake,
      payload: phoneOrder,
    });
    expect(entered.statusCode).toBe(201);
    const { orderId } = entered.json<{ orderId: string }>();
    expect(orderId).toMatch(/^ord_/);

    const [delivery] = await waitFor(
      () => deliveriesOf(orderId).length > 0 && deliveriesOf(orderId),
      15_000,
      'the order at the receiver',
    );
    expect(delivery).toBeDefined();
    if (!delivery) return;

    // Headers and signature, as the document's receiver checks them.
    expect(delivery.method).toBe('POST');
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(delivery.headers['webhook-id']).toMatch(/^dlv_[0-9a-z]{26}$/);
    expect(Math.abs(Number(delivery.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(verifyOrderHubWebhook(signingSecret, delivery.headers, delivery.body)).toBe(true);
    // Re-serialised JSON is not the bytes that were signed.
    const reserialised = JSON.stringify(JSON.parse(delivery.body), null, 2);
    expect(verifyOrderHubWebhook(signingSecret, delivery.headers, reserialised)).toBe(false);

    // The envelope and the fields the document's table says a warehouse needs.
    const envelope = envelopeOf(delivery);
    expect(envelope.type).toBe('order.upserted');
    expect(envelope.timestamp).toBe(envelope.data.updatedAt);
    expect(JSON.parse(delivery.body)).toMatchObject({
      data: {
        schemaVersion: 1,
        id: orderId,
        revision: 1,
        channel: {
          connector: 'phone-order',
          connectionId: hotlineId,
          externalId: 'PH-20260302-7f3a9c21',
          orderNumber: 'PH-20260302-7f3a9c21',
          sourceType: 'phone',
        },
        placedAt: '2026-03-02T09:14:05.000Z',
        updatedAt: '2026-03-02T09:16:40.000Z',
        originalOffset: '+01:00',
        currency: 'EUR',
        taxesIncluded: true,
        status: { order: 'open', payment: 'pending', fulfillment: 'unfulfilled' },
        customer: { pii: 'none' },
        shippingAddress: { countryCode: 'DE', postalCode: '10115', pii: 'none' },
        lines: [
          { id: '1', sku: 'TEA-GREEN-250', quantity: 2, unitPrice: '8.90', total: '17.80' },
          { id: '2', sku: 'MUG-STONE', quantity: 3, unitPrice: '14.50', discount: '4.50', total: '39.00' },
        ],
        totals: { subtotal: '61.30', discount: '4.50', shipping: '4.95', tax: '8.18', total: '61.75' },
      },
    });

    // The hub records the 2xx as delivered under the same key the receiver saw.
    await waitFor(
      async () =>
        (await t.hub.store.getDelivery(String(delivery.headers['webhook-id'])))?.state === 'delivered',
      10_000,
      'delivered state',
    );

    // Part one: the tea, by SKU.
    const first = {
      orderId,
      shipmentId: 'WMS-SHP-1001',
      shippedAt: '2026-03-02T15:05:00+01:00',
      carrier: 'DHL',
      service: 'Paket',
      trackingNumber: '00340434161234567890',
      lines: [{ sku: 'TEA-GREEN-250', quantity: 2 }],
    };
    const partial = await postShipment(first);
    expect(partial.statusCode).toBe(201);
    expect(partial.json()).toEqual({ id: expect.stringMatching(/^shp_/), result: 'inserted' });

    // A retry of the same report (lost answer) is the same shipment.
    const repeat = await postShipment(first);
    expect(repeat.statusCode).toBe(200);
    expect(repeat.json()).toEqual({ id: partial.json<{ id: string }>().id, result: 'duplicate' });

    // Part two: the mugs, by line id, completing the order.
    const rest = await postShipment({
      orderId,
      shipmentId: 'WMS-SHP-1002',
      shippedAt: '2026-03-03T10:20:00+01:00',
      carrier: 'DHL',
      trackingNumber: '00340434161234567906',
      lines: [{ lineId: '2', quantity: 3 }],
      final: true,
    });
    expect(rest.statusCode).toBe(201);
    expect(rest.json()).toMatchObject({ result: 'inserted' });

    // The receiver's key may post shipments and nothing else.
    expect((await t.app.inject({ url: '/v1/shipments', headers: receiver })).statusCode).toBe(403);
    const listed = await t.app.inject({ url: `/v1/shipments?orderId=${orderId}`, headers: t.auth });
    expect(listed.statusCode).toBe(200);
    const items = listed.json<{ items: { shipmentId: string; reporterId: string; state: string }[] }>().items;
    expect(items.map((s) => s.shipmentId).sort()).toEqual(['WMS-SHP-1001', 'WMS-SHP-1002']);
    // Phone orders have no sales channel to write a fulfilment back to: the shipments are recorded, then skipped.
    await waitFor(async () => {
      const res = await t.app.inject({ url: `/v1/shipments?orderId=${orderId}`, headers: t.auth });
      return res.json<{ items: { state: string }[] }>().items.every((s) => s.state === 'skipped');
    });
    for (const item of items) expect(item).toMatchObject({ reporterId: erpId });

    // Nothing else reached the receiver for this order: one revision, one delivery.
    expect(deliveriesOf(orderId)).toHaveLength(1);
  });

  it('answers the documented errors for bad shipments', async () => {
    const entered = await t.app.inject({
      method: 'POST',
      url: `/v1/intake/${hotlineId}/orders`,
      headers: intake,
      payload: { ...phoneOrder, reference: 'PH-20260302-errors01' },
    });
    const { orderId } = entered.json<{ orderId: string }>();
    // The intake answer comes once the record is in the inbox; the order exists once it is normalized.
    await waitFor(async () => (await t.hub.store.getOrder(orderId)) !== null, 15_000, 'order normalized');
    const base = { orderId, shipmentId: 'WMS-ERR-1', shippedAt: '2026-03-02T15:05:00+01:00', carrier: 'DHL' };

    const noCarrier = await postShipment({ orderId, shipmentId: 'WMS-ERR-1', shippedAt: base.shippedAt });
    expect(noCarrier.statusCode).toBe(400);
    expect(noCarrier.json().error.code).toBe('API_VALIDATION_FAILED');
    expect(noCarrier.json().error.details.length).toBeGreaterThan(0);

    const unknownOrder = await postShipment({ ...base, orderId: 'ord_0000000000000000000000000a' });
    expect(unknownOrder.statusCode).toBe(404);
    expect(unknownOrder.json().error.code).toBe('SHIPMENT_ORDER_UNKNOWN');

    const strayLine = await postShipment({ ...base, lines: [{ sku: 'TEA-BLACK-500', quantity: 1 }] });
    expect(strayLine.statusCode).toBe(422);
    expect(strayLine.json().error.code).toBe('SHIPMENT_LINE_UNKNOWN');

    const notADestination = await postShipment(base, hotlineId);
    expect(notADestination.statusCode).toBe(404);
    expect(notADestination.json().error.code).toBe('API_NOT_FOUND');

    const listed = await t.app.inject({ url: `/v1/shipments?orderId=${orderId}`, headers: t.auth });
    expect(listed.json().items).toEqual([]);

    // Voiding: the same shipmentId again with `voided: true` changes the recorded shipment.
    expect((await postShipment(base)).statusCode).toBe(201);
    const voided = await postShipment({ ...base, voided: true });
    expect(voided.statusCode).toBe(200);
    expect(voided.json()).toMatchObject({ result: 'updated' });
  });

  it('sends a cancellation as an order.cancelled event of the newer revision, under its own webhook-id', async () => {
    const reference = 'PH-20260302-cancel01';
    const order = { ...phoneOrder, reference };
    const entered = await t.app.inject({
      method: 'POST',
      url: `/v1/intake/${hotlineId}/orders`,
      headers: intake,
      payload: order,
    });
    const { orderId } = entered.json<{ orderId: string }>();
    await waitFor(() => deliveriesOf(orderId).length === 1, 15_000, 'revision 1');

    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/v1/intake/${hotlineId}/orders`,
      headers: intake,
      payload: { ...order, status: 'cancelled', updatedAt: '2026-03-02T11:02:00+01:00' },
    });
    expect(cancelled.statusCode).toBe(201);
    const [first, second] = await waitFor(
      () => deliveriesOf(orderId).length === 2 && deliveriesOf(orderId),
      15_000,
      'the cancellation',
    );
    if (!first || !second) throw new Error('expected two deliveries');
    expect(verifyOrderHubWebhook(signingSecret, second.headers, second.body)).toBe(true);
    expect(second.headers['webhook-id']).not.toBe(first.headers['webhook-id']);
    const [older, newer] = [envelopeOf(first), envelopeOf(second)];
    expect(older).toMatchObject({ type: 'order.upserted', data: { revision: 1, status: { order: 'open' } } });
    expect(newer).toMatchObject({
      type: 'order.cancelled',
      timestamp: '2026-03-02T10:02:00.000Z',
      data: { id: orderId, revision: 2, status: { order: 'cancelled' } },
    });
  });
});
