import { loadTables } from '../../src/pipeline/tables';
import { destinationTestKit } from '../../src/sdk';
import netsuite, { type NetSuiteConfig } from './index';

/** Fictitious credentials of a sandbox account. */
export const TEST_CONFIG: NetSuiteConfig = {
  accountId: '1234567_SB1',
  consumerKey: 'ck-fixture',
  consumerSecret: 'cs-fixture',
  tokenId: 'tk-fixture',
  tokenSecret: 'ts-fixture',
  timeZone: 'America/New_York',
};

export const ORIGIN = 'https://1234567-sb1.suitetalk.api.netsuite.com';

/** The shipped lookup tables (mappings/), which the outbound fixtures are written against. */
export const tables = await loadTables();

const kit = destinationTestKit(netsuite, TEST_CONFIG, {
  at: '2026-01-06T12:00:00Z',
  tables,
  deliveryKey: 'dlv_0123456789abcdefghjkmnpqrs',
});
export const { info, canonical, httpFixture: http, failure, context, mapping } = kit;
