/* global URLSearchParams -- browser globals: the console runs in the browser, not in Node. */
// Lookup tables: the shipped mappings/ files with ops overrides. Fix a missing key here, then replay the exception.
import { h, mount, table, when } from '../lib/dom.js';
import { api, get } from '../lib/api.js';
import { lang, t } from '../lib/i18n.js';
import { act, can, errorText, field, flash } from '../lib/ui.js';

/** The table an exception message names (`mappings/<name>.json` or `table <name>`), if any. */
export function tableNamed(message) {
  const m = /mappings\/([a-z0-9][a-z0-9-]*)\.json|\btable ([a-z0-9][a-z0-9-]*)/.exec(message || '');
  return m ? m[1] || m[2] : null;
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

async function edit(main, name) {
  const current = await get(`/v1/lookup-tables/${encodeURIComponent(name)}`);
  const editor = h('textarea', {
    id: 'table-json',
    rows: '20',
    class: 'code',
    spellcheck: 'false',
    readonly: !can('admin'),
  });
  editor.value = JSON.stringify(current.entries, null, 2);
  const note = h('input', { id: 'table-note', type: 'text', required: true });
  const out = flash();
  const status = h('p', { id: 'table-version', class: 'muted' });
  const showStatus = (v) =>
    mount(
      status,
      t('tables.status', {
        source: v.source === 'override' ? t('tables.override') : t('tables.file'),
        version: v.version,
        by: v.updatedBy || '—',
        at: v.updatedAt ? when(v.updatedAt, lang()) : '—',
      }),
    );
  showStatus(current);
  const parse = () => {
    try {
      return JSON.parse(editor.value);
    } catch {
      throw new Error(t('tables.badJson'));
    }
  };
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
          if (!note.value.trim()) throw new Error(t('tables.noteRequired'));
          const saved = await api('PUT', `/v1/lookup-tables/${encodeURIComponent(name)}`, {
            entries: parse(),
            version: current.version,
            note: note.value.trim(),
          });
          Object.assign(current, saved);
          showStatus(saved);
          return saved;
        },
        (s) => t('tables.saved', { version: s.version }),
      ),
  });
  const reset = h('button', {
    type: 'button',
    id: 'reset-table',
    text: t('tables.reset'),
    onclick: () =>
      act(
        reset,
        out,
        async () => {
          if (!note.value.trim()) throw new Error(t('tables.noteRequired'));
          const q = new URLSearchParams({ version: String(current.version), note: note.value.trim() });
          const back = await api('DELETE', `/v1/lookup-tables/${encodeURIComponent(name)}?${q}`);
          Object.assign(current, back);
          editor.value = JSON.stringify(back.entries, null, 2);
          showStatus(back);
          return back;
        },
        t('tables.resetDone'),
      ),
  });
  mount(
    main,
    h('p', {}, h('a', { href: '#/lookup-tables', text: t('tables.back') })),
    h('h1', { text: t('tables.title', { name }) }),
    status,
    h(
      'section',
      { class: 'stack' },
      field(t('tables.entries'), editor, t('tables.entriesHint')),
      can('admin') ? field(t('tables.note'), note) : null,
      h(
        'div',
        { class: 'row' },
        can('admin') ? save : null,
        can('admin') && current.source === 'override' ? reset : null,
        h('a', { href: '#/exceptions', text: t('tables.exceptionsLink') }),
      ),
      out.el,
    ),
  );
}

export async function render(main, ctx) {
  const name = ctx.rest[0];
  try {
    if (name) await edit(main, name);
    else await list(main);
  } catch (error) {
    failed(main, t('nav.lookup-tables'), error);
  }
}
