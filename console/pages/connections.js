/* global location -- browser globals: the console runs in the browser, not in Node. */
// Connections: list, create and edit from each connector's config schema, check credentials, sync now.
import { h, mount, table } from '../lib/dom.js';
import { api, get, post } from '../lib/api.js';
import { t } from '../lib/i18n.js';
import { act, badge, can, errorText, field, flash } from '../lib/ui.js';
import { schemaForm } from '../lib/schema-form.js';
import { renderWebhooks } from './connection-webhooks.js';

function actions(c, connectors) {
  const out = flash();
  const check = h('button', {
    type: 'button',
    'data-check': c.id,
    text: t('connections.check'),
    onclick: () =>
      act(
        check,
        out,
        () => post(`/v1/connections/${encodeURIComponent(c.id)}/check`),
        (r) =>
          r.ok
            ? t('connections.checkOk', { detail: r.detail || '' })
            : t('connections.checkFailed', { code: r.code, message: r.message, remedy: r.remedy }),
      ),
  });
  const connector = connectors.find((d) => d.id === c.connector);
  const canPull = connector?.pull;
  const sync = h('button', {
    type: 'button',
    'data-sync': c.id,
    text: t('connections.sync'),
    onclick: () =>
      act(
        sync,
        out,
        () => post(`/v1/connections/${encodeURIComponent(c.id)}/sync`),
        t('connections.syncQueued'),
      ),
  });
  return h(
    'div',
    { class: 'row' },
    can('operator') ? check : null,
    can('operator') && canPull ? sync : null,
    can('admin') ? h('a', { class: 'button', href: `#/connections/${c.id}`, text: t('action.edit') }) : null,
    connector?.webhook
      ? h('a', {
          class: 'button',
          href: `#/connections/${c.id}/webhooks`,
          'data-webhooks': c.id,
          text: t('connections.webhooks'),
          'aria-label': t('connections.webhooksOf', { name: c.name }),
        })
      : null,
    out.el,
  );
}

async function list(main) {
  const [connections, connectors] = await Promise.all([get('/v1/connections'), get('/v1/connectors')]);
  const rows = connections.items.map((c) => [
    c.name,
    `${c.connector} (${t(`kind.${c.kind}`)})`,
    c.enabled ? t('connections.enabled') : t('connections.disabled'),
    h('span', {}, badge(c.health.state), c.health.message ? ` ${c.health.message}` : ''),
    actions(c, connectors.items),
  ]);
  mount(
    main,
    h(
      'div',
      { class: 'page-head' },
      h('h1', { text: t('nav.connections') }),
      can('admin')
        ? h('a', { class: 'button primary', href: '#/connections/new', text: t('connections.new') })
        : null,
    ),
    table(
      t('connections.caption'),
      ['name', 'connector', 'enabled', 'health', 'actions'].map((k) => t(`connections.col.${k}`)),
      rows,
    ),
  );
}

async function edit(main, id) {
  const connectors = (await get('/v1/connectors')).items;
  const existing = id === 'new' ? null : await get(`/v1/connections/${encodeURIComponent(id)}`);
  const out = flash();
  const name = h('input', { id: 'conn-name', type: 'text', required: true, value: existing?.name || '' });
  const enabled = h('input', {
    id: 'conn-enabled',
    type: 'checkbox',
    checked: existing ? existing.enabled : true,
  });
  const fieldsBox = h('div', { class: 'stack' });
  let form = null;
  const pick = h(
    'select',
    { id: 'conn-connector', disabled: Boolean(existing), onchange: () => showFields() },
    connectors.map((c) =>
      h('option', {
        value: c.id,
        selected: c.id === existing?.connector,
        text: `${c.displayName} (${c.id})`,
      }),
    ),
  );
  function showFields() {
    const def = connectors.find((c) => c.id === pick.value);
    form = def ? schemaForm(def, existing?.config || {}, existing?.secretsSet || []) : null;
    mount(fieldsBox, form ? form.fields : null);
  }
  showFields();
  const save = h('button', { type: 'submit', class: 'primary', text: t('action.save') });
  mount(
    main,
    h('p', {}, h('a', { href: '#/connections', text: t('connections.back') })),
    h('h1', { text: existing ? t('connections.editTitle', { name: existing.name }) : t('connections.new') }),
    h(
      'form',
      {
        class: 'stack card',
        onsubmit: (e) => {
          e.preventDefault();
          act(
            save,
            out,
            async () => {
              const config = form.collect();
              const saved = existing
                ? await api('PATCH', `/v1/connections/${encodeURIComponent(existing.id)}`, {
                    name: name.value,
                    enabled: enabled.checked,
                    config,
                  })
                : await post('/v1/connections', {
                    connector: pick.value,
                    name: name.value,
                    enabled: enabled.checked,
                    config,
                  });
              // A new connection continues on the list; an edited one stays, with its confirmation.
              if (!existing) location.hash = '#/connections';
              return saved;
            },
            t('connections.saved'),
          );
        },
      },
      field(t('connections.connector'), pick),
      field(t('connections.col.name'), name),
      h(
        'div',
        { class: 'field inline' },
        enabled,
        h('label', { for: 'conn-enabled', text: t('connections.enabled') }),
      ),
      h('fieldset', {}, h('legend', { text: t('connections.settings') }), fieldsBox),
      h('div', { class: 'row' }, save),
      out.el,
    ),
  );
}

export async function render(main, ctx) {
  try {
    if (ctx.rest[0] && ctx.rest[1] === 'webhooks') await renderWebhooks(main, ctx.rest[0]);
    else if (ctx.rest[0]) await edit(main, ctx.rest[0]);
    else await list(main);
  } catch (error) {
    mount(
      main,
      h('h1', { text: t('nav.connections') }),
      h('p', { class: 'flash flash-error', role: 'alert', text: errorText(error) }),
    );
  }
}
