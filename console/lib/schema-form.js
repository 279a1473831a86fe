// A form generated from a connector's config schema (JSON Schema object). Secret fields are write-only: they
// are never shown, and left empty they keep the stored value.
import { h } from './dom.js';
import { t } from './i18n.js';
import { field } from './ui.js';

function control(name, prop, value, secret, isSet) {
  const id = `cfg-${name}`;
  if (secret)
    return h('input', {
      id,
      type: 'password',
      autocomplete: 'new-password',
      placeholder: isSet ? t('connections.secretKept') : '',
    });
  if (Array.isArray(prop.enum))
    return h(
      'select',
      { id },
      ['', ...prop.enum].map((v) =>
        h('option', { value: v, selected: v === value, text: v === '' ? '—' : String(v) }),
      ),
    );
  if (prop.type === 'boolean') return h('input', { id, type: 'checkbox', checked: value === true });
  if (prop.type === 'integer' || prop.type === 'number')
    return h('input', {
      id,
      type: 'number',
      step: prop.type === 'integer' ? '1' : 'any',
      min: prop.minimum,
      max: prop.maximum,
      value: value ?? '',
    });
  if (prop.type === 'array' && prop.items?.type === 'string') {
    const ta = h('textarea', { id, rows: '3' });
    ta.value = Array.isArray(value) ? value.join('\n') : '';
    return ta;
  }
  if (prop.type === 'string')
    return h('input', { id, type: 'text', value: value ?? '', maxlength: prop.maxLength });
  const ta = h('textarea', { id, rows: '4', class: 'code' });
  ta.value = value === undefined ? '' : JSON.stringify(value, null, 2);
  return ta;
}

function read(prop, el) {
  if (prop.type === 'boolean') return el.checked;
  const text = el.value;
  if (text === '') return undefined;
  if (prop.type === 'integer' || prop.type === 'number') return Number(text);
  if (prop.type === 'array' && prop.items?.type === 'string')
    return text
      .split(/[\n,]/)
      .map((x) => x.trim())
      .filter(Boolean);
  if (prop.type === 'string' || Array.isArray(prop.enum)) return text;
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(t('connections.badJsonField', { field: prop.title || '' }));
  }
}

/** Builds the fields; `collect()` answers the config to send (only changed secrets, no empty values). */
export function schemaForm(connector, current = {}, secretsSet = []) {
  const props = connector.configSchema?.properties || {};
  const required = new Set(connector.configSchema?.required || []);
  const secrets = new Set(connector.secretFields || []);
  const controls = {};
  const fields = Object.entries(props).map(([name, prop]) => {
    const secret = secrets.has(name);
    const el = control(name, prop, current[name], secret, secretsSet.includes(name));
    if (required.has(name) && !(secret && secretsSet.includes(name)) && prop.type !== 'boolean')
      el.required = true;
    controls[name] = { el, prop: { ...prop, title: name } };
    const hint = [prop.description, secret ? t('connections.secretHint') : null].filter(Boolean).join(' ');
    return field(`${name}${required.has(name) ? ' *' : ''}`, el, hint);
  });
  function collect() {
    const config = {};
    for (const [name, { el, prop }] of Object.entries(controls)) {
      const v = read(prop, el);
      if (v !== undefined) config[name] = v;
      // A cleared setting is removed (PATCH merges; null deletes); an empty secret keeps the stored one.
      else if (!secrets.has(name) && name in current) config[name] = null;
    }
    return config;
  }
  return { fields, collect };
}
