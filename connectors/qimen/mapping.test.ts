import { describe, expect, it } from 'vitest';
import { MappingError } from '../../src/sdk';
import { readFixture } from '../../src/sdk/testkit';
import qimen from './index';
import { buildXml, child, childrenOf, parseXml, textAt, XmlSyntaxError } from './xml';
import { qimenSign } from './sign';
import { canonical, mapping, outboundFixtures } from './test-helpers';

describe('qimen mapping', () => {
  it('ships fixtures for Chinese addresses, multi-currency with discount, tax-inclusive and two shipping lines', () => {
    expect(outboundFixtures()).toEqual(
      expect.arrayContaining([
        'cn-address',
        'cn-multi-currency-discount',
        'us-web',
        'us-two-shipping-lines-discount',
      ]),
    );
  });

  it.each(outboundFixtures())('%s maps to its expected delivery order', (name) => {
    expect(qimen.fromCanonical(canonical(name), mapping())).toEqual(
      readFixture('qimen', `outbound/${name}.payload.json`),
    );
  });

  it('maps province/city/area from the canonical Chinese address and sends amounts only in yuan', () => {
    const cn = qimen.fromCanonical(canonical('cn-multi-currency-discount'), mapping());
    expect(cn.deliveryOrder.receiverInfo).toMatchObject({
      province: '广东省',
      city: '广州市',
      area: '天河区',
    });
    expect(cn.deliveryOrder).toMatchObject({
      deliveryOrderCode: 'ord_jjg4h9pgzh96h52yf233cw8sch',
      totalAmount: '429.00',
      discountAmount: '20.00',
    });
    expect(cn.orderLines.orderLine[0]).toMatchObject({
      retailPrice: '169.00',
      actualPrice: '159.00',
      planQty: '2',
    });
    const usd = qimen.fromCanonical(canonical('us-web'), mapping());
    expect(usd.deliveryOrder.totalAmount).toBeUndefined();
    expect(usd.orderLines.orderLine[0]?.retailPrice).toBeUndefined();
  });

  it('takes warehouse and owner from the connection when set, and item codes from qimen-item when asked', () => {
    const order = canonical('cn-address');
    const p = qimen.fromCanonical(order, mapping({ warehouseCode: 'HZ-01', ownerCode: 'OWN-9' }));
    expect(p.deliveryOrder).toMatchObject({ warehouseCode: 'HZ-01', ownerCode: 'OWN-9' });
    expect(() => qimen.fromCanonical(order, mapping({ itemCodesFromTable: true }))).toThrow(
      /no entry "TSHIRT-BLK-M" in lookup table qimen-item/,
    );
  });

  it('refuses unknown logistics services, missing provinces and encrypted addresses with MappingError', () => {
    const order = canonical('cn-address');
    expect(() =>
      qimen.fromCanonical({ ...order, fulfillment: { requestedService: 'donkey' } }, mapping()),
    ).toThrow(
      expect.objectContaining({ code: 'MAPPING_UNKNOWN_VALUE', path: '/fulfillment/requestedService' }),
    );
    const address = order.shippingAddress;
    if (!address) throw new Error('fixture has an address');
    expect(() =>
      qimen.fromCanonical({ ...order, shippingAddress: { ...address, province: null } }, mapping()),
    ).toThrow(expect.objectContaining({ path: '/shippingAddress/province' }));
    expect(() =>
      qimen.fromCanonical({ ...order, shippingAddress: { ...address, pii: 'encrypted' } }, mapping()),
    ).toThrow(MappingError);
    expect(() =>
      qimen.fromCanonical({ ...order, channel: { ...order.channel, storeId: 'mars' } }, mapping()),
    ).toThrow(/no entry "mars" in lookup table qimen-warehouse/);
  });
});

describe('qimen XML and signature', () => {
  it('escapes text, keeps element order and reads back what it wrote', () => {
    const xml = buildXml('request', {
      a: 'x & <y> "z"',
      list: { item: [{ n: '1' }, { n: '2' }] },
      skip: undefined,
    });
    expect(xml).toBe(
      '<?xml version="1.0" encoding="utf-8"?><request><a>x &amp; &lt;y&gt; &quot;z&quot;</a><list><item><n>1</n></item><item><n>2</n></item></list></request>',
    );
    const root = parseXml(xml);
    expect(textAt(root, 'a')).toBe('x & <y> "z"');
    expect(childrenOf(child(root, 'list'), 'item').map((i) => textAt(i, 'n'))).toEqual(['1', '2']);
  });

  it('reads CDATA, numeric entities and comments, and refuses DOCTYPEs and broken documents', () => {
    const root = parseXml(
      '<?xml version="1.0"?><!-- c --><r><a><![CDATA[<b>&]]></a><b>&#20013;&#x6587;</b><c/></r>',
    );
    expect([textAt(root, 'a'), textAt(root, 'b'), textAt(root, 'c')]).toEqual(['<b>&', '中文', '']);
    expect(() => parseXml('<!DOCTYPE x [<!ENTITY e "boom">]><r>&e;</r>')).toThrow(XmlSyntaxError);
    expect(() => parseXml('<r><a></r>')).toThrow(XmlSyntaxError);
    expect(() => parseXml('<r>&bogus;</r>')).toThrow(XmlSyntaxError);
  });

  it('signs as MD5(secret + sorted name/value pairs + body + secret), upper-case hex', () => {
    // Worked example: secret "test", two params and a body, computed independently with `md5sum`.
    expect(qimenSign({ v: '2.0', method: 'x', sign: 'ignored' }, '<r/>', 'test')).toBe(
      '808B4FE407F3480354DE6FEE2E477375',
    );
  });
});
