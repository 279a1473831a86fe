/* global location, setTimeout -- browser globals: the console runs in the browser, not in Node. */
// Shared pieces of the pages: badges, flash messages, role checks, error text.
import { h } from './dom.js';
import { t } from './i18n.js';

const RANK = { viewer: 1, operator: 2, admin: 3 };
let role = 'viewer';
export const setRole = (r) => {
  role = r;
};
/** Whether the logged-in key may do what needs `need` (buttons are hidden, the API decides anyway). */
export const can = (need) => (RANK[role] ?? 0) >= RANK[need];

/** A state badge: the text says the state, the colour only repeats it. */
export function badge(state) {
  const known = ['ok', 'error', 'unknown', 'degraded', 'delivered', 'dead', 'retrying', 'held', 'active'];
  // States that share another's colour: a restored subscription is working again, but worth a look.
  const alias = { restored: 'degraded' };
  const cls = alias[state] ?? (known.includes(state) ? state : 'other');
  return h('span', { class: `badge badge-${cls}`, text: t(`state.${state}`) });
}

/** The message for an API error: the translated code when the dictionary has it, else the hub's text. */
export function errorText(error) {
  if (!error) return '';
  if (error.code === 'NETWORK') return t('banner.network');
  const key = `error.${error.code}`;
  const known = t(key);
  const details = (error.details || []).map((d) => `${d.path}: ${d.message}`).join('; ');
  const base = known === key ? error.message || error.code : known;
  return details ? `${base} (${details})` : base;
}

/** A polite status line under a form: success or failure, read out by screen readers. */
export function flash() {
  const el = h('p', { class: 'flash', role: 'status', 'aria-live': 'polite' });
  return {
    el,
    ok(text) {
      el.className = 'flash flash-ok';
      el.textContent = text;
    },
    fail(error) {
      el.className = 'flash flash-error';
      el.textContent = typeof error === 'string' ? error : errorText(error);
    },
    clear() {
      el.className = 'flash';
      el.textContent = '';
    },
  };
}

/** A labelled form field; the label's `for` points at the control. */
let uid = 0;
export function field(label, control, hint) {
  const id = control.id || `f${++uid}`;
  control.id = id;
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id, text: label }),
    control,
    hint ? h('small', { id: hintId, class: 'hint', text: hint }) : null,
  );
}

/** Runs an action from a button: disables it meanwhile and reports the outcome in `out`. */
export async function act(button, out, fn, okText) {
  button.disabled = true;
  out.clear();
  try {
    const result = await fn();
    if (okText) out.ok(typeof okText === 'function' ? okText(result) : okText);
    return result;
  } catch (error) {
    out.fail(error);
    return undefined;
  } finally {
    button.disabled = false;
  }
}

/** Runs `fn` after `ms` unless the user has moved to another page meanwhile (a late reload must not wipe it). */
export function later(fn, ms) {
  const at = location.hash;
  setTimeout(() => {
    if (location.hash === at) fn();
  }, ms);
}

/**
 * Watches a form area for edits: `dirty()` is true after any input or change inside `el` (except in the controls
 * whose ids are in `ignore`) until `clean()`, called after a save or a reload. Pages hand `dirty` to
 * `ctx.guardLeave`, so leaving asks first.
 */
export function editTracker(el, { ignore = [] } = {}) {
  let dirty = false;
  // Some controls only change the view (a filter box): typing there loses nothing.
  const mark = (e) => {
    if (!ignore.includes(e.target.id)) dirty = true;
  };
  el.addEventListener('input', mark);
  el.addEventListener('change', mark);
  return {
    dirty: () => dirty,
    clean: () => {
      dirty = false;
    },
  };
}
