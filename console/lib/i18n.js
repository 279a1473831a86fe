/* global document, fetch, localStorage, navigator -- browser globals: the console runs in the browser, not in Node. */
// Dictionaries in console/i18n/<lang>.json; the choice is remembered in localStorage.

const LANGS = ['en', 'zh'];
const STORAGE_KEY = 'orderhub.console.lang';
let dict = {};
let current = 'en';

export const languages = () => LANGS;
export const lang = () => current;

/** The remembered language, else the browser's (Chinese or English). */
export function preferredLang() {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved && LANGS.includes(saved)) return saved;
  return (navigator.language || '').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export async function loadLang(code) {
  const use = LANGS.includes(code) ? code : 'en';
  const res = await fetch(`/console/i18n/${use}.json`);
  dict = await res.json();
  current = use;
  localStorage.setItem(STORAGE_KEY, use);
  document.documentElement.lang = use === 'zh' ? 'zh-CN' : 'en';
  document.title = t('app.title');
}

/** A string by key with `{name}` placeholders filled in; the key itself when missing (visible in tests). */
export function t(key, vars = {}) {
  const text = dict[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}
