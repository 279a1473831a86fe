// What a routing rule does (`then`): send the whole order to destinations and/or split its lines by SKU, or send
// it nowhere with a reason. The two are exclusive, so the form offers them as a choice of one.
import { h } from './dom.js';
import { t } from './i18n.js';
import { button, checkbox, destinations, idOf, list, setOrDelete, text } from './rule-widgets.js';

/** Id of the datalist of lookup table names (drawn once per form by rule-form.js). */
export const TABLES_LIST = 'rf-tables';

/**
 * Per `then` object: what the other choice held, so that trying "Send nowhere" and going back does not lose the
 * destinations and split (nor the reason, the other way round). Dropped with the rule set the form reloads.
 */
const putAside = new WeakMap();

function splitEditor(ctx, then, path) {
  const split = then.split;
  const routes = split.routes ?? [];
  const route = (r, j) => {
    const rp = `${path}/routes/${j}`;
    return h(
      'li',
      { class: 'route', 'data-path': rp },
      list(ctx, `${rp}/sku`, t('routing.split.sku'), r.sku, (v) => {
        r.sku = v;
      }),
      destinations(ctx, `${rp}/destinations`, t('routing.split.routeTo'), r.destinations, (v) => {
        r.destinations = v;
      }),
      button(ctx, idOf(rp, '-remove'), t('routing.split.removeRoute'), () => {
        routes.splice(j, 1);
        setOrDelete(split, 'routes', routes);
        ctx.rerender([idOf(rp, '-remove'), idOf(`${path}/routes/${j - 1}`, '-remove'), idOf(path, '-add')]);
      }),
    );
  };
  return h(
    'fieldset',
    { class: 'split', 'data-path': path },
    h('legend', { text: t('routing.split.legend') }),
    h('small', { class: 'hint', text: t('routing.split.hint') }),
    routes.length ? h('ol', { class: 'routes' }, routes.map(route)) : null,
    button(ctx, idOf(path, '-add'), t('routing.split.addRoute'), () => {
      routes.push({ sku: [], destinations: [] });
      split.routes = routes;
      ctx.rerender([idOf(`${path}/routes/${routes.length - 1}/sku`)]);
    }),
    text(
      ctx,
      `${path}/lookup`,
      t('routing.split.lookup'),
      split.lookup,
      (v) => setOrDelete(split, 'lookup', v.trim()),
      {
        list: TABLES_LIST,
        hint: t('routing.split.lookupHint'),
        maxlength: 100,
      },
    ),
    destinations(ctx, `${path}/rest`, t('routing.split.rest'), split.rest, (v) =>
      setOrDelete(split, 'rest', v),
    ),
  );
}

/** Switches `then` between sending and "nowhere", keeping what the other choice held aside. */
function choose(rule, nowhere) {
  const then = rule.then;
  const aside = putAside.get(then) ?? {};
  if (nowhere) {
    putAside.set(then, { ...aside, destinations: then.destinations, split: then.split });
    delete then.destinations;
    delete then.split;
    then.noDelivery = { reason: aside.reason ?? '' };
    // A rule that sends nowhere decides the order; an always rule decides nothing (the hub refuses the pair).
    delete rule.always;
  } else {
    putAside.set(then, { ...aside, reason: then.noDelivery?.reason });
    delete then.noDelivery;
    setOrDelete(then, 'destinations', aside.destinations);
    setOrDelete(then, 'split', aside.split);
  }
}

function kindChoice(ctx, rule, path) {
  const nowhere = Boolean(rule.then.noDelivery);
  const radio = (suffix, label, on) => {
    const id = idOf(path, suffix);
    return h(
      'span',
      { class: 'check-line' },
      h('input', {
        id,
        type: 'radio',
        name: idOf(path, '-kind'),
        checked: on === nowhere,
        disabled: !ctx.editable,
        onchange: () => {
          choose(rule, on);
          ctx.rerender([id]);
        },
      }),
      h('label', { for: id, text: label }),
    );
  };
  return h(
    'fieldset',
    { class: 'choices' },
    h('legend', { text: t('routing.actionKind') }),
    radio('-send', t('routing.actionKind.send'), false),
    radio('-nowhere', t('routing.actionKind.nowhere'), true),
  );
}

/** The action fieldset of the rule at `path` (`/rules/<i>/then`). */
export function actionEditor(ctx, rule, path) {
  rule.then ??= {};
  const then = rule.then;
  const body = then.noDelivery
    ? [
        h(
          'div',
          { class: 'stack', 'data-path': `${path}/noDelivery` },
          text(
            ctx,
            `${path}/noDelivery/reason`,
            t('routing.noDelivery.reason'),
            then.noDelivery.reason,
            (v) => {
              then.noDelivery.reason = v.trim();
            },
            { hint: t('routing.noDelivery.hint'), maxlength: 300 },
          ),
        ),
      ]
    : [
        destinations(ctx, `${path}/destinations`, t('routing.then.destinations'), then.destinations, (v) =>
          setOrDelete(then, 'destinations', v),
        ),
        checkbox(ctx, `${path}/splitOn`, t('routing.split.on'), Boolean(then.split), (on) => {
          if (on) then.split = {};
          else delete then.split;
          ctx.rerender([idOf(`${path}/splitOn`)]);
        }),
        then.split ? splitEditor(ctx, then, `${path}/split`) : null,
      ];
  return h(
    'fieldset',
    { class: 'action', 'data-path': path },
    h('legend', { text: t('routing.action') }),
    h('small', { class: 'hint', text: t('routing.actionHint') }),
    kindChoice(ctx, rule, path),
    ...body,
  );
}
