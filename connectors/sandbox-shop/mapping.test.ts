import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { completeOrder } from '../../src/core/order';
import { checkTotals } from '../../src/core/totals';
import { validateCanonicalOrder } from '../../src/core/validation';
import { MappingError } from '../../src/sdk';
import { fixturePath, readFixture } from '../../src/sdk/testkit';
import sandboxShop from './index';

const mapping = { connectionId: 'con_test', config: {}, tables: {} };
const names = (dir: string, suffix: string) =>
  readdirSync(fixturePath('sandbox-shop', dir))
    .filter((f) => f.endsWith('.json') && !f.endsWith('.canonical.json') && !f.endsWith('.error.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .filter((n) => suffix === '' || n.includes(suffix));

describe('sandbox-shop mapping fixtures', () => {
  const orders = names('orders', '');

  it('covers a US, an EU tax-inclusive, a presentment-currency, a Chinese and a POS order', () => {
    expect(orders).toEqual(
      expect.arrayContaining([
        'us-web',
        'eu-tax-inclusive',
        'eu-presentment',
        'cn-masked',
        'pos-nyc',
        'us-cancelled-update',
      ]),
    );
  });

  it.each(orders)('%s maps to its expected canonical draft', (name) => {
    const raw = readFixture('sandbox-shop', `orders/${name}.json`);
    const draft = sandboxShop.toCanonical(raw, mapping);
    expect(draft).toEqual(readFixture('sandbox-shop', `orders/${name}.canonical.json`));
    expect(checkTotals(draft)).toEqual([]);
    expect(validateCanonicalOrder(completeOrder(draft, 'ord_0123456789abcdefghjkmnpqrs', 1)).ok).toBe(true);
  });

  it('identifies records by id and UTC updated_at', () => {
    expect(sandboxShop.identify(readFixture('sandbox-shop', 'orders/us-cancelled-update.json'))).toEqual({
      externalId: '29460175004',
      revision: '2026-01-05T11:05:18.954Z',
    });
    expect(() => sandboxShop.identify({ id: '1' })).toThrow(MappingError);
  });

  it.each(names('rejects', ''))('reject %s fails with its expected code and path', (name) => {
    const raw = readFixture('sandbox-shop', `rejects/${name}.json`);
    let caught: unknown;
    try {
      sandboxShop.toCanonical(raw, mapping);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MappingError);
    const found = caught instanceof MappingError ? { code: caught.code, path: caught.path } : undefined;
    expect(found).toEqual(readFixture('sandbox-shop', `rejects/${name}.error.json`));
  });

  it('never puts record values into mapping error messages', () => {
    let caught: unknown;
    try {
      sandboxShop.toCanonical(readFixture('sandbox-shop', 'rejects/unknown-status.json'), mapping);
    } catch (error) {
      caught = error;
    }
    expect(caught instanceof Error ? caught.message : '').not.toContain('awaiting_review');
  });
});
