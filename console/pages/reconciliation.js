// Reconciliation: runs, what each compared and found, what was recovered and re-driven; run one now.
import { h, mount, table, when } from '../lib/dom.js';
import { get, post } from '../lib/api.js';
import { lang, t } from '../lib/i18n.js';
import { act, badge, can, errorText, field, flash, later } from '../lib/ui.js';

export async function render(main, ctx) {
  try {
    const [runs, connections] = await Promise.all([
      get('/v1/reconciliation/runs?limit=100'),
      get('/v1/connections'),
    ]);
    const names = Object.fromEntries(connections.items.map((c) => [c.id, c.name]));
    const sources = connections.items.filter((c) => c.kind === 'source');
    const out = flash();
    const pick = h(
      'select',
      { id: 'recon-connection' },
      sources.map((c) => h('option', { value: c.id, text: c.name })),
    );
    const run = h('button', {
      type: 'button',
      class: 'primary',
      text: t('recon.runNow'),
      onclick: () =>
        act(
          run,
          out,
          async () => {
            const r = await post('/v1/reconciliation/run', { connectionId: pick.value });
            later(() => ctx.rerender(), 600);
            return r;
          },
          (r) => t('recon.ran', { n: r.items.length }),
        ),
    });
    const rows = runs.items.map((r) => [
      names[r.connectionId] || r.connectionId,
      `${when(r.bucketStart, lang())} – ${when(r.bucketEnd, lang())}`,
      h('span', {}, badge(r.status), r.stoppedEarly ? ` ${t('recon.partial')}` : ''),
      t(`recon.trigger.${r.trigger}`),
      String(r.channelCount),
      r.recoveredCount
        ? h(
            'details',
            {},
            h('summary', { text: String(r.recoveredCount) }),
            h('p', { text: r.recoveredIds.join(', ') }),
          )
        : '0',
      t('recon.deliveries', r.deliveries),
      r.errors.length ? r.errors.map((e) => `${e.code}: ${e.message}`).join('; ') : '—',
    ]);
    mount(
      main,
      h('h1', { text: t('nav.reconciliation') }),
      can('operator') && sources.length
        ? h('div', { class: 'row card' }, field(t('recon.connection'), pick), run, out.el)
        : null,
      rows.length
        ? table(
            t('recon.caption'),
            ['connection', 'bucket', 'status', 'trigger', 'listed', 'recovered', 'deliveries', 'errors'].map(
              (k) => t(`recon.col.${k}`),
            ),
            rows,
          )
        : h('p', { class: 'muted', text: t('recon.none') }),
    );
  } catch (error) {
    mount(
      main,
      h('h1', { text: t('nav.reconciliation') }),
      h('p', { class: 'flash flash-error', role: 'alert', text: errorText(error) }),
    );
  }
}
