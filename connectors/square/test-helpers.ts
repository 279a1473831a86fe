import {
  rawFixtureNames,
  readJsonObjectFixture,
  type JsonObject,
  type LookupTables,
  type MappingContext,
} from '../../src/sdk';
import type { SquareConfig } from './config';

/** Settings every Square test uses; the values are fictitious. */
export const TEST_CONFIG: SquareConfig = {
  environment: 'production',
  accessToken: 'EAAA-fixture-access-token-0123456789',
  locationIds: ['L7XK2M9PQRST4', 'LONLINE5WEB01'],
  webhookSignatureKey: 'sq-sig-key-fixture-Ab3dEf6hIj9k',
  webhookNotificationUrl: 'https://hub.example.com/v1/webhooks/con_test',
};

export const API = 'https://connect.squareup.com';

/** The shipped tables the fixtures are written against. */
export const TABLES: LookupTables = {
  'square-skus': { VAR7QPLNTR3CERM: 'PLN-CER-M-SAGE', VAR2SOIL8QT0001: 'SOIL-8QT' },
  'square-source-types': { 'Square Invoices': 'phone' },
};

export function mappingContext(tables: LookupTables = TABLES): MappingContext<SquareConfig> {
  return { connectionId: 'con_test', config: TEST_CONFIG, tables };
}

export const fixtureNames = (folder: 'orders' | 'rejects'): string[] => rawFixtureNames('square', folder);

export const fixtureObject = (file: string): JsonObject => readJsonObjectFixture('square', file);
