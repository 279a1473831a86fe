/* global document -- browser globals: the console runs in the browser, not in Node. */
// Exceptions: open problems grouped by kind and reason; fix a payload and replay, one or in bulk; holds.
import { h, json, mount, when } from '../lib/dom.js';
import { get, post } from '../lib/api.js';
import { lang, t } from '../lib/i18n.js';
import { act, can, errorText, field, flash, later } from '../lib/ui.js';
import { bulkPanel, selection } from '../lib/bulk-replay.js';
import { tableLink, tableNamed } from './lookup-tables.js';

const KINDS = ['quarantined', 'dead_lettered', 'rejected', 'blocked', 'writeback_failed'];

/** One exception: what, where, and for a quarantined record an editor of the raw payload. */
function item(e, selected, reload) {
  const out = flash();
  const check = h('input', {
    type: 'checkbox',
    id: `sel-${e.id}`,
    'data-select': e.id,
    onchange: (ev) => selected.set(e.id, ev.target.checked),
  });
  let editor = null;
  if (e.kind === 'quarantined' && e.payload !== null) {
    editor = h('textarea', { id: `payload-${e.id}`, rows: '12', spellcheck: 'false', class: 'code' });
    editor.value = JSON.stringify(e.payload, null, 2);
  }
  // One replay path: as stored (after a lookup-table fix), or with the edited payload when `edited` is set.
  const replayButton = (edited) => {
    const b = h('button', {
      type: 'button',
      class: edited ? 'primary' : '',
      [edited ? 'data-replay-edited' : 'data-replay']: e.id,
      text: edited ? t('exceptions.fixReplay') : t('exceptions.replay'),
      onclick: () =>
        act(
          b,
          out,
          async () => {
            let body = {};
            if (edited) {
              try {
                body = { payload: JSON.parse(editor.value) };
              } catch {
                throw new Error(t('exceptions.badJson'));
              }
            }
            const r = await post(`/v1/exceptions/${encodeURIComponent(e.id)}/replay`, body);
            later(reload, 800);
            return r;
          },
          (r) => t('exceptions.replayed', { action: r?.action || '' }),
        ),
    });
    return b;
  };
  // Payloads stay folded: a page of thirty quarantined orders must still fit on a screen to be scanned.
  const payload = editor
    ? h(
        'details',
        { class: 'payload' },
        h('summary', { text: t('exceptions.editPayload') }),
        field(t('exceptions.payload'), editor, t('exceptions.payloadHint')),
        can('operator') ? h('div', { class: 'row' }, replayButton(true)) : null,
      )
    : e.payload
      ? h('details', {}, h('summary', { text: t('exceptions.payload') }), json(e.payload))
      : null;
  return h(
    'li',
    { class: 'exc card', 'data-exception': e.id },
    h(
      'div',
      { class: 'row' },
      can('operator')
        ? h(
            'label',
            { class: 'check', for: check.id },
            check,
            h('span', {
              class: 'sr-only',
              text: t('exceptions.selectOne', { what: e.message.slice(0, 80) }),
            }),
          )
        : null,
      h('strong', { text: e.message }),
    ),
    h('p', {
      class: 'muted',
      text: e.externalId
        ? t('exceptions.whereOrder', {
            externalId: e.externalId,
            connection: e.connectionName,
            at: when(e.createdAt, lang()),
          })
        : t('exceptions.where', { connection: e.connectionName, at: when(e.createdAt, lang()) }),
    }),
    e.orderId ? h('p', {}, h('a', { href: `#/orders/${e.orderId}`, text: t('exceptions.openOrder') })) : null,
    tableNamed(e.message)
      ? h(
          'p',
          {},
          h('a', {
            href: tableLink(e.message),
            class: 'table-link',
            text: t('exceptions.openTable', { name: tableNamed(e.message) }),
          }),
        )
      : null,
    payload,
    can('operator') ? h('div', { class: 'row' }, replayButton(false)) : null,
    out.el,
  );
}

function holdItem(o, reload) {
  const out = flash();
  const note = h('input', { id: `note-${o.orderId}`, type: 'text', required: true });
  const run = (verb) => {
    const b = h('button', {
      type: 'button',
      class: verb === 'release' ? 'primary' : 'danger',
      text: t(`holds.${verb}`),
      onclick: () =>
        act(
          b,
          out,
          async () => {
            if (!note.value.trim()) throw new Error(t('holds.noteRequired'));
            await post(`/v1/holds/${encodeURIComponent(o.orderId)}/${verb}`, { note: note.value.trim() });
            later(reload, 500);
          },
          t(verb === 'release' ? 'holds.released' : 'holds.cancelled'),
        ),
    });
    return b;
  };
  return h(
    'li',
    { class: 'exc card', 'data-hold': o.orderId },
    h('strong', {}, h('a', { href: `#/orders/${o.orderId}`, text: o.orderNumber || o.orderId })),
    h('p', {
      class: 'muted',
      text: t('holds.since', { at: when(o.heldSince, lang()), total: `${o.total} ${o.currency}` }),
    }),
    h(
      'ul',
      {},
      o.reasons.map((r) => h('li', {}, h('code', { text: r.code }), ` ${r.message}`)),
    ),
    can('operator')
      ? [field(t('holds.note'), note), h('div', { class: 'row' }, run('release'), run('cancel'))]
      : null,
    out.el,
  );
}

/** Selects every exception of a reason group: the usual bulk fix is one reason, many orders. */
function selectAll(code, items, selected) {
  return h('button', {
    type: 'button',
    'data-select-all': code,
    text: t('exceptions.selectAll', { n: items.length }),
    'aria-label': t('exceptions.selectAllOf', { n: items.length, code }),
    onclick: () => {
      for (const e of items) {
        const box = document.getElementById(`sel-${e.id}`);
        if (box) box.checked = true;
        selected.set(e.id, true);
      }
    },
  });
}

export async function render(main, ctx) {
  const body = h('div', { class: 'stack' });
  mount(main, h('h1', { text: t('nav.exceptions') }), body);
  const reload = () => ctx.rerender();
  try {
    const [exc, holds, connections] = await Promise.all([
      get('/v1/exceptions?state=open&limit=500'),
      get('/v1/holds?limit=100'),
      get('/v1/connections').catch(() => ({ items: [] })),
    ]);
    const names = Object.fromEntries(connections.items.map((c) => [c.id, c.name]));
    const selected = selection();
    const labels = Object.fromEntries(
      exc.items.map((e) => [e.id, `${e.externalId || e.orderId || e.id} — ${e.code}`]),
    );
    const groups = [];
    for (const kind of KINDS) {
      const ofKind = exc.items.filter((e) => e.kind === kind);
      if (!ofKind.length) continue;
      const byCode = new Map();
      for (const e of ofKind) byCode.set(e.code, [...(byCode.get(e.code) || []), e]);
      groups.push(
        h(
          'section',
          { class: 'group', 'data-kind': kind },
          h('h2', { text: t('exceptions.group', { kind: t(`kind.${kind}`), n: ofKind.length }) }),
          [...byCode].map(([code, items]) =>
            h(
              'div',
              {},
              h(
                'h3',
                {},
                h('code', { text: code }),
                ` — ${t(`error.${code}`) === `error.${code}` ? '' : t(`error.${code}`)} (${items.length})`,
              ),
              can('operator') ? selectAll(code, items, selected) : null,
              h(
                'ul',
                { class: 'plain' },
                items.map((e) =>
                  item({ ...e, connectionName: names[e.connectionId] || e.connectionId }, selected, reload),
                ),
              ),
            ),
          ),
        ),
      );
    }
    mount(
      body,
      can('operator') && exc.items.length ? bulkPanel(selected, labels, reload) : null,
      groups.length ? groups : h('p', { class: 'muted', id: 'no-exceptions', text: t('exceptions.none') }),
      h(
        'section',
        { class: 'group', 'data-kind': 'held' },
        h('h2', { text: t('exceptions.group', { kind: t('kind.held'), n: holds.items.length }) }),
        holds.items.length
          ? h(
              'ul',
              { class: 'plain' },
              holds.items.map((o) => holdItem(o, reload)),
            )
          : h('p', { class: 'muted', text: t('holds.none') }),
      ),
    );
  } catch (error) {
    mount(body, h('p', { class: 'flash flash-error', role: 'alert', text: errorText(error) }));
  }
}
