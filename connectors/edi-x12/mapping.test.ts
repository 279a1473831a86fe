import { describe, expect, it } from 'vitest';
import { MappingError } from '../../src/sdk';
import { readFixture } from '../../src/sdk/testkit';
import { resolveConfig } from './config';
import { renderInterchange } from './envelope';
import ediX12 from './index';
import { parseSegments, readDelimiters, transactions, el } from './x12';
import { baseConfig, canonical, outboundFixtures, tables } from './test-helpers';

const mapping = { connectionId: 'con_test', config: {}, tables };

describe('edi-x12 mapping', () => {
  it('ships fixtures for a Chinese address, multi-currency, tax-inclusive, discounts and two shipping lines', () => {
    expect(outboundFixtures()).toEqual(
      expect.arrayContaining([
        'cn-address',
        'eu-multi-currency',
        'eu-tax-inclusive',
        'us-web',
        'us-two-shipping-lines-discount',
      ]),
    );
  });

  it.each(outboundFixtures())('%s maps to its expected 940 body', (name) => {
    expect(ediX12.fromCanonical(canonical(name), mapping)).toEqual(
      readFixture('edi-x12', `outbound/${name}.payload.json`),
    );
  });

  it('uses the hub order id as W05-02, the channel line ids as N9*LI, and leaves gift cards out', () => {
    const payload = ediX12.fromCanonical(canonical('eu-multi-currency'), mapping);
    expect(payload.segments[0]).toEqual(['W05', 'N', 'ord_dk0521fkkz45tnn2nr0x57afss', 'EU-DJ7SVC1']);
    expect(payload.segments.filter((s) => s[0] === 'W01')).toHaveLength(1);
    expect(payload.segments).toContainEqual(['N9', 'LI', 'li_29460132001_1']);
  });

  it('refuses a shipping service missing from the SCAC table, naming the table and the key', () => {
    const order = canonical('us-web');
    const unknown = { ...order, fulfillment: { requestedService: 'teleport' } };
    expect(() => ediX12.fromCanonical(unknown, mapping)).toThrow(MappingError);
    expect(() => ediX12.fromCanonical(unknown, mapping)).toThrow(
      /"teleport" in lookup table edi-x12-carrier/,
    );
  });

  it('refuses a shipped line without SKU, an order without address, and an address line X12 cannot hold', () => {
    const order = canonical('us-web');
    const noSku = { ...order, lines: order.lines.map((l, i) => (i === 1 ? { ...l, sku: null } : l)) };
    expect(() => ediX12.fromCanonical(noSku, mapping)).toThrow(
      expect.objectContaining({ path: '/lines/1/sku' }),
    );
    expect(() => ediX12.fromCanonical({ ...order, shippingAddress: null }, mapping)).toThrow(
      expect.objectContaining({ code: 'MAPPING_MISSING_FIELD', path: '/shippingAddress' }),
    );
    const long = {
      ...order,
      shippingAddress: {
        countryCode: 'US',
        name: 'A B',
        city: 'X',
        provinceCode: 'NY',
        line1: 'x'.repeat(56),
      },
    };
    expect(() => ediX12.fromCanonical(long, mapping)).toThrow(
      expect.objectContaining({ path: '/shippingAddress/line1' }),
    );
  });

  it('adds the configured ship-from and depositor N1 loops', () => {
    const payload = ediX12.fromCanonical(canonical('us-web'), {
      ...mapping,
      config: {
        shipFrom: { name: 'East Warehouse', idQualifier: '92', id: 'EWH1' },
        depositor: { name: 'Demo Shop' },
      },
    });
    expect(payload.segments).toContainEqual(['N1', 'SF', 'East Warehouse', '92', 'EWH1']);
    expect(payload.segments).toContainEqual(['N1', 'DE', 'Demo Shop']);
  });
});

describe('edi-x12 envelope', () => {
  const payload = ediX12.fromCanonical(canonical('us-web'), mapping);
  const now = new Date('2026-01-05T14:03:00Z');

  it('wraps the body in ISA/GS/ST with counts that a reader accepts, the ISA exactly 106 characters', () => {
    const text = renderInterchange(payload, resolveConfig(baseConfig), 42, now, 'upsert');
    expect(text.split('\n')[0]).toHaveLength(106);
    expect(
      text.startsWith(
        'ISA*00*          *00*          *ZZ*ORDERHUBDEMO   *ZZ*EASTWH3PL      *260105*1403*U*00401*000000042*0*T*>~',
      ),
    ).toBe(true);
    const [tx] = transactions(parseSegments(text).segments);
    expect(tx).toMatchObject({
      functionalId: 'OW',
      groupControl: '42',
      version: '004010',
      setId: '940',
      setControl: '0042',
    });
    expect(tx?.body).toHaveLength(payload.segments.length);
    expect(text).toContain('\nGE*1*42~\nIEA*1*000000042~');
  });

  it('writes 005010 with a repetition separator, W05-01 R for a later revision and F for a cancel', () => {
    const config = resolveConfig({
      ...baseConfig,
      version: '005010',
      newlineAfterSegment: false,
      partnerUtcOffset: '-05:00',
    });
    const text = renderInterchange({ ...payload, revision: 3 }, config, 7, now, 'upsert');
    expect(readDelimiters(text)).toEqual({ element: '*', segment: '~', component: '>', repetition: '^' });
    expect(text).toContain('*260105*0903*^*00501*000000007*');
    expect(text).toContain('~GS*OW*ORDERHUBDEMO*EASTWH3PL*20260105*0903*7*X*005010~');
    expect(text).toContain('~W05*R*ord_gd0p6yatnfpdjegqqzvrzzt15n*');
    const cancel = renderInterchange(payload, config, 8, now, 'cancel');
    const [tx] = transactions(parseSegments(cancel).segments);
    expect(el(tx?.body[0], 1)).toBe('F');
  });
});
