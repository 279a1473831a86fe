/* global document -- browser globals: the console runs in the browser, not in Node. */
// The routing rule set as a form: mode, the rules in order (each with its conditions and action), what happens
// when nothing matches, hold rules and the block list. The rule set object is the form's only state: inputs
// write into it as they change, and adding, removing or moving something redraws the form from it.
import { h, mount } from './dom.js';
import { t } from './i18n.js';
import { choicesOf } from './rule-schema.js';
import { conditionKinds, conditionsEditor, exceptWhenEditor } from './rule-conditions.js';
import { holdsEditor } from './rule-holds.js';
import { actionEditor, TABLES_LIST } from './rule-action.js';
import {
  cardList,
  cardTitle,
  checkbox,
  destinations,
  freshId,
  idOf,
  itemTools,
  named,
  select,
  setOrDelete,
  text,
} from './rule-widgets.js';

const clone = (value) => JSON.parse(JSON.stringify(value));

function ruleCard(ctx, rules, i) {
  const rule = rules[i];
  const path = `/rules/${i}`;
  const { heading, headingId, idField } = cardTitle(ctx, path, rule, 'routing.ruleTitle', i + 1);
  return h(
    'li',
    { class: 'rule card', 'data-path': path },
    heading,
    h(
      'div',
      { class: 'row' },
      idField,
      text(ctx, `${path}/description`, t('routing.rule.description'), rule.description, (v) =>
        setOrDelete(rule, 'description', v),
      ),
    ),
    h(
      'div',
      { class: 'row' },
      checkbox(ctx, `${path}/enabled`, t('routing.enabled'), rule.enabled !== false, (on) =>
        setOrDelete(rule, 'enabled', on ? undefined : false),
      ),
      checkbox(
        ctx,
        `${path}/always`,
        t('routing.rule.always'),
        rule.always === true,
        (on) => setOrDelete(rule, 'always', on || undefined),
        t('routing.alwaysHint'),
      ),
    ),
    conditionsEditor(ctx, rule, `${path}/when`, {
      legend: t('routing.conditions'),
      hint: t('routing.conditionsHint'),
    }),
    exceptWhenEditor(ctx, rule, `${path}/unless`),
    actionEditor(ctx, rule, `${path}/then`),
    itemTools(ctx, rules, i, path, headingId, t('routing.removeRule')),
  );
}

function noMatchEditor(ctx, state) {
  const noMatch = state.noMatch;
  // The schema's `if` says which actions need destinations (`default`); the others must not have any.
  const cond = ctx.schema.at(['noMatch'])?.if?.properties?.action ?? {};
  const takesDestinations = (action) => (cond.enum ?? [cond.const]).includes(action);
  return h(
    'section',
    { class: 'stack' },
    h('h3', { text: t('routing.noMatchTitle') }),
    select(
      ctx,
      '/noMatch/action',
      t('routing.noMatchAction'),
      choicesOf(ctx.schema, ['noMatch', 'action']).map((v) => ({
        value: v,
        text: named(`routing.noMatchOption.${v}`, v),
      })),
      noMatch.action,
      (v) => {
        noMatch.action = v;
        if (!takesDestinations(v)) delete noMatch.destinations;
        ctx.rerender([idOf('/noMatch/action')]);
      },
    ),
    takesDestinations(noMatch.action)
      ? destinations(
          ctx,
          '/noMatch/destinations',
          t('routing.noMatchDestinations'),
          noMatch.destinations,
          (v) => setOrDelete(noMatch, 'destinations', v),
        )
      : null,
  );
}

function build(ctx, state) {
  const rules = state.rules;
  const inline = Object.keys(state.lookups ?? {});
  return [
    h(
      'datalist',
      { id: TABLES_LIST },
      [...new Set([...inline, ...ctx.tables])].map((name) => h('option', { value: name })),
    ),
    select(
      ctx,
      '/mode',
      t('routing.modeLabel'),
      choicesOf(ctx.schema, ['mode']).map((v) => ({ value: v, text: named(`routing.mode.${v}`, v) })),
      state.mode,
      (v) => {
        state.mode = v;
      },
      t('routing.modeHint'),
    ),
    h(
      'section',
      { class: 'stack' },
      h('h3', { text: t('routing.rulesTitle') }),
      cardList(ctx, {
        path: '/rules',
        items: rules,
        card: (i) => ruleCard(ctx, rules, i),
        emptyText: t('routing.noRulesYet'),
        addLabel: t('routing.addRule'),
        make: () => ({ id: freshId(rules, 'rule'), then: {} }),
      }),
    ),
    noMatchEditor(ctx, state),
    holdsEditor(ctx, state),
    inline.length
      ? h('p', { class: 'hint', text: t('routing.lookupsKept', { names: inline.join(', ') }) })
      : null,
  ];
}

/**
 * The form for a rule set. `env`: `schema` (rule-schema.js), `destinations` ([{id, name}] of the destination
 * connections), `tables` (lookup table names), `editable`. `value()` answers a copy of the rule set as edited.
 */
export function ruleForm(env, initial) {
  const el = h('div', { class: 'rule-form' });
  let state;
  const ctx = { ...env, conditions: conditionKinds(env.schema), rerender };
  function rerender(focus = []) {
    mount(el, build(ctx, state));
    const target = focus.map((id) => document.getElementById(id)).find((x) => x && !x.disabled);
    target?.focus();
  }
  function set(ruleSet) {
    state = clone(ruleSet);
    state.rules ??= [];
    state.noMatch ??= {};
    rerender();
  }
  set(initial);
  return { el, set, value: () => clone(state) };
}
