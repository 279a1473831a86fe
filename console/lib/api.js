/* global URLSearchParams, fetch -- browser globals: the console runs in the browser, not in Node. */
// The console's only way to the hub: the public API, with the session cookie and the CSRF header on writes.
// A 503 or a failed network keeps the last data and raises the banner instead of blanking the page.

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message || code);
    this.status = status;
    this.code = code;
    this.details = details || [];
  }
}

let csrf = null;
const lastGood = new Map();
// Paths whose last call failed with an outage: the banner stays until each of them answers again.
const failing = new Set();
const listeners = { outage: () => {}, recovered: () => {}, unauthenticated: () => {} };

export const setCsrf = (value) => {
  csrf = value;
};
export const on = (name, fn) => {
  listeners[name] = fn;
};

/** Calls the API; answers the JSON body (null for 204) or throws ApiError. */
export async function api(method, path, body) {
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-orderhub-csrf'] = csrf;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    failing.add(path);
    listeners.outage('network');
    if (method === 'GET' && lastGood.has(path)) return lastGood.get(path);
    throw new ApiError(0, 'NETWORK', '');
  }
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (res.ok) {
    if (method === 'GET') lastGood.set(path, data);
    failing.delete(path);
    if (!failing.size) listeners.recovered();
    return data;
  }
  const error = data && data.error ? data.error : { code: `HTTP_${res.status}`, message: '' };
  if (res.status === 503) {
    failing.add(path);
    listeners.outage('unavailable', error.message);
    if (method === 'GET' && lastGood.has(path)) return lastGood.get(path);
  }
  if (res.status === 401 && path !== '/v1/session') listeners.unauthenticated();
  throw new ApiError(res.status, error.code, error.message, error.details);
}

export const get = (path) => api('GET', path);
export const post = (path, body = {}) => api('POST', path, body);

/** Query string from an object, leaving out empty values. */
export function qs(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const text = q.toString();
  return text ? `?${text}` : '';
}
