// The live dashboard: rates per mapping, totals, top error types and fields, and a sampled stream of the latest
// messages, all from the gateway's 'live' events (one batch per ~500 ms) on /api/events.
import { api, openStream } from './api.js';
import { el, clear, $, fmtInt, fmtRate, fmtTime, signedInPage, setStatus, reportView, pretty } from './ui.js';
import { drawRates } from './chart.js';

const CAPACITY = 240; // chart points: 2 minutes of 500 ms batches
const MAX_MESSAGES = 300;
const SHOWN_MESSAGES = 150;

const state = {
  mappings: [], // the configured mappings (GET /api/mappings)
  series: new Map(), // mapping -> [{v, f}]
  total: [],
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
  status = await signedInPage(root, 'dashboard');
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
  openStream(['live', 'config_updated'], {
    live: (batch) => applyBatch(batch, true),
    config_updated: (ev) => {
      notice(`Configuration changed: ${ev.kind} ${ev.id} (${ev.action}). Reloaded.`, 'info');
      loadConfig();
    },
    open: () => loadConfig(),
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
        el('div', { class: 'card-head' }, el('h2', {}, 'Rates per mapping'),
          el('span', { class: 'legend' }, el('i', { class: 'sw ok' }), 'validated/s', el('i', { class: 'sw bad' }), 'failed/s')),
        el('canvas', { id: 'chart-total', class: 'chart', 'aria-label': 'Validated and failed messages per second, all mappings, last 2 minutes' }),
        el('div', { class: 'table-wrap' }, el('table', { id: 'mapping-rates', class: 'rates-table' },
          el('thead', {}, el('tr', {}, el('th', {}, 'Mapping'), el('th', { class: 'num' }, 'Valid/s'), el('th', { class: 'num' }, 'Failed/s'),
            el('th', { class: 'num' }, 'Validated'), el('th', { class: 'num' }, 'Failed'), el('th', { class: 'num' }, 'Fail %'), el('th', { class: 'spark-col' }, 'Trend'))),
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
  for (const id of state.series.keys()) ids.add(id);
  return [...ids].sort();
}

function applyBatch(b, live) {
  state.last = b;
  if (live) {
    const seen = new Set();
    for (const m of b.mappings) {
      seen.add(m.mapping);
      push(seriesOf(m.mapping), { v: m.validatedRate, f: m.failedRate });
    }
    for (const [id, s] of state.series) if (!seen.has(id)) push(s, { v: 0, f: 0 });
    push(state.total, { v: b.totals.validatedRate, f: b.totals.failedRate });
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

function seriesOf(id) {
  if (!state.series.has(id)) state.series.set(id, []);
  return state.series.get(id);
}

function push(arr, p) {
  arr.push(p);
  if (arr.length > CAPACITY) arr.shift();
}

function renderKpis() {
  const t = state.last?.totals || { validated: 0, failed: 0, failureRatio: 0, validatedRate: 0, failedRate: 0 };
  const set = (id, v) => { $(`#${id} .kpi-value`).textContent = v; };
  set('kpi-validated', fmtInt(t.validated));
  set('kpi-failed', fmtInt(t.failed));
  set('kpi-ratio', `${(t.failureRatio * 100).toFixed(1)} %`);
  set('kpi-rate', fmtRate(t.validatedRate + t.failedRate));
  $('#kpi-failed').classList.toggle('alert', t.failed > 0);
  const enabled = state.mappings.filter((m) => m.enabled).length;
  set('kpi-mappings', `${enabled} / ${state.mappings.length}`);
}

function renderRates() {
  const body = $('#mapping-rates tbody');
  const byId = new Map((state.last?.mappings || []).map((m) => [m.mapping, m]));
  const config = new Map(state.mappings.map((m) => [m.id, m]));
  const rows = mappingIds().map((id) => {
    const m = byId.get(id) || { validated: 0, failed: 0, validatedRate: 0, failedRate: 0 };
    const c = config.get(id);
    const all = m.validated + m.failed;
    return el('tr', { dataset: { mapping: id } },
      el('td', {}, el('strong', {}, id), ' ',
        c ? el('span', { class: 'muted small' }, c.sourceTopic) : el('span', { class: 'tag' }, 'removed'),
        c && !c.enabled ? el('span', { class: 'tag' }, 'disabled') : null),
      el('td', { class: 'num ok-text' }, fmtRate(m.validatedRate)),
      el('td', { class: 'num bad-text' }, fmtRate(m.failedRate)),
      el('td', { class: 'num' }, fmtInt(m.validated)),
      el('td', { class: 'num' }, fmtInt(m.failed)),
      el('td', { class: 'num' }, all ? `${((100 * m.failed) / all).toFixed(1)}` : '–'),
      el('td', { class: 'spark-col' }, el('canvas', { class: 'spark', dataset: { mapping: id }, 'aria-label': `Rates of ${id}` })));
  });
  clear(body, rows.length ? rows : el('tr', {}, el('td', { colspan: 7, class: 'muted' }, 'No mappings configured.')));
  drawAll();
}

function drawAll() {
  // the time axis grows with the data, from 30 s to 2 min, so a fresh page does not show an empty chart
  const span = Math.min(CAPACITY, Math.max(60, state.total.length));
  const seconds = Math.round(span / 2);
  const label = seconds >= 120 ? '−2 min' : seconds >= 60 ? `−${Math.floor(seconds / 60)} min ${seconds % 60 ? `${seconds % 60} s` : ''}` : `−${seconds} s`;
  const total = $('#chart-total');
  if (total) drawRates(total, state.total, span, { axis: true, span: label.trim() });
  document.querySelectorAll('canvas.spark').forEach((c) => drawRates(c, state.series.get(c.dataset.mapping) || [], span));
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
  clear(list, shown.length ? shown.map(row) : el('li', { class: 'muted empty' }, state.messages.length ? 'No message matches the filter.' : 'Waiting for messages…'));
  $('#pause').textContent = state.paused ? (state.missed ? `Resume (${fmtInt(state.missed)} new)` : 'Resume') : 'Pause';
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
  } else {
    let text = m.payload || '';
    try { text = pretty(JSON.parse(text)); } catch { /* shown as received */ }
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
