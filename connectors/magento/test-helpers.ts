import { readFixture } from '../../src/sdk';
import type { MagentoConfig } from './config';

/** Settings every Magento test uses; the values are fictitious. */
export const TEST_CONFIG: MagentoConfig = {
  baseUrl: 'https://store.example.com',
  accessToken: 'fixture-integration-token-0123456789',
};

export const ORIGIN = 'https://store.example.com';
export const ORDERS_PATH = '/rest/default/V1/orders';
export const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

/** A JSON fixture for nock replies. */
export function fixture(file: string): Record<string, unknown> {
  const value = readFixture('magento', file);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${file} is not an object`);
  return { ...value };
}

/** A minimal listed order: what keyset paging and `identify` read. */
export function listed(entityId: number, updatedAt: string): Record<string, unknown> {
  return { entity_id: entityId, updated_at: updatedAt, items: [], base_total_refunded: 0 };
}

/** `searchCriteria[filter_groups][i][filters][0][…]` of a request, as readable triples. */
export function filtersOf(q: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (let i = 0; `searchCriteria[filter_groups][${i}][filters][0][field]` in q; i++) {
    const at = `searchCriteria[filter_groups][${i}][filters][0]`;
    out.push(
      `${String(q[`${at}[field]`])} ${String(q[`${at}[condition_type]`])} ${String(q[`${at}[value]`])}`,
    );
  }
  return out;
}
