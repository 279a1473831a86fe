// A connection's webhooks: where the channel must send them, what the hub received, and the subscriptions
// the channel holds as of the last check (reconciliation re-checks them on every run).
import { h, mount, table, when } from '../lib/dom.js';
import { get, post } from '../lib/api.js';
import { lang, t } from '../lib/i18n.js';
import { act, badge, can, flash } from '../lib/ui.js';

const path = (id) => `/v1/connections/${encodeURIComponent(id)}/webhook-subscriptions`;

function traffic(view) {
  const tr = view.traffic;
  return h(
    'dl',
    { class: 'facts', id: 'webhook-traffic' },
    h('dt', { text: t('webhooks.callback') }),
    h('dd', {}, view.callbackUrl ? h('code', { text: view.callbackUrl }) : t('webhooks.noPublicUrl')),
    h('dt', { text: t('webhooks.received') }),
    h('dd', {
      text: tr.received
        ? t('webhooks.receivedValue', { n: tr.received, at: when(tr.lastReceivedAt, lang()) })
        : '0',
    }),
    h('dt', { text: t('webhooks.signatureFailures') }),
    h('dd', {
      text: tr.signatureFailures
        ? t('webhooks.failuresValue', {
            n: tr.signatureFailures,
            code: tr.lastSignatureFailureCode || '—',
            at: when(tr.lastSignatureFailureAt, lang()),
          })
        : '0',
    }),
  );
}

function lastCheck(check) {
  if (!check) return h('p', { id: 'webhook-check', class: 'muted', text: t('webhooks.neverChecked') });
  const head = t('webhooks.checkedAt', {
    at: when(check.checkedAt, lang()),
    trigger: t(`webhooks.trigger.${check.trigger}`),
  });
  const error = check.error
    ? h('p', {
        class: 'flash flash-error',
        role: 'alert',
        text: t('webhooks.checkFailed', {
          code: check.error.code,
          message: check.error.message,
          remedy: check.error.remedy || t('webhooks.noRemedy'),
        }),
      })
    : null;
  return h(
    'div',
    { id: 'webhook-check' },
    h('p', { class: 'muted', text: head }),
    error,
    table(
      t('webhooks.topicsCaption'),
      ['topic', 'state', 'restored'].map((k) => t(`webhooks.col.${k}`)),
      check.topics.map((x) => [
        h('code', { text: x.topic }),
        badge(x.state),
        x.restoredCount
          ? t('webhooks.restoredValue', { n: x.restoredCount, at: when(x.lastRestoredAt, lang()) })
          : t('webhooks.never'),
      ]),
      { id: 'webhook-topics' },
    ),
  );
}

async function show(main, id) {
  const [connection, view] = await Promise.all([
    get(`/v1/connections/${encodeURIComponent(id)}`),
    get(path(id)),
  ]);
  const out = flash();
  const body = h('div', { class: 'stack' });
  const draw = (v) =>
    mount(
      body,
      traffic(v),
      h('h2', { text: t('webhooks.subscriptions') }),
      v.managed ? lastCheck(v.lastCheck) : h('p', { class: 'muted', text: t('webhooks.unmanaged') }),
    );
  const recheck = h('button', {
    type: 'button',
    id: 'webhook-recheck',
    text: t('webhooks.checkNow'),
    onclick: () =>
      act(
        recheck,
        out,
        async () => {
          const v = await post(`${path(id)}/check`);
          draw(v);
          return v;
        },
        (v) => (v.lastCheck?.ok ? t('webhooks.checkDone') : t('webhooks.checkDoneWithError')),
      ),
  });
  draw(view);
  mount(
    main,
    h('p', {}, h('a', { href: '#/connections', text: t('connections.back') })),
    h('h1', { text: t('webhooks.title', { name: connection.name }) }),
    h('p', { class: 'muted', text: t('webhooks.intro') }),
    body,
    can('operator') && view.managed ? h('div', { class: 'row' }, recheck, out.el) : null,
  );
}

export { show as renderWebhooks };
