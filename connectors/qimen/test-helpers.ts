import { loadTables } from '../../src/pipeline/tables';
import { readFixtureText, destinationTestKit } from '../../src/sdk';
import type { QimenConfig } from './config';
import qimen from './index';

export const tables = await loadTables();
export const GATEWAY = 'https://qimen.api.taobao.com';
export const PATH = '/router/qimen/service';

export const config: QimenConfig = {
  appKey: '31337001',
  appSecret: 'qimen-test-secret-7f3a',
  customerId: 'WMS-DEMO-CUST',
};

export const response = (name: string): string => readFixtureText('qimen', `responses/${name}`);

const kit = destinationTestKit(qimen, config, {
  at: '2026-01-05T14:03:00Z',
  tables,
  deliveryKey: 'dlv_qqqqqqqqqqqqqqqqqqqqqqqqqq',
});
export const { info, canonical, outboundNames: outboundFixtures, failure, context } = kit;

export const mapping = (extra: QimenConfig = {}) => ({ connectionId: 'con_test', config: extra, tables });
