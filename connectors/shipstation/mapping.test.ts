import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/core/validation';
import { mappingFailure, readFixture, type CanonicalOrder } from '../../src/sdk';
import shipstation from './index';
import type { ShipStationConfig } from './config';
import { canonical, mappingContext, outboundNames, TABLES } from './test-helpers';
import { toZonedDate, toZonedNaive, zonedNaiveToUtc } from './time-zone';

const map = (order: CanonicalOrder, config: Partial<ShipStationConfig> = {}, tables = TABLES) =>
  shipstation.fromCanonical(order, mappingContext(config, tables));

describe('shipstation fromCanonical', () => {
  it('ships fixtures for multi-currency, tax-inclusive, discounts, several shipping lines and a Chinese address', () => {
    expect(outboundNames()).toEqual(['cn-address', 'eu-multi-currency', 'eu-tax-inclusive', 'us-web']);
    expect(canonical('cn-address').shippingAddress?.countryCode).toBe('CN');
    expect(canonical('eu-multi-currency').presentment?.currency).toBe('DKK');
    expect(canonical('eu-tax-inclusive').taxesIncluded).toBe(true);
    expect(canonical('us-web').shippingLines).toHaveLength(2);
    expect(canonical('us-web').discounts.length).toBeGreaterThan(0);
  });

  it.each(outboundNames())('%s maps to its expected V1 order', (name) => {
    expect(map(canonical(name))).toEqual(readFixture('shipstation', `outbound/${name}.payload.json`));
  });

  it('uses the hub order id as orderKey, the same for every revision', () => {
    const order = canonical('us-web');
    const next = { ...order, revision: 7, updatedAt: '2026-01-06T08:00:00Z' };
    expect(map(order).orderKey).toBe(order.id);
    expect(map(next).orderKey).toBe(order.id);
  });

  it('keeps the sum of items, shipping and tax equal to the amount paid', () => {
    const payload = map(canonical('us-web'));
    const items = payload.items.reduce((t, i) => t + i.unitPrice * i.quantity, 0);
    expect(Math.round((items + payload.shippingAmount + payload.taxAmount) * 100) / 100).toBe(
      payload.amountPaid,
    );
    const inclusive = map(canonical('eu-tax-inclusive'));
    expect(inclusive.taxAmount).toBe(0);
    expect(inclusive.internalNotes).toContain('prices include tax of 17.66');
    expect(inclusive.items.at(-1)).toMatchObject({ adjustment: true, unitPrice: -10.11 });
  });

  it('writes dates as offset-less wall-clock time of the configured zone', () => {
    const order = canonical('us-web');
    expect(map(order).orderDate).toBe('2026-01-05T04:55:59.9690000');
    expect(map(order, { timeZone: 'Europe/Berlin' }).orderDate).toBe('2026-01-05T13:55:59.9690000');
  });

  it('puts the district of a Chinese address on street3', () => {
    expect(map(canonical('cn-address')).shipTo).toMatchObject({
      street1: '科技园南路88号',
      street3: '南山区',
    });
  });

  it('refuses a shipping method missing from shipstation-service, naming the table and key', () => {
    const tables = { ...TABLES, 'shipstation-service': {} };
    const error = mappingFailure(() => map(canonical('us-web'), {}, tables));
    expect(error.code).toBe('MAPPING_UNKNOWN_VALUE');
    expect(error.path).toBe('/fulfillment/requestedService');
    expect(error.message).toContain('"ups_2day"');
    expect(error.message).toContain('shipstation-service');
  });

  it('falls back to the first shipping line code only when no service is requested, and honours auto', () => {
    const order = { ...canonical('us-web'), fulfillment: {} };
    expect(map(order)).toMatchObject({ carrierCode: 'ups_walleted', serviceCode: 'ups_2nd_day_air' });
    const auto = { ...TABLES, 'shipstation-service': { ups_2day: 'auto' } };
    expect(map(order, {}, auto)).toMatchObject({ carrierCode: null, serviceCode: null });
    const broken = { ...TABLES, 'shipstation-service': { ups_2day: 'UPS Ground' } };
    expect(mappingFailure(() => map(order, {}, broken)).code).toBe('MAPPING_FAILED');
  });

  it('maps a fulfilment location through shipstation-warehouse and refuses an unknown one', () => {
    const order = {
      ...canonical('us-web'),
      fulfillment: { requestedService: 'ups_2day', locationId: 'loc_nyc' },
    };
    const error = mappingFailure(() => map(order));
    expect(error.path).toBe('/fulfillment/locationId');
    expect(error.message).toContain('shipstation-warehouse');
    const tables = { ...TABLES, 'shipstation-warehouse': { loc_nyc: '145832' } };
    expect(map(order, {}, tables).advancedOptions.warehouseId).toBe(145832);
  });

  it('refuses an order in another currency than the account when the currency is configured', () => {
    expect(map(canonical('us-web'), { currency: 'USD' }).amountPaid).toBe(90.58);
    const error = mappingFailure(() => map(canonical('eu-tax-inclusive'), { currency: 'USD' }));
    expect(error).toMatchObject({ code: 'MAPPING_UNKNOWN_VALUE', path: '/currency' });
  });

  it('refuses orders it cannot ship: no address, a shipped line without SKU, nothing to ship', () => {
    const order = canonical('us-web');
    expect(mappingFailure(() => map({ ...order, shippingAddress: null })).path).toBe('/shippingAddress');
    const noSku = { ...order, lines: order.lines.map((l, i) => (i === 1 ? { ...l, sku: null } : l)) };
    expect(mappingFailure(() => map(noSku)).path).toBe('/lines/1/sku');
    const digital = { ...order, lines: order.lines.map((l) => ({ ...l, requiresShipping: false })) };
    expect(mappingFailure(() => map(digital)).code).toBe('MAPPING_FAILED');
  });

  it('maps statuses without guessing', () => {
    const order = canonical('us-web');
    const at = (status: Partial<CanonicalOrder['status']>) =>
      map({ ...order, status: { ...order.status, ...status } });
    expect(at({ payment: 'pending' }).orderStatus).toBe('awaiting_payment');
    expect(at({ payment: 'authorized' }).orderStatus).toBe('awaiting_shipment');
    expect(at({ fulfillment: 'on_hold' }).orderStatus).toBe('on_hold');
    expect(at({ fulfillment: 'fulfilled' }).orderStatus).toBe('shipped');
    expect(at({ order: 'cancelled' }).orderStatus).toBe('cancelled');
    expect(mappingFailure(() => at({ fulfillment: 'restocked' })).path).toBe('/status/fulfillment');
    expect(mappingFailure(() => at({ payment: 'voided' })).path).toBe('/status/payment');
  });

  it('has a strict config schema with the credentials write-only', () => {
    const validate = compileSchema<ShipStationConfig>(shipstation.configSchema);
    expect(validate({ apiKey: 'k', apiSecret: 's' }).ok).toBe(true);
    expect(validate({ apiKey: 'k', apiSecret: 's', storeId: 22766, currency: 'USD' }).ok).toBe(true);
    expect(validate({ apiKey: 'k' }).ok).toBe(false);
    expect(validate({ apiKey: 'k', apiSecret: 's', currency: 'usd' }).ok).toBe(false);
    expect(validate({ apiKey: 'k', apiSecret: 's', extra: 1 }).ok).toBe(false);
  });
});

describe('shipstation time zone helpers', () => {
  it('converts wall-clock times both ways across daylight saving time', () => {
    expect(zonedNaiveToUtc('2026-01-06T09:14:27.5170000', 'America/Los_Angeles')).toBe(
      '2026-01-06T17:14:27.517Z',
    );
    expect(zonedNaiveToUtc('2026-07-01T10:00:00', 'America/Los_Angeles')).toBe('2026-07-01T17:00:00.000Z');
    expect(toZonedNaive('2026-07-01T17:00:00.000Z', 'America/Los_Angeles')).toBe(
      '2026-07-01T10:00:00.0000000',
    );
    expect(toZonedDate('2026-01-06T07:00:00Z', 'America/Los_Angeles')).toBe('2026-01-05');
    expect(zonedNaiveToUtc('2026-01-06T09:14:27Z', 'America/Los_Angeles')).toBeUndefined();
  });
});
