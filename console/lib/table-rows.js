// The per-row editor of a lookup table: key → value rows with a filter, and the raw JSON as an advanced view of
// the same entries. Values are text only: the hub stores string → string (its entries schema, and the loader of
// mappings/ refuses anything else), so one text input per value fits every table, and a non-text value typed
// into the JSON is refused here with the keys named instead of being sent for a 400.
import { h, mount, table } from './dom.js';
import { t } from './i18n.js';
import { field, flash } from './ui.js';
import { viewTabs } from './view-tabs.js';

/** Rows drawn at once: a table of thousands stays quick to type in, and the filter reaches the rest. */
export const SHOWN_ROWS = 200;
// The hub's limits (MAX_KEY_LENGTH, MAX_VALUE_LENGTH): the inputs stop there rather than the save failing.
const MAX_KEY = 200;
const MAX_VALUE = 500;

let seq = 0;
const rowsOf = (entries) => Object.entries(entries).map(([key, value]) => ({ id: ++seq, key, value }));
const keyName = (key) => (key === '' ? t('tables.noKey') : key);

/** The rows as JSON text in row order; duplicate and empty keys are written out, so a switch loses nothing. */
function toJson(rows) {
  if (!rows.length) return '{}';
  const lines = rows.map((r) => `  ${JSON.stringify(r.key)}: ${JSON.stringify(r.value)}`);
  return `{\n${lines.join(',\n')}\n}`;
}

/** Entries from JSON text; throws with a message for people when it is not a flat object of text. */
function fromJson(text) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(t('tables.badJson'));
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(t('tables.notObject'));
  const bad = Object.keys(parsed).filter((k) => typeof parsed[k] !== 'string');
  if (bad.length) throw new Error(t('tables.notText', { keys: quoted(bad) }));
  return parsed;
}

const quoted = (keys) =>
  keys
    .slice(0, 5)
    .map((k) => JSON.stringify(k))
    .join(', ') + (keys.length > 5 ? ' …' : '');

/** Row id → 'empty' or 'duplicate': what keeps the rows from being saved. */
function problemsOf(rows) {
  const count = new Map();
  for (const r of rows) count.set(r.key, (count.get(r.key) ?? 0) + 1);
  const problems = new Map();
  for (const r of rows) {
    if (!r.key.trim()) problems.set(r.id, 'empty');
    else if (count.get(r.key) > 1) problems.set(r.id, 'duplicate');
  }
  return problems;
}

function problemText(rows, problems) {
  const dup = [...new Set(rows.filter((r) => problems.get(r.id) === 'duplicate').map((r) => r.key))];
  const empty = rows.filter((r) => problems.get(r.id) === 'empty').length;
  return [
    dup.length ? t('tables.duplicateKeys', { keys: quoted(dup) }) : '',
    empty ? t('tables.emptyKeys', { count: empty }) : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * The editor for `entries`. Read-only shows text cells and no buttons. Answers `el`; `entries()` (what to save,
 * or throws with what to fix); `load(entries)` (after the hub answered with other entries); `open(key)` (from an
 * exception's link: the row of that key, or a new row with it, focused).
 */
export function tableRows(initial, { readonly = false } = {}) {
  let rows = rowsOf(initial);
  let json = false;
  let jsonShown = '';
  // Row id → its inputs, for the rows drawn now: marks and focus touch them without redrawing.
  let drawn = new Map();

  const filter = h('input', {
    id: 'table-filter',
    type: 'search',
    autocomplete: 'off',
    oninput: () => draw(),
  });
  const count = h('p', { id: 'table-count', class: 'muted', role: 'status', 'aria-live': 'polite' });
  const add = h('button', {
    type: 'button',
    id: 'add-row',
    text: t('tables.addRow'),
    onclick: () => addRow(''),
  });
  const grid = table(
    t('tables.rowsCaption'),
    [t('tables.col.key'), t('tables.col.value'), readonly ? null : t('tables.col.actions')].filter(Boolean),
    [],
    { id: 'table-rows', class: 'table-rows' },
  );
  const tbody = grid.querySelector('tbody');
  const rowsPart = h(
    'div',
    { class: 'stack' },
    h(
      'div',
      { class: 'row' },
      field(t('tables.filter'), filter, t('tables.filterHint')),
      readonly ? null : add,
    ),
    count,
    grid,
  );
  const area = h('textarea', {
    id: 'table-json',
    rows: '20',
    class: 'code',
    spellcheck: 'false',
    readonly,
  });
  const jsonPart = h('div', {}, field(t('tables.entries'), area, t('tables.entriesHint')));
  const viewOut = flash();
  const views = viewTabs({
    id: 'table-view',
    label: t('tables.view'),
    views: [
      { name: 'rows', label: t('tables.viewRows'), panel: rowsPart },
      { name: 'json', label: t('tables.viewJson'), panel: jsonPart },
    ],
    show: switchView,
  });

  function drawRow(r) {
    if (readonly)
      return h(
        'tr',
        { 'data-key': r.key },
        h('td', { class: 'code', text: r.key }),
        h('td', { text: r.value }),
      );
    const keyIn = h('input', {
      id: `row-key-${r.id}`,
      type: 'text',
      class: 'code',
      value: r.key,
      maxlength: MAX_KEY,
    });
    const valueIn = h('input', {
      id: `row-value-${r.id}`,
      type: 'text',
      value: r.value,
      maxlength: MAX_VALUE,
    });
    const valueLabel = h('label', { for: valueIn.id, class: 'sr-only' });
    const del = h('button', {
      type: 'button',
      class: 'danger',
      text: t('tables.delete'),
      onclick: () => remove(r),
    });
    const note = h('span', { id: `row-note-${r.id}`, class: 'row-problem' });
    keyIn.setAttribute('aria-describedby', note.id);
    const name = () => {
      valueLabel.textContent = t('tables.valueLabel', { key: keyName(r.key) });
      del.setAttribute('aria-label', t('tables.deleteRow', { key: keyName(r.key) }));
    };
    name();
    keyIn.addEventListener('input', () => {
      r.key = keyIn.value;
      name();
      mark();
    });
    valueIn.addEventListener('input', () => {
      r.value = valueIn.value;
    });
    drawn.set(r.id, { keyIn, valueIn, note, del });
    return h(
      'tr',
      {},
      h('td', {}, h('label', { for: keyIn.id, class: 'sr-only', text: t('tables.keyLabel') }), keyIn, note),
      h('td', {}, valueLabel, valueIn),
      h('td', {}, del),
    );
  }

  /** Redraws the rows matching the filter. Rows with a problem always show, so none hides what blocks a save. */
  function draw() {
    const q = filter.value.trim().toLowerCase();
    const problems = problemsOf(rows);
    const hit = (r) => r.key.toLowerCase().includes(q) || r.value.toLowerCase().includes(q);
    const matches = q ? rows.filter((r) => problems.has(r.id) || hit(r)) : rows;
    const shown = matches.slice(0, SHOWN_ROWS);
    drawn = new Map();
    mount(
      tbody,
      shown.length
        ? shown.map(drawRow)
        : h('tr', {}, h('td', { colspan: readonly ? '2' : '3', text: t('tables.noMatch') })),
    );
    const vars = { shown: shown.length, matches: matches.length, total: rows.length };
    count.textContent =
      matches.length > shown.length
        ? t('tables.countLimited', vars)
        : q
          ? t('tables.countFiltered', vars)
          : t('tables.count', vars);
    mark(problems);
  }

  /** Flags the drawn rows' keys in words (and aria-invalid), as they are typed. */
  function mark(problems = problemsOf(rows)) {
    for (const [id, { keyIn, note }] of drawn) {
      const problem = problems.get(id);
      if (problem) keyIn.setAttribute('aria-invalid', 'true');
      else keyIn.removeAttribute('aria-invalid');
      note.textContent = problem ? t(`tables.problem.${problem}`) : '';
    }
  }

  function addRow(key) {
    const r = { id: ++seq, key, value: '' };
    // First, not last: in a long table the new row would be past the drawn ones.
    rows.unshift(r);
    draw();
    const inputs = drawn.get(r.id);
    (key ? inputs.valueIn : inputs.keyIn).focus();
  }

  function remove(r) {
    const at = [...drawn.keys()].indexOf(r.id);
    rows = rows.filter((x) => x !== r);
    draw();
    // Keep the keyboard where it was: on the next row's delete button, else on "add row".
    const next = [...drawn.values()][at];
    (next ? next.del : add).focus();
  }

  /** Switches between rows and JSON; answers false (and says why) when the JSON cannot become rows. */
  function switchView(name) {
    viewOut.clear();
    const toJsonView = name === 'json';
    if (toJsonView) {
      jsonShown = toJson(rows);
      area.value = jsonShown;
    } else if (area.value !== jsonShown) {
      // Untouched JSON keeps the rows as they were (duplicates included); edited JSON becomes the rows.
      try {
        rows = rowsOf(fromJson(area.value));
      } catch (error) {
        viewOut.fail(error.message);
        return false;
      }
    }
    json = toJsonView;
    if (!json) draw();
    return true;
  }

  draw();
  return {
    el: h('div', { class: 'stack' }, views.tabs, viewOut.el, rowsPart, jsonPart),
    entries() {
      // The JSON goes through the same key checks: a blank key is as wrong there as in a row.
      const list = json ? rowsOf(fromJson(area.value)) : rows;
      const problems = problemsOf(list);
      if (problems.size) {
        if (!json) draw();
        throw new Error(problemText(list, problems));
      }
      return Object.fromEntries(list.map((r) => [r.key, r.value]));
    },
    load(entries) {
      rows = rowsOf(entries);
      jsonShown = toJson(rows);
      area.value = jsonShown;
      draw();
    },
    open(key) {
      const found = rows.find((r) => r.key === key);
      if (readonly || found) {
        filter.value = key;
        draw();
        if (found && !readonly) drawn.get(found.id).valueIn.focus();
      } else addRow(key);
    },
  };
}
