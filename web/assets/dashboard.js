// The live dashboard: rates per mapping, totals, top error types and fields, and a sampled stream of the latest
// messages, from the gateway's 'live' events (one batch per ~500 ms) on /api/events; the charts show the last hour
// (GET /api/history at load, then a 'history' event every 10 s). /?kiosk is the wall-screen mode: read-only, large
// type, signed in by the token in the URL fragment (#token=...) when there is one, and back by itself after a restart.
import { api, openStream, session, clearSession, parseJson } from './api.js';
import { el, clear, $, fmtInt, fmtRate, fmtTime, signedInPage, setStatus, reportView, pretty } from './ui.js';
import { drawChart } from './chart.js';
import { TableSort, makeSortable } from './sort.js';

const MAX_MESSAGES = 300;
const SHOWN_MESSAGES = 150;
const MINUTE = 60000;
const HOUR = 60 * MINUTE;
const COLORS = 8; // --s0 .. --s7 in dashboard.css

const KIOSK = new URLSearchParams(location.search).has('kiosk');
// the fragment never reaches a server, a log or a Referer header
const KIOSK_TOKEN = KIOSK ? fragmentToken() : null;

/** The token=... part of the URL fragment, percent-decoded; a '+' stays a '+' (base64 tokens keep working). */
function fragmentToken() {
  const part = location.hash.slice(1).split('&').find((p) => p.startsWith('token='));
  if (!part) return null;
  try {
    return decodeURIComponent(part.slice(6));
  } catch {
    return part.slice(6);
  }
}

const state = {
  mappings: [], // the configured mappings (GET /api/mappings)
  // the last hour, one point per step: times (epoch ms, server clock) and each mapping's rates, aligned with times
  history: { step: 10, capacity: 360, times: [], series: new Map() },
  historyLoading: null, // points that arrived while /api/history was being read
  last: null,
  messages: [], // newest first
  paused: false,
  held: [], // arrived while paused
  missed: 0,
  filter: { mapping: '', sensor: '', verdict: '' },
};

let status;

async function main() {
  const root = $('#main');
  document.body.classList.toggle('kiosk', KIOSK);
  status = await signedInPage(root, 'dashboard', { kiosk: KIOSK, kioskToken: KIOSK_TOKEN });
  if (KIOSK && session()?.role === 'admin') {
    // a wall screen must not hold an admin session: anyone passing by could open /admin in it
    clear(root, el('div', { class: 'card login', id: 'kiosk-refused', role: 'alert' },
      el('p', {}, 'Kiosk mode is read-only and does not run on an admin sign-in. Open the kiosk link with its token, or sign in as the viewer.'),
      el('button', { class: 'primary', onclick: async () => { await clearSession(); location.reload(); } }, 'Sign out')));
    return;
  }
  layout(root);
  await loadConfig();
  try {
    const { data } = await api('GET', '/api/live');
    if (data.last) applyBatch(data.last, false);
    state.messages = (data.recent || []).slice().reverse();
    renderMessages();
  } catch (e) {
    notice(`Could not read the recent messages: ${e.message}`, 'bad');
  }
  await loadHistory();
  let opened = 0;
  openStream(['live', 'config_updated', 'history'], {
    live: (batch) => applyBatch(batch, true),
    history: (point) => addHistoryPoint(point),
    config_updated: (ev) => {
      notice(`Configuration changed: ${ev.kind} ${ev.id} (${ev.action}). Reloaded.`, 'info');
      loadConfig();
    },
    open: () => {
      loadConfig();
      if (opened++) loadHistory(); // back after a network drop: fill the gap
    },
  }, (s) => {
    const map = { connecting: ['idle', 'Connecting…'], live: ['ok', 'Live'], reconnecting: ['warn', 'Reconnecting…'], stopped: ['bad', 'Stopped'] };
    setStatus(status, ...map[s]);
  });
  window.addEventListener('resize', () => drawAll());
}

function layout(root) {
  const kpi = (id, label, hint) => el('div', { class: 'kpi', id }, el('span', { class: 'kpi-label' }, label), el('span', { class: 'kpi-value' }, '–'), el('span', { class: 'kpi-hint muted' }, hint || ''));
  const mappingFilter = el('select', { id: 'filter-mapping', 'aria-label': 'Filter by mapping', onchange: (e) => { state.filter.mapping = e.target.value; renderMessages(); } }, el('option', { value: '' }, 'All mappings'));
  const sensorFilter = el('input', { id: 'filter-sensor', type: 'search', placeholder: 'Sensor id', 'aria-label': 'Filter by sensor', oninput: (e) => { state.filter.sensor = e.target.value.trim(); renderMessages(); } });
  const verdictFilter = el('select', { id: 'filter-verdict', 'aria-label': 'Filter by verdict', onchange: (e) => { state.filter.verdict = e.target.value; renderMessages(); } },
    el('option', { value: '' }, 'All verdicts'), el('option', { value: 'validated' }, 'Validated'), el('option', { value: 'failed' }, 'Failed'));
  const pause = el('button', { id: 'pause', class: 'secondary', 'aria-pressed': 'false', onclick: togglePause }, 'Pause');
  clear(root,
    el('div', { id: 'notice', class: 'notice', role: 'status', hidden: true }),
    el('section', { class: 'kpis' },
      kpi('kpi-validated', 'Validated', 'since start'),
      kpi('kpi-failed', 'Failed', 'since start'),
      kpi('kpi-ratio', 'Failure ratio', 'failed / all'),
      kpi('kpi-rate', 'Throughput', 'messages per second'),
      kpi('kpi-mappings', 'Mappings', 'enabled / configured')),
    el('div', { class: 'grid-main' },
      el('section', { class: 'card rates' },
        el('div', { class: 'card-head wrap' }, el('h2', {}, 'Rates per mapping'),
          el('span', { class: 'muted small', id: 'rate-window' }, '')),
        el('div', { class: 'charts' },
          el('figure', { class: 'chart-box' }, el('figcaption', {}, el('i', { class: 'sw ok' }), 'Validated per second'),
            el('canvas', { id: 'chart-validated', class: 'chart', role: 'img', 'aria-label': 'Validated messages per second of each mapping, last hour' })),
          el('figure', { class: 'chart-box' }, el('figcaption', {}, el('i', { class: 'sw bad' }), 'Failed per second'),
            el('canvas', { id: 'chart-failed', class: 'chart', role: 'img', 'aria-label': 'Failed messages per second of each mapping, last hour' }))),
        el('ul', { id: 'chart-legend', class: 'chart-legend', 'aria-label': 'Chart legend: one colour per mapping' }),
        el('div', { class: 'table-wrap' }, el('table', { id: 'mapping-rates', class: 'rates-table' },
          el('thead', {}, el('tr', {}, ['mapping', 'validatedRate', 'failedRate', 'validated', 'failed', 'failPct']
            .map((k) => rateSort.header(k)), el('th', { class: 'spark-col', scope: 'col' }, 'Last hour'))),
          el('tbody', {})))),
      el('div', { class: 'side' },
        el('section', { class: 'card' }, el('h2', {}, 'Top error types'), el('ol', { id: 'top-errors', class: 'bars' }, el('li', { class: 'muted empty' }, 'No failures yet'))),
        el('section', { class: 'card' }, el('h2', {}, 'Top failing fields'), el('ol', { id: 'top-fields', class: 'bars' }, el('li', { class: 'muted empty' }, 'No failures yet'))))),
    el('section', { class: 'card stream' },
      el('div', { class: 'card-head wrap' }, el('h2', {}, 'Latest messages'),
        el('span', { class: 'muted small', id: 'sample-note' }, 'sampled: at most ~20 per second reach this page'),
        el('div', { class: 'toolbar' }, mappingFilter, sensorFilter, verdictFilter, pause)),
      el('ul', { id: 'messages', class: 'messages', 'aria-live': 'off' })));
  $('#detail-close').addEventListener('click', () => $('#detail').close());
  $('#detail').addEventListener('click', (e) => { if (e.target.id === 'detail') $('#detail').close(); });
}

let configReads = 0;

async function loadConfig() {
  const read = ++configReads;
  try {
    const { data } = await api('GET', '/api/mappings');
    if (read !== configReads) return; // a newer read (a later config_updated) is on its way
    state.mappings = data;
  } catch (e) {
    notice(`Could not read the mappings: ${e.message}`, 'bad');
  }
  const select = $('#filter-mapping');
  const current = select.value;
  const ids = mappingIds();
  clear(select, el('option', { value: '' }, 'All mappings'), ids.map((id) => el('option', { value: id }, id)));
  select.value = ids.includes(current) ? current : '';
  state.filter.mapping = select.value;
  renderKpis();
  renderRates();
  renderMessages();
}

function mappingIds() {
  const ids = new Set(state.mappings.map((m) => m.id));
  for (const id of state.history.series.keys()) ids.add(id);
  for (const m of state.last?.mappings || []) ids.add(m.mapping);
  return [...ids].sort();
}

/** The colour class of a mapping (sw s0 .. s7): by its place among the mappings, the same in charts and legend. */
function colorOf(id, ids = mappingIds()) {
  return `s${Math.max(0, ids.indexOf(id)) % COLORS}`;
}

function applyBatch(b, live) {
  state.last = b;
  if (live) {
    const fresh = (b.messages || []).slice().reverse();
    if (fresh.length) {
      if (state.paused) {
        state.held = fresh.concat(state.held).slice(0, MAX_MESSAGES);
        state.missed += fresh.length;
        renderMessages();
      } else {
        state.messages = fresh.concat(state.messages).slice(0, MAX_MESSAGES);
        renderMessages();
      }
    }
  }
  renderKpis();
  renderRates();
  renderTop();
}

/** GET /api/history: the last hour as the gateway kept it (a reload does not start with empty charts). */
async function loadHistory() {
  state.historyLoading = [];
  try {
    const { data } = await api('GET', '/api/history');
    const h = state.history;
    h.step = data.stepSeconds;
    h.capacity = data.capacity;
    h.times = data.times.slice();
    h.series = new Map(data.mappings.map((m) => [m.mapping, { v: m.validated.slice(), f: m.failed.slice() }]));
  } catch (e) {
    notice(`Could not read the last hour: ${e.message}`, 'bad');
  }
  const pending = state.historyLoading;
  state.historyLoading = null;
  pending.forEach(addHistoryPoint);
  renderRates();
}

/** One new point of the last hour (the 'history' event, every 10 s). */
function addHistoryPoint(p) {
  if (state.historyLoading) {
    state.historyLoading.push(p);
    return;
  }
  const h = state.history;
  if (h.times.length && p.at <= h.times[h.times.length - 1]) return; // already in what /api/history answered
  h.times.push(p.at);
  for (const s of h.series.values()) {
    s.v.push(null);
    s.f.push(null);
  }
  for (const m of p.mappings) {
    if (!h.series.has(m.mapping)) {
      h.series.set(m.mapping, { v: h.times.map(() => null), f: h.times.map(() => null) });
    }
    const s = h.series.get(m.mapping);
    s.v[s.v.length - 1] = m.validated;
    s.f[s.f.length - 1] = m.failed;
  }
  while (h.times.length > h.capacity) {
    h.times.shift();
    for (const s of h.series.values()) {
      s.v.shift();
      s.f.shift();
    }
  }
  renderRates();
}

function renderKpis() {
  const t = state.last?.totals || { validated: 0, failed: 0, failureRatio: 0, validatedRate: 0, failedRate: 0 };
  const set = (id, v) => { $(`#${id} .kpi-value`).textContent = v; };
  set('kpi-validated', fmtInt(t.validated));
  set('kpi-failed', fmtInt(t.failed));
  set('kpi-ratio', `${(t.failureRatio * 100).toFixed(1)} %`);
  set('kpi-rate', fmtRate(t.validatedRate + t.failedRate));
  $('#kpi-rate .kpi-hint').textContent = `messages per second, last ${windowSeconds()} s`;
  $('#kpi-failed').classList.toggle('alert', t.failed > 0);
  const enabled = state.mappings.filter((m) => m.enabled).length;
  set('kpi-mappings', `${enabled} / ${state.mappings.length}`);
}

function windowSeconds() {
  return state.last?.rateWindowSeconds ?? 10;
}

/** The rows of the rates table: one per mapping, with what each column sorts by. */
function rateRows() {
  const byId = new Map((state.last?.mappings || []).map((m) => [m.mapping, m]));
  const config = new Map(state.mappings.map((m) => [m.id, m]));
  return mappingIds().map((id) => {
    const m = byId.get(id) || { validated: 0, failed: 0, validatedRate: 0, failedRate: 0 };
    const all = m.validated + m.failed;
    return { id, m, c: config.get(id), failPct: all ? (100 * m.failed) / all : null };
  });
}

const rateSort = new TableSort({
  mapping: { label: 'Mapping', value: (r) => r.id },
  validatedRate: { label: 'Valid/s', num: true, value: (r) => r.m.validatedRate },
  failedRate: { label: 'Failed/s', num: true, value: (r) => r.m.failedRate },
  validated: { label: 'Validated', num: true, value: (r) => r.m.validated },
  failed: { label: 'Failed', num: true, value: (r) => r.m.failed },
  failPct: { label: 'Fail %', num: true, value: (r) => r.failPct ?? -1 },
}, { key: 'mapping', dir: 1 }, () => renderRates());

function renderRates() {
  const body = $('#mapping-rates tbody');
  if (!body) return;
  const ids = mappingIds();
  const rows = rateSort.apply(rateRows()).map(({ id, m, c, failPct }) => el('tr', { dataset: { mapping: id } },
    el('td', {}, el('i', { class: `sw ${colorOf(id, ids)}`, 'aria-hidden': 'true' }), el('strong', { class: 'cut inline', title: id }, id), ' ',
      c ? el('span', { class: 'muted small cut inline', title: c.sourceTopic }, c.sourceTopic) : el('span', { class: 'tag' }, 'removed'),
      c && !c.enabled ? el('span', { class: 'tag' }, 'disabled') : null),
    el('td', { class: 'num ok-text' }, fmtRate(m.validatedRate)),
    el('td', { class: 'num bad-text' }, fmtRate(m.failedRate)),
    el('td', { class: 'num' }, fmtInt(m.validated)),
    el('td', { class: 'num' }, fmtInt(m.failed)),
    el('td', { class: 'num' }, failPct == null ? '–' : failPct.toFixed(1)),
    el('td', { class: 'spark-col' }, el('canvas', { class: 'spark', dataset: { mapping: id }, role: 'img', 'aria-label': `Validated and failed per second of ${id}, last hour` }))));
  clear(body, rows.length ? rows : el('tr', {}, el('td', { colspan: 7, class: 'muted' }, 'No mappings configured.')));
  const legend = $('#chart-legend');
  const shown = ids.map((id) => `${id}:${colorOf(id, ids)}`).join(' ');
  if (legend.dataset.shown !== shown) {
    legend.dataset.shown = shown;
    clear(legend, ids.map((id) => el('li', { dataset: { mapping: id } }, el('i', { class: `sw ${colorOf(id, ids)}` }), id)));
  }
  const h = state.history;
  const note = $('#rate-window');
  note.dataset.points = h.times.length;
  note.textContent = `rates: messages per second over the last ${windowSeconds()} s · charts: the last hour, one point `
    + `per ${h.step} s${h.times.length ? `, since ${fmtTime(h.times[0])}` : ' (the first in a few seconds)'}`;
  drawAll();
}

/** The charts' time axis: it ends at the newest server time known and grows from 5 minutes to the hour. */
function axis() {
  const h = state.history;
  const lastAt = Date.parse(state.last?.at || '') || 0;
  const to = Math.max(h.times[h.times.length - 1] || 0, lastAt) || Date.now();
  const age = h.times.length ? to - h.times[0] : 0;
  const span = Math.min(HOUR, Math.max(5 * MINUTE, Math.ceil(age / (5 * MINUTE)) * 5 * MINUTE));
  return { from: to - span, to, spanLabel: span >= HOUR ? '−1 h' : `−${Math.round(span / MINUTE)} min`, gap: 2.5 * h.step * 1000 };
}

/** A mapping's points for one status: the hour's, then the live batch's windowed rate at its time. */
function points(id, key) {
  const h = state.history;
  const s = h.series.get(id);
  const out = s ? h.times.map((t, i) => ({ t, y: s[key][i] })) : [];
  const lastAt = Date.parse(state.last?.at || '');
  const live = (state.last?.mappings || []).find((m) => m.mapping === id);
  if (live && lastAt > (h.times[h.times.length - 1] || 0)) {
    out.push({ t: lastAt, y: key === 'v' ? live.validatedRate : live.failedRate });
  }
  return out;
}

function drawAll() {
  const a = axis();
  const ids = mappingIds();
  const css = getComputedStyle(document.documentElement);
  const color = (name) => css.getPropertyValue(`--${name}`).trim();
  const lines = (key) => ids.map((id) => ({ color: color(colorOf(id, ids)), points: points(id, key) }));
  const v = $('#chart-validated');
  if (v) drawChart(v, lines('v'), { ...a, axis: true });
  const f = $('#chart-failed');
  if (f) drawChart(f, lines('f'), { ...a, axis: true });
  document.querySelectorAll('canvas.spark').forEach((c) => drawChart(c,
    [{ color: color('ok'), points: points(c.dataset.mapping, 'v') }, { color: color('bad'), points: points(c.dataset.mapping, 'f') }], a));
}

function renderTop() {
  const b = state.last;
  if (!b) return;
  const bars = (list, label, count) => {
    const max = Math.max(1, ...list.map(count));
    return list.map((x) => el('li', {},
      el('span', { class: 'bar-label' }, label(x)),
      el('span', { class: 'bar-count' }, fmtInt(count(x))),
      el('meter', { min: 0, max, value: count(x) })));
  };
  const empty = () => el('li', { class: 'muted empty' }, 'No failures yet');
  const TOP = 5; // the feed sends 8; five keep the latest messages in view at 1280x800
  clear($('#top-errors'), b.topErrorTypes.length ? bars(b.topErrorTypes.slice(0, TOP), (x) => el('span', { class: 'etype' }, x.errorType), (x) => x.count) : empty());
  clear($('#top-fields'), b.topFields.length
    ? bars(b.topFields.slice(0, TOP), (x) => [el('code', {}, x.pointer), ' ', el('span', { class: 'muted small' }, x.mapping)], (x) => x.count) : empty());
}

function matches(m) {
  const f = state.filter;
  if (f.mapping && m.mapping !== f.mapping) return false;
  if (f.verdict && m.verdict !== f.verdict) return false;
  if (f.sensor && !(m.sensorId || '').toLowerCase().includes(f.sensor.toLowerCase())) return false;
  return true;
}

function renderMessages() {
  const list = $('#messages');
  if (!list) return;
  const shown = state.messages.filter(matches).slice(0, SHOWN_MESSAGES);
  clear(list, shown.length ? shown.map(row) : el('li', { class: 'muted empty', id: 'messages-empty' },
    state.messages.length ? 'No message matches the filter.' : waitingText()));
  $('#pause').textContent = state.paused ? (state.missed ? `Resume (${fmtInt(state.missed)} new)` : 'Resume') : 'Pause';
}

/** What an empty list says before any message: on a wall screen only that, else how to send one. */
function waitingText() {
  if (KIOSK) return 'Waiting for messages…';
  return ['Waiting for messages: none has reached a mapping since this page opened. To send one, use ',
    el('a', { href: '/admin#publish' }, 'Admin › Publish'),
    ', publish to a mapping\'s source topic with any MQTT client, or start the gateway with --simulate.'];
}

function row(m) {
  const failed = m.verdict === 'failed';
  const summary = failed
    ? [el('span', { class: 'etype primary' }, m.primaryError), ' ', firstMessage(m)]
    : el('code', { class: 'payload' }, m.payload || '');
  return el('li', { class: `msg ${m.verdict}`, dataset: { seq: m.seq }, tabindex: 0, role: 'button', onclick: () => show(m), onkeydown: (e) => { if (e.key === 'Enter') show(m); } },
    el('span', { class: 'time' }, fmtTime(m.at)),
    el('span', { class: `badge ${failed ? 'bad' : 'ok'}` }, m.verdict),
    el('span', { class: 'who' }, el('strong', {}, m.mapping), ' ', el('span', { class: 'muted' }, m.sensorId || '')),
    el('span', { class: 'summary' }, summary));
}

function firstMessage(m) {
  const e = m.report?.errors?.[0];
  if (!e) return '';
  const where = e.pointer || '(payload)';
  return el('span', { class: 'muted' }, e.message.startsWith(where) ? e.message : `${where}: ${e.message}`);
}

function show(m) {
  const body = $('#detail-body');
  $('#detail-title').textContent = m.verdict === 'failed' ? `Failed message · ${m.mapping}` : `Validated message · ${m.mapping}`;
  if (m.report && typeof m.report === 'object') {
    clear(body, reportView(m.report));
    body.querySelectorAll('table.violations').forEach(makeSortable);
  } else {
    let text = m.payload || '';
    try { text = pretty(parseJson(text)); } catch { /* shown as received */ }
    clear(body, el('dl', { class: 'facts' },
      el('dt', {}, 'Topic'), el('dd', {}, el('code', {}, m.topic)),
      el('dt', {}, 'Sensor'), el('dd', {}, m.sensorId || '–'),
      el('dt', {}, 'Received'), el('dd', {}, m.at)),
    el('pre', { class: 'code' }, text));
  }
  $('#detail').showModal();
}

function togglePause() {
  state.paused = !state.paused;
  $('#pause').setAttribute('aria-pressed', String(state.paused));
  if (!state.paused) {
    state.messages = state.held.concat(state.messages).slice(0, MAX_MESSAGES);
    state.held = [];
    state.missed = 0;
  }
  renderMessages();
}

let noticeTimer;
function notice(text, kind) {
  const n = $('#notice');
  n.textContent = text;
  n.className = `notice ${kind}`;
  n.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { n.hidden = true; }, 6000);
}

main();
