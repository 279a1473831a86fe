// A `when` or `unless` object (rules and holds alike) edited as rows of field / operator / value. Every row must
// hold (AND); a row with several values matches on any of them (OR). Fields, operators and choices come from the
// schema.
import { h } from './dom.js';
import { t } from './i18n.js';
import { valueKind } from './rule-schema.js';
import { button, choices, idOf, list, named, select, text } from './rule-widgets.js';

/** How each condition field is edited, in the schema's order: `{ field: {kind, options | ops} }`. */
export function conditionKinds(schema) {
  const props = schema.at(['rules', '*', 'when'])?.properties ?? {};
  return Object.fromEntries(Object.entries(props).map(([name, s]) => [name, valueKind(schema, s)]));
}

/** One row per field, and one per operator of a comparison (`total.gt` and `total.lte` are two rows). */
function toRows(when, kinds) {
  return Object.entries(when ?? {}).flatMap(([field, value]) =>
    kinds[field]?.kind === 'compare'
      ? Object.entries(value).map(([op, v]) => ({ field, op, value: v }))
      : [{ field, value }],
  );
}

function fromRows(rows, kinds) {
  const when = {};
  for (const r of rows)
    when[r.field] = kinds[r.field]?.kind === 'compare' ? { ...when[r.field], [r.op]: r.value } : r.value;
  return when;
}

/**
 * The conditions fieldset for `owner.when` or `owner.unless`: `path` is the JSON pointer of that object, and its
 * last segment the key. `texts`: `legend`, `hint`, and optionally `empty` and `add` (the button's label).
 */
export function conditionsEditor(ctx, owner, path, texts) {
  const kinds = ctx.conditions;
  const key = path.slice(path.lastIndexOf('/') + 1);
  const rows = toRows(owner[key], kinds);
  // No rows means no object at all: an empty `unless` would match every order, so the hub refuses it.
  const save = () => {
    if (rows.length) owner[key] = fromRows(rows, kinds);
    else delete owner[key];
  };
  const takenBy = (field, op, except) =>
    rows.some((r, j) => j !== except && r.field === field && r.op === op);
  // A list field appears once; a comparison once per operator.
  const freeOp = (field, except) => kinds[field].ops?.find((op) => !takenBy(field, op, except));
  const free = (field, except) =>
    kinds[field].kind === 'compare'
      ? freeOp(field, except) !== undefined
      : !takenBy(field, undefined, except);
  const blank = (field, except) => ({
    field,
    op: kinds[field].kind === 'compare' ? freeOp(field, except) : undefined,
    value: kinds[field].kind === 'compare' ? '' : [],
  });
  const rowId = (i, part) => idOf(`${path}/c${i}`, `-${part}`);

  const row = (r, i) => {
    const kind = kinds[r.field] ?? { kind: 'list' };
    const dataPath = `${path}/${r.field}${r.op ? `/${r.op}` : ''}`;
    const set = (value) => {
      rows[i].value = value;
      save();
    };
    const fieldSelect = select(
      ctx,
      `${path}/c${i}/field`,
      t('routing.condition.field'),
      Object.keys(kinds).map((f) => ({
        value: f,
        text: named(`routing.field.${f}`, f),
        disabled: f !== r.field && !free(f, i),
      })),
      r.field,
      (f) => {
        const next = blank(f, i);
        // Another plain list keeps what was typed: only the field it is compared with changed.
        if (kind.kind === 'list' && kinds[f].kind === 'list') next.value = r.value;
        rows[i] = next;
        save();
        ctx.rerender([rowId(i, 'field')]);
      },
    );
    const op =
      kind.kind === 'compare'
        ? select(
            ctx,
            `${path}/c${i}/op`,
            t('routing.condition.op'),
            kind.ops.map((o) => ({
              value: o,
              text: named(`routing.op.${o}`, o),
              disabled: takenBy(r.field, o, i),
            })),
            r.op,
            (o) => {
              rows[i].op = o;
              save();
              ctx.rerender([rowId(i, 'op')]);
            },
          )
        : h('p', { class: 'op', text: t('routing.op.anyOf') });
    const hint = named(`routing.fieldHint.${r.field}`, '');
    const value =
      kind.kind === 'choices'
        ? choices(ctx, dataPath, t('routing.condition.values'), kind.options, r.value, set)
        : kind.kind === 'compare'
          ? text(ctx, dataPath, t('routing.condition.amount'), r.value, (v) => set(v.trim()), { hint })
          : list(ctx, dataPath, t('routing.condition.values'), r.value, set, hint);
    return h(
      'li',
      { class: 'cond-row' },
      fieldSelect,
      op,
      value,
      button(ctx, rowId(i, 'remove'), t('routing.removeCondition'), () => {
        rows.splice(i, 1);
        save();
        ctx.rerender([rowId(i, 'remove'), rowId(i - 1, 'remove'), idOf(path, '-add')]);
      }),
    );
  };

  const next = Object.keys(kinds).find((f) => free(f));
  return h(
    'fieldset',
    { class: 'conditions', 'data-path': path },
    h('legend', { text: texts.legend }),
    h('small', { class: 'hint', text: texts.hint }),
    rows.length
      ? h('ol', { class: 'cond-rows' }, rows.map(row))
      : h('p', { class: 'muted', text: texts.empty ?? t('routing.noConditions') }),
    button(
      ctx,
      idOf(path, '-add'),
      texts.add ?? t('routing.addCondition'),
      () => {
        rows.push(blank(next));
        save();
        ctx.rerender([rowId(rows.length - 1, 'field')]);
      },
      { disabled: next === undefined },
    ),
  );
}

/** Whether a rule's or hold's "Except when" was opened by hand, so that a redraw of the form keeps it open. */
const opened = new WeakMap();

/**
 * The "Except when" block (`owner.unless`, at `path`): collapsed while it has no conditions, so a rule reads as
 * its `when` first. Its add button says "exception", to be told apart from the `when` block's.
 */
export function exceptWhenEditor(ctx, owner, path) {
  const n = toRows(owner.unless, ctx.conditions).length;
  return h(
    'details',
    {
      class: 'except-when',
      open: n > 0 || opened.get(owner) === true,
      ontoggle: (e) => opened.set(owner, e.target.open),
    },
    h('summary', {
      text: n ? t('routing.unless.summaryCount', { n }) : t('routing.unless.summaryNone'),
    }),
    conditionsEditor(ctx, owner, path, {
      legend: t('routing.unless.legend'),
      hint: t('routing.unless.hint'),
      empty: t('routing.unless.none'),
      add: t('routing.unless.add'),
    }),
  );
}
