// Controls of the routing rule form. Each writes into the rule set being edited as it changes (that object is the
// form's only state, so the JSON view is always one JSON.stringify away) and carries `data-path`, the JSON
// pointer the hub's error details use, so that a problem is shown next to the control it is about.
import { h } from './dom.js';
import { t } from './i18n.js';
import { field } from './ui.js';

/** An element id from a data path: `/rules/0/id` → `rf-rules-0-id`. */
export const idOf = (path, suffix = '') => `rf${path.replace(/[^A-Za-z0-9]+/g, '-')}${suffix}`;

const at = (path, el) => {
  el.dataset.path = path;
  return el;
};

/**
 * The text for a value the schema lists (`routing.mode.all-match`…); a value added to the schema later, before
 * it has a translation, shows as itself (or as `fallback`) rather than as a dictionary key.
 */
export function named(key, fallback) {
  const text = t(key);
  return text === key ? fallback : text;
}

/** `prefix-n` with the first n that no item of `items` uses as its id. */
export function freshId(items, prefix) {
  let n = items.length + 1;
  while (items.some((x) => x.id === `${prefix}-${n}`)) n += 1;
  return `${prefix}-${n}`;
}

/** Sets a key, or removes it when the value is empty (optional fields are left out rather than blank). */
export function setOrDelete(obj, key, value) {
  const empty = value === undefined || value === '' || (Array.isArray(value) && !value.length);
  if (empty) delete obj[key];
  else obj[key] = value;
}

export function text(ctx, path, label, value, onInput, opts = {}) {
  const el = h('input', {
    id: idOf(path),
    type: 'text',
    value: value ?? '',
    disabled: !ctx.editable,
    maxlength: opts.maxlength,
    list: opts.list,
    spellcheck: 'false',
    oninput: (e) => onInput(e.target.value),
  });
  return at(path, field(label, el, opts.hint));
}

/** A select of `{value, text}` options; an unset value shows as an empty choice, not silently as the first. */
export function select(ctx, path, label, options, value, onChange, hint) {
  const opts = options.some((o) => o.value === value) ? options : [{ value: '', text: '—' }, ...options];
  const el = h(
    'select',
    { id: idOf(path), disabled: !ctx.editable, onchange: (e) => onChange(e.target.value) },
    opts.map((o) =>
      h('option', { value: o.value, selected: o.value === value, disabled: o.disabled, text: o.text }),
    ),
  );
  return at(path, field(label, el, hint));
}

export function checkbox(ctx, path, label, checked, onChange, hint) {
  const id = idOf(path);
  const el = h('input', {
    id,
    type: 'checkbox',
    checked: Boolean(checked),
    disabled: !ctx.editable,
    onchange: (e) => onChange(e.target.checked),
  });
  if (hint) el.setAttribute('aria-describedby', `${id}-hint`);
  return h(
    'div',
    { class: 'field check', 'data-path': path },
    h('span', { class: 'check-line' }, el, h('label', { for: id, text: label })),
    hint ? h('small', { id: `${id}-hint`, class: 'hint', text: hint }) : null,
  );
}

export const splitList = (value) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** A list of strings typed as one comma-separated line. */
export function list(ctx, path, label, values, onChange, hint) {
  return text(ctx, path, label, (values ?? []).join(', '), (v) => onChange(splitList(v)), {
    hint: hint ?? t('routing.listHint'),
  });
}

/** A long list of strings, one per line (block lists run to thousands of entries). */
export function lines(ctx, path, label, values, onChange, hint) {
  const el = h('textarea', {
    id: idOf(path),
    rows: '4',
    spellcheck: 'false',
    readonly: !ctx.editable,
    oninput: (e) =>
      onChange(
        e.target.value
          .split('\n')
          .map((v) => v.trim())
          .filter(Boolean),
      ),
  });
  el.value = (values ?? []).join('\n');
  return at(path, field(label, el, hint));
}

/** Checkboxes for the values of an enum list. */
export function choices(ctx, path, legend, options, selected, onChange, hint) {
  const chosen = new Set(selected ?? []);
  const hintId = hint ? idOf(path, '-hint') : null;
  return h(
    'fieldset',
    { class: 'choices', 'data-path': path, 'aria-describedby': hintId },
    h('legend', { text: legend }),
    options.map((option, i) => {
      const id = idOf(path, `-${i}`);
      return h(
        'span',
        { class: 'check-line' },
        h('input', {
          id,
          type: 'checkbox',
          checked: chosen.has(option),
          disabled: !ctx.editable,
          onchange: (e) => {
            if (e.target.checked) chosen.add(option);
            else chosen.delete(option);
            onChange(options.filter((o) => chosen.has(o)));
          },
        }),
        h('label', { for: id, text: option }),
      );
    }),
    hint ? h('small', { id: hintId, class: 'hint', text: hint }) : null,
  );
}

export const button = (ctx, id, text, onclick, attrs = {}) =>
  ctx.editable ? h('button', { type: 'button', id, text, onclick, ...attrs }) : null;

/** A destination's name for people; an id that is no destination connection says so instead of vanishing. */
export function destinationName(ctx, id) {
  const d = ctx.destinations.find((x) => x.id === id);
  return d ? `${d.name} (${id})` : t('routing.unknownDestination', { id });
}

/**
 * Destination connections chosen from a list (never typed): the chosen ones with a remove button each, then a
 * select of the others and an Add button. `onChange` gets the new list ([] when none is left).
 */
export function destinations(ctx, path, legend, ids, onChange, hint) {
  const chosen = [...(ids ?? [])];
  const others = ctx.destinations.filter((d) => !chosen.includes(d.id));
  const pickId = idOf(path, '-pick');
  const addId = idOf(path, '-add');
  const pick = h(
    'select',
    { id: pickId },
    others.map((d) => h('option', { value: d.id, text: destinationName(ctx, d.id) })),
  );
  const update = (focus) => {
    onChange(chosen);
    ctx.rerender(focus);
  };
  return h(
    'fieldset',
    { class: 'destinations', 'data-path': path },
    h('legend', { text: legend }),
    hint ? h('small', { class: 'hint', text: hint }) : null,
    chosen.length
      ? h(
          'ul',
          { class: 'chosen' },
          chosen.map((id, i) =>
            h(
              'li',
              {},
              h('span', { text: destinationName(ctx, id) }),
              button(
                ctx,
                idOf(path, `-rm${i}`),
                t('routing.remove'),
                () => {
                  chosen.splice(i, 1);
                  update([idOf(path, `-rm${i}`), idOf(path, `-rm${i - 1}`), pickId]);
                },
                { class: 'link', 'aria-label': t('routing.removeNamed', { name: destinationName(ctx, id) }) },
              ),
            ),
          ),
        )
      : h('p', { class: 'muted', text: t('routing.noDestinations') }),
    ctx.editable && others.length
      ? h(
          'div',
          { class: 'row' },
          field(t('routing.pickDestination'), pick),
          button(ctx, addId, t('routing.addDestination'), () => {
            chosen.push(pick.value);
            update([pickId, idOf(path, `-rm${chosen.length - 1}`)]);
          }),
        )
      : null,
    ctx.editable && !ctx.destinations.length
      ? h('p', { class: 'hint', text: t('routing.noDestinationConnections') })
      : null,
  );
}

/**
 * Move up / move down / remove for item `i` of an array in the rule set; `describedBy` names the item (its
 * heading), so that the buttons are told apart by screen readers.
 */
export function itemTools(ctx, items, i, path, describedBy, removeText) {
  if (!ctx.editable) return null;
  const base = path.replace(/\/\d+$/, '');
  const move = (to, suffix) => {
    const [item] = items.splice(i, 1);
    items.splice(to, 0, item);
    ctx.rerender([idOf(`${base}/${to}`, suffix), idOf(`${base}/${to}`, suffix === '-up' ? '-down' : '-up')]);
  };
  const attrs = { 'aria-describedby': describedBy };
  return h(
    'div',
    { class: 'row tools' },
    button(ctx, idOf(path, '-up'), t('routing.moveUp'), () => move(i - 1, '-up'), {
      ...attrs,
      disabled: i === 0,
    }),
    button(ctx, idOf(path, '-down'), t('routing.moveDown'), () => move(i + 1, '-down'), {
      ...attrs,
      disabled: i === items.length - 1,
    }),
    button(
      ctx,
      idOf(path, '-remove'),
      removeText,
      () => {
        items.splice(i, 1);
        ctx.rerender([idOf(path, '-remove'), idOf(`${base}/${i - 1}`, '-remove'), idOf(base, '-add')]);
      },
      { ...attrs, class: 'danger' },
    ),
  );
}

/**
 * The heading of a rule or hold card and its id field: the heading follows the id as it is typed, and the
 * card's move and remove buttons name it through `headingId`.
 */
export function cardTitle(ctx, path, item, titleKey, n) {
  const headingId = idOf(path, '-title');
  const title = () => t(titleKey, { n, id: item.id || '—' });
  const heading = h('h4', { id: headingId, text: title() });
  const idField = text(
    ctx,
    `${path}/id`,
    t('routing.rule.id'),
    item.id,
    (v) => {
      item.id = v;
      heading.textContent = title();
    },
    { hint: t('routing.idHint'), maxlength: 64 },
  );
  return { heading, headingId, idField };
}

/**
 * A numbered list of cards (rules, holds) with an add button that focuses the new card's id. `make` answers the
 * new item; `card(i)` draws item i.
 */
export function cardList(ctx, { path, items, card, emptyText, addLabel, make }) {
  return [
    items.length
      ? h(
          'ol',
          { class: 'rule-list' },
          items.map((_, i) => card(i)),
        )
      : h('p', { class: 'muted', text: emptyText }),
    button(ctx, idOf(path, '-add'), addLabel, () => {
      items.push(make());
      ctx.rerender([idOf(`${path}/${items.length - 1}/id`)]);
    }),
  ];
}
