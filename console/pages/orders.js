/* global location -- browser globals: the console runs in the browser, not in Node. */
// Orders: search, and one order's story from the raw payload to deliveries, shipments and write-back.
import { h, json, mount, table, when } from '../lib/dom.js';
import { get, qs } from '../lib/api.js';
import { lang, t } from '../lib/i18n.js';
import { badge, errorText, field } from '../lib/ui.js';

const STATUSES = [
  '',
  'active',
  'held',
  'open',
  'cancelled',
  'closed',
  'pending',
  'paid',
  'refunded',
  'unfulfilled',
  'fulfilled',
];

function searchForm(params) {
  const q = h('input', { id: 'order-q', type: 'search', value: params.get('q') || '' });
  const status = h(
    'select',
    { id: 'order-status' },
    STATUSES.map((v) =>
      h('option', {
        value: v,
        selected: v === (params.get('status') || ''),
        text: v ? t(`state.${v}`) : t('orders.anyStatus'),
      }),
    ),
  );
  return h(
    'form',
    {
      class: 'row',
      role: 'search',
      onsubmit: (e) => {
        e.preventDefault();
        location.hash = `#/orders${qs({ q: q.value.trim(), status: status.value })}`;
      },
    },
    field(t('orders.query'), q, t('orders.queryHint')),
    field(t('orders.status'), status),
    h('button', { type: 'submit', class: 'primary', text: t('action.search') }),
  );
}

async function list(main, params) {
  const results = h('div', {});
  mount(main, h('h1', { text: t('nav.orders') }), searchForm(params), results);
  const q = params.get('q') || '';
  const status = params.get('status') || '';
  try {
    const [page, connections] = await Promise.all([
      q || status
        ? get(`/v1/insights/orders/search${qs({ q, status, limit: 100 })}`)
        : get('/v1/orders?limit=50'),
      get('/v1/connections').catch(() => ({ items: [] })),
    ]);
    const names = Object.fromEntries(connections.items.map((c) => [c.id, c.name]));
    const rows = page.items.map((o) => [
      h('a', { href: `#/orders/${o.id}`, text: o.orderNumber || o.id }),
      o.externalId,
      names[o.connectionId] || o.connectionId,
      badge(o.state),
      `${o.total} ${o.currency}`,
      when(o.placedAt, lang()),
    ]);
    mount(
      results,
      rows.length
        ? table(
            t('orders.results', { n: rows.length }),
            ['number', 'externalId', 'connection', 'state', 'total', 'placed'].map((k) =>
              t(`orders.col.${k}`),
            ),
            rows,
            { id: 'orders-table' },
          )
        : h('p', { class: 'muted', text: t('orders.none') }),
    );
  } catch (error) {
    mount(results, h('p', { class: 'flash flash-error', role: 'alert', text: errorText(error) }));
  }
}

/** A timeline entry: time, what happened, details, and optionally something to expand. */
function entry(at, title, detail, extra) {
  return h(
    'li',
    { class: 'tl-item' },
    h('time', { datetime: at || '', text: when(at, lang()) }),
    h('div', {}, h('strong', { text: title }), detail ? h('p', { text: detail }) : null, extra || null),
  );
}

/** The raw payload loads only when asked: it is large, and it is customer data. */
function rawPayload(inboxEventId) {
  const box = h('div', {});
  const button = h('button', {
    type: 'button',
    class: 'link',
    text: t('orders.showRaw'),
    onclick: async () => {
      button.disabled = true;
      try {
        const e = await get(`/v1/insights/inbox/${encodeURIComponent(inboxEventId)}`);
        mount(box, json(e.raw));
      } catch (error) {
        mount(box, h('p', { class: 'flash flash-error', text: errorText(error) }));
      }
    },
  });
  return h('div', {}, button, box);
}

function timeline(o, shipments, name) {
  const items = [];
  for (const ev of o.timeline) {
    const d = ev.detail || {};
    if (ev.event === 'received')
      items.push({
        at: ev.at,
        node: entry(
          ev.at,
          t('timeline.received', { source: d.source, revision: d.revision }),
          null,
          rawPayload(d.inboxEventId),
        ),
      });
    else if (ev.event === 'normalized')
      items.push({
        at: ev.at,
        node: entry(ev.at, t('timeline.normalized', { revision: d.revision }), d.channelRevision),
      });
    else if (ev.event === 'exception')
      items.push({
        at: ev.at,
        node: entry(
          ev.at,
          t('timeline.exception', { kind: t(`kind.${d.kind}`), code: d.code }),
          t(`state.${d.state}`),
        ),
      });
    // Routing decision with no delivery row to show it: a rule sent the revision nowhere.
    else if (ev.event === 'not-sent') {
      const also = d.destinations.map(name).join(', ');
      const key = also ? 'orders.notSentElsewhere' : 'orders.notSent';
      items.push({
        at: ev.at,
        node: entry(
          ev.at,
          t(key, { revision: d.revision, rule: d.ruleId, reason: d.reason }),
          also ? t('orders.notSentAlways', { destinations: also }) : null,
        ),
      });
    }
  }
  // Routing decision: which destinations got a delivery for each revision (or that the order is held).
  const byRevision = new Map();
  for (const d of o.deliveries) byRevision.set(d.revision, [...(byRevision.get(d.revision) || []), d]);
  for (const [revision, ds] of byRevision) {
    const at = ds.map((d) => d.createdAt).sort()[0];
    items.push({
      at,
      node: entry(at, t('timeline.routed', { revision }), ds.map((d) => name(d.destinationId)).join(', ')),
    });
  }
  if (o.state === 'held')
    items.push({ at: o.order.updatedAt || '', node: entry(null, t('timeline.held'), null) });
  for (const d of o.deliveries)
    for (const a of d.attemptLog)
      items.push({
        at: a.at,
        node: entry(
          a.at,
          t('timeline.attempt', {
            destination: name(d.destinationId),
            attempt: a.attempt,
            outcome: t(`outcome.${a.outcome}`),
          }),
          [
            a.code,
            a.httpStatus ? `HTTP ${a.httpStatus}` : null,
            a.message,
            d.remoteId ? t('timeline.remoteId', { id: d.remoteId }) : null,
          ]
            .filter(Boolean)
            .join(' · '),
        ),
      });
  for (const sh of shipments)
    items.push({
      at: sh.createdAt,
      node: entry(
        sh.createdAt,
        t('timeline.shipment', { id: sh.shipmentId, reporter: name(sh.reporterId) }),
        t('timeline.writeBack', { state: t(`state.${sh.state}`) }),
      ),
    });
  items.sort((a, b) => String(a.at).localeCompare(String(b.at)));
  return h(
    'ol',
    { class: 'timeline', id: 'timeline' },
    items.map((i) => i.node),
  );
}

async function detail(main, id) {
  mount(main, h('p', { class: 'muted', text: t('app.loading') }));
  try {
    const [o, shipments, connections] = await Promise.all([
      get(`/v1/orders/${encodeURIComponent(id)}`),
      get(`/v1/shipments${qs({ orderId: id, limit: 100 })}`).catch(() => ({ items: [] })),
      get('/v1/connections').catch(() => ({ items: [] })),
    ]);
    const names = Object.fromEntries(connections.items.map((x) => [x.id, x.name]));
    const c = o.order;
    mount(
      main,
      h('p', {}, h('a', { href: '#/orders', text: t('orders.back') })),
      h('h1', { text: t('orders.title', { number: c.channel?.orderNumber || o.id }) }),
      h(
        'dl',
        { class: 'facts' },
        h('dt', { text: t('orders.col.state') }),
        h('dd', {}, badge(o.state)),
        h('dt', { text: t('orders.revision') }),
        h('dd', { text: String(o.revision) }),
        h('dt', { text: t('orders.col.total') }),
        h('dd', { text: `${c.totals.total} ${c.currency}` }),
        h('dt', { text: t('orders.status') }),
        h('dd', {
          text: [c.status.order, c.status.payment, c.status.fulfillment]
            .map((x) => t(`state.${x}`))
            .join(' / '),
        }),
        h('dt', { text: t('orders.lines') }),
        h('dd', { text: c.lines.map((l) => `${l.quantity} × ${l.sku || '—'}`).join(', ') }),
      ),
      h('h2', { text: t('orders.timeline') }),
      timeline(o, shipments.items, (cid) => names[cid] || cid),
      h('details', {}, h('summary', { text: t('orders.canonical') }), json(c)),
    );
  } catch (error) {
    mount(main, h('p', { class: 'flash flash-error', role: 'alert', text: errorText(error) }));
  }
}

export async function render(main, ctx) {
  if (ctx.rest[0]) return detail(main, ctx.rest[0]);
  return list(main, ctx.params);
}
