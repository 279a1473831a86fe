// Routing and holds: the active rule set, edit it as JSON, dry-run a candidate against recent orders, save.
import { h, mount, table, when } from '../lib/dom.js';
import { api, get, post } from '../lib/api.js';
import { lang, t } from '../lib/i18n.js';
import { act, can, errorText, field, flash } from '../lib/ui.js';

const EXAMPLE = {
  mode: 'first-match',
  rules: [{ id: 'everything', always: true, then: { destinations: [] } }],
  noMatch: { action: 'hold' },
};

function summary(ruleSet) {
  if (!ruleSet) return h('p', { class: 'muted', text: t('routing.noRules') });
  return h(
    'ol',
    { class: 'rules' },
    ruleSet.rules.map((r) =>
      h(
        'li',
        {},
        h('strong', { text: r.id }),
        ` — ${r.always ? t('routing.always') : JSON.stringify(r.when || {})} → ${JSON.stringify(r.then)}`,
      ),
    ),
  );
}

function dryRunTable(result) {
  const dest = (o) =>
    o.held
      ? t('routing.held')
      : o.noMatch
        ? t('routing.noMatch')
        : o.destinations.map((d) => d.destinationId).join(', ');
  return h(
    'div',
    { id: 'dry-run-result' },
    h('p', { text: t('routing.dryRunSummary', { evaluated: result.evaluated, changed: result.changed }) }),
    table(
      t('routing.dryRunCaption'),
      ['order', 'active', 'candidate', 'changed'].map((k) => t(`routing.col.${k}`)),
      result.items.map((i) => [
        h('a', { href: `#/orders/${i.orderId}`, text: i.orderNumber || i.orderId }),
        dest(i.active),
        dest(i.candidate),
        i.changed ? t('routing.yes') : t('routing.no'),
      ]),
    ),
  );
}

export async function render(main) {
  try {
    const active = await get('/v1/routes');
    const editor = h('textarea', {
      id: 'rules-json',
      rows: '18',
      class: 'code',
      spellcheck: 'false',
      readonly: !can('admin'),
    });
    editor.value = JSON.stringify(active.ruleSet || EXAMPLE, null, 2);
    const note = h('input', { id: 'rules-note', type: 'text' });
    const limit = h('input', { id: 'dry-limit', type: 'number', min: '1', max: '500', value: '50' });
    const out = flash();
    const results = h('div', {});
    const parse = () => {
      try {
        return JSON.parse(editor.value);
      } catch {
        throw new Error(t('routing.badJson'));
      }
    };
    const dry = h('button', {
      type: 'button',
      id: 'dry-run',
      text: t('routing.dryRun'),
      onclick: () =>
        act(
          dry,
          out,
          async () => {
            const r = await post('/v1/routes/dry-run', {
              ruleSet: parse(),
              limit: Number(limit.value) || 50,
            });
            mount(results, dryRunTable(r));
            return r;
          },
          (r) => t('routing.dryRunDone', { n: r.evaluated }),
        ),
    });
    const save = h('button', {
      type: 'button',
      id: 'save-rules',
      class: 'primary',
      text: t('routing.save'),
      onclick: () =>
        act(
          save,
          out,
          async () => {
            const saved = await api('PUT', '/v1/routes', {
              baseVersion: active.version,
              ruleSet: parse(),
              ...(note.value.trim() ? { note: note.value.trim() } : {}),
            });
            active.version = saved.version;
            mount(
              version,
              t('routing.version', {
                version: saved.version,
                by: saved.savedBy || '—',
                at: when(saved.savedAt, lang()),
              }),
            );
            return saved;
          },
          (s) => t('routing.saved', { version: s.version }),
        ),
    });
    const version = h('p', {
      id: 'rules-version',
      class: 'muted',
      text: active.version
        ? t('routing.version', {
            version: active.version,
            by: active.savedBy || '—',
            at: when(active.savedAt, lang()),
          })
        : t('routing.noneSaved'),
    });
    mount(
      main,
      h('h1', { text: t('nav.routing') }),
      version,
      h('section', {}, h('h2', { text: t('routing.active') }), summary(active.ruleSet)),
      h(
        'section',
        { class: 'stack' },
        h('h2', { text: t('routing.edit') }),
        field(t('routing.rules'), editor, t('routing.rulesHint')),
        can('admin') ? field(t('routing.note'), note) : null,
        field(t('routing.limit'), limit),
        h(
          'div',
          { class: 'row' },
          can('operator') ? dry : null,
          can('admin') ? save : null,
          h('a', { href: '#/exceptions', text: t('routing.heldLink') }),
        ),
        out.el,
        results,
      ),
    );
  } catch (error) {
    mount(
      main,
      h('h1', { text: t('nav.routing') }),
      h('p', { class: 'flash flash-error', role: 'alert', text: errorText(error) }),
    );
  }
}
