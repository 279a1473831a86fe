import { readFixture, type LookupTables, type MappingContext } from '../../src/sdk';
import type { WooCommerceConfig } from './config';

/** Settings every WooCommerce test uses; the values are fictitious. */
export const TEST_CONFIG: WooCommerceConfig = {
  siteUrl: 'https://shop.example.com',
  consumerKey: 'ck_fixture_0123456789abcdef',
  consumerSecret: 'cs_fixture_fedcba9876543210',
  webhookSecret: 'wh-fixture-secret-5f2c',
};

export const ORIGIN = 'https://shop.example.com';
export const ORDERS_PATH = '/wp-json/wc/v3/orders';
export const BASIC = `Basic ${Buffer.from(`${TEST_CONFIG.consumerKey}:${TEST_CONFIG.consumerSecret}`).toString('base64')}`;

export function mappingContext(tables: LookupTables = {}): MappingContext<WooCommerceConfig> {
  return { connectionId: 'con_test', config: TEST_CONFIG, tables };
}

/** A fixture as a JSON value for nock replies and mapping input. */
export function fixture(file: string): Record<string, unknown> | unknown[] {
  const value = readFixture('woocommerce', file);
  if (typeof value !== 'object' || value === null) throw new Error(`${file} is not JSON data`);
  return Array.isArray(value) ? value : { ...value };
}

/** A raw composite order fixture. */
export function composite(name: string): { order: Record<string, unknown>; refunds: unknown[] } {
  const value = readFixture('woocommerce', `orders/${name}.json`);
  if (typeof value !== 'object' || value === null || !('order' in value) || !('refunds' in value)) {
    throw new Error(`${name} is not a composite`);
  }
  const { order, refunds } = value;
  if (typeof order !== 'object' || order === null || !Array.isArray(refunds))
    throw new Error(`${name} shape`);
  return { order: { ...order }, refunds };
}

export const JSON_HEADERS = { 'content-type': 'application/json; charset=UTF-8' };
