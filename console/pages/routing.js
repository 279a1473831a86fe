// Routing and holds: the active rule set, edit it in a form (or as JSON), dry-run a candidate against recent
// orders, save it as a new version.
import { h, mount, table, when } from '../lib/dom.js';
import { api, get, post } from '../lib/api.js';
import { lang, t } from '../lib/i18n.js';
import { act, can, editTracker, errorText, field, flash } from '../lib/ui.js';
import { loadRuleSchema } from '../lib/rule-schema.js';
import { ruleEditor } from '../lib/rule-editor.js';

/** With no rule set saved every enabled destination gets every order: the first candidate says just that. */
function startingRuleSet(destinations) {
  const enabled = destinations.filter((d) => d.enabled !== false).map((d) => d.id);
  return {
    mode: 'first-match',
    rules: enabled.length ? [{ id: 'everything', then: { destinations: enabled } }] : [],
    noMatch: { action: 'hold' },
  };
}

function versionText(v) {
  return v.version
    ? t('routing.version', { version: v.version, by: v.savedBy || '—', at: when(v.savedAt, lang()) })
    : t('routing.noneSaved');
}

function summary(ruleSet) {
  if (!ruleSet) return h('p', { class: 'muted', text: t('routing.noRules') });
  return h(
    'ol',
    { class: 'rules' },
    ruleSet.rules.map((r) =>
      h(
        'li',
        {},
        h('strong', { text: r.id }),
        ` — ${r.always ? t('routing.always') : JSON.stringify(r.when || {})}${
          r.unless ? ` ${t('routing.unlessSummary', { unless: JSON.stringify(r.unless) })}` : ''
        } → ${JSON.stringify(r.then)}`,
      ),
    ),
  );
}

/** Where an order goes, in words: held, sent nowhere by a rule (and why), unmatched, or its destinations. */
function outcomeText(o) {
  const to = o.destinations.map((d) => d.destinationId).join(', ');
  if (o.held) return t('routing.held');
  if (o.noDelivery) {
    const nowhere = t('routing.notSent', { rule: o.noDelivery.ruleId, reason: o.noDelivery.reason });
    return to ? `${nowhere} ${t('routing.notSentAlways', { destinations: to })}` : nowhere;
  }
  return o.noMatch ? t('routing.noMatch') : to;
}

function dryRunTable(result) {
  return h(
    'div',
    { id: 'dry-run-result' },
    h('p', { text: t('routing.dryRunSummary', { evaluated: result.evaluated, changed: result.changed }) }),
    table(
      t('routing.dryRunCaption'),
      ['order', 'active', 'candidate', 'changed'].map((k) => t(`routing.col.${k}`)),
      result.items.map((i) => [
        h('a', { href: `#/orders/${i.orderId}`, text: i.orderNumber || i.orderId }),
        outcomeText(i.active),
        outcomeText(i.candidate),
        i.changed ? t('routing.yes') : t('routing.no'),
      ]),
    ),
  );
}

export async function render(main, ctx) {
  try {
    const [active, connections, tables, schema] = await Promise.all([
      get('/v1/routes'),
      get('/v1/connections'),
      // The form works without these (a free lookup name, JSON only): a failure must not hide the page.
      get('/v1/lookup-tables').catch(() => ({ items: [] })),
      loadRuleSchema().catch(() => null),
    ]);
    const destinations = connections.items
      .filter((c) => c.kind === 'destination')
      .map((c) => ({ id: c.id, name: c.name, enabled: c.enabled }));
    const editor = ruleEditor(
      {
        schema,
        destinations,
        tables: tables.items.map((x) => x.name),
        editable: can('operator'),
      },
      active.ruleSet || startingRuleSet(destinations),
    );
    const edits = editTracker(editor.el);
    ctx.guardLeave(edits.dirty);
    const note = h('input', { id: 'rules-note', type: 'text', maxlength: '1000' });
    const limit = h('input', { id: 'dry-limit', type: 'number', min: '1', max: '500', value: '50' });
    const out = flash();
    const results = h('div', {});
    const version = h('p', { id: 'rules-version', class: 'muted', text: versionText(active) });
    const activeRules = h('div', {}, summary(active.ruleSet));
    // The hub's 400 details also go next to the fields they name; the flash under the form lists them all.
    const send = (fn) => async () => {
      try {
        return await fn(editor.value());
      } catch (error) {
        editor.showErrors(error.details);
        throw error;
      }
    };
    const dry = h('button', {
      type: 'button',
      id: 'dry-run',
      text: t('routing.dryRun'),
      onclick: () =>
        act(
          dry,
          out,
          send(async (ruleSet) => {
            const r = await post('/v1/routes/dry-run', { ruleSet, limit: Number(limit.value) || 50 });
            mount(results, dryRunTable(r));
            return r;
          }),
          (r) => t('routing.dryRunDone', { n: r.evaluated }),
        ),
    });
    const save = h('button', {
      type: 'button',
      id: 'save-rules',
      class: 'primary',
      text: t('routing.save'),
      onclick: () =>
        act(
          save,
          out,
          send(async (ruleSet) => {
            const saved = await api('PUT', '/v1/routes', {
              baseVersion: active.version,
              ruleSet,
              ...(note.value.trim() ? { note: note.value.trim() } : {}),
            });
            active.version = saved.version;
            edits.clean();
            mount(version, versionText(saved));
            mount(activeRules, summary(saved.ruleSet));
            return saved;
          }),
          (s) => t('routing.saved', { version: s.version }),
        ),
    });
    mount(
      main,
      h('h1', { text: t('nav.routing') }),
      version,
      h('section', {}, h('h2', { text: t('routing.active') }), activeRules),
      h(
        'section',
        { class: 'stack' },
        h('h2', { text: t('routing.edit') }),
        editor.el,
        can('admin') ? field(t('routing.note'), note) : null,
        field(t('routing.limit'), limit),
        h(
          'div',
          { class: 'row' },
          can('operator') ? dry : null,
          can('admin') ? save : null,
          h('a', { href: '#/exceptions', text: t('routing.heldLink') }),
        ),
        out.el,
        results,
      ),
    );
  } catch (error) {
    mount(
      main,
      h('h1', { text: t('nav.routing') }),
      h('p', { class: 'flash flash-error', role: 'alert', text: errorText(error) }),
    );
  }
}
