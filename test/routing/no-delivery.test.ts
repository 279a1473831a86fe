import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/routing/evaluate';
import { validateRuleSet, type RuleSet } from '../../src/routing/rules';
import { sampleRuleSet } from '../../src/cli/sample';
import { order } from './fixtures';

// Rules whose action is `noDelivery`: the order goes nowhere, which decides it (no `noMatch` hold), and only
// `always` rules still add destinations.
const env = { destinations: ['d_all'], tables: {} };
const known = { destinations: new Set(['wms', 'erp', 'def']), tables: new Set<string>() };
const counter = {
  id: 'counter',
  when: { sourceType: ['pos' as const] },
  then: { noDelivery: { reason: 'at the till' } },
};
const rs = (rules: RuleSet['rules'], patch: Partial<RuleSet> = {}): RuleSet => ({
  mode: 'first-match',
  rules,
  noMatch: { action: 'hold' },
  ...patch,
});
const pos = order({
  channel: { ...order().channel, sourceType: 'pos' },
  shippingAddress: null,
});
const ids = (d: ReturnType<typeof evaluate>) => d.targets.map((t) => t.destinationId).sort();

describe('noDelivery validation', () => {
  it('accepts a rule that sends nowhere with a reason, like the sample configuration’s', () => {
    expect(validateRuleSet(sampleRuleSet('wms'), known)).toMatchObject({ ok: true });
  });

  it('refuses it together with destinations or a split, and in an always rule, at the field', () => {
    const r = validateRuleSet(
      rs([
        { id: 'a', then: { noDelivery: { reason: 'x' }, destinations: ['wms'] } },
        { id: 'b', then: { noDelivery: { reason: 'x' }, split: { rest: ['wms'] } } },
        { id: 'c', always: true, then: { noDelivery: { reason: 'x' } } },
      ]),
      known,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      {
        path: '/rules/0/then/noDelivery',
        message: 'sends the order nowhere, so the rule cannot also have "destinations" or "split"',
      },
      {
        path: '/rules/1/then/noDelivery',
        message: 'sends the order nowhere, so the rule cannot also have "destinations" or "split"',
      },
      {
        path: '/rules/2/always',
        message: 'a rule that sends the order nowhere decides the order, so it cannot be "always"',
      },
    ]);
  });

  it('needs a reason, and nothing else', () => {
    for (const noDelivery of [{}, { reason: '' }, { reason: 'x', why: 'y' }]) {
      const r = validateRuleSet(
        rs([{ id: 'a', then: { noDelivery } as RuleSet['rules'][number]['then'] }]),
        known,
      );
      expect(r.ok ? [] : r.errors.map((e) => e.path.slice(0, 24))).toEqual(['/rules/0/then/noDelivery']);
    }
  });
});

describe('noDelivery evaluation', () => {
  const rest = { id: 'rest', then: { destinations: ['wms'] } };

  it('first-match: a matching noDelivery rule decides the order; noMatch hold does not hold it', () => {
    const d = evaluate(rs([counter, rest]), pos, env);
    expect(d).toEqual({
      holds: [],
      targets: [],
      matched: ['counter'],
      noMatch: false,
      noDelivery: { ruleId: 'counter', reason: 'at the till' },
    });
    const web = evaluate(rs([counter, rest]), order(), env);
    expect(ids(web)).toEqual(['wms']);
    expect(web.noDelivery).toBeNull();
  });

  it('first-match: an earlier matching rule wins over a later noDelivery rule; a disabled one is skipped', () => {
    expect(ids(evaluate(rs([rest, counter]), pos, env))).toEqual(['wms']);
    const off = evaluate(rs([{ ...counter, enabled: false }, rest]), pos, env);
    expect([ids(off), off.noDelivery]).toEqual([['wms'], null]);
  });

  it('always rules still add their destinations on top, and still count for nothing', () => {
    const erp = { id: 'erp', always: true, then: { destinations: ['erp'] } };
    const d = evaluate(rs([erp, counter, rest]), pos, env);
    expect(d.targets).toEqual([{ destinationId: 'erp', lineIds: null, ruleIds: ['erp'] }]);
    expect([d.noMatch, d.holds, d.noDelivery?.ruleId]).toEqual([false, [], 'counter']);
  });

  it('all-match: noDelivery overrules every other matching rule that is not always (destinations and splits)', () => {
    const split = { id: 'split', then: { split: { routes: [{ sku: ['A-*'], destinations: ['def'] }] } } };
    const erp = {
      id: 'erp',
      always: true,
      then: { split: { routes: [{ sku: ['B-*'], destinations: ['erp'] }] } },
    };
    const d = evaluate(rs([rest, split, counter, erp], { mode: 'all-match' }), pos, env);
    expect(d.matched).toEqual(['rest', 'split', 'counter', 'erp']);
    expect(d.targets).toEqual([{ destinationId: 'erp', lineIds: ['2'], ruleIds: ['erp'] }]);
    // The split's unplaced line is no reason to hold: nothing but the always rule is sent.
    expect([d.noMatch, d.holds]).toEqual([false, []]);
    expect(evaluate(rs([rest, split, counter], { mode: 'all-match' }), order(), env).noDelivery).toBeNull();
  });

  it('holds are still judged: a held order is held whatever the rules decide', () => {
    const d = evaluate(rs([counter, rest], { holds: [{ id: 'vip', kind: 'tag', tags: ['vip'] }] }), pos, env);
    expect(d.holds.map((h) => h.code)).toEqual(['HOLD_TAG']);
    expect(d.noDelivery?.ruleId).toBe('counter');
  });

  it('no rule set: no noDelivery, every destination', () => {
    expect(evaluate(null, pos, env)).toMatchObject({
      noDelivery: null,
      targets: [{ destinationId: 'd_all' }],
    });
  });
});
