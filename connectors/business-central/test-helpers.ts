import { loadTables } from '../../src/pipeline/tables';
import { destinationTestKit } from '../../src/sdk';
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

const kit = destinationTestKit(businessCentral, TEST_CONFIG, {
  at: '2026-01-06T12:00:00Z',
  tables,
  deliveryKey: 'dlv_0123456789abcdefghjkmnpqrs',
});
export const { info, canonical, httpFixture: http, failure, context, mapping } = kit;
