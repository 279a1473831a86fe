/* global URLSearchParams, document, location, window -- browser globals: the console runs in the browser, not in Node. */
// The console shell: login, navigation, language switch, outage banner and a hash router over the pages.
import { h, mount } from './lib/dom.js';
import { api, get, on, setCsrf } from './lib/api.js';
import { lang, languages, loadLang, preferredLang, t } from './lib/i18n.js';
import { errorText, setRole, can } from './lib/ui.js';
import * as overview from './pages/overview.js';
import * as orders from './pages/orders.js';
import * as exceptions from './pages/exceptions.js';
import * as connections from './pages/connections.js';
import * as routing from './pages/routing.js';
import * as reconciliation from './pages/reconciliation.js';
import * as lookupTables from './pages/lookup-tables.js';

const PAGES = {
  overview,
  orders,
  exceptions,
  connections,
  routing,
  reconciliation,
  'lookup-tables': lookupTables,
};
const app = document.getElementById('app');
const banner = document.getElementById('banner');
let session = null;
let stopPage = null;
// The open page's "are there unsaved edits?" check (editors register one), and the hash it was drawn for.
let unsaved = null;
let shownHash = location.hash;

on('outage', (kind, message) => {
  banner.hidden = false;
  banner.textContent = `${kind === 'network' ? t('banner.network') : t('banner.unavailable')}${
    message ? ` (${message})` : ''
  } ${t('banner.keep')}`;
});
on('recovered', () => {
  banner.hidden = true;
});
on('unauthenticated', () => {
  session = null;
  showLogin(t('login.expired'));
});

function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = hash.split('?');
  const [name = 'overview', ...rest] = path.split('/');
  return { name: PAGES[name] ? name : 'overview', rest, params: new URLSearchParams(query) };
}

function languageSwitch() {
  const select = h(
    'select',
    {
      id: 'lang',
      onchange: async (e) => {
        await loadLang(e.target.value);
        render();
      },
    },
    languages().map((code) =>
      h('option', { value: code, selected: code === lang(), text: t(`lang.${code}`) }),
    ),
  );
  return h('div', { class: 'lang' }, h('label', { for: 'lang', text: t('lang.label') }), select);
}

function showLogin(message) {
  if (stopPage) stopPage();
  stopPage = null;
  const key = h('input', {
    id: 'login-key',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const out = h('p', { class: 'flash flash-error', role: 'alert', text: message || '' });
  const form = h(
    'form',
    {
      class: 'login card',
      onsubmit: async (e) => {
        e.preventDefault();
        try {
          const who = await api('POST', '/v1/session', { key: key.value });
          setCsrf(who.csrf);
          session = who;
          setRole(who.role);
          key.value = '';
          render();
        } catch (error) {
          out.textContent = errorText(error);
        }
      },
    },
    h('h1', { text: t('login.title') }),
    h('p', { text: t('login.intro') }),
    h('label', { for: 'login-key', text: t('login.key') }),
    key,
    h('button', { type: 'submit', class: 'primary', text: t('login.submit') }),
    out,
  );
  mount(
    app,
    h('header', { class: 'top' }, h('span', { class: 'brand', text: t('app.title') }), languageSwitch()),
    h('main', { id: 'main', tabindex: '-1' }, form),
  );
  key.focus();
}

async function logout() {
  try {
    await api('DELETE', '/v1/session');
  } catch {
    // Logged out either way: the cookie is dropped or expires.
  }
  session = null;
  setCsrf(null);
  showLogin();
}

function render() {
  if (!session) return showLogin();
  if (stopPage) stopPage();
  stopPage = null;
  unsaved = null;
  shownHash = location.hash;
  const current = route();
  const nav = h(
    'nav',
    { 'aria-label': t('nav.label') },
    h(
      'ul',
      {},
      Object.keys(PAGES).map((name) =>
        h(
          'li',
          {},
          h('a', {
            href: `#/${name}`,
            'aria-current': name === current.name ? 'page' : null,
            text: t(`nav.${name}`),
          }),
        ),
      ),
      can('admin') ? h('li', {}, h('a', { href: '/console/queues/', text: t('nav.queues') })) : null,
      can('admin') ? h('li', {}, h('a', { href: '/docs', text: t('nav.api') })) : null,
    ),
  );
  const main = h('main', { id: 'main', tabindex: '-1' });
  mount(
    app,
    h(
      'header',
      { class: 'top' },
      h('span', { class: 'brand', text: t('app.title') }),
      nav,
      h(
        'div',
        { class: 'who' },
        h('span', { text: t('app.signedIn', { name: session.name, role: t(`role.${session.role}`) }) }),
        languageSwitch(),
        h('button', { type: 'button', id: 'logout', onclick: logout, text: t('app.logout') }),
      ),
    ),
    main,
  );
  const page = PAGES[current.name];
  const ctx = {
    rest: current.rest,
    params: current.params,
    rerender: render,
    /** `check()` answers whether the page holds edits that leaving would lose. */
    guardLeave: (check) => {
      unsaved = check;
    },
  };
  Promise.resolve(page.render(main, ctx))
    .then((stop) => {
      stopPage = typeof stop === 'function' ? stop : null;
    })
    .catch((error) => {
      mount(main, h('p', { class: 'flash flash-error', role: 'alert', text: errorText(error) }));
    });
  main.focus({ preventScroll: true });
}

async function boot() {
  await loadLang(preferredLang());
  const skip = document.getElementById('skip-link');
  skip.textContent = t('app.skip');
  // Followed as a link, "#main" would become a route (and land on the overview): move the focus instead.
  skip.addEventListener('click', (e) => {
    e.preventDefault();
    document.getElementById('main')?.focus();
  });
  window.addEventListener('hashchange', () => {
    if (location.hash === shownHash) return;
    // Going back to the edits: put the address back without drawing the page again.
    if (unsaved?.() && !window.confirm(t('app.unsaved'))) {
      window.history.replaceState(null, '', shownHash || '#/');
      return;
    }
    render();
  });
  window.addEventListener('beforeunload', (e) => {
    if (unsaved?.()) e.preventDefault();
  });
  try {
    const who = await get('/v1/session');
    session = who;
    setCsrf(who.csrf);
    setRole(who.role);
  } catch {
    session = null;
  }
  render();
}

boot();
