// Hold rules (every one that matches applies; a held order waits for a person) and the block list the
// `blocked-customer` hold reads. Part of the rule form: the same state and controls as rule-form.js.
import { h } from './dom.js';
import { t } from './i18n.js';
import { choicesOf } from './rule-schema.js';
import { conditionsEditor, exceptWhenEditor } from './rule-conditions.js';
import {
  cardList,
  cardTitle,
  button,
  checkbox,
  choices,
  freshId,
  idOf,
  itemTools,
  lines,
  list,
  named,
  select,
  setOrDelete,
  text,
} from './rule-widgets.js';

/** The setting each kind reads (the evaluator's meaning, not the schema's: it allows any of them on any kind). */
const KIND_SETTING = { unpaid: 'paymentStatuses', 'high-value': 'above', tag: 'tags' };

/** Amount per currency, as rows; a row without a currency is left out of the rule set. */
function aboveEditor(ctx, hold, path) {
  const pairs = Object.entries(hold.above ?? {});
  if (!pairs.length) pairs.push(['', '']);
  const save = () => {
    hold.above = Object.fromEntries(pairs.filter(([currency]) => currency));
  };
  const rowPath = (j) => `${path}/r${j}`;
  return h(
    'fieldset',
    { class: 'above', 'data-path': path },
    h('legend', { text: t('routing.hold.above') }),
    h(
      'ul',
      { class: 'plain' },
      pairs.map(([currency, amount], j) =>
        h(
          'li',
          { class: 'row' },
          text(
            ctx,
            `${rowPath(j)}/currency`,
            t('routing.hold.currency'),
            currency,
            (v) => {
              pairs[j][0] = v.trim();
              save();
            },
            { maxlength: 3, hint: t('routing.fieldHint.currency') },
          ),
          text(
            ctx,
            `${rowPath(j)}/amount`,
            t('routing.hold.amount'),
            amount,
            (v) => {
              pairs[j][1] = v.trim();
              save();
            },
            { hint: t('routing.fieldHint.total') },
          ),
          pairs.length > 1
            ? button(ctx, idOf(rowPath(j), '-remove'), t('routing.hold.removeAmount'), () => {
                pairs.splice(j, 1);
                save();
                ctx.rerender([idOf(rowPath(Math.max(0, j - 1)), '-remove'), idOf(path, '-add')]);
              })
            : null,
        ),
      ),
    ),
    button(ctx, idOf(path, '-add'), t('routing.hold.addAmount'), () => {
      pairs.push(['', '']);
      save();
      ctx.rerender([idOf(`${rowPath(pairs.length - 1)}/currency`)]);
    }),
  );
}

function kindSettings(ctx, hold, path) {
  const set = (key) => (v) => setOrDelete(hold, key, v);
  switch (KIND_SETTING[hold.kind]) {
    case 'paymentStatuses':
      return choices(
        ctx,
        `${path}/paymentStatuses`,
        t('routing.hold.paymentStatuses'),
        choicesOf(ctx.schema, ['holds', '*', 'paymentStatuses']),
        hold.paymentStatuses,
        set('paymentStatuses'),
        t('routing.hold.paymentStatusesHint'),
      );
    case 'above':
      return aboveEditor(ctx, hold, `${path}/above`);
    case 'tags':
      return list(ctx, `${path}/tags`, t('routing.hold.tags'), hold.tags, (v) => {
        hold.tags = v;
      });
    default: {
      const hint = named(`routing.holdKindHint.${hold.kind}`, '');
      return hint ? h('p', { class: 'hint', text: hint }) : null;
    }
  }
}

function holdCard(ctx, holds, i) {
  const hold = holds[i];
  const path = `/holds/${i}`;
  const { heading, headingId, idField } = cardTitle(ctx, path, hold, 'routing.holdTitle', i + 1);
  const kinds = choicesOf(ctx.schema, ['holds', '*', 'kind']);
  return h(
    'li',
    { class: 'hold card', 'data-path': path },
    heading,
    h(
      'div',
      { class: 'row' },
      idField,
      select(
        ctx,
        `${path}/kind`,
        t('routing.hold.kind'),
        kinds.map((k) => ({ value: k, text: named(`routing.holdKind.${k}`, k) })),
        hold.kind,
        (k) => {
          hold.kind = k;
          // Settings of the previous kind would be kept but never read: drop them.
          for (const [kind, key] of Object.entries(KIND_SETTING)) if (kind !== k) delete hold[key];
          ctx.rerender([idOf(`${path}/kind`)]);
        },
      ),
      checkbox(ctx, `${path}/enabled`, t('routing.enabled'), hold.enabled !== false, (on) =>
        setOrDelete(hold, 'enabled', on ? undefined : false),
      ),
    ),
    text(
      ctx,
      `${path}/reason`,
      t('routing.hold.reason'),
      hold.reason,
      (v) => setOrDelete(hold, 'reason', v),
      {
        hint: t('routing.hold.reasonHint'),
        maxlength: 300,
      },
    ),
    kindSettings(ctx, hold, path),
    conditionsEditor(ctx, hold, `${path}/when`, {
      legend: t('routing.hold.when'),
      hint: t('routing.hold.whenHint'),
    }),
    exceptWhenEditor(ctx, hold, `${path}/unless`),
    itemTools(ctx, holds, i, path, headingId, t('routing.removeHold')),
  );
}

function blockListEditor(ctx, state) {
  const change = (key) => (v) => {
    state.blockList ??= {};
    setOrDelete(state.blockList, key, v);
    if (!Object.keys(state.blockList).length) delete state.blockList;
  };
  return h(
    'fieldset',
    { class: 'block-list', 'data-path': '/blockList' },
    h('legend', { text: t('routing.blockList') }),
    h('small', { class: 'hint', text: t('routing.blockListHint') }),
    lines(ctx, '/blockList/emails', t('routing.blockList.emails'), state.blockList?.emails, change('emails')),
    lines(ctx, '/blockList/phones', t('routing.blockList.phones'), state.blockList?.phones, change('phones')),
  );
}

/** The holds section of the rule form. */
export function holdsEditor(ctx, state) {
  const holds = state.holds ?? [];
  return h(
    'section',
    { class: 'stack' },
    h('h3', { text: t('routing.holdsTitle') }),
    h('small', { class: 'hint', text: t('routing.holdsHint') }),
    cardList(ctx, {
      path: '/holds',
      items: holds,
      card: (i) => holdCard(ctx, holds, i),
      emptyText: t('routing.noHolds'),
      addLabel: t('routing.addHold'),
      make: () => {
        state.holds = holds;
        return { id: freshId(holds, 'hold'), kind: choicesOf(ctx.schema, ['holds', '*', 'kind'])[0] };
      },
    }),
    blockListEditor(ctx, state),
  );
}
