import {
  rawFixtureNames,
  readFixture,
  readJsonObjectFixture,
  type JsonObject,
  type LookupTables,
  type MappingContext,
} from '../../src/sdk';
import type { BigCommerceConfig } from './config';

/** Settings every BigCommerce test uses; the values are fictitious. */
export const TEST_CONFIG: BigCommerceConfig = {
  storeHash: 'k7q2mx9pd4',
  accessToken: 'bc-fixture-access-token-0123456789',
  webhookSecret: 'bc-hook-secret-7Qm2Xv9Lp4Rt8Wz1',
};

export const API = 'https://api.bigcommerce.com';
export const BASE = `/stores/${TEST_CONFIG.storeHash}`;

/** The lookup tables fixtures are written against (the shipped `mappings/bigcommerce-*.json`). */
export const TABLES: LookupTables = {
  'bigcommerce-source-types': { external: 'marketplace' },
};

export function mappingContext(tables: LookupTables = TABLES): MappingContext<BigCommerceConfig> {
  return { connectionId: 'con_test', config: TEST_CONFIG, tables };
}

export const fixtureNames = (folder: 'orders' | 'rejects'): string[] =>
  rawFixtureNames('bigcommerce', folder);

/** A fixture as a JSON object (throws when it is not one). */
export const fixtureObject = (file: string): JsonObject => readJsonObjectFixture('bigcommerce', file);

/** A fixture as a JSON body nock can answer with. */
export function body(file: string): object {
  const value = readFixture('bigcommerce', file);
  if (typeof value !== 'object' || value === null) throw new Error(`${file} is not JSON`);
  return value;
}
