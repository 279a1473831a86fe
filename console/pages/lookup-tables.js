/* global URLSearchParams -- browser globals: the console runs in the browser, not in Node. */
// Lookup tables: the shipped mappings/ files with ops overrides. Fix a missing key here, then replay the exception.
import { h, mount, table, when } from '../lib/dom.js';
import { api, get } from '../lib/api.js';
import { lang, t } from '../lib/i18n.js';
import { act, can, editTracker, errorText, field, flash } from '../lib/ui.js';
import { tableRows } from '../lib/table-rows.js';

/** The table an exception message names (`mappings/<name>.json` or `table <name>`), if any. */
export function tableNamed(message) {
  const m = /mappings\/([a-z0-9][a-z0-9-]*)\.json|\btable ([a-z0-9][a-z0-9-]*)/.exec(message || '');
  return m ? m[1] || m[2] : null;
}

/**
 * The editor link for the table an exception names, with the missing key when the message quotes one: the
 * mappings quote the key first (`no entry "x" in lookup table t`, `unknown status "x" (add it to …)`), and
 * where they list several keys to try the first is the most specific, which fixes that exception for sure.
 */
export function tableLink(message) {
  const key = /"([^"]+)"/.exec(message || '')?.[1];
  return `#/lookup-tables/${tableNamed(message)}${key ? `?${new URLSearchParams({ key })}` : ''}`;
}

function failed(main, title, error) {
  mount(
    main,
    h('h1', { text: title }),
    h('p', { class: 'flash flash-error', role: 'alert', text: errorText(error) }),
  );
}

async function list(main) {
  const { items } = await get('/v1/lookup-tables');
  mount(
    main,
    h('h1', { text: t('nav.lookup-tables') }),
    h('p', { class: 'muted', text: t('tables.intro') }),
    table(
      t('tables.caption'),
      ['name', 'entries', 'source', 'version'].map((k) => t(`tables.col.${k}`)),
      items.map((i) => [
        h('a', { href: `#/lookup-tables/${i.name}`, text: i.name }),
        String(i.entries),
        i.overridden ? t('tables.override') : t('tables.file'),
        String(i.version),
      ]),
      { id: 'lookup-tables' },
    ),
  );
}

async function edit(main, name, key, ctx) {
  const current = await get(`/v1/lookup-tables/${encodeURIComponent(name)}`);
  const editor = tableRows(current.entries, { readonly: !can('admin') });
  const edits = editTracker(editor.el, { ignore: ['table-filter'] });
  ctx.guardLeave(edits.dirty);
  const note = h('input', { id: 'table-note', type: 'text', required: true, maxlength: '1000' });
  const noted = () => {
    if (!note.value.trim()) throw new Error(t('tables.noteRequired'));
    return note.value.trim();
  };
  const out = flash();
  const status = h('p', { id: 'table-version', class: 'muted' });
  const reset = h('button', {
    type: 'button',
    id: 'reset-table',
    text: t('tables.reset'),
    onclick: () =>
      act(
        reset,
        out,
        async () => {
          const q = new URLSearchParams({ version: String(current.version), note: noted() });
          const back = await api('DELETE', `/v1/lookup-tables/${encodeURIComponent(name)}?${q}`);
          editor.load(back.entries);
          edits.clean();
          return showStatus(back);
        },
        t('tables.resetDone'),
      ),
  });
  const showStatus = (v) => {
    Object.assign(current, v);
    // Back to the file is offered while an override applies, also right after this page saved one.
    reset.hidden = v.source !== 'override';
    mount(
      status,
      t('tables.status', {
        source: v.source === 'override' ? t('tables.override') : t('tables.file'),
        version: v.version,
        by: v.updatedBy || '—',
        at: v.updatedAt ? when(v.updatedAt, lang()) : '—',
      }),
    );
    return v;
  };
  showStatus(current);
  const save = h('button', {
    type: 'button',
    id: 'save-table',
    class: 'primary',
    text: t('action.save'),
    onclick: () =>
      act(
        save,
        out,
        async () => {
          const entries = editor.entries();
          const saved = await api('PUT', `/v1/lookup-tables/${encodeURIComponent(name)}`, {
            entries,
            version: current.version,
            note: noted(),
          });
          edits.clean();
          return showStatus(saved);
        },
        (s) => t('tables.saved', { version: s.version }),
      ),
  });
  mount(
    main,
    h('p', {}, h('a', { href: '#/lookup-tables', text: t('tables.back') })),
    h('h1', { text: t('tables.title', { name }) }),
    status,
    can('admin') ? null : h('p', { class: 'muted', text: t('tables.readOnly') }),
    h(
      'section',
      { class: 'stack' },
      editor.el,
      can('admin') ? field(t('tables.note'), note) : null,
      h(
        'div',
        { class: 'row' },
        can('admin') ? [save, reset] : null,
        h('a', { href: '#/exceptions', text: t('tables.exceptionsLink') }),
      ),
      out.el,
    ),
  );
  if (key) editor.open(key);
}

export async function render(main, ctx) {
  const name = ctx.rest[0];
  try {
    if (name) await edit(main, name, ctx.params.get('key'), ctx);
    else await list(main);
  } catch (error) {
    failed(main, t('nav.lookup-tables'), error);
  }
}
