import nock from 'nock';
import {
  readFixtureText,
  type DeliveryInfo,
  type LookupTables,
  type RemoteRef,
  deliveryInfoOf,
  destinationTestKit,
} from '../../src/sdk';
import { loadTables } from '../../src/pipeline/tables';
import sapB1, { type SapB1Config, type SapOrderPayload } from './index';

/** Settings every test uses; the values are fictitious. */
export const TEST_CONFIG: SapB1Config = {
  serviceLayerUrl: 'https://b1.example.com:50000',
  companyDb: 'SBO_NORTHWIND',
  userName: 'orderhub',
  password: 'fixture-password-1',
};
export const ORIGIN = 'https://b1.example.com:50000';
export const NOW = '2026-01-06T16:00:00Z';
export const SESSION_COOKIE = 'B1SESSION=4f2d1e3a-91b7-11ef-8000-0a1b2c3d4e5f; ROUTEID=.node2';

export const tables: LookupTables = await loadTables();

const kit = destinationTestKit(sapB1, TEST_CONFIG, {
  at: NOW,
  tables,
});
export const { canonical, failure, context, payload: payloadOf } = kit;

/** The look-up half of the idempotency spec. */
export function findExisting(
  ctx: ReturnType<typeof context>,
  payload: SapOrderPayload,
): Promise<RemoteRef | null> {
  if (sapB1.idempotency.mode !== 'lookup-before-write') throw new Error('expected lookup-before-write');
  return sapB1.idempotency.findExisting(ctx, info().key, payload);
}

export const info = (over: Partial<DeliveryInfo> = {}): DeliveryInfo => ({
  ...deliveryInfoOf({ id: 'ord_gd0p6yatnfpdjegqqzvrzzt15n', revision: 1 }, 'dlv_5x2kq8w3m9r7t1v4b6n0c2d8fh'),
  ...over,
});

/** Plans a successful login. */
export function planLogin(times = 1): nock.Scope {
  return nock(ORIGIN)
    .post('/b1s/v1/Login', {
      CompanyDB: 'SBO_NORTHWIND',
      UserName: 'orderhub',
      Password: 'fixture-password-1',
    })
    .times(times)
    .reply(200, fixture('login'), {
      'content-type': 'application/json',
      'set-cookie':
        'B1SESSION=4f2d1e3a-91b7-11ef-8000-0a1b2c3d4e5f; HttpOnly; Secure, ROUTEID=.node2; path=/b1s',
    });
}

/** Text of `fixtures/sap-b1/http/<name>.json`. */
export function fixture(name: string): string {
  return readFixtureText('sap-b1', `http/${name}.json`);
}

export const JSON_HEADERS = { 'content-type': 'application/json' };

/** The hub's delivery step for lookup-before-write: find first, deliver only when nothing is there. */
export async function hubDeliver(
  ctx: ReturnType<typeof context>,
  payload: SapOrderPayload,
  i: DeliveryInfo,
): Promise<RemoteRef> {
  if (sapB1.idempotency.mode !== 'lookup-before-write') throw new Error('expected lookup-before-write');
  return (await sapB1.idempotency.findExisting(ctx, i.key, payload)) ?? sapB1.deliver(ctx, payload, i);
}
