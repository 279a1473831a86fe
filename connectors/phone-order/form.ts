import type { FormPageInfo } from '../../src/sdk';
import type { PhoneOrderConfig } from './config';

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The order entry page. Plain HTML and a small script: it builds a phone-order.v1 body, keeps the intake key
 * in the tab's session storage only, and shows the hub's field errors next to the form.
 */
export function formPage(config: PhoneOrderConfig, page: FormPageInfo): string {
  const title = escapeHtml(page.title);
  const settings = JSON.stringify({ postUrl: page.postUrl, currency: config.currency }).replace(
    /</g,
    '\\u003c',
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title} — new order</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${page.nonce}">
body{font:15px system-ui,sans-serif;max-width:56rem;margin:2rem auto;padding:0 1rem}
fieldset{margin:0 0 1rem;border:1px solid #ccc;padding:.75rem}label{display:inline-block;margin:.25rem .75rem .25rem 0}
input,select{font:inherit;padding:.2rem}table{border-collapse:collapse}td{padding:.15rem}
#result{white-space:pre-wrap;padding:.5rem}.error{color:#a00}.ok{color:#060}
</style></head><body>
<h1>${title}: new order</h1>
<p>Prices in ${escapeHtml(config.currency)}, ${config.taxesIncluded ? 'including' : 'excluding'} tax.</p>
<form id="order" novalidate>
<fieldset><legend>Access</legend><label>Intake key <input id="key" type="password" autocomplete="off" required></label></fieldset>
<fieldset><legend>Customer</legend>
<label>Name <input name="customer.name" required></label><label>Phone <input name="customer.phone" required></label>
<label>E-mail <input name="customer.email" type="email"></label></fieldset>
<fieldset><legend>Delivery</legend>
<label>Fulfilment <select name="fulfillment"><option value="ship">Ship</option><option value="pickup">Pick-up</option></select></label><br>
<label>Name <input name="shippingAddress.name"></label><label>Street <input name="shippingAddress.line1"></label>
<label>City <input name="shippingAddress.city"></label><label>Postal code <input name="shippingAddress.postalCode"></label>
<label>Country (ISO) <input name="shippingAddress.countryCode" size="2" maxlength="2"></label><br>
<label>Shipping <input name="shipping.title" placeholder="Standard"></label>
<label>Price <input name="shipping.price" inputmode="decimal"></label><label>Tax rate <input name="shipping.taxRate" value="0"></label></fieldset>
<fieldset><legend>Lines</legend><table id="lines"><tr><th>SKU</th><th>Name</th><th>Qty</th><th>Unit price</th><th>Discount</th><th>Tax rate</th></tr></table>
<button type="button" id="addLine">Add line</button></fieldset>
<fieldset><legend>Payment</legend>
<label>Status <select name="payment.status"><option>pending</option><option>authorized</option><option>paid</option></select></label>
<label>Method <select name="payment.method"><option>card</option><option>cash</option><option>cash_on_delivery</option><option>invoice</option><option>bank_transfer</option></select></label>
<label>Note <input name="note" size="40"></label></fieldset>
<button type="submit">Place order</button>
</form>
<div id="result" role="status"></div>
<script nonce="${page.nonce}">
const settings = ${settings};
const form = document.getElementById('order');
const result = document.getElementById('result');
const keyInput = document.getElementById('key');
keyInput.value = sessionStorage.getItem('orderhub-intake-key') || '';
let reference = newReference();
let placedAt = null;
function newReference() {
  const d = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  return 'PH-' + d + '-' + crypto.randomUUID().slice(0, 8);
}
function localIso(date) {
  const off = -date.getTimezoneOffset(), sign = off >= 0 ? '+' : '-', abs = Math.abs(off);
  const pad = (n) => String(n).padStart(2, '0');
  const local = new Date(date.getTime() + off * 60000).toISOString().slice(0, 19);
  return local + sign + pad(Math.floor(abs / 60)) + ':' + pad(abs % 60);
}
function addLine() {
  const row = document.getElementById('lines').insertRow();
  for (const [name, size] of [['sku', 10], ['name', 24], ['quantity', 4], ['unitPrice', 8], ['discount', 6], ['taxRate', 5]]) {
    const input = document.createElement('input');
    input.name = 'line.' + name; input.size = size;
    if (name === 'quantity') input.value = '1';
    row.insertCell().append(input);
  }
}
document.getElementById('addLine').addEventListener('click', addLine);
addLine();
function value(name) { const v = form.elements[name]?.value.trim(); return v ? v : undefined; }
function group(prefix, names) {
  const out = {};
  for (const n of names) { const v = value(prefix + '.' + n); if (v !== undefined) out[n] = v; }
  return Object.keys(out).length ? out : undefined;
}
function body() {
  const now = new Date();
  placedAt = placedAt || localIso(now);
  const lines = [...document.querySelectorAll('#lines tr')].slice(1).map((tr) => {
    const get = (n) => tr.querySelector('[name="line.' + n + '"]').value.trim();
    const line = { sku: get('sku'), name: get('name'), quantity: Number(get('quantity')), unitPrice: get('unitPrice'), taxRate: get('taxRate') };
    if (get('discount')) line.discount = get('discount');
    return line;
  }).filter((l) => l.sku || l.name);
  const order = {
    reference, placedAt, updatedAt: localIso(now), status: 'open',
    payment: group('payment', ['status', 'method']),
    customer: group('customer', ['name', 'phone', 'email']),
    fulfillment: value('fulfillment'), lines,
  };
  const ship = group('shippingAddress', ['name', 'line1', 'city', 'postalCode', 'countryCode']);
  if (order.fulfillment === 'ship' && ship) order.shippingAddress = ship;
  const shipping = group('shipping', ['title', 'price', 'taxRate']);
  if (shipping && shipping.title) order.shipping = shipping;
  if (value('note')) order.note = value('note');
  return order;
}
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  sessionStorage.setItem('orderhub-intake-key', keyInput.value);
  result.className = ''; result.textContent = 'Sending…';
  const res = await fetch(settings.postUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer ' + keyInput.value },
    body: JSON.stringify(body()),
  });
  const answer = await res.json().catch(() => ({}));
  if (res.ok) {
    result.className = 'ok';
    result.textContent = 'Order ' + answer.orderNumber + (answer.result === 'duplicate' ? ' was already placed.' : ' placed.');
    form.reset(); keyInput.value = sessionStorage.getItem('orderhub-intake-key') || '';
    document.querySelectorAll('#lines tr').forEach((tr, i) => { if (i > 1) tr.remove(); });
    reference = newReference(); placedAt = null;
  } else {
    result.className = 'error';
    const details = (answer.error && answer.error.details) || [];
    result.textContent = (answer.error ? answer.error.code + ': ' + answer.error.message : 'HTTP ' + res.status) +
      details.map((d) => '\\n' + d.path + ' ' + d.message).join('');
  }
});
</script></body></html>`;
}
