import {
  createTestContext,
  rawFixtureNames,
  readFixture,
  type LookupTables,
  type MappingContext,
  type TestContext,
  type TestContextOptions,
} from '../../src/sdk';
import type { ShopifyConfig } from './config';
import shopify from './index';

/** Settings every Shopify test uses; the values are fictitious. */
export const TEST_CONFIG: ShopifyConfig = {
  shopDomain: 'northwind-test.myshopify.com',
  accessToken: 'shpat_fixture_token_0123456789',
  webhookSecret: 'whsec-fixture-client-secret',
  // The REST tests say so: a connection without `api` reads GraphQL, without `webhookMode` takes notices.
  api: 'rest',
  webhookMode: 'full',
};

/** Where nock listens: the shop's Admin API host. */
export const SHOP_ORIGIN = `https://${TEST_CONFIG.shopDomain}`;

/** The mapping context fixtures are written against: the test kit's connection id, no lookup tables. */
export function mappingContext(tables: LookupTables = {}): MappingContext<ShopifyConfig> {
  return { connectionId: 'con_test', config: TEST_CONFIG, tables };
}

/** Names (without `.json`) of the raw records in a fixture folder, skipping expectation files. */
export const fixtureNames = (folder: 'orders' | 'rejects'): string[] => rawFixtureNames('shopify', folder);

/** A raw fixture order as a mutable object, for tests that vary one field. */
export function rawOrder(name: string): Record<string, unknown> {
  const value = readFixture('shopify', `orders/${name}.json`);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${name} is not an object`);
  return { ...value };
}

/** A test context with the connector's own rate buckets, as the hub gives it. */
export function testContext(
  config: ShopifyConfig = TEST_CONFIG,
  options: TestContextOptions = {},
): TestContext<ShopifyConfig> {
  return createTestContext(config, { rateLimits: shopify.rateLimits, ...options });
}
