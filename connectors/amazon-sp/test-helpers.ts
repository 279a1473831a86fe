import nock from 'nock';
import { readFixture, type LookupTables, type MappingContext } from '../../src/sdk';
import type { AmazonSpConfig } from './config';

/** Settings every Amazon test uses; the values are fictitious. */
export const TEST_CONFIG: AmazonSpConfig = {
  region: 'na',
  marketplaceIds: ['ATVPDKIKX0DER'],
  lwaClientId: 'amzn1.application-oa2-client.fixture0123456789',
  lwaClientSecret: 'amzn1.oa2-cs.v1.fixture-client-secret',
  refreshToken: 'Atzr|IwEBIFixtureRefreshToken0123456789',
};

export const SP_ORIGIN = 'https://sellingpartnerapi-na.amazon.com';
export const LWA_ORIGIN = 'https://api.amazon.com';
export const ACCESS_TOKEN = 'Atza|IwEBIFixtureAccessToken0123456789';
export const RDT = 'Atz.sprdt|IAQBFixtureRestrictedDataToken';
export const JSON_HEADERS = { 'content-type': 'application/json' };

/** A fixture as a nock reply body. */
export function body(file: string): nock.Body {
  const value = readFixture('amazon-sp', file);
  if (typeof value !== 'object' || value === null) throw new Error(`${file} is not JSON`);
  return { ...value };
}

/** Plans `times` LWA refresh-token exchanges answered with a one-hour token. */
export function lwaOk(times = 1): nock.Scope {
  return nock(LWA_ORIGIN)
    .post('/auth/o2/token', (b: Record<string, string>) => b['grant_type'] === 'refresh_token')
    .times(times)
    .reply(200, body('http/lwa-token.json'), JSON_HEADERS);
}

/** Plans one restricted-data-token call for the bulk getOrders path. */
export function rdtOk(): nock.Scope {
  return nock(SP_ORIGIN, { reqheaders: { 'x-amz-access-token': ACCESS_TOKEN } })
    .post('/tokens/2021-03-01/restrictedDataToken', {
      restrictedResources: [
        { method: 'GET', path: '/orders/v0/orders', dataElements: ['buyerInfo', 'shippingAddress'] },
      ],
    })
    .reply(200, body('http/rdt.json'), JSON_HEADERS);
}

/** The SP-API host, expecting `token` in `x-amz-access-token`. */
export function sp(token: string): nock.Scope {
  return nock(SP_ORIGIN, { reqheaders: { 'x-amz-access-token': token } });
}

/** The mapping context fixtures are written against. */
export function mappingContext(tables: LookupTables): MappingContext<AmazonSpConfig> {
  return { connectionId: 'con_test', config: TEST_CONFIG, tables };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A raw fixture order as a deep, mutable copy. */
export function rawRecord(name: string): {
  order: Record<string, unknown>;
  items: Record<string, unknown>[];
  rdt: boolean;
} {
  const value: unknown = JSON.parse(JSON.stringify(readFixture('amazon-sp', `orders/${name}.json`)));
  if (!isRecord(value) || !isRecord(value['order']) || !Array.isArray(value['items'])) {
    throw new Error(`${name} is not a composite record`);
  }
  return { order: value['order'], items: value['items'].filter(isRecord), rdt: value['rdt'] === true };
}
