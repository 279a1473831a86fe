/* global Node, document -- browser globals: the console runs in the browser, not in Node. */
// Tiny DOM helpers: every element is built with createElement (no innerHTML), so data is never parsed as HTML.

/**
 * Builds an element. `attrs`: `class`, `text`, `on<event>` handlers, `value`/`checked`/`disabled` properties,
 * anything else becomes an attribute (null/false leave it out). Children: nodes, strings, arrays, or null.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  applyAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element (the chart draws itself without a library). */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  applyAttrs(el, attrs);
  append(el, children);
  return el;
}

function applyAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'text') el.textContent = String(value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'value' || key === 'checked' || key === 'selected') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces an element's children. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** Formats an ISO time for people, in the current language. */
export function when(iso, lang) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB');
}

/** A table with a caption and column headers; rows are arrays of cells (nodes or text). */
export function table(caption, headers, rows, attrs = {}) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      attrs,
      h('caption', { text: caption }),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headers.map((x) => h('th', { scope: 'col', text: x })),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((r) =>
          r instanceof Node
            ? r
            : h(
                'tr',
                {},
                r.map((c) => h('td', {}, c)),
              ),
        ),
      ),
    ),
  );
}

/** Pretty JSON in a <pre>, for payloads and remote answers. */
export const json = (value) => h('pre', { class: 'json', tabindex: '0' }, JSON.stringify(value, null, 2));
