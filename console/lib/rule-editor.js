/* global CSS -- browser globals: the console runs in the browser, not in Node. */
// The rule set editor: a form, or the same rule set as JSON for what the form does not make easy. Switching
// serialises the form or parses the JSON back into it; dry run and save take whatever the visible view holds.
import { h, mount } from './dom.js';
import { t } from './i18n.js';
import { field, flash } from './ui.js';
import { check, checkActions, checkIds, checkUnless } from './rule-schema.js';
import { ruleForm } from './rule-form.js';
import { viewTabs } from './view-tabs.js';

const listed = (problems) =>
  problems
    .slice(0, 5)
    .map((p) => `${p.path || '/'}: ${p.message}`)
    .join('; ');

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${t('routing.badJson')} (${error.message})`);
  }
}

/** Shows each problem next to the control whose `data-path` is the nearest ancestor of the problem's path. */
function mark(root, problems) {
  problems.forEach((p, n) => {
    let path = p.path;
    let target = null;
    while (!target && path) {
      target = root.querySelector(`[data-path="${CSS.escape(path)}"]`);
      path = path.slice(0, path.lastIndexOf('/'));
    }
    if (!target) return;
    // A problem inside a collapsed "Except when" must not stay out of sight.
    const folded = target.closest('details');
    if (folded) folded.open = true;
    const note = h('p', {
      class: 'field-error',
      id: `rf-error-${n}`,
      text: t('routing.fieldError', { message: p.message }),
    });
    const head = target.querySelector(':scope > legend, :scope > h4');
    if (head) head.after(note);
    else target.append(note);
    const control = target.matches('.field') ? target.querySelector('input, select, textarea') : null;
    if (!control) return;
    control.setAttribute('aria-invalid', 'true');
    const by = control.getAttribute('aria-describedby');
    control.setAttribute('aria-describedby', by ? `${by} ${note.id}` : note.id);
  });
}

function unmark(root) {
  for (const note of root.querySelectorAll('.field-error')) note.remove();
  for (const control of root.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    const by = (control.getAttribute('aria-describedby') || '')
      .split(' ')
      .filter((id) => id && !id.startsWith('rf-error-'));
    if (by.length) control.setAttribute('aria-describedby', by.join(' '));
    else control.removeAttribute('aria-describedby');
  }
}

/**
 * `env`: `schema` (null when it could not be loaded: JSON only), `destinations`, `tables`, `editable`.
 * `value()` answers the rule set in the visible view, checked against the schema (throws with the problems).
 * `showErrors(details)` places the hub's error details (`body/ruleSet/...`) next to the form's fields.
 */
export function ruleEditor(env, initial) {
  const json = h('textarea', {
    id: 'rules-json',
    rows: '18',
    class: 'code',
    spellcheck: 'false',
    readonly: !env.editable,
  });
  json.value = JSON.stringify(initial, null, 2);
  const switchOut = flash();
  const panels = {
    form: h('div', {}),
    json: h('div', {}, field(t('routing.rules'), json, t('routing.rulesHint'))),
  };
  let form = null;
  /** Loads a rule set into the form; answers the problems that keep the form from showing it. */
  const toForm = (ruleSet) => {
    const problems = check(env.schema, ruleSet).filter((p) => p.structural);
    if (problems.length) return problems;
    if (form) form.set(ruleSet);
    else {
      form = ruleForm(env, ruleSet);
      mount(panels.form, form.el);
    }
    return [];
  };
  const show = (name) => {
    switchOut.clear();
    if (name === 'json') {
      json.value = JSON.stringify(form.value(), null, 2);
      return true;
    }
    let problems;
    try {
      problems = toForm(parseJson(json.value));
    } catch (error) {
      switchOut.fail(error.message);
      return false;
    }
    if (problems.length) switchOut.fail(`${t('routing.cannotShow')} ${listed(problems)}`);
    return !problems.length;
  };
  const names = env.schema ? ['form', 'json'] : ['json'];
  const tabs = viewTabs({
    id: 'rules',
    label: t('routing.views'),
    views: names.map((name) => ({ name, label: t(`routing.tab.${name}`), panel: panels[name] })),
    show,
  });
  if (!env.schema) panels.form.hidden = true;
  const startProblems = env.schema ? toForm(initial) : [];
  tabs.select(env.schema && !startProblems.length ? 'form' : 'json');
  if (!env.schema) switchOut.fail(t('routing.formUnavailable'));
  else if (startProblems.length) switchOut.fail(`${t('routing.cannotShow')} ${listed(startProblems)}`);
  const view = () => tabs.current();

  const el = h('div', { class: 'rule-editor' }, tabs.tabs, switchOut.el, panels.form, panels.json);
  return {
    el,
    value() {
      unmark(panels.form);
      const ruleSet = view() === 'json' ? parseJson(json.value) : form.value();
      if (!env.schema) return ruleSet;
      const problems = [
        ...check(env.schema, ruleSet),
        ...checkIds(ruleSet),
        ...checkActions(ruleSet),
        ...checkUnless(ruleSet),
      ];
      if (!problems.length) return ruleSet;
      if (view() === 'form') mark(panels.form, problems);
      throw new Error(`${t('routing.checkFailed', { n: problems.length })} ${listed(problems)}`);
    },
    showErrors(details) {
      if (view() !== 'form') return;
      const mine = (details || []).filter((d) => /^body\/ruleSet(\/|$)/.test(d.path || ''));
      mark(
        panels.form,
        mine.map((d) => ({ path: d.path.replace(/^body\/ruleSet/, ''), message: d.message })),
      );
    },
  };
}
