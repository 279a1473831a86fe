/* global clearInterval, setInterval -- browser globals: the console runs in the browser, not in Node. */
// Overview: every connection with its health, orders per hour, deliveries, queues and the last 24 hours.
import { h, mount, table, when } from '../lib/dom.js';
import { get } from '../lib/api.js';
import { lang, t } from '../lib/i18n.js';
import { badge, errorText } from '../lib/ui.js';
import { ordersChart } from '../lib/chart.js';

const REFRESH_MS = 15_000;

function lag(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 120) return t('time.seconds', { n: seconds });
  if (seconds < 7200) return t('time.minutes', { n: Math.round(seconds / 60) });
  return t('time.hours', { n: Math.round(seconds / 3600) });
}

function webhookCell(w) {
  if (!w || (!w.received && !w.signatureFailures)) return '—';
  const parts = [t('overview.webhooksReceived', { n: w.received })];
  if (w.lastReceivedAt) parts.push(t('overview.lastWebhook', { at: when(w.lastReceivedAt, lang()) }));
  if (w.signatureFailures)
    parts.push(
      t('overview.signatureFailures', { n: w.signatureFailures, code: w.lastSignatureFailureCode || '' }),
    );
  return parts.join(' · ');
}

function connectionRows(items) {
  return items.map((c) =>
    h(
      'tr',
      { 'data-connection': c.id, 'data-health': c.health.state },
      h('th', { scope: 'row' }, h('a', { href: `#/connections/${c.id}`, text: c.name })),
      h('td', { text: `${c.connector} (${t(`kind.${c.kind}`)})` }),
      h('td', {}, badge(c.health.state), c.health.code ? h('code', { text: ` ${c.health.code}` }) : null),
      h('td', {
        text: c.kind === 'source' ? when(c.lastSuccessfulPull || c.lastPull?.watermark, lang()) : '—',
      }),
      h('td', { text: c.lastPull ? lag(c.lastPull.lagSeconds) : '—' }),
      h('td', { text: webhookCell(c.webhooks) }),
      h('td', { text: String(c.openExceptions) }),
      h('td', { class: 'remedy', text: c.health.state === 'ok' ? '' : c.health.message || '' }),
    ),
  );
}

function queues(status) {
  if (!status.queues || status.queues.error)
    return h('p', { class: 'flash flash-error', text: t('overview.queuesDown') });
  const rows = Object.entries(status.queues).map(([name, states]) => [
    name,
    String(states.waiting ?? 0),
    String(states.active ?? 0),
    String(states.delayed ?? 0),
    String(states.failed ?? 0),
  ]);
  const cols = [
    'overview.queue',
    'overview.waiting',
    'overview.active',
    'overview.delayed',
    'overview.failed',
  ];
  return table(
    t('overview.queues'),
    cols.map((k) => t(k)),
    rows,
  );
}

function deliveries(status) {
  const dests = status.connections.filter((c) => c.kind === 'destination');
  const states = ['delivered', 'pending', 'retrying', 'dead', 'rejected', 'blocked'];
  const rows = dests.map((c) => [
    c.name,
    ...states.map((st) => String(c.deliveries?.[st] ?? 0)),
    String(c.stuckDeliveries?.total ?? c.stuck ?? 0),
  ]);
  return table(
    t('overview.deliveries'),
    [t('overview.destination'), ...states.map((st) => t(`state.${st}`)), t('overview.stuck')],
    rows,
  );
}

export async function render(main) {
  const body = h('div', { class: 'stack' });
  const refresh = h('button', { type: 'button', id: 'refresh', text: t('action.refresh') });
  mount(main, h('div', { class: 'page-head' }, h('h1', { text: t('nav.overview') }), refresh), body);
  const load = async () => {
    try {
      const [status, perHour] = await Promise.all([
        get('/v1/status'),
        get('/v1/insights/orders-per-hour?hours=24').catch(() => ({ hours: [], series: [] })),
      ]);
      const names = Object.fromEntries(status.connections.map((c) => [c.id, c.name]));
      const recovered = status.connections.reduce((n, c) => n + (c.recoveredLast24h || 0), 0);
      const stuck = status.connections.reduce((n, c) => n + (c.stuckDeliveries?.total ?? 0), 0);
      const unhealthy = status.connections.filter((c) => c.health.state === 'error').length;
      mount(
        body,
        h(
          'ul',
          { class: 'cards' },
          h(
            'li',
            { class: 'card' },
            h('strong', { text: String(status.connections.length) }),
            t('overview.connections'),
          ),
          h(
            'li',
            { class: `card ${unhealthy ? 'card-bad' : ''}` },
            h('strong', { text: String(unhealthy) }),
            t('overview.unhealthy'),
          ),
          h('li', { class: 'card' }, h('strong', { text: String(recovered) }), t('overview.recovered24h')),
          h(
            'li',
            { class: `card ${stuck ? 'card-bad' : ''}` },
            h('strong', { text: String(stuck) }),
            t('overview.stuck24h'),
          ),
        ),
        status.storeHealth?.state === 'down'
          ? h('p', {
              id: 'store-down',
              class: 'flash flash-error',
              role: 'alert',
              text: t('overview.storeDown', {
                store: status.store,
                message: status.storeHealth.message || '',
              }),
            })
          : null,
        status.alerts?.length
          ? h(
              'ul',
              { class: 'alerts' },
              status.alerts.map((a) => h('li', { text: `${a.rule || a.id}: ${a.message || ''}` })),
            )
          : null,
        table(
          t('overview.connectionsCaption'),
          ['name', 'connector', 'health', 'lastPull', 'lag', 'webhooks', 'exceptions', 'remedy'].map((k) =>
            t(`overview.col.${k}`),
          ),
          connectionRows(status.connections),
          { id: 'connections-table' },
        ),
        h(
          'section',
          { 'aria-labelledby': 'chart-h' },
          h('h2', { id: 'chart-h', text: t('overview.ordersPerHour') }),
          ordersChart(perHour, names, lang()),
        ),
        deliveries(status),
        queues(status),
        h('p', {
          class: 'muted',
          text: t('overview.updated', { at: when(status.at, lang()), store: status.store }),
        }),
      );
    } catch (error) {
      if (!body.childElementCount)
        mount(body, h('p', { class: 'flash flash-error', role: 'alert', text: errorText(error) }));
    }
  };
  refresh.addEventListener('click', load);
  await load();
  const timer = setInterval(load, REFRESH_MS);
  return () => clearInterval(timer);
}
