import { describe, expect, it } from 'vitest';
import { MappingError, type WebhookRequest } from '../../src/sdk';
import { readFixtureText } from '../../src/sdk/testkit';
import qimen from './index';
import { qimenSign } from './sign';
import { config } from './test-helpers';

const inbound = qimen.inbound;
if (!inbound) throw new Error('qimen receives pushes');

function pushed(
  file: string,
  method = 'taobao.qimen.deliveryorder.confirm',
  secret = config.appSecret ?? '',
) {
  const body = readFixtureText('qimen', `inbound/${file}`);
  const query: Record<string, string> = {
    method,
    app_key: '21450003',
    customerId: 'ERP-DEMO',
    format: 'xml',
    sign_method: 'md5',
    timestamp: '2026-01-06 10:12:50',
    v: '2.0',
  };
  query.sign = qimenSign(query, body, secret);
  const req = { headers: { 'content-type': 'text/xml' }, rawBody: Buffer.from(body), query };
  return req;
}

describe('qimen inbound deliveryorder.confirm', () => {
  it('verifies the MD5 signature over the query parameters and the body', () => {
    const req = pushed('confirm-partial.xml');
    expect(inbound.verify(req, config)).toEqual({ ok: true });
    const tampered = {
      ...req,
      rawBody: Buffer.from(req.rawBody.toString().replace('2</actualQty>', '9</actualQty>')),
    };
    expect(inbound.verify(tampered, config)).toEqual({ ok: false, code: 'WEBHOOK_SIGNATURE_INVALID' });
    const unsigned: WebhookRequest = { headers: {}, rawBody: req.rawBody };
    expect(inbound.verify(unsigned, config)).toEqual({ ok: false, code: 'WEBHOOK_SIGNATURE_MISSING' });
    const direct = pushed('confirm-partial.xml', 'deliveryorder.confirm', 'wms-own-secret');
    expect(inbound.verify(direct, { ...config, inboundAppSecret: 'wms-own-secret' })).toEqual({ ok: true });
  });

  it('reads a partial confirmation: outBizCode as shipment id, lines shipped so far, not final, and replies success', () => {
    const { shipments, reply } = inbound.parse(pushed('confirm-partial.xml'), config);
    expect(shipments).toEqual([
      {
        orderId: 'ord_jjg4h9pgzh96h52yf233cw8sch',
        shipmentId: 'CFM-20260106-000981',
        shippedAt: '2026-01-06T10:12:45+08:00',
        carrier: 'SF',
        service: '顺丰速运',
        trackingNumber: 'SF1402938475610',
        lines: [{ sku: 'TSHIRT-BLK-M', lineId: 'li_29460122009_1', quantity: 2 }],
        final: false,
      },
    ]);
    expect(reply).toEqual({
      contentType: 'text/xml;charset=utf-8',
      body: '<?xml version="1.0" encoding="utf-8"?><response><flag>success</flag><code>0</code><message>OK</message></response>',
    });
    expect(inbound.parse(pushed('confirm-partial.xml'), config).shipments[0]?.shipmentId).toBe(
      'CFM-20260106-000981',
    );
  });

  it('gives one report per parcel of a final confirmation, the last one final', () => {
    const { shipments } = inbound.parse(
      pushed('confirm-final-two-parcels.xml', 'deliveryorder.confirm'),
      config,
    );
    expect(shipments.map((s) => [s.shipmentId, s.trackingNumber, s.lines, s.final])).toEqual([
      [
        'CFM-20260105-000877/SF1402938470001',
        'SF1402938470001',
        [
          { sku: 'TSHIRT-BLK-M', quantity: 1 },
          { sku: 'TOTE-CNV', quantity: 1 },
        ],
        false,
      ],
      ['CFM-20260105-000877/SF1402938470002', 'SF1402938470002', [{ sku: 'MUG-CER-350', quantity: 1 }], true],
    ]);
  });

  it('acknowledges status reports without shipments and refuses unknown methods and broken bodies', () => {
    expect(
      inbound.parse(pushed('confirm-partial.xml', 'taobao.qimen.orderprocess.report'), config).shipments,
    ).toEqual([]);
    expect(() =>
      inbound.parse(pushed('confirm-partial.xml', 'taobao.qimen.entryorder.confirm'), config),
    ).toThrow(MappingError);
    const broken = { ...pushed('confirm-partial.xml'), rawBody: Buffer.from('<request><deliveryOrder>') };
    expect(() => inbound.parse(broken, config)).toThrow(MappingError);
    const badType = {
      ...pushed('confirm-partial.xml'),
      rawBody: Buffer.from(
        pushed('confirm-partial.xml').rawBody.toString().replace('<confirmType>1', '<confirmType>7'),
      ),
    };
    expect(() => inbound.parse(badType, config)).toThrow(
      expect.objectContaining({ code: 'MAPPING_UNKNOWN_VALUE' }),
    );
  });
});
