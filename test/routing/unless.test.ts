import { describe, expect, it } from 'vitest';
import { applies, evaluate, evaluateHolds } from '../../src/routing/evaluate';
import { validateRuleSet, type RuleSet } from '../../src/routing/rules';
import { order } from './fixtures';

// `unless` on rules and holds: the same conditions as `when`, and the rule stays out of an order they hold for.
const env = { destinations: ['d_all'], tables: {} };
const known = { destinations: new Set(['wms', 'erp', 'shop']), tables: new Set<string>() };
const rs = (patch: Partial<RuleSet> = {}): RuleSet => ({
  mode: 'first-match',
  rules: [],
  noMatch: { action: 'hold' },
  ...patch,
});
const channel = order().channel;
const pos = order({ channel: { ...channel, sourceType: 'pos' }, shippingAddress: null });
const web = order();
const free = order({
  lines: order().lines.map((l, i) => (i === 0 ? { ...l, sku: 'FREE-SAMPLE' } : l)),
});
const destinationsOf = (d: ReturnType<typeof evaluate>) => d.targets.map((x) => x.destinationId);

describe('unless validation', () => {
  it('accepts unless on rules and holds', () => {
    const r = validateRuleSet(
      rs({
        rules: [
          { id: 'erp', always: true, unless: { sourceType: ['pos'] }, then: { destinations: ['erp'] } },
        ],
        holds: [{ id: 'unpaid', kind: 'unpaid', unless: { tag: ['prepaid'] } }],
      }),
      known,
    );
    expect(r.ok).toBe(true);
  });

  it('refuses an empty unless, which would match every order and disable the rule, with its path', () => {
    const r = validateRuleSet(
      rs({
        rules: [
          { id: 'ok', unless: { sku: ['FREE-*'] }, then: { destinations: ['wms'] } },
          { id: 'erp', always: true, unless: {}, then: { destinations: ['erp'] } },
        ],
        holds: [{ id: 'unpaid', kind: 'unpaid', unless: {} }],
      }),
      known,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { path: '/rules/1/unless', message: 'is empty, so it would match every order and disable the rule' },
      { path: '/holds/0/unless', message: 'is empty, so it would match every order and disable the rule' },
    ]);
  });

  it('checks unless with the same shape as when', () => {
    const r = validateRuleSet(
      rs({
        rules: [{ id: 'a', unless: { sku: [], colour: ['red'] }, then: { destinations: ['wms'] } }],
      } as never),
      known,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['/rules/0/unless/sku']));
  });
});

describe('unless evaluation', () => {
  it('an always rule with unless skips a POS sale and still takes every other order', () => {
    const set = rs({
      rules: [
        { id: 'erp', always: true, unless: { sourceType: ['pos'] }, then: { destinations: ['erp'] } },
        { id: 'all', then: { destinations: ['wms'] } },
      ],
    });
    const atCounter = evaluate(set, pos, env);
    expect(atCounter.matched).toEqual(['all']);
    expect(destinationsOf(atCounter)).toEqual(['wms']);
    const online = evaluate(set, web, env);
    expect(online.matched).toEqual(['erp', 'all']);
    expect(destinationsOf(online)).toEqual(['erp', 'wms']);
  });

  it('unless with SKU patterns leaves out orders with any matching line', () => {
    const rule = { when: { shipToCountry: ['DE'] }, unless: { sku: ['FREE-*', 'GIFT-?'] } };
    expect(applies(web, rule)).toBe(true);
    expect(applies(free, rule)).toBe(false);
    expect(applies(web, { unless: { sku: ['B-?'] } })).toBe(false);
    expect(applies(web, { unless: { sku: ['B-??'] } })).toBe(true);
  });

  it('an unless object holds only when all its fields hold', () => {
    const rule = { unless: { sourceType: ['pos' as const], tag: ['test'] } };
    expect(applies(pos, rule)).toBe(true);
    expect(applies({ ...pos, tags: ['TEST'] }, rule)).toBe(false);
  });

  it('unless on a first-match rule lets the next rule decide', () => {
    const set = rs({
      rules: [
        { id: 'shop', unless: { sku: ['FREE-*'] }, then: { destinations: ['shop'] } },
        { id: 'samples', when: { sku: ['FREE-*'] }, then: { destinations: ['wms'] } },
      ],
    });
    const d = evaluate(set, free, env);
    expect(d.matched).toEqual(['samples']);
    expect(destinationsOf(d)).toEqual(['wms']);
    expect(d.noMatch).toBe(false);
    expect(evaluate(set, web, env).matched).toEqual(['shop']);
  });

  it('a rule left out by unless does not count as a match for noMatch', () => {
    const set = rs({ rules: [{ id: 'shop', unless: { tag: ['vip'] }, then: { destinations: ['shop'] } }] });
    const d = evaluate(set, web, env);
    expect(d.matched).toEqual([]);
    expect(d.holds.map((h) => h.code)).toEqual(['ROUTING_NO_MATCH']);
  });

  it('a hold with unless does not judge the orders it leaves out', () => {
    const set = rs({ holds: [{ id: 'unpaid', kind: 'unpaid', unless: { sourceType: ['pos'] } }] });
    const unpaid = { ...web, status: { ...web.status, payment: 'pending' as const } };
    expect(evaluateHolds(set, unpaid).map((h) => h.ruleId)).toEqual(['unpaid']);
    expect(evaluateHolds(set, { ...unpaid, channel: pos.channel })).toEqual([]);
  });
});
