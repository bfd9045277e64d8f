// The admin page's Fleet panel: every gateway sharing the configuration database (GET /api/fleet), with the
// configuration version each has applied and whether it is current, behind or silent. Polled every 5 s like the
// breaker banner (a browser keeps six connections per server and the page already holds an event stream); without
// shared state it lists just this gateway. A module of its own: it adds its card once the page has drawn its tabs.
import { api, session } from './api.js';
import { el, clear, $ } from './ui.js';

const STATE_CLASS = { current: 'ok', behind: 'warn', silent: 'bad' };

function panel() {
  return el('section', { id: 'fleet-panel', class: 'card' },
    el('div', { class: 'card-head' }, el('h2', {}, 'Fleet'),
      el('span', { class: 'muted small', id: 'fleet-summary' }, '')),
    el('div', { class: 'table-wrap' }, el('table', { class: 'data', id: 'fleet-table' },
      el('thead', {}, el('tr', {}, ['Instance', 'Version', 'Host', 'Started', 'Last seen', 'Mappings running',
        'Config version', 'State'].map((h) => el('th', {}, h)))),
      el('tbody', {}))));
}

function time(iso) {
  return iso ? new Date(iso).toLocaleString('en-GB') : '';
}

async function load() {
  const body = $('#fleet-table tbody');
  if (!body) return;
  try {
    const { data } = await api('GET', '/api/fleet');
    $('#fleet-summary').textContent = data.shared
      ? `configuration version ${data.configVersion}; silent after ${data.silentAfterSeconds} s without a report`
      : 'single gateway (state.jdbc-url not set)';
    clear(body, data.instances.map((m) => el('tr', { dataset: { instance: m.id, state: m.state } },
      el('td', {}, el('strong', {}, m.id), m.self ? ' (this one)' : ''),
      el('td', {}, m.appVersion),
      el('td', {}, m.host),
      el('td', {}, time(m.started)),
      el('td', {}, time(m.lastSeen)),
      el('td', {}, String(m.mappingsRunning)),
      el('td', { class: 'fleet-config-version' }, data.shared ? String(m.configVersion) : '–'),
      el('td', {}, el('span', { class: `badge ${STATE_CLASS[m.state] || 'bad'}`, title: m.problem || '' }, m.state)))));
  } catch (e) {
    clear(body, el('tr', {}, el('td', { colspan: 8, class: 'form-msg error' }, e.message)));
  }
}

const watcher = new MutationObserver(() => {
  const nav = document.querySelector('nav.tabs');
  if (nav && session() && !$('#fleet-panel')) {
    watcher.disconnect();
    const card = panel();
    card.style.marginTop = '16px'; // through the CSSOM: the pages' CSP allows no style attributes
    nav.parentNode.append(card);
    load();
    setInterval(() => { if (session()) load(); }, 5000);
  }
});
watcher.observe(document.body, { childList: true, subtree: true });
