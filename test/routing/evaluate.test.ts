import { describe, expect, it } from 'vitest';
import { checkTotals } from '../../src/core/totals';
import { validateCanonicalOrder } from '../../src/core/validation';
import { evaluate, matches } from '../../src/routing/evaluate';
import { validateRuleSet, type RuleSet } from '../../src/routing/rules';
import { splitOrder } from '../../src/routing/split';
import { order } from './fixtures';

const env = { destinations: ['d_all1', 'd_all2'], tables: { wh: { 'B-1': 'wms_b' } } };
const rs = (patch: Partial<RuleSet> = {}): RuleSet => ({
  mode: 'first-match',
  rules: [],
  noMatch: { action: 'hold' },
  ...patch,
});
const known = {
  destinations: new Set(['wms_a', 'wms_b', 'erp', 'fin', 'def']),
  tables: new Set(['wh']),
};

describe('rule set validation', () => {
  it('accepts a full rule set', () => {
    const r = validateRuleSet(
      rs({
        rules: [
          { id: 'erp', always: true, then: { destinations: ['erp', 'fin'] } },
          {
            id: 'split',
            when: { shipToCountry: ['DE'] },
            then: { split: { routes: [{ sku: ['A-*'], destinations: ['wms_a'] }], lookup: 'wh' } },
          },
        ],
        holds: [{ id: 'big', kind: 'high-value', above: { EUR: '1000' } }],
        blockList: { emails: ['x@y.z'] },
      }),
      known,
    );
    expect(r.ok).toBe(true);
  });

  it('answers shape errors with JSON pointers', () => {
    const r = validateRuleSet(
      {
        mode: 'sometimes',
        rules: [{ id: 'a', then: {} }],
        noMatch: { action: 'default' },
        holds: [{ id: 'h', kind: 'tag' }],
      },
      known,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/mode', '/rules/0/then', '/noMatch', '/holds/0']));
  });

  it('rejects unknown destinations, duplicate ids and missing lookup tables with paths', () => {
    const r = validateRuleSet(
      rs({
        rules: [
          { id: 'a', then: { destinations: ['nope'] } },
          { id: 'a', then: { split: { lookup: 'missing' } } },
        ],
        noMatch: { action: 'default', destinations: ['def'] },
      }),
      known,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(
      expect.arrayContaining([
        { path: '/rules/0/then/destinations/0', message: '"nope" is not a destination connection' },
        { path: '/rules/1/id', message: 'duplicate rule id "a"' },
        { path: '/rules/1/then/split/lookup', message: 'no lookup table "missing"' },
      ]),
    );
  });
});

describe('conditions', () => {
  const o = order();
  it.each([
    [{ connector: ['shopify'] }, { connector: ['woocommerce'] }],
    [{ connectionId: ['con_shop'] }, { connectionId: ['con_x'] }],
    [{ sourceType: ['web' as const, 'pos' as const] }, { sourceType: ['phone' as const] }],
    [{ shipToCountry: ['DE'] }, { shipToCountry: ['FR'] }],
    [{ shipToRegion: ['be'] }, { shipToRegion: ['BY'] }],
    [{ shipToRegion: ['Berlin'] }, { shipToRegion: ['Bavaria'] }],
    [{ sku: ['B-*'] }, { sku: ['C-?'] }],
    [{ sku: ['A-?'] }, { sku: ['A'] }],
    [{ tag: ['vip'] }, { tag: ['wholesale'] }],
    [{ total: { gte: '28.00' } }, { total: { gt: '28' } }],
    [{ total: { lt: '28.01', gt: '27.999999' } }, { total: { lte: '27.99' } }],
    [{ currency: ['EUR'] }, { currency: ['USD'] }],
    [{ financialStatus: ['paid' as const] }, { financialStatus: ['pending' as const] }],
  ])('%j matches, %j does not', (yes, no) => {
    expect(matches(o, yes)).toBe(true);
    expect(matches(o, no)).toBe(false);
  });

  it('compares totals exactly as decimals, not floats', () => {
    const big = order({ totals: { ...o.totals, total: '0.30' } });
    expect(matches(big, { total: { gte: '0.3', lte: '0.300000' } })).toBe(true);
    expect(
      matches(order({ totals: { ...o.totals, total: '100000000000000.01' } }), {
        total: { gt: '100000000000000' },
      }),
    ).toBe(true);
  });

  it('fails country and region conditions without a shipping address', () => {
    const pickup = order({ shippingAddress: null });
    expect(matches(pickup, { shipToCountry: ['DE'] })).toBe(false);
    expect(matches(pickup, { shipToRegion: ['BE'] })).toBe(false);
  });
});

describe('evaluation', () => {
  const o = order();

  it('with no rule set sends the whole order to every enabled destination', () => {
    const d = evaluate(null, o, env);
    expect(d.targets.map((t) => [t.destinationId, t.lineIds])).toEqual([
      ['d_all1', null],
      ['d_all2', null],
    ]);
    expect(d.holds).toEqual([]);
  });

  it('first-match applies only the first matching rule; all-match applies all; always rules apply in both', () => {
    const rules: RuleSet['rules'] = [
      { id: 'erp', always: true, then: { destinations: ['erp', 'fin'] } },
      { id: 'de', when: { shipToCountry: ['DE'] }, then: { destinations: ['wms_a'] } },
      { id: 'eur', when: { currency: ['EUR'] }, then: { destinations: ['wms_b'] } },
      { id: 'off', enabled: false, then: { destinations: ['def'] } },
    ];
    const first = evaluate(rs({ rules }), o, env);
    expect(first.targets.map((t) => t.destinationId).sort()).toEqual(['erp', 'fin', 'wms_a']);
    expect(first.matched).toEqual(['erp', 'de']);
    const all = evaluate(rs({ rules, mode: 'all-match' }), o, env);
    expect(all.targets.map((t) => t.destinationId).sort()).toEqual(['erp', 'fin', 'wms_a', 'wms_b']);
    expect(all.noMatch).toBe(false);
  });

  it('splits lines by SKU pattern and by lookup table; the ERP gets the whole order', () => {
    const d = evaluate(
      rs({
        rules: [
          { id: 'erp', always: true, then: { destinations: ['erp'] } },
          {
            id: 'split',
            then: { split: { routes: [{ sku: ['A-*'], destinations: ['wms_a'] }], lookup: 'wh' } },
          },
        ],
      }),
      o,
      env,
    );
    expect(Object.fromEntries(d.targets.map((t) => [t.destinationId, t.lineIds]))).toEqual({
      erp: null,
      wms_a: ['1'],
      wms_b: ['2'],
    });
    expect(d.holds).toEqual([]);
  });

  it('a rule set lookup table wins over mappings/, and `rest` takes what no route or lookup placed', () => {
    const d = evaluate(
      rs({
        lookups: { wh: { 'A-1': 'wms_b' } },
        rules: [{ id: 's', then: { split: { lookup: 'wh', rest: ['def'] } } }],
      }),
      o,
      env,
    );
    expect(Object.fromEntries(d.targets.map((t) => [t.destinationId, t.lineIds]))).toEqual({
      wms_b: ['1'],
      def: ['2'],
    });
  });

  it('no match: holds as ROUTING_NO_MATCH, or sends to the default destinations', () => {
    const rules: RuleSet['rules'] = [
      { id: 'erp', always: true, then: { destinations: ['erp'] } },
      { id: 'fr', when: { shipToCountry: ['FR'] }, then: { destinations: ['wms_a'] } },
    ];
    const held = evaluate(rs({ rules }), o, env);
    expect(held.noMatch).toBe(true);
    expect(held.holds).toEqual([
      { ruleId: 'no-match', code: 'ROUTING_NO_MATCH', reason: 'no routing rule matched' },
    ]);
    const dflt = evaluate(rs({ rules, noMatch: { action: 'default', destinations: ['def'] } }), o, env);
    expect(dflt.holds).toEqual([]);
    expect(Object.fromEntries(dflt.targets.map((t) => [t.destinationId, t.lineIds]))).toEqual({
      erp: null,
      def: null,
    });
    const released = evaluate(rs({ rules }), o, { ...env, released: new Set(['no-match']) });
    expect(released.holds).toEqual([]);
  });

  it('lines a split cannot place go to noMatch: held, or the default destinations take only those lines', () => {
    const rules: RuleSet['rules'] = [
      { id: 's', then: { split: { routes: [{ sku: ['A-*'], destinations: ['wms_a'] }] } } },
    ];
    expect(evaluate(rs({ rules }), o, env).holds[0]?.reason).toBe('1 line(s) have no destination');
    const d = evaluate(rs({ rules, noMatch: { action: 'default', destinations: ['def'] } }), o, env);
    expect(Object.fromEntries(d.targets.map((t) => [t.destinationId, t.lineIds]))).toEqual({
      wms_a: ['1'],
      def: ['2'],
    });
  });
});

describe('hold rules', () => {
  const hold = (h: NonNullable<RuleSet['holds']>[number], extra: Partial<RuleSet> = {}) =>
    rs({ rules: [{ id: 'all', then: { destinations: ['wms_a'] } }], holds: [h], ...extra });
  const codes = (r: RuleSet, o = order()) => evaluate(r, o, env).holds.map((h) => h.code);

  it('unpaid (default statuses, or configured ones)', () => {
    const unpaid = order({ status: { order: 'open', payment: 'pending', fulfillment: 'unfulfilled' } });
    expect(codes(hold({ id: 'u', kind: 'unpaid' }), unpaid)).toEqual(['HOLD_UNPAID']);
    expect(codes(hold({ id: 'u', kind: 'unpaid' }))).toEqual([]);
    expect(codes(hold({ id: 'u', kind: 'unpaid', paymentStatuses: ['paid'] }))).toEqual(['HOLD_UNPAID']);
  });

  it('high value per currency, exact', () => {
    expect(codes(hold({ id: 'h', kind: 'high-value', above: { EUR: '27.99' } }))).toEqual([
      'HOLD_HIGH_VALUE',
    ]);
    expect(codes(hold({ id: 'h', kind: 'high-value', above: { EUR: '28.00' } }))).toEqual([]);
    expect(codes(hold({ id: 'h', kind: 'high-value', above: { USD: '1' } }))).toEqual([]);
  });

  it('address incomplete only when the order ships', () => {
    const noCity = order({ shippingAddress: { line1: 'x', city: ' ', countryCode: 'DE' } });
    const h = hold({ id: 'a', kind: 'address-incomplete' });
    expect(evaluate(h, noCity, env).holds[0]?.reason).toBe('shipping address lacks city');
    expect(codes(h, order({ shippingAddress: null }))).toEqual(['HOLD_ADDRESS_INCOMPLETE']);
    const pickup = order();
    pickup.lines = pickup.lines.map((l) => ({ ...l, requiresShipping: false }));
    pickup.shippingAddress = null;
    expect(codes(h, pickup)).toEqual([]);
    expect(codes(h)).toEqual([]);
  });

  it('blocked customers by normalized e-mail or phone', () => {
    const h = { id: 'b', kind: 'blocked-customer' as const };
    expect(codes(hold(h, { blockList: { emails: [' ann@example.COM '] } }))).toEqual([
      'HOLD_BLOCKED_CUSTOMER',
    ]);
    expect(codes(hold(h, { blockList: { phones: ['0049 30 1234567'] } }))).toEqual(['HOLD_BLOCKED_CUSTOMER']);
    expect(codes(hold(h, { blockList: { emails: ['bob@example.com'], phones: ['+49 30 999'] } }))).toEqual(
      [],
    );
  });

  it('tags, hold `when` scopes, disabled holds, releases, and every matching hold applies', () => {
    expect(codes(hold({ id: 't', kind: 'tag', tags: ['vip'] }))).toEqual(['HOLD_TAG']);
    expect(codes(hold({ id: 't', kind: 'tag', tags: ['vip'], when: { sourceType: ['pos'] } }))).toEqual([]);
    expect(codes(hold({ id: 't', kind: 'tag', tags: ['vip'], enabled: false }))).toEqual([]);
    const two = rs({
      rules: [{ id: 'all', then: { destinations: ['wms_a'] } }],
      holds: [
        { id: 't', kind: 'tag', tags: ['VIP'], reason: 'VIPs are checked by hand' },
        { id: 'h', kind: 'high-value', above: { EUR: '1' } },
      ],
    });
    const d = evaluate(two, order(), env);
    expect(d.holds.map((h) => [h.ruleId, h.reason])).toEqual([
      ['t', 'VIPs are checked by hand'],
      ['h', 'total 28.00 EUR is above 1'],
    ]);
    expect(evaluate(two, order(), { ...env, released: new Set(['t']) }).holds.map((h) => h.ruleId)).toEqual([
      'h',
    ]);
  });
});

describe('split orders', () => {
  it('each part has its lines, adds up on its own, and the parts add up to the order', () => {
    const o = order();
    const a = splitOrder(o, ['1'], { index: 1, of: 2 });
    const b = splitOrder(o, ['2'], { index: 2, of: 2 });
    expect(a.lines.map((l) => l.sku)).toEqual(['A-1']);
    expect(b.lines.map((l) => l.sku)).toEqual(['B-1']);
    for (const part of [a, b]) {
      expect(checkTotals(part)).toEqual([]);
      expect(validateCanonicalOrder(part).ok).toBe(true);
    }
    expect(a.totals).toEqual({
      subtotal: '20.00',
      discount: '0.00',
      shipping: '4.00',
      tax: '3.83',
      total: '24.00',
    });
    expect(b.totals).toEqual({
      subtotal: '5.00',
      discount: '1.00',
      shipping: '0.00',
      tax: '0.64',
      total: '4.00',
    });
    expect(a.shippingLines).toHaveLength(1);
    expect(b.shippingLines).toEqual([]);
    expect(a.taxLines).toEqual([{ title: 'VAT 19%', rate: '0.19', amount: '3.83' }]);
    expect(b.taxLines).toEqual([{ title: 'VAT 19%', rate: '0.19', amount: '0.64' }]);
    expect(b.attributes?.['orderhub.split']).toBe('2/2');
    expect(b.id).toBe(o.id);
  });
});
