import { loadTables } from '../../src/pipeline/tables';
import { validateCanonicalOrder } from '../../src/core/validation';
import {
  ConnectorError,
  createTestContext,
  fixedClock,
  readFixture,
  type CanonicalOrder,
  type DeliveryInfo,
} from '../../src/sdk';
import businessCentral, { type BusinessCentralConfig } from './index';

export const TEST_CONFIG: BusinessCentralConfig = {
  tenantId: 'contoso.onmicrosoft.com',
  environment: 'production',
  companyId: '5d115c9c-44e3-ea11-bb43-000d3a2feca1',
  clientId: '11111111-2222-4333-8444-555555555555',
  clientSecret: 'bc-fixture-client-secret',
};
export const LOGIN = 'https://login.microsoftonline.com';
export const TOKEN_PATH = '/contoso.onmicrosoft.com/oauth2/v2.0/token';
export const API = 'https://api.businesscentral.dynamics.com';
export const COMPANY = `/v2.0/contoso.onmicrosoft.com/production/api/v2.0/companies(${TEST_CONFIG.companyId})`;
export const JSON_TYPE = { 'content-type': 'application/json; odata.metadata=minimal' };
export const tables = await loadTables();

export function context(config: Partial<BusinessCentralConfig> = {}) {
  return createTestContext<BusinessCentralConfig>(
    { ...TEST_CONFIG, ...config },
    { clock: fixedClock('2026-01-06T12:00:00Z'), rateLimits: businessCentral.rateLimits, tables },
  );
}

export const mapping = (config: Partial<BusinessCentralConfig> = {}) => ({
  connectionId: 'con_test',
  config: { ...TEST_CONFIG, ...config },
  tables,
});

export function canonical(name: string): CanonicalOrder {
  const result = validateCanonicalOrder(readFixture('business-central', `outbound/${name}.canonical.json`));
  if (!result.ok) throw new Error(`fixture ${name} is not canonical`);
  return result.value;
}

export const info = (
  order: CanonicalOrder,
  operation: DeliveryInfo['operation'] = 'upsert',
): DeliveryInfo => ({
  key: 'dlv_0123456789abcdefghjkmnpqrs',
  operation,
  orderId: order.id,
  revision: order.revision,
});

export async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ConnectorError)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

export const http = (name: string): object => {
  const value = readFixture('business-central', `http/${name}.json`);
  if (typeof value !== 'object' || value === null) throw new Error(`${name} is not an object`);
  return value;
};
