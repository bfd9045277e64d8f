// The admin page's Quarantine tab: search failed messages (filters, newest first, paged), open one (report and
// original payload), export the filter (NDJSON/CSV), re-drive it and follow the re-drive's progress live
// (quarantine_redrive events). A module of its own: it adds its tab to the admin page once the page has drawn its tabs.
import { api, openStream, session } from './api.js';
import { el, clear, $, reportView, pretty } from './ui.js';

const FILTERS = [
  ['mapping', 'Mapping', 'e.g. sensor1'],
  ['contractVersion', 'Contract version', 'e.g. sha256:d20964456246'],
  ['errorType', 'Error type', 'e.g. out_of_range'],
  ['field', 'Field (JSON pointer)', 'e.g. /temperature'],
  ['sensorId', 'Sensor id', 'e.g. s1-0001'],
];

const q = { next: null, filter: {}, jobs: new Map(), stream: null, poll: null };
const isAdmin = () => (session() || {}).role === 'admin';

function filterParams(extra = {}) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...q.filter, ...extra })) if (v !== '' && v !== undefined && v !== null) p.set(k, v);
  return p;
}

function readFilter(form) {
  const f = {};
  for (const [name] of FILTERS) f[name] = form.elements[name].value.trim();
  for (const name of ['from', 'to']) {
    const v = form.elements[name].value;
    f[name] = v ? new Date(v).toISOString() : '';
  }
  f.status = form.elements.status.value;
  return f;
}

function showError(form, err) {
  form.querySelectorAll('[aria-invalid]').forEach((n) => n.removeAttribute('aria-invalid'));
  const msg = $('#q-msg');
  msg.textContent = err ? err.message : '';
  if (err && err.field && form.elements[err.field]) form.elements[err.field].setAttribute('aria-invalid', 'true');
}

function panel() {
  const form = el('form', { class: 'card form-grid', id: 'q-filter' },
    el('div', { class: 'card-head span-all' }, el('h2', {}, 'Quarantined messages'),
      el('span', { class: 'muted small', id: 'q-stats' }, '')),
    FILTERS.map(([name, label, ph]) => el('label', { class: 'field' }, label,
      el('input', { name, id: `q-${name}`, placeholder: ph, autocomplete: 'off' }))),
    el('label', { class: 'field' }, 'From', el('input', { name: 'from', id: 'q-from', type: 'datetime-local' })),
    el('label', { class: 'field' }, 'To', el('input', { name: 'to', id: 'q-to', type: 'datetime-local' })),
    el('label', { class: 'field' }, 'Status', el('select', { name: 'status', id: 'q-status' },
      el('option', { value: '' }, 'any'), el('option', { value: 'quarantined' }, 'quarantined'),
      el('option', { value: 'redriven' }, 'redriven'))),
    el('div', { class: 'buttons span-all' },
      el('button', { class: 'primary', type: 'submit', id: 'q-search' }, 'Search'),
      el('button', { class: 'secondary', type: 'button', id: 'q-export-ndjson', onclick: () => exportAs('ndjson') }, 'Export NDJSON'),
      el('button', { class: 'secondary', type: 'button', id: 'q-export-csv', onclick: () => exportAs('csv') }, 'Export CSV'),
      el('label', { class: 'admin-only small inline', id: 'q-force-label' }, el('input', { type: 'checkbox', id: 'q-force' }), 'include already re-driven'),
      el('button', { class: 'primary admin-only', type: 'button', id: 'q-redrive', onclick: () => redrive(form) }, 'Re-drive matching')),
    el('p', { class: 'form-msg error span-all', id: 'q-msg', role: 'alert' }));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    search(form, false);
  });
  return [
    form,
    el('div', { class: 'card' }, el('div', { class: 'table-wrap' }, el('table', { class: 'data cards-on-phone', id: 'q-results' },
      el('thead', {}, el('tr', {}, ['Received', 'Mapping', 'Sensor', 'Primary error', 'Fields', 'Contract', 'Status'].map((h) => el('th', {}, h)))),
      el('tbody', { id: 'q-rows' }))),
    el('button', { class: 'secondary small', id: 'q-more', hidden: true, onclick: () => search(form, true) }, 'Load more')),
    el('div', { class: 'card', id: 'q-detail', hidden: true }),
    el('div', { class: 'card' }, el('div', { class: 'card-head' }, el('h2', {}, 'Re-drives')),
      el('ul', { class: 'q-jobs', id: 'q-jobs' })),
    previewCard(),
  ];
}

// ------------------------------------------------------------------ impact preview

function previewCard() {
  const form = el('form', { class: 'card form-grid admin-only', id: 'q-preview', novalidate: true },
    el('div', { class: 'card-head span-all' }, el('h2', {}, 'Preview a contract change on real traffic')),
    el('p', { class: 'muted small span-all' }, 'A draft of the mapping\'s contract, tried on its recent validated messages and its quarantined ones. Nothing is saved until you save.'),
    el('label', { class: 'field' }, 'Mapping', el('input', { name: 'mapping', id: 'qp-mapping', placeholder: 'its id, e.g. sensor1', required: true, autocomplete: 'off' })),
    el('div', { class: 'buttons' }, el('button', { class: 'secondary small', type: 'button', id: 'qp-load', onclick: () => loadDraft(form) }, 'Load its contract')),
    el('label', { class: 'field span-all' }, 'Draft contract (JSON Schema)',
      el('textarea', { name: 'schema', id: 'qp-schema', rows: 12, spellcheck: 'false', class: 'code' })),
    el('div', { class: 'buttons span-all' },
      el('button', { class: 'primary', type: 'submit', id: 'qp-run' }, 'Preview'),
      el('button', { class: 'primary', type: 'button', id: 'qp-save-redrive', disabled: true, onclick: () => saveAndRedrive(form) },
        'Save and re-drive those that now pass')),
    el('p', { class: 'form-msg span-all', id: 'qp-msg', role: 'status' }),
    el('div', { class: 'compat-panel span-all', id: 'qp-break', role: 'alert', hidden: true }),
    el('div', { class: 'span-all', id: 'qp-result' }));
  // a preview is of one mapping's contract: another mapping typed afterwards needs its own preview before a save
  form.elements.mapping.addEventListener('input', () => { $('#qp-save-redrive').disabled = true; $('#qp-break').hidden = true; });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    await runPreview(form);
  });
  return form;
}

/** False, with the field marked and a message saying what to type, while the preview's mapping is empty. */
function mappingNamed(form) {
  const input = form.elements.mapping;
  input.removeAttribute('aria-invalid');
  if (input.value.trim()) return true;
  input.setAttribute('aria-invalid', 'true');
  input.focus();
  $('#qp-msg').textContent = 'Type the id of the mapping whose contract you want to change (as the Mappings tab lists it, e.g. sensor1) first.';
  return false;
}

async function loadDraft(form) {
  if (!mappingNamed(form)) return;
  try {
    const { data: m } = await api('GET', `/api/mappings/${encodeURIComponent(form.elements.mapping.value.trim())}`);
    // the text as saved: re-indented, a save from here rewrote every line and the version diff showed them all
    const { data: text } = await api('GET', `/api/contracts/${encodeURIComponent(m.contractId)}`, { text: true });
    form.elements.schema.value = text;
    form.dataset.contract = m.contractId;
    $('#qp-msg').textContent = `Contract ${m.contractId} loaded.`;
  } catch (e) {
    $('#qp-msg').textContent = e.message;
  }
}

async function runPreview(form) {
  const msg = $('#qp-msg');
  $('#qp-break').hidden = true;
  if (!mappingNamed(form)) return;
  const save = $('#qp-save-redrive');
  save.disabled = true; // until this preview answers, and only for the mapping it was asked for
  const mapping = form.elements.mapping.value.trim();
  try {
    msg.textContent = 'Checking…';
    const { data } = await api('POST', '/api/quarantine/preview', { body: { mapping, schema: form.elements.schema.value } });
    form.dataset.contract = data.contract_id;
    msg.textContent = '';
    const list = (items) => el('ul', {}, items.map((t) => el('li', {}, el('code', {}, t.name || '(payload)'), ` ${t.count}`)));
    clear($('#qp-result'),
      el('dl', { class: 'facts', id: 'qp-counts' },
        el('dt', {}, 'validated → failed'), el('dd', { id: 'qp-to-failed' }, `${data.validated_to_failed} of ${data.recent_validated_checked} recent validated`),
        el('dt', {}, 'failed → validated'), el('dd', { id: 'qp-to-validated' }, `${data.failed_to_validated} of ${data.quarantined_checked} quarantined`)),
      data.top_new_error_types.length ? [el('h3', {}, 'Top new error types'), list(data.top_new_error_types),
        el('h3', {}, 'Top new failing fields'), list(data.top_new_fields)] : null,
      data.validated_to_failed_examples.length ? [el('h3', {}, 'Would now fail'), ...data.validated_to_failed_examples.map((e) => reportView(e.report))] : null,
      data.failed_to_validated_examples.length ? [el('h3', {}, 'Would now pass'),
        el('ul', {}, data.failed_to_validated_examples.map((m) => el('li', {}, `#${m.id} `, el('code', {}, m.payload))))] : null);
    // another mapping typed while this preview ran: its save waits for that mapping's own preview
    save.disabled = form.elements.mapping.value.trim() !== mapping;
  } catch (e) {
    msg.textContent = e.message;
    $('#qp-save-redrive').disabled = true;
  }
}

async function saveAndRedrive(form, acceptBreak = false) {
  const msg = $('#qp-msg');
  const box = $('#qp-break');
  box.hidden = true;
  try {
    const contract = form.dataset.contract;
    await api('PUT', `/api/contracts/${encodeURIComponent(contract)}${acceptBreak ? '?acceptBreak=true' : ''}`, { body: form.elements.schema.value });
    const job = await startRedrive({ filter: { mapping: form.elements.mapping.value.trim(), status: 'quarantined' } });
    msg.textContent = job ? `Saved ${contract}; re-drive #${job.id} started for ${job.total} quarantined messages.` : 'Saved; the re-drive did not start.';
  } catch (e) {
    if (e.status === 409 && e.data && Array.isArray(e.data.reasons)) {
      // the API's "resend with acceptBreak=true" is for API clients: here the person decides with a button
      msg.textContent = 'Not saved: the draft breaks the contract\'s compatibility level.';
      clear(box,
        el('p', {}, e.message.replace(/; resend with acceptBreak=true to save it anyway$/, '.')),
        el('ul', { id: 'qp-break-reasons' }, e.data.reasons.map((r) => el('li', {}, el('code', {}, r.pointer || '/'), ` ${r.message}`))),
        el('div', { class: 'buttons' },
          el('button', { type: 'button', class: 'danger', id: 'qp-accept-break', onclick: () => saveAndRedrive(form, true) },
            'Save anyway (accept the break) and re-drive'),
          el('button', { type: 'button', class: 'secondary', id: 'qp-cancel-break', onclick: () => { box.hidden = true; msg.textContent = 'Nothing saved.'; } }, 'Cancel')));
      box.hidden = false;
      return;
    }
    msg.textContent = e.message;
  }
}

// ------------------------------------------------------------------ search

async function search(form, more) {
  try {
    if (!more) {
      q.filter = readFilter(form);
      q.next = null;
      clear($('#q-rows'));
    }
    showError(form, null);
    const p = filterParams({ limit: 50, before: more ? q.next : '' });
    const { data } = await api('GET', `/api/quarantine/messages?${p}`);
    for (const m of data.items) {
      // labelled cells: on a phone each row is a card (cards-on-phone), Fields, Contract and Status included
      const cell = (label, ...content) => el('td', { dataset: { label } }, el('div', {}, ...content));
      $('#q-rows').append(el('tr', { class: 'clickable', dataset: { id: m.id }, onclick: () => open(m.id) },
        cell('Received', new Date(m.received_at).toLocaleString('en-GB', { hour12: false })),
        cell('Mapping', m.mapping), cell('Sensor', cut('span', m.sensor_id || '')),
        cell('Primary error', el('span', { class: 'etype primary' }, m.primary_error)),
        cell('Fields', cut('code', m.fields.join(' '))),
        cell('Contract', el('code', { class: 'muted' }, (m.contract_version || '').slice(7, 19))),
        cell('Status', el('span', { class: `badge ${m.status === 'redriven' ? 'ok' : 'warn'}` }, m.status))));
    }
    q.next = data.next;
    $('#q-more').hidden = !data.next;
    if (!more && !data.items.length) $('#q-rows').append(el('tr', {}, el('td', { colspan: 7, class: 'muted' }, 'Nothing matches.')));
    loadStats();
  } catch (e) {
    showError(form, e);
  }
}

/** A value from a payload (a sensor id, field pointers) on one line, cut with an ellipsis; the whole of it on hover. */
function cut(tag, text) {
  return el(tag, { class: 'cut', title: text }, text);
}

async function open(id) {
  const { data: m } = await api('GET', `/api/quarantine/messages/${id}`);
  const d = $('#q-detail');
  d.hidden = false;
  clear(d,
    el('div', { class: 'card-head' }, el('h2', {}, `Message ${m.id}`),
      el('button', { class: 'primary small admin-only', id: 'q-redrive-one', onclick: () => startRedrive({ ids: [m.id], force: true }) }, 'Re-drive this one')),
    reportView(m.report),
    el('h3', {}, `Original payload (${m.payload_bytes} bytes, ${m.payload_encoding})`),
    el('pre', { class: 'code', id: 'q-payload' }, m.payload),
    el('h3', {}, 'MQTT 5 properties'),
    el('pre', { class: 'code' }, pretty({ topic: m.topic, qos: m.qos, ...m.properties })));
  d.scrollIntoView({ block: 'nearest' });
}

async function exportAs(format) {
  const form = $('#q-filter');
  try {
    q.filter = readFilter(form);
    // the session cookie authenticates the download; the file is built from the streamed answer
    const res = await fetch(`/api/quarantine/export?${filterParams({ format })}`, { credentials: 'same-origin', cache: 'no-store' });
    if (!res.ok) throw Object.assign(new Error((await res.json()).error || `HTTP ${res.status}`), {});
    const url = URL.createObjectURL(await res.blob());
    el('a', { href: url, download: `quarantine.${format}` }).click();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (e) {
    showError(form, e);
  }
}

async function redrive(form) {
  q.filter = readFilter(form);
  const filter = Object.fromEntries(filterParams());
  const force = $('#q-force').checked;
  if (Object.keys(filter).length === 0) {
    // the API takes everything only when told so ("all": true): an empty filter is refused, never read as "all"
    if (!window.confirm('No filter is set: re-drive every quarantined message?')) return;
    await startRedrive({ all: true, force });
    return;
  }
  await startRedrive({ filter, force });
}

/** Starts a re-drive ({filter}, {ids} or {all: true}, force); exported for the contract editor's "save and re-drive". */
export async function startRedrive(body) {
  try {
    const { data } = await api('POST', '/api/quarantine/redrives', { body });
    showJob(data);
    return data;
  } catch (e) {
    showError($('#q-filter'), e);
    return null;
  }
}

function showJob(j) {
  q.jobs.set(j.id, j);
  const pct = j.total ? Math.round((100 * j.done) / j.total) : 100;
  const item = el('li', { id: `q-job-${j.id}`, dataset: { state: j.state } },
    el('strong', {}, `#${j.id} `), el('span', { class: `badge ${j.state === 'done' ? 'ok' : 'warn'}` }, j.state), ' ',
    el('progress', { max: 100, value: pct }), ' ',
    el('span', { class: 'q-progress' }, `${j.done}/${j.total} done · ${j.passed} passed · ${j.still_failing} still failing`
      + (j.skipped ? ` · ${j.skipped} skipped` : '')),
    el('span', { class: 'muted small' }, ` ${j.created_by}, ${new Date(j.created_at).toLocaleString('en-GB', { hour12: false })}`));
  const old = $(`#q-job-${j.id}`);
  if (old) old.replaceWith(item);
  else $('#q-jobs').prepend(item);
  $('#q-jobs-none')?.remove();
  pollWhileRunning();
}

/**
 * Progress comes live over the event stream; while a shown job runs, the list is also read again every 2 s, so a
 * missed event (a slow stream dropped by the server, a reconnect) never leaves a finished job looking stuck.
 */
function pollWhileRunning() {
  const running = [...q.jobs.values()].some((j) => j.state === 'running');
  if (running && !q.poll) {
    q.poll = setInterval(() => loadJobs().catch(() => {}), 2000);
  } else if (!running && q.poll) {
    clearInterval(q.poll);
    q.poll = null;
  }
}

async function loadJobs() {
  const { data } = await api('GET', '/api/quarantine/redrives');
  q.jobs.clear();
  clear($('#q-jobs'), data.length ? null : el('li', { class: 'muted', id: 'q-jobs-none' },
    'No re-drive yet. Once the contract is fixed, search for the messages it now accepts and press Re-drive matching, '
    + 'or try the fix on them first with "Preview a contract change" below.'));
  data.slice().reverse().forEach(showJob);
}

async function loadStats() {
  try {
    const { data } = await api('GET', '/api/quarantine/stats');
    $('#q-stats').textContent = `${data.rows.toLocaleString('en-US')} kept` + (data.dropped_queue_full ? `, ${data.dropped_queue_full} not kept (queue full)` : '');
  } catch (e) {
    $('#q-stats').textContent = e.message;
  }
}

/** Follows re-drive progress only while the tab is shown: a browser keeps six connections per server. */
function follow(on) {
  if (on && !q.stream) {
    q.stream = openStream(['quarantine_redrive'], { quarantine_redrive: showJob, open: () => loadJobs().catch(() => {}) });
  } else if (!on && q.stream) {
    q.stream.close();
    q.stream = null;
  }
}

function select(active) {
  follow(active);
  for (const t of document.querySelectorAll('nav.tabs .tab')) {
    const id = t.id.replace('tab-', '');
    t.classList.toggle('active', active ? id === 'quarantine' : t.classList.contains('active') && id !== 'quarantine');
    t.setAttribute('aria-selected', String(t.classList.contains('active')));
    const p = $(`#panel-${id}`);
    if (p) p.classList.toggle('active', t.classList.contains('active'));
  }
}

function install(nav) {
  const main = nav.parentNode;
  nav.append(el('button', { id: 'tab-quarantine', role: 'tab', class: 'tab', 'aria-controls': 'panel-quarantine',
    onclick: () => { location.hash = 'quarantine'; select(true); } }, 'Quarantine'));
  main.append(el('section', { id: 'panel-quarantine', class: 'panel', role: 'tabpanel' }, panel()));
  // the page's own tab handling knows nothing of this tab: follow it
  window.addEventListener('hashchange', () => select(location.hash === '#quarantine'));
  if (location.hash === '#quarantine') select(true);
  if (!isAdmin()) document.querySelectorAll('#panel-quarantine .admin-only').forEach((n) => { n.hidden = true; });
  loadStats();
  loadJobs().catch(() => {});
  search($('#q-filter'), false);
}

const watcher = new MutationObserver(() => {
  const nav = document.querySelector('nav.tabs');
  if (nav && !$('#tab-quarantine')) {
    install(nav);
  }
});
watcher.observe(document.body, { childList: true, subtree: true });
