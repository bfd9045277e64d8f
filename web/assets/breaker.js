// The contract circuit breaker's banner on both pages: open trips (a contract change made a mapping's failure ratio
// jump) with one-click rollback or dismiss for the admin. Polled (GET /api/breaker every 5 s) rather than streamed:
// a browser keeps only six connections per server, and each page already holds one event stream.
import { api, session } from './api.js';
import { el, clear } from './ui.js';

const trips = new Map();
let bar;

function render() {
  if (!bar) {
    bar = el('div', { id: 'breaker-banner', class: 'notice error persistent', role: 'alert', hidden: true });
    const top = document.querySelector('#top');
    if (top) top.after(bar);
    else document.body.prepend(bar);
  }
  // a wall screen (/?kiosk) shows no controls, whoever signed it in
  const admin = (session() || {}).role === 'admin' && !document.body.classList.contains('kiosk');
  bar.hidden = trips.size === 0;
  clear(bar, [...trips.values()].map((t) => el('p', { class: 'breaker-trip', dataset: { mapping: t.mapping } },
    el('strong', {}, 'Contract breaker: '),
    `mapping ${t.mapping}: failures went from ${Math.round(100 * t.ratio_before)}% to ${Math.round(100 * t.ratio_after)}% `
      + `over ${t.messages} messages after contract ${t.contract_id} changed (${t.from_version.slice(7, 19)} → ${t.to_version.slice(7, 19)}). `,
    admin ? el('span', { class: 'breaker-actions' },
      el('button', { class: 'primary small', dataset: { action: 'rollback' }, onclick: () => act(t.mapping, 'rollback') }, 'Roll back'),
      el('button', { class: 'secondary small', dataset: { action: 'dismiss' }, onclick: () => act(t.mapping, 'dismiss') }, 'Keep the new contract')) : null)));
}

async function act(mapping, action) {
  try {
    await api('POST', `/api/breaker/${encodeURIComponent(mapping)}/${action}`);
    trips.delete(mapping);
  } catch (e) {
    bar.append(el('p', { class: 'form-msg error' }, e.message));
  }
  render();
}

async function load() {
  const { data } = await api('GET', '/api/breaker');
  trips.clear();
  data.open.forEach((t) => trips.set(t.mapping, t));
  render();
}

const waitForLogin = setInterval(() => {
  if (!session() || !document.querySelector('#top')) return;
  clearInterval(waitForLogin);
  load().catch(() => {});
  setInterval(() => { if (session()) load().catch(() => {}); }, 5000);
}, 500);
