// Bulk replay: the selected exceptions replayed in one call, each on its own, optionally with one correction
// (a JSON Patch) applied to every selected payload, and a preview of what each would map to before anything
// changes. Thirty orders quarantined for the same missing field are fixed once, not thirty times.
import { h, mount, table } from './dom.js';
import { post } from './api.js';
import { t } from './i18n.js';
import { act, field, flash, later } from './ui.js';

const OPS = ['replace', 'add', 'remove', 'test'];

/** The selected exception ids, with listeners so the panel's count follows the checkboxes. */
export function selection() {
  const ids = new Set();
  const listeners = [];
  return {
    ids,
    set(id, on) {
      if (on) ids.add(id);
      else ids.delete(id);
      listeners.forEach((fn) => fn(ids.size));
    },
    onChange: (fn) => listeners.push(fn),
  };
}

let rowSeq = 0;

/** One change of the patch: operation, JSON Pointer, and a value read as text or as JSON. */
function changeRow(rows, redraw) {
  const n = ++rowSeq;
  const op = h(
    'select',
    { id: `bp-op-${n}` },
    OPS.map((o) => h('option', { value: o, text: t(`bulk.op.${o}`) })),
  );
  const path = h('input', { id: `bp-path-${n}`, type: 'text', placeholder: '/status', spellcheck: 'false' });
  const kind = h(
    'select',
    { id: `bp-kind-${n}` },
    ['text', 'json'].map((k) => h('option', { value: k, text: t(`bulk.kind.${k}`) })),
  );
  const value = h('input', { id: `bp-value-${n}`, type: 'text', spellcheck: 'false' });
  const valueBox = h(
    'div',
    { class: 'row' },
    field(t('bulk.kindLabel'), kind),
    field(t('bulk.value'), value),
  );
  op.onchange = () => (valueBox.hidden = op.value === 'remove');
  const row = {
    read(index) {
      const change = { op: op.value, path: path.value.trim() };
      if (!change.path.startsWith('/')) throw new Error(t('bulk.badPath', { n: index + 1 }));
      if (op.value === 'remove') return change;
      if (kind.value === 'text') return { ...change, value: value.value };
      try {
        return { ...change, value: JSON.parse(value.value) };
      } catch {
        throw new Error(t('bulk.badValue', { n: index + 1 }));
      }
    },
  };
  const remove = h('button', {
    type: 'button',
    text: t('bulk.removeChange'),
    'aria-label': t('bulk.removeChangeN', { n }),
    onclick: () => {
      rows.splice(rows.indexOf(row), 1);
      redraw();
    },
  });
  row.el = h(
    'li',
    { class: 'card bulk-change' },
    h('div', { class: 'row' }, field(t('bulk.op'), op), field(t('bulk.path'), path, t('bulk.pathHint'))),
    valueBox,
    remove,
  );
  return row;
}

function outcomeText(item) {
  if (!item.ok) return t('bulk.failed', { code: item.error.code, message: item.error.message });
  if ('action' in item) return t('bulk.replayed', { action: item.action });
  if (!item.preview) return t('bulk.previewNone');
  return item.preview.ok
    ? t('bulk.previewOk')
    : t('bulk.previewBad', { code: item.preview.code, message: item.preview.message });
}

function results(items, labels) {
  return table(
    t('bulk.resultsCaption'),
    [t('bulk.col.exception'), t('bulk.col.outcome')],
    items.map((i) => [labels[i.id] || i.id, outcomeText(i)]),
    { id: 'bulk-results' },
  );
}

/**
 * The bulk panel above the exception groups. `labels` names each exception for the results table; `reload`
 * redraws the page after a replay.
 */
export function bulkPanel(chosen, labels, reload) {
  const rows = [];
  const list = h('ol', { class: 'plain stack', id: 'bulk-changes' });
  const redraw = () =>
    mount(
      list,
      rows.map((r) => r.el),
    );
  const count = h('p', { id: 'bulk-count', 'aria-live': 'polite', text: t('bulk.count', { n: 0 }) });
  chosen.onChange((n) => (count.textContent = t('bulk.count', { n })));
  const note = h('input', { id: 'bulk-note', type: 'text' });
  const out = flash();
  const shown = h('div', {});
  const call = (dryRun) => {
    if (!chosen.ids.size) throw new Error(t('bulk.noneSelected'));
    const patch = rows.map((r, i) => r.read(i));
    return post('/v1/exceptions/replay', {
      ids: [...chosen.ids],
      ...(patch.length ? { patch } : {}),
      ...(note.value.trim() ? { note: note.value.trim() } : {}),
      ...(dryRun ? { dryRun: true } : {}),
    });
  };
  const run = (id, text, dryRun, cls) => {
    const b = h('button', {
      type: 'button',
      id,
      class: cls,
      text,
      onclick: () =>
        act(
          b,
          out,
          async () => {
            const r = await call(dryRun);
            mount(shown, results(r.items, labels));
            if (!dryRun) later(reload, 1500);
            return r.items;
          },
          (items) =>
            t(dryRun ? 'bulk.previewDone' : 'bulk.done', {
              ok: items.filter((i) => i.ok).length,
              failed: items.filter((i) => !i.ok).length,
            }),
        ),
    });
    return b;
  };
  const add = h('button', {
    type: 'button',
    id: 'bulk-add-change',
    text: t('bulk.addChange'),
    onclick: () => {
      rows.push(changeRow(rows, redraw));
      redraw();
      rows.at(-1).el.querySelector('select').focus();
    },
  });
  return h(
    'section',
    { class: 'card stack', id: 'bulk', 'aria-labelledby': 'bulk-h' },
    h('h2', { id: 'bulk-h', text: t('bulk.title') }),
    count,
    h(
      'details',
      { id: 'bulk-correction' },
      h('summary', { text: t('bulk.changes') }),
      h(
        'fieldset',
        {},
        h('legend', { class: 'sr-only', text: t('bulk.changes') }),
        h('small', { class: 'hint', text: t('bulk.changesHint') }),
        list,
        add,
      ),
    ),
    field(t('bulk.note'), note),
    h(
      'div',
      { class: 'row' },
      run('bulk-preview', t('bulk.preview'), true, ''),
      run('bulk-replay', t('exceptions.bulk'), false, 'primary'),
    ),
    out.el,
    shown,
  );
}
