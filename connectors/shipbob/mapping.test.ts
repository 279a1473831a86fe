import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/core/validation';
import { mappingFailure, readFixture, type CanonicalOrder } from '../../src/sdk';
import shipbob from './index';
import type { ShipBobConfig } from './config';
import { canonical, mappingContext, outboundNames, TABLES } from './test-helpers';

const map = (order: CanonicalOrder, tables = TABLES) =>
  shipbob.fromCanonical(order, mappingContext({}, tables));

describe('shipbob fromCanonical', () => {
  it('ships fixtures for multi-currency, tax-inclusive, discounts, several shipping lines and a Chinese address', () => {
    expect(outboundNames()).toEqual(['cn-address', 'eu-multi-currency', 'eu-tax-inclusive', 'us-web']);
    expect(canonical('cn-address').shippingAddress?.countryCode).toBe('CN');
    expect(canonical('eu-multi-currency').presentment?.currency).toBe('DKK');
    expect(canonical('eu-tax-inclusive').taxesIncluded).toBe(true);
    expect(canonical('us-web').shippingLines).toHaveLength(2);
  });

  it.each(outboundNames())('%s maps to its expected ShipBob order', (name) => {
    expect(map(canonical(name))).toEqual(readFixture('shipbob', `outbound/${name}.payload.json`));
  });

  it('uses the hub order id as reference_id for every revision', () => {
    const order = canonical('us-web');
    expect(map({ ...order, revision: 4 }).reference_id).toBe(order.id);
  });

  it('sends financials only for USD orders, as ShipBob reads total_price in US dollars', () => {
    expect(map(canonical('us-web')).financials).toEqual({ total_price: 90.58 });
    expect(map(canonical('eu-tax-inclusive')).financials).toBeUndefined();
  });

  it('leaves gift cards out and keeps the Chinese district on address2', () => {
    expect(map(canonical('eu-multi-currency')).products.map((p) => p.reference_id)).toEqual(['TOTE-CNV']);
    expect(map(canonical('cn-address')).recipient.address).toMatchObject({
      address1: '科技园南路88号',
      address2: '南山区',
    });
  });

  it('refuses a shipping method missing from shipbob-shipping-method instead of letting ShipBob pick Standard', () => {
    const error = mappingFailure(() =>
      map(canonical('us-web'), { ...TABLES, 'shipbob-shipping-method': {} }),
    );
    expect(error).toMatchObject({ code: 'MAPPING_UNKNOWN_VALUE', path: '/fulfillment/requestedService' });
    expect(error.message).toContain('"ups_2day"');
    expect(error.message).toContain('shipbob-shipping-method');
    const noMethod = { ...canonical('us-web'), fulfillment: {}, shippingLines: [] };
    expect(mappingFailure(() => map(noMethod)).code).toBe('MAPPING_MISSING_FIELD');
  });

  it('maps a fulfilment location through shipbob-location and refuses an unknown one', () => {
    const order = {
      ...canonical('us-web'),
      fulfillment: { requestedService: 'ups_2day', locationId: 'loc_nyc' },
    };
    expect(mappingFailure(() => map(order)).message).toContain('shipbob-location');
    expect(map(order, { ...TABLES, 'shipbob-location': { loc_nyc: '6' } }).location_id).toBe(6);
    expect(
      mappingFailure(() => map(order, { ...TABLES, 'shipbob-location': { loc_nyc: 'Cicero' } })).code,
    ).toBe('MAPPING_FAILED');
  });

  it('refuses orders it cannot ship', () => {
    const order = canonical('us-web');
    expect(mappingFailure(() => map({ ...order, shippingAddress: null })).path).toBe('/shippingAddress');
    const noStreet = { ...order, shippingAddress: { countryCode: 'US', name: 'A B', city: 'New York' } };
    expect(mappingFailure(() => map(noStreet)).path).toBe('/shippingAddress/line1');
    const noSku = { ...order, lines: order.lines.map((l, i) => (i === 0 ? { ...l, sku: null } : l)) };
    expect(mappingFailure(() => map(noSku)).path).toBe('/lines/0/sku');
  });

  it('has a strict config schema with the token write-only', () => {
    const validate = compileSchema<ShipBobConfig>(shipbob.configSchema);
    expect(validate({ accessToken: 't', channelId: 100204 }).ok).toBe(true);
    expect(validate({ accessToken: 't', channelId: 100204, environment: 'sandbox' }).ok).toBe(true);
    expect(validate({ accessToken: 't' }).ok).toBe(false);
    expect(validate({ accessToken: 't', channelId: 1, environment: 'staging' }).ok).toBe(false);
    expect(shipbob.configSchema.properties['accessToken']).toMatchObject({ writeOnly: true });
  });
});
