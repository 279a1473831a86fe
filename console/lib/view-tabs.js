// Two or more views of the same data (a form and its JSON), as ARIA tabs: one control for every editor, so the
// switch looks and answers to the keyboard the same way on each page.
import { h } from './dom.js';

/**
 * `views`: `[{name, label, panel}]` in order; `show(name)` is asked before switching and answers false to stay
 * (the page explains why). Answers `{tabs, select(name), current()}`; `tabs` is the tablist element, and the
 * panels get their tabpanel roles here.
 */
export function viewTabs({ id, label, views, show }) {
  let current = views[0]?.name;
  const buttons = {};
  const select = (name) => {
    current = name;
    for (const v of views) {
      buttons[v.name].setAttribute('aria-selected', String(v.name === name));
      buttons[v.name].tabIndex = v.name === name ? 0 : -1;
      v.panel.hidden = v.name !== name;
    }
  };
  const go = (name) => {
    if (name === current) return true;
    if (!show(name)) return false;
    select(name);
    return true;
  };
  views.forEach((v, i) => {
    v.panel.setAttribute('role', 'tabpanel');
    v.panel.id = `${id}-panel-${v.name}`;
    v.panel.setAttribute('aria-labelledby', `${id}-tab-${v.name}`);
    buttons[v.name] = h('button', {
      type: 'button',
      role: 'tab',
      id: `${id}-tab-${v.name}`,
      'aria-controls': v.panel.id,
      text: v.label,
      onclick: () => go(v.name),
      // Arrow keys move between the tabs (the ARIA tabs pattern); Tab goes on into the panel.
      onkeydown: (e) => {
        if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
        e.preventDefault();
        const step = e.key === 'ArrowRight' ? 1 : views.length - 1;
        const next = views[(i + step) % views.length].name;
        if (go(next)) buttons[next].focus();
      },
    });
  });
  select(current);
  return {
    tabs: h(
      'div',
      { role: 'tablist', class: 'tabs', 'aria-label': label },
      views.map((v) => buttons[v.name]),
    ),
    select,
    current: () => current,
  };
}
