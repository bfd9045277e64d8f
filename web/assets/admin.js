// The admin page: mappings, contracts (editor, dry run, versions), publish panel, broker settings and audit log,
// all through the admin REST API under /api. A viewer sees everything read-only.
import { api, openStream, session } from './api.js';
import { el, clear, $, fmtTime, signedInPage, setStatus, saving, reportView, pretty, confirmDialog } from './ui.js';
import { exampleFor, invalidFor } from './example.js';
import { jsonEditor, jsonErrorAt, pathInMessage, lineOfPath } from './editor.js';

const TABS = [
  ['mappings', 'Mappings'],
  ['contracts', 'Contracts'],
  ['publish', 'Publish'],
  ['broker', 'Broker'],
  ['audit', 'Audit log'],
];

const state = {
  role: 'viewer',
  mappings: [],
  contracts: [],
  status: null,
  editor: null, // {id, etag, isNew, savedText}
  view: null, // the contract editor (editor.js): CodeMirror, or the plain textarea
  broker: null, // the broker settings in force (GET /api/broker), for what disabling a mapping means
  returnTo: null, // {form, select}: the mapping form that asked for a new contract, to return to once it is saved
  pendingPublish: null,
};

let headerStatus;
const isAdmin = () => state.role === 'admin';

async function main() {
  const root = $('#main');
  headerStatus = await signedInPage(root, 'admin');
  state.role = session().role;
  document.body.classList.add(isAdmin() ? 'as-admin' : 'as-viewer');
  layout(root);
  selectTab((location.hash || '#mappings').slice(1));
  await Promise.all([loadMappings(), loadContracts(), loadStatus(), loadBroker()]);
  renderPublishTargets();
  setInterval(loadStatus, 5000);
  openStream(['config_updated', 'live'], {
    config_updated: async (ev) => {
      await Promise.all([loadMappings(), loadContracts(), loadStatus()]);
      renderPublishTargets();
      if (ev.kind === 'contract' && state.editor && state.editor.id === ev.id && !state.editor.isNew) loadVersions(ev.id);
      if (ev.kind === 'broker') loadBroker();
      if ($('#panel-audit').classList.contains('active')) loadAudit();
    },
    live: onLive,
  }, () => {});
}

// ------------------------------------------------------------------ layout

function layout(root) {
  const tabs = el('nav', { class: 'tabs', role: 'tablist' }, TABS.map(([id, label]) =>
    el('button', { id: `tab-${id}`, role: 'tab', class: 'tab', 'aria-controls': `panel-${id}`, onclick: () => { location.hash = id; selectTab(id); } }, label)));
  clear(root,
    isAdmin() ? null : el('div', { class: 'notice info persistent', id: 'viewer-banner' }, 'Signed in as a viewer: everything is read-only.'),
    tabs,
    el('section', { id: 'panel-mappings', class: 'panel', role: 'tabpanel' }, mappingsPanel()),
    el('section', { id: 'panel-contracts', class: 'panel', role: 'tabpanel' }, contractsPanel()),
    el('section', { id: 'panel-publish', class: 'panel', role: 'tabpanel' }, publishPanel()),
    el('section', { id: 'panel-broker', class: 'panel', role: 'tabpanel' }, brokerPanel()),
    el('section', { id: 'panel-audit', class: 'panel', role: 'tabpanel' }, auditPanel()));
  window.addEventListener('hashchange', () => selectTab(location.hash.slice(1)));
}

function selectTab(id) {
  if (!TABS.some(([t]) => t === id)) id = 'mappings';
  for (const [t] of TABS) {
    $(`#tab-${t}`).classList.toggle('active', t === id);
    $(`#tab-${t}`).setAttribute('aria-selected', String(t === id));
    $(`#panel-${t}`).classList.toggle('active', t === id);
  }
  if (id === 'audit') loadAudit();
}

/** Marks the field the API named, and shows its message next to it; other errors go to msg. */
function showFieldError(form, err, msg) {
  form.querySelectorAll('.field-error').forEach((n) => { n.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((n) => n.removeAttribute('aria-invalid'));
  if (!err || !err.field) return false;
  const slot = form.querySelector(`.field-error[data-for="${CSS.escape(err.field)}"]`);
  if (!slot) return false;
  slot.textContent = err.message;
  const input = form.querySelector(`[name="${CSS.escape(err.field)}"]`);
  if (input) {
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }
  if (msg) {
    msg.className = 'form-msg error';
    msg.textContent = 'Not saved: see the field marked above. Nothing changed.';
  }
  return true;
}

function field(label, input, hint, name = input.getAttribute('name')) {
  const target = input.matches('input, select, textarea') ? input : input.querySelector('input, select, textarea');
  target.id = target.id || `f-${name}-${Math.random().toString(36).slice(2, 7)}`;
  return el('div', { class: 'field' },
    el('label', { for: target.id }, label),
    input,
    hint ? el('small', { class: 'muted' }, hint) : null,
    el('span', { class: 'field-error', role: 'alert', dataset: { for: name } }));
}

// ------------------------------------------------------------------ status

async function loadStatus() {
  try {
    const { data } = await api('GET', '/api/status');
    state.status = data;
    const b = data.broker || {};
    if (b.consumers === 0) setStatus(headerStatus, 'idle', 'No MQTT consumers', `Broker ${b.url || ''}`);
    else setStatus(headerStatus, b.connected ? 'ok' : 'bad', b.connected ? 'Broker connected' : 'Broker disconnected', `Broker ${b.url || ''}`);
    renderBrokerStatus();
    renderMappings();
  } catch (e) {
    setStatus(headerStatus, 'bad', 'Gateway unreachable', e.message);
  }
}

function routeOf(mappingId) {
  return (state.status?.routes || []).find((r) => r.id === `mapping-${mappingId}`);
}

// ------------------------------------------------------------------ mappings

function mappingsPanel() {
  return [
    el('div', { class: 'card' },
      el('div', { class: 'card-head' }, el('h2', {}, 'Topic mappings'),
        el('button', { class: 'primary admin-only', id: 'add-mapping', onclick: () => openMappingForm(null) }, 'Add mapping')),
      el('p', { class: 'muted small' }, 'Each mapping consumes an MQTT topic filter, checks every message against a contract and republishes it to its validated or failed topic. {topic} stands for the topic a message arrived on.'),
      el('div', { id: 'mapping-form-slot' }),
      el('p', { class: 'form-msg', id: 'mappings-msg', role: 'status' }),
      el('div', { class: 'table-wrap' }, el('table', { id: 'mappings-table', class: 'data cards-on-phone' },
        el('thead', {}, el('tr', {}, ['Id', 'Source topic', 'Contract', 'Validated topic', 'Failed topic', 'Sensor field', 'State', ''].map((h) => el('th', {}, h)))),
        el('tbody', {})))),
  ];
}

let mappingReads = 0;

async function loadMappings() {
  const read = ++mappingReads;
  try {
    const data = (await api('GET', '/api/mappings')).data;
    if (read !== mappingReads) return; // answers can arrive out of order: keep the newest read only
    state.mappings = data;
  } catch (e) {
    $('#mappings-msg').className = 'form-msg error';
    $('#mappings-msg').textContent = `Could not read the mappings: ${e.message}`;
  }
  renderMappings();
}

let mappingsShown = '';

function renderMappings() {
  const body = $('#mappings-table tbody');
  if (!body) return;
  // the status poll calls this every 5 s: rebuild the rows only when something shown changed (keeps focus and clicks)
  const shown = JSON.stringify([state.mappings, state.mappings.map((m) => routeOf(m.id) || null).map((r) => r && [r.state, r.mqttConnected])]);
  if (shown === mappingsShown && body.children.length) return;
  mappingsShown = shown;
  const rows = state.mappings.map((m) => {
    const route = routeOf(m.id);
    let stateCell;
    if (!m.enabled) stateCell = el('span', { class: 'badge idle' }, 'disabled');
    else if (!route) stateCell = el('span', { class: 'badge warn' }, 'no route');
    else if (route.state !== 'Started') stateCell = el('span', { class: 'badge warn' }, route.state.toLowerCase());
    else stateCell = el('span', { class: `badge ${route.mqttConnected === false ? 'warn' : 'ok'}` }, route.mqttConnected === false ? 'started, not connected' : 'running');
    const toggle = el('input', { type: 'checkbox', class: 'switch', checked: m.enabled, disabled: !isAdmin(), 'aria-label': `Enable mapping ${m.id}`,
      onchange: (e) => setEnabled(m, e.target.checked, e.target) });
    return el('tr', { dataset: { mapping: m.id } },
      // ids may be 64 characters: cut to one line (whole on hover) so the row's switch and buttons stay in sight
      el('td', { class: 'title-cell' }, el('strong', { class: 'cut', title: m.id }, m.id)),
      el('td', { dataset: { label: 'Source' } }, el('code', {}, m.sourceTopic)),
      el('td', { dataset: { label: 'Contract' } }, el('span', { class: 'cut', title: m.contractId }, m.contractId)),
      el('td', { dataset: { label: 'Validated' } }, el('code', {}, m.validatedTopic)),
      el('td', { dataset: { label: 'Failed' } }, el('code', {}, m.failedTopic)),
      el('td', { dataset: { label: 'Sensor field' } }, el('code', {}, m.sensorIdField)),
      el('td', { class: 'state', dataset: { label: 'State' } }, el('label', { class: 'inline' }, toggle, stateCell)),
      el('td', { class: 'actions' },
        el('button', { class: 'secondary small', onclick: () => openMappingForm(m) }, isAdmin() ? 'Edit' : 'View'),
        el('button', { class: 'danger small admin-only', onclick: (e) => deleteMapping(m, e.target) }, 'Delete')));
  });
  clear(body, rows.length ? rows : el('tr', {}, el('td', { colspan: 8, class: 'muted' }, 'No mappings yet.')));
}

/**
 * What disabling a mapping does to its messages, from the broker settings in force (README, "Delivery guarantee"):
 * with persistent sessions the broker keeps queueing for the mapping until the session expiry, and enabling it
 * processes the backlog; without them, messages arriving meanwhile are lost to the gateway.
 */
function disableExplanation(m) {
  const b = state.broker || {};
  const expiry = Number(b['mqtt.session-expiry']);
  const persistent = String(b['mqtt.clean-start']) === 'false' && expiry > 0;
  const span = (s) => (s % 86400 === 0 ? `${s / 86400} day${s === 86400 ? '' : 's'}`
    : s % 3600 === 0 ? `${s / 3600} h` : s % 60 === 0 ? `${s / 60} min` : `${s} s`);
  return [
    el('p', {}, `Mapping ${m.id} stops consuming `, el('code', {}, m.sourceTopic), ': nothing is checked or published for it until you enable it again.'),
    persistent
      ? el('p', { id: 'disable-effect' }, 'Its session stays at the broker: messages arriving while it is disabled wait there for up to ',
        el('strong', {}, `${span(expiry)}`), ` (mqtt.session-expiry = ${expiry} s) and within the broker's queue limits, and are processed when you enable it. Deleting a mapping ends its session instead.`)
      : el('p', { id: 'disable-effect', class: 'bad-text' }, `No persistent session (mqtt.clean-start = ${b['mqtt.clean-start'] ?? '?'}, mqtt.session-expiry = ${b['mqtt.session-expiry'] ?? '?'}): messages arriving while it is disabled are not kept for it and are lost to the gateway.`),
  ];
}

async function setEnabled(m, on, input) {
  const msg = $('#mappings-msg');
  if (!on && !(await confirmDialog({ title: `Disable mapping ${m.id}?`, body: disableExplanation(m), confirm: 'Disable' }))) {
    input.checked = true;
    return;
  }
  input.disabled = true;
  try {
    await saving(input, msg, () => api('POST', `/api/mappings/${encodeURIComponent(m.id)}/${on ? 'enable' : 'disable'}`),
      (r) => `Mapping ${m.id} ${on ? 'enabled' : 'disabled'} (reloaded in ${r.data.reloadMillis} ms).`);
  } catch {
    input.checked = !on;
  }
  mappingsShown = '';
  await Promise.all([loadMappings(), loadStatus()]);
}

async function deleteMapping(m, button) {
  if (!(await confirmDialog({
    title: `Delete mapping ${m.id}?`,
    body: [el('p', {}, 'Its route stops consuming ', el('code', {}, m.sourceTopic), ' and its file is deleted.'),
      el('p', {}, 'Its session at the broker ends: messages published to that topic from now on are not kept for it. To pause instead, disable it.')],
    confirm: 'Delete',
  }))) return;
  const msg = $('#mappings-msg');
  try {
    const { etag } = await api('GET', `/api/mappings/${encodeURIComponent(m.id)}`);
    await saving(button, msg, () => api('DELETE', `/api/mappings/${encodeURIComponent(m.id)}`, { etag }), `Mapping ${m.id} deleted.`);
  } catch (e) {
    if (!msg.textContent) msg.textContent = e.message;
  }
  await loadMappings();
  renderPublishTargets();
}

async function openMappingForm(existing) {
  const slot = $('#mapping-form-slot');
  let etag = null;
  let m = existing;
  if (existing) {
    try {
      const r = await api('GET', `/api/mappings/${encodeURIComponent(existing.id)}`);
      m = r.data;
      etag = r.etag;
    } catch (e) {
      $('#mappings-msg').textContent = e.message;
      return;
    }
  }
  const v = m || { id: '', sourceTopic: '', contractId: state.contracts[0]?.id || '', validatedTopic: '{topic}/validated', failedTopic: '{topic}/failed', sensorIdField: 'sensor_id', enabled: true };
  const ro = !isAdmin();
  const input = (name, value, extra = {}) => el('input', { name, value, autocomplete: 'off', spellcheck: 'false', disabled: ro, ...extra });
  const contract = el('select', { name: 'contractId', disabled: ro, id: 'mapping-contract' });
  fillContractOptions(contract, v.contractId);
  const newContractButton = el('button', { type: 'button', class: 'secondary small admin-only', id: 'mapping-new-contract',
    onclick: () => contractForMapping(form, contract) }, 'New contract…');
  const msg = el('p', { class: 'form-msg', role: 'status', id: 'mapping-form-msg' });
  const save = el('button', { class: 'primary admin-only', type: 'submit', id: 'mapping-save' }, existing ? 'Save changes' : 'Create mapping');
  const form = el('form', { class: 'card inset form-grid', id: 'mapping-form', novalidate: true },
    el('h3', { class: 'span-all' }, existing ? `Mapping ${existing.id}` : 'New mapping'),
    field('Id', input('id', v.id, { disabled: ro || !!existing, placeholder: 'e.g. sensor3' }), 'Letters, digits, _ . -; names the route mapping-<id>.'),
    field('Source topic filter', input('sourceTopic', v.sourceTopic, { placeholder: 'sensors/sensor3 or fleet/+' }), 'MQTT filter; + and # allowed.'),
    field('Contract', el('div', { class: 'picker' }, contract, newContractButton), 'The JSON Schema each message must satisfy.', 'contractId'),
    field('Sensor id field', input('sensorIdField', v.sensorIdField), 'Payload field that names the sensor.'),
    field('Validated topic', input('validatedTopic', v.validatedTopic), 'Where valid messages go, unchanged.'),
    field('Failed topic', input('failedTopic', v.failedTopic), 'Where failure reports go.'),
    el('label', { class: 'inline span-all' }, el('input', { type: 'checkbox', name: 'enabled', checked: v.enabled, disabled: ro }), ' Enabled (consume at once)'),
    el('div', { class: 'span-all buttons' }, save,
      el('button', { type: 'button', class: 'secondary', onclick: () => clear(slot) }, existing ? 'Close' : 'Cancel'), msg));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = {
      id: form.elements.id.value.trim(),
      sourceTopic: form.elements.sourceTopic.value.trim(),
      contractId: form.elements.contractId.value,
      validatedTopic: form.elements.validatedTopic.value.trim(),
      failedTopic: form.elements.failedTopic.value.trim(),
      sensorIdField: form.elements.sensorIdField.value.trim(),
      enabled: form.elements.enabled.checked,
    };
    showFieldError(form, null);
    try {
      const r = await saving(save, msg, async () => {
        const res = await (existing
          ? api('PUT', `/api/mappings/${encodeURIComponent(existing.id)}`, { body, etag })
          : api('POST', '/api/mappings', { body }));
        await Promise.all([loadMappings(), loadStatus()]);
        if (!existing) await openMappingForm(res.data.mapping); // now editing what was created
        return res;
      }, (res) => `Saved: mapping ${res.data.id} ${res.data.action === 'create' ? 'created' : 'updated'}, route reloaded in ${res.data.reloadMillis} ms.`);
      etag = r.etag;
      renderPublishTargets();
      if (!existing) {
        $('#mapping-form-msg').className = 'form-msg ok';
        $('#mapping-form-msg').textContent = msg.textContent;
      }
    } catch (e) {
      showFieldError(form, e, msg);
    }
  });
  clear(slot, form);
  form.scrollIntoView({ block: 'nearest' });
  (existing ? form.elements.sourceTopic : form.elements.id).focus();
}

/** The contract picker's options, with selected chosen (the list as the last read of /api/contracts has it). */
function fillContractOptions(select, selected) {
  clear(select, state.contracts.map((c) => el('option', { value: c.id, selected: c.id === selected }, `${c.id}${c.title ? ` — ${c.title}` : ''}`)));
  if (!state.contracts.length) clear(select, el('option', { value: '' }, 'no contract yet: create one'));
}

/**
 * "New contract…" in the mapping form: opens the contract editor with a template and the mapping's id as the
 * contract's; saving it comes back here with it selected (the form, hidden meanwhile, keeps what was typed).
 */
function contractForMapping(form, select) {
  state.returnTo = { form, select };
  location.hash = 'contracts';
  selectTab('contracts');
  newContract({ id: form.elements.id.value.trim() });
}

/** After a contract was created for the mapping form: back there, with the contract selected. */
function returnToMapping(contractId) {
  const back = state.returnTo;
  state.returnTo = null;
  if (!back || !back.form.isConnected) return false;
  fillContractOptions(back.select, contractId);
  location.hash = 'mappings';
  selectTab('mappings');
  const msg = back.form.querySelector('#mapping-form-msg');
  msg.className = 'form-msg ok';
  msg.textContent = `Contract ${contractId} created and selected: finish the mapping and create it.`;
  back.form.scrollIntoView({ block: 'nearest' });
  back.select.focus();
  return true;
}

// ------------------------------------------------------------------ contracts

function contractsPanel() {
  return el('div', { class: 'split' },
    el('div', { class: 'card list-card' },
      el('div', { class: 'card-head' }, el('h2', {}, 'Contracts'),
        el('button', { class: 'secondary small admin-only', id: 'infer-contract', onclick: renderInfer }, 'Draft from traffic'),
        el('button', { class: 'primary small admin-only', id: 'new-contract', onclick: newContract }, 'New')),
      el('ul', { id: 'contract-list', class: 'pick-list' })),
    el('div', { class: 'stack' },
      el('div', { class: 'card', id: 'contract-infer' }),
      el('div', { class: 'card', id: 'contract-editor' }, el('p', { class: 'muted' }, 'Pick a contract to see and edit its JSON Schema.')),
      el('div', { class: 'card', id: 'contract-test' }),
      el('div', { class: 'card', id: 'contract-versions' })));
}

async function loadContracts() {
  try {
    state.contracts = (await api('GET', '/api/contracts')).data;
  } catch (e) {
    state.contracts = [];
  }
  const list = $('#contract-list');
  clear(list, state.contracts.map((c) => el('li', {},
    el('button', { class: `pick ${state.editor?.id === c.id ? 'active' : ''}`, dataset: { contract: c.id }, onclick: () => { state.returnTo = null; openContract(c.id); } },
      el('strong', {}, c.id), el('span', { class: 'muted small' }, c.version ? ` v${c.version}` : ' original file'),
      el('span', { class: 'muted small block' }, c.usedBy?.length ? `used by ${c.usedBy.join(', ')}` : 'not used by a mapping')))));
  if (!state.contracts.length) clear(list, el('li', { class: 'muted' }, 'No contracts.'));
}

// ------------------------------------------------------------------ drafts inferred from traffic

/** The "From" choice that samples any topic filter live (':' never occurs in a mapping id). */
const INFER_TOPIC = ':topic';

/**
 * "Draft from traffic": infer a contract from a mapping's recent messages, from what is published to any topic filter
 * during a short subscription, or from pasted examples; a person edits and saves it.
 */
function renderInfer() {
  const source = el('select', { name: 'source', id: 'infer-source' },
    state.mappings.map((m) => el('option', { value: m.id }, `mapping ${m.id} (${m.sourceTopic})`)),
    el('option', { value: INFER_TOPIC }, 'a topic filter (listen now)'),
    el('option', { value: '' }, 'pasted examples'));
  const examples = el('textarea', { name: 'samples', id: 'infer-examples', class: 'code', rows: 5, spellcheck: 'false', placeholder: 'one JSON message per line' });
  const exampleField = field('Examples', examples, 'One JSON message per line.');
  const topic = el('input', { name: 'topic', id: 'infer-topic', type: 'text', spellcheck: 'false', placeholder: 'plant/+/level' });
  const maxMessages = el('input', { name: 'maxMessages', id: 'infer-max', type: 'number', min: '1', max: '1000', value: '200' });
  const seconds = el('input', { name: 'seconds', id: 'infer-seconds', type: 'number', min: '1', max: '60', value: '10' });
  const topicFields = el('div', { id: 'infer-topic-fields' },
    field('Topic filter', topic, 'Any filter, also one no mapping covers (+ and # allowed). The gateway subscribes with a short-lived client.'),
    field('At most messages', maxMessages, '1 to 1000.'),
    field('Listen for seconds', seconds, '1 to 60; stops early once enough messages arrived.'));
  const toggle = () => {
    exampleField.hidden = source.value !== '';
    topicFields.hidden = source.value !== INFER_TOPIC;
  };
  // start on a running mapping: a disabled one receives nothing to draft from (as the publish panel starts)
  const running = state.mappings.find((m) => m.enabled);
  if (running) source.value = running.id;
  source.addEventListener('change', toggle);
  const msg = el('p', { class: 'form-msg', id: 'infer-msg', role: 'status' });
  const out = el('div', { id: 'infer-result' });
  const form = el('form', { id: 'infer-form', novalidate: true },
    el('div', { class: 'card-head' }, el('h2', {}, 'Draft a contract from messages'),
      el('span', { class: 'muted small' }, 'a proposal: nothing is applied until you save it')),
    field('From', source), topicFields, exampleField,
    el('div', { class: 'buttons' }, el('button', { type: 'submit', class: 'primary', id: 'infer-run' }, 'Draft'),
      el('button', { type: 'button', class: 'secondary', onclick: () => clear($('#contract-infer')) }, 'Close'), msg),
    out);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showFieldError(form, null);
    msg.className = 'form-msg progress';
    const live = source.value === INFER_TOPIC;
    msg.textContent = live ? `Listening on ${topic.value} for up to ${seconds.value} s…` : 'Drafting…';
    try {
      const mapping = state.mappings.find((m) => m.id === source.value);
      const number = (input) => (input.value.trim() === '' ? undefined : Number(input.value));
      const { data } = mapping
        ? await api('POST', `/api/mappings/${encodeURIComponent(mapping.id)}/infer`)
        : live
          ? await api('POST', '/api/contracts/infer/topic', { body: { topic: topic.value, maxMessages: number(maxMessages), seconds: number(seconds) } })
          : await api('POST', '/api/contracts/infer', { body: { samples: examples.value } });
      msg.className = 'form-msg ok';
      msg.textContent = `Drafted from ${data.sampleCount} message${data.sampleCount === 1 ? '' : 's'}${data.skipped ? ` (${data.skipped} not JSON, skipped)` : ''}`
        + (live ? ` on ${data.topicsSeen.length} topic${data.topicsSeen.length === 1 ? '' : 's'}: ${data.topicsSeen.join(', ')}` : '') + '.';
      showDraft(out, data, mapping);
    } catch (e) {
      showFieldError(form, e, msg);
      msg.className = 'form-msg error';
      msg.textContent = e.message;
    }
  });
  clear($('#contract-infer'), form);
  toggle();
  $('#contract-infer').scrollIntoView({ block: 'nearest' });
}

/** The draft beside the sample messages, with each field's share, and the ways to take it into the editor. */
function showDraft(out, data, mapping) {
  const text = JSON.stringify(data.schema, null, 2) + '\n';
  const rows = data.fields.map((f) => el('tr', { dataset: { pointer: f.pointer } },
    el('td', {}, el('code', {}, f.pointer)), el('td', {}, `${Math.round(f.share * 100)} %`),
    el('td', { class: 'muted small' }, `${f.seen} of ${f.of}`), el('td', {}, Object.keys(f.types).join(', '))));
  clear(out,
    el('div', { class: 'infer-grid' },
      el('div', {}, el('h3', {}, 'Draft'), el('pre', { class: 'code', id: 'infer-schema' }, text)),
      el('div', {}, el('h3', {}, `Sample messages (last ${data.samples.length})`),
        el('ul', { id: 'infer-samples', class: 'infer-samples' }, data.samples.map((m) => el('li', {}, el('code', {}, JSON.stringify(m))))))),
    el('div', { class: 'table-wrap' }, el('table', { id: 'infer-fields', class: 'data' },
      el('thead', {}, el('tr', {}, el('th', {}, 'field'), el('th', {}, 'present'), el('th', {}, 'seen'), el('th', {}, 'types'))),
      el('tbody', {}, rows))),
    el('div', { class: 'buttons' },
      el('button', { type: 'button', class: 'primary admin-only', id: 'infer-new', onclick: () => draftAsNew(text, mapping) }, 'Edit as a new contract'),
      mapping ? el('button', { type: 'button', class: 'secondary admin-only', id: 'infer-replace', onclick: () => draftAsVersion(text, mapping.contractId) },
        `Edit as the next version of ${mapping.contractId}`) : null));
}

function draftAsNew(text, mapping) {
  state.editor = { id: '', etag: null, isNew: true, savedText: '' };
  const id = mapping ? `${mapping.id}-inferred` : '';
  // the project's conventions: every contract has an $id matching its id, a title and a description
  let schema = JSON.parse(text);
  if (schema && typeof schema === 'object') {
    const { $schema, $id, title, description, ...rest } = schema;
    schema = { ...($schema ? { $schema } : {}), $id: $id || `urn:contract-gateway:contract:${id}`, title: title || id || 'new contract',
      description: description || `Drafted from ${mapping ? `the recent messages of mapping ${mapping.id}` : 'example messages'}; review the bounds and required fields.`, ...rest };
    text = JSON.stringify(schema, null, 2) + '\n';
  }
  renderEditor(text);
  if (mapping) $('#contract-id').value = id;
  clear($('#contract-versions'));
  renderTestBox();
  $('#contract-editor').scrollIntoView({ block: 'nearest' });
}

async function draftAsVersion(text, contractId) {
  await openContract(contractId);
  setEditorText(text);
  $('#contract-msg').className = 'form-msg';
  $('#contract-msg').textContent = 'The draft is in the editor, not saved: edit it, then Save new version.';
  $('#contract-editor').scrollIntoView({ block: 'nearest' });
}

let templates = null;

/** The new-contract templates (web/assets/contract-templates.json; ContractTemplatesTest checks their conventions). */
async function loadTemplates() {
  if (!templates) {
    try {
      const res = await fetch('/assets/contract-templates.json', { credentials: 'same-origin' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      templates = (await res.json()).templates;
    } catch {
      templates = [{ key: 'empty-object', name: 'Empty object', schema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'urn:contract-gateway:contract:{id}', title: '{id}',
        description: 'Messages of {id}.', type: 'object', properties: {}, required: [] } }];
    }
  }
  return templates;
}

/** A template's text for a contract id: every {id} replaced, as ContractTemplatesTest does. */
function templateText(template, id) {
  return JSON.stringify(template.schema, null, 2).replaceAll('{id}', id || 'new-contract') + '\n';
}

/** Opens the editor on a new contract from a template; options.id proposes its id. */
async function newContract(options = {}) {
  const fromButton = options instanceof Event; // the contract list's New button: not for a mapping form
  if (fromButton) state.returnTo = null;
  const list = await loadTemplates();
  const id = fromButton ? '' : (options.id || '');
  state.editor = { id: '', etag: null, isNew: true, savedText: '', template: list[0].key };
  renderEditor(templateText(list[0], id));
  $('#contract-id').value = id;
  clear($('#contract-versions'));
  renderTestBox();
  $('#contract-editor').scrollIntoView({ block: 'nearest' });
  $('#contract-id').focus();
}

/** Replaces the editor's text (CodeMirror or the textarea) and checks it. */
function setEditorText(text) {
  if (state.view) state.view.set(text);
  else $('#schema-text').value = text;
  syntax($('#schema-text'));
}

async function openContract(id) {
  if (state.versionsNote && state.versionsNote.id !== id) state.versionsNote = null;
  const box = $('#contract-editor');
  box.setAttribute('aria-busy', 'true');
  try {
    const r = await api('GET', `/api/contracts/${encodeURIComponent(id)}`, { text: true });
    state.editor = { id, etag: r.etag, isNew: false, savedText: r.data };
    renderEditor(r.data);
    renderTestBox();
    await loadVersions(id);
    document.querySelectorAll('#contract-list .pick').forEach((b) => b.classList.toggle('active', b.dataset.contract === id));
  } catch (e) {
    clear($('#contract-editor'), el('p', { class: 'form-msg error' }, e.message));
  } finally {
    box.removeAttribute('aria-busy');
  }
}

function renderEditor(text) {
  const ed = state.editor;
  const info = state.contracts.find((c) => c.id === ed.id);
  const ro = !isAdmin();
  const area = el('textarea', { id: 'schema-text', name: 'schema', class: 'code', spellcheck: 'false', rows: 18, readonly: ro, 'aria-label': 'JSON Schema' });
  area.value = text;
  const check = el('p', { class: 'json-check', id: 'schema-check', role: 'status' });
  const msg = el('p', { class: 'form-msg', id: 'contract-msg', role: 'status' });
  const idInput = ed.isNew ? el('input', { name: 'id', id: 'contract-id', placeholder: 'e.g. sensor3', autocomplete: 'off', spellcheck: 'false' }) : null;
  const save = el('button', { class: 'primary admin-only', id: 'contract-save', type: 'submit' }, ed.isNew ? 'Create contract' : 'Save new version');
  const templatePicker = ed.isNew && templates && ed.template ? el('select', { id: 'contract-template', name: 'template' },
    templates.map((t) => el('option', { value: t.key, selected: t.key === ed.template }, t.name))) : null;
  const back = ed.isNew && state.returnTo ? el('div', { class: 'notice info', id: 'contract-for-mapping' },
    'A new contract for the mapping you are adding: creating it takes you back there with it selected. ',
    el('button', { type: 'button', class: 'link', id: 'contract-back', onclick: () => {
      const { form } = state.returnTo || {};
      state.returnTo = null;
      location.hash = 'mappings';
      selectTab('mappings');
      if (form) form.scrollIntoView({ block: 'nearest' });
    } }, 'Back to the mapping without a new contract')) : null;
  const form = el('form', { id: 'contract-form', novalidate: true },
    el('div', { class: 'card-head' },
      el('h2', {}, ed.isNew ? 'New contract' : `Contract ${ed.id}`),
      info ? el('span', { class: 'muted small' }, `${info.version ? `version ${info.version}` : 'original file, no saved versions'} · ${info.usedBy?.length ? `used by ${info.usedBy.join(', ')}` : 'not used'}`) : null),
    back,
    idInput ? field('Id', idInput, 'Saved as schemas/<id>.schema.json; the $id in the schema follows it.') : null,
    templatePicker ? field('Start from', templatePicker, 'A template that follows the project\'s conventions ($id, title, description); replaces the text below.') : null,
    el('div', { class: 'field schema-field' }, area, check, el('span', { class: 'field-error', role: 'alert', dataset: { for: 'schema' } })),
    el('div', { class: 'buttons' },
      save,
      el('button', { type: 'button', class: 'secondary admin-only', id: 'contract-format', onclick: () => format(area) }, 'Format'),
      ed.isNew ? null : el('button', { type: 'button', class: 'secondary admin-only', id: 'contract-revert', onclick: () => revert() }, 'Revert'),
      ed.isNew ? null : el('button', { type: 'button', class: 'danger admin-only', id: 'contract-delete', onclick: (e) => deleteContract(e.target, msg) }, 'Delete'),
      msg));
  const breakBox = el('div', { id: 'compat-panel', class: 'compat-panel', role: 'alert', hidden: true });
  form.insertBefore(breakBox, form.querySelector('.buttons'));
  if (!ed.isNew) form.insertBefore(levelPicker(ed.id), breakBox);

  /** Back to the saved text, and nothing stale left: no error line, no message, no pending break. */
  function revert() {
    setEditorText(ed.savedText);
    showFieldError(form, null);
    msg.className = 'form-msg';
    msg.textContent = '';
    breakBox.hidden = true;
  }

  if (idInput) {
    // the $id follows the id (the conventions: $id matches the file); a template not yet edited is rewritten whole
    let generated = text;
    idInput.addEventListener('input', () => {
      const id = idInput.value.trim();
      const tpl = templates && templates.find((t) => t.key === ed.template);
      const current = state.view ? state.view.get() : area.value;
      if (tpl && current === generated) {
        generated = templateText(tpl, id);
        setEditorText(generated);
      } else if (id) {
        const next = current.replace(/("\$id"\s*:\s*")urn:contract-gateway:contract:[^"]*(")/, `$1urn:contract-gateway:contract:${id}$2`);
        if (next !== current) setEditorText(next);
      }
    });
    if (templatePicker) {
      templatePicker.addEventListener('change', () => {
        ed.template = templatePicker.value;
        generated = templateText(templates.find((t) => t.key === ed.template), idInput.value.trim());
        setEditorText(generated);
      });
    }
  }

  /** Saves; a change that breaks the contract's compatibility level is shown first and saved only when confirmed. */
  async function submit(acceptBreak) {
    if (!syntax(area)) return;
    showFieldError(form, null);
    const text = area.value;
    try {
      if (!ed.isNew && !acceptBreak) {
        const { data: verdict } = await api('POST', `/api/contracts/${encodeURIComponent(ed.id)}/compatibility/check`, { body: text });
        if (!verdict.compatible) {
          showBreak(breakBox, verdict, () => submit(true));
          return;
        }
      }
      breakBox.hidden = true;
      // the result is shown once the list and the editor show the new version
      await saving(save, msg, async () => {
        const res = await (ed.isNew
          ? api('POST', '/api/contracts', { body: { id: idInput.value.trim(), schema: text } })
          : api('PUT', `/api/contracts/${encodeURIComponent(ed.id)}${acceptBreak ? '?acceptBreak=true' : ''}`, { body: text, etag: ed.etag }));
        await loadContracts();
        await openContract(res.data.id);
        return res;
      }, (res) => res.data.action === 'unchanged'
        ? `Unchanged: contract ${res.data.id} already is this text${res.data.version ? ` (version ${res.data.version})` : ''}; nothing saved.`
        : `Saved: contract ${res.data.id} is now version ${res.data.version} (${res.data.hash})${res.data.acceptedBreak ? ', breaking change accepted and recorded in the audit log' : ''}; the next message uses it.`);
      $('#contract-msg').className = 'form-msg ok';
      $('#contract-msg').textContent = msg.textContent;
      renderPublishTargets();
      if (ed.isNew) returnToMapping(idInput.value.trim());
    } catch (e) {
      showFieldError(form, e, msg);
      if (e.field === 'schema') {
        msg.className = 'form-msg error';
        msg.textContent = `Not saved: ${e.message}. The version in force is unchanged.`;
        check.className = 'json-check error';
        check.textContent = `Does not compile: ${e.message}`;
        form.querySelector('.field-error[data-for="schema"]').textContent = ''; // shown at its line and above
        markCompileError(e.message);
      }
    }
  }
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submit(false);
  });
  clear($('#contract-editor'), form);
  area.addEventListener('keydown', (e) => { // the plain text area (no CodeMirror): Tab indents
    if (e.key === 'Tab' && !ro) {
      e.preventDefault();
      area.setRangeText('  ', area.selectionStart, area.selectionEnd, 'end');
      area.dispatchEvent(new Event('input'));
    }
  });
  const view = jsonEditor(area, { readOnly: ro, onChange: () => { syntax(area); compileSoon(); } });
  state.view = view;
  syntax(area);
  // once CodeMirror is in place, mark again what the text area had (an error typed before it loaded)
  view.ready.then(() => { if (state.view === view) syntax(area); });
}

/**
 * Shows the server's compile error where it points: the part of the schema the message names (a JSON pointer or
 * path), else the first line. The message itself is shown by the caller.
 */
function markCompileError(message) {
  if (!state.view) return;
  const text = state.view.get();
  const keys = pathInMessage(message);
  const line = (keys && lineOfPath(text, keys)) || 1;
  state.view.markError(line, `Does not compile: ${message}`);
}

let compileTimer = null;
let compileRun = 0;

/**
 * Asks the gateway's own compiler about the editor's text, 600 ms after the last edit (admins only: it is the dry-run
 * endpoint, a POST): "Compiles" or the compile error at its line. Saves nothing.
 */
function compileSoon() {
  clearTimeout(compileTimer);
  if (!isAdmin()) return;
  const run = ++compileRun;
  compileTimer = setTimeout(async () => {
    const area = $('#schema-text');
    const check = $('#schema-check');
    if (!area || !syntax(area)) return;
    try {
      const id = state.editor && !state.editor.isNew ? { id: state.editor.id } : {};
      await api('POST', '/api/contracts/test', { body: { schema: area.value, payload: '{}', ...id } });
      if (run !== compileRun) return;
      check.className = 'json-check ok';
      check.textContent = 'Valid JSON · compiles as a JSON Schema';
    } catch (e) {
      if (run !== compileRun || e.field !== 'schema') return;
      check.className = 'json-check error';
      check.textContent = `Does not compile: ${e.message}`;
      markCompileError(e.message);
    }
  }, 600);
}

/** Lists why a change breaks compatibility and asks whether to save it anyway. */
function showBreak(box, verdict, accept) {
  clear(box,
    el('h3', {}, `This change breaks ${verdict.level} compatibility`),
    el('p', { class: 'muted small' }, verdict.level.startsWith('FORWARD') ? 'The previous version would refuse messages the new one accepts.'
      : 'Devices that send what the version in force accepts would be refused by the new version.'),
    el('ul', { id: 'compat-reasons' }, ...verdict.reasons.map((r) => el('li', { class: r.proven ? 'compat-reason' : 'compat-reason unproven' },
      el('code', {}, r.pointer || '/'), ` ${r.message}`))),
    el('div', { class: 'buttons' },
      el('button', { type: 'button', class: 'danger admin-only', id: 'contract-accept-break', onclick: () => { box.hidden = true; accept(); } }, 'Save anyway (accept the break)'),
      el('button', { type: 'button', class: 'secondary', id: 'contract-cancel-break', onclick: () => { box.hidden = true; } }, 'Cancel')));
  box.hidden = false;
}

const LEVELS = ['BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE', 'NONE'];

/** The contract's compatibility level: shown to everyone, changed by admins. */
function levelPicker(id) {
  const select = el('select', { id: 'contract-level', name: 'compatibility', disabled: !isAdmin() },
    ...LEVELS.map((l) => el('option', { value: l }, l)));
  const note = el('span', { class: 'muted small', role: 'status' });
  api('GET', `/api/contracts/${encodeURIComponent(id)}/compatibility`).then((r) => { select.value = r.data.level; }).catch(() => {});
  select.addEventListener('change', async () => {
    try {
      await api('PUT', `/api/contracts/${encodeURIComponent(id)}/compatibility`, { body: { level: select.value } });
      note.textContent = `Saves are now checked for ${select.value} compatibility.`;
    } catch (e) {
      note.textContent = e.message;
    }
  });
  const box = field('Compatibility', select,
    'BACKWARD: the new version must accept everything the one in force accepts. _TRANSITIVE: every saved version. NONE: no check.');
  box.append(note);
  return box;
}

/** Checks the editor's JSON; returns true when it parses. A syntax error is marked at its line. */
function syntax(area) {
  const check = $('#schema-check');
  const text = area.value;
  if (state.view) state.view.clearError();
  try {
    const v = JSON.parse(text);
    if (typeof v !== 'boolean' && (typeof v !== 'object' || v === null || Array.isArray(v))) {
      throw new Error('a JSON Schema must be a JSON object, or true / false');
    }
    check.className = 'json-check ok';
    check.textContent = 'Valid JSON';
    area.removeAttribute('aria-invalid');
    return true;
  } catch (e) {
    const at = e instanceof SyntaxError ? jsonErrorAt(text, e) : null;
    check.className = 'json-check error';
    check.textContent = `JSON error${at ? ` at line ${at.line}, column ${at.column}` : ''}: ${e.message}`;
    area.setAttribute('aria-invalid', 'true');
    if (state.view) state.view.markError(at ? at.line : 1, e.message);
    return false;
  }
}

function format(area) {
  if (!syntax(area)) return;
  setEditorText(JSON.stringify(JSON.parse(area.value), null, 2) + '\n');
}

async function deleteContract(button, msg) {
  const ed = state.editor;
  if (!(await confirmDialog({
    title: `Delete contract ${ed.id}?`,
    body: [el('p', {}, `Its file schemas/${ed.id}.schema.json is deleted; its saved versions stay in the history.`),
      el('p', {}, 'A contract a mapping uses cannot be deleted: the gateway refuses and names the mapping.')],
    confirm: 'Delete',
  }))) return;
  try {
    await saving(button, msg, () => api('DELETE', `/api/contracts/${encodeURIComponent(ed.id)}`, { etag: ed.etag }), `Contract ${ed.id} deleted.`);
    state.editor = null;
    await loadContracts();
    clear($('#contract-editor'), el('p', { class: 'form-msg ok' }, `Contract ${ed.id} deleted.`));
    clear($('#contract-test'));
    clear($('#contract-versions'));
  } catch {
    /* the reason is shown in msg */
  }
}

function editorSchema() {
  try {
    return JSON.parse($('#schema-text').value);
  } catch {
    return null;
  }
}

/** A concrete topic a filter matches, for a first try: each wildcard level becomes "demo". */
function demoTopic(filter) {
  return filter.replace(/(^|\/)#$/, '$1demo').replace(/(^|\/)\+(?=\/|$)/g, '$1demo');
}

/**
 * "Test a payload": a dry run of the saved contract or the editor's draft. With a mapping picked, the payload is
 * checked exactly as that mapping's route would check a message arriving on the topic given (its contract in force,
 * sensor field and output topics: POST /api/mappings/{id}/test, or the draft with "mapping"); the topic must be one
 * the mapping consumes.
 */
function renderTestBox() {
  const box = $('#contract-test');
  const ed = state.editor;
  const payload = el('textarea', { id: 'test-payload', class: 'code', rows: 7, spellcheck: 'false', 'aria-label': 'Payload to test' });
  const fill = (valid) => {
    const schema = editorSchema();
    if (!schema) return;
    payload.value = pretty(valid ? exampleFor(schema) : invalidFor(schema).payload);
  };
  // the mapping the API's dry run picks without ?mapping= (ContractTrials.defaultMapping): an enabled one before a
  // disabled one, a concrete source topic before a wildcard filter, the one named like the contract, then by id
  const rank = (m) => [m.enabled ? 0 : 1, /[+#]/.test(m.sourceTopic) ? 1 : 0, m.id === ed.id ? 0 : 1];
  const byDefault = (a, b) => rank(a).map((r, i) => r - rank(b)[i]).find((d) => d !== 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const candidates = state.mappings.filter((m) => ed.isNew || m.contractId === ed.id).sort(byDefault);
  const mapping = el('select', { id: 'test-mapping', name: 'mapping' },
    el('option', { value: '' }, 'none: the contract alone, default output topics'),
    candidates.map((m) => el('option', { value: m.id }, `${m.id} (${m.sourceTopic})`)));
  if (candidates.length && !ed.isNew) mapping.value = candidates[0].id; // a new contract: no mapping uses it yet
  const topic = el('input', { id: 'test-topic', name: 'topic', autocomplete: 'off', spellcheck: 'false', placeholder: 'plant/north/level' });
  const pickTopic = () => {
    const m = state.mappings.find((x) => x.id === mapping.value);
    topic.value = m ? demoTopic(m.sourceTopic) : '';
    topic.disabled = !m;
  };
  mapping.addEventListener('change', pickTopic);
  pickTopic();
  const out = el('div', { id: 'test-result', role: 'status' });
  const where = el('div', { class: 'form-grid test-where' },
    field('Check as mapping', mapping, 'What that mapping\'s route would do: its sensor field and output topics.'),
    field('Arriving on topic', topic, 'A concrete topic the mapping consumes.'));
  const run = async (draft, button) => {
    button.disabled = true;
    showFieldError(where, null);
    clear(out, el('p', { class: 'form-msg progress' }, 'Checking…'));
    const m = mapping.value;
    const t = topic.value.trim();
    try {
      let r;
      if (draft) {
        r = await api('POST', '/api/contracts/test', { body: {
          schema: editorSchema() ?? $('#schema-text').value, payload: payload.value, ...(m ? { mapping: m, topic: t } : {}) } });
      } else if (m) {
        r = await api('POST', `/api/mappings/${encodeURIComponent(m)}/test?topic=${encodeURIComponent(t)}`, { body: payload.value });
      } else {
        r = await api('POST', `/api/contracts/${encodeURIComponent(ed.id)}/test`, { body: payload.value });
      }
      clear(out, verdictView(r.data, draft ? 'draft in the editor' : 'saved version', !!m));
    } catch (e) {
      showFieldError(where, e);
      clear(out, el('p', { class: 'form-msg error' }, e.message));
    } finally {
      button.disabled = false;
    }
  };
  clear(box,
    el('div', { class: 'card-head' }, el('h2', {}, 'Test a payload'), el('span', { class: 'muted small' }, 'dry run: nothing is published')),
    isAdmin() ? [
      where,
      payload,
      el('div', { class: 'buttons' },
        el('button', { class: 'secondary small', id: 'example-valid', onclick: () => fill(true) }, 'Valid example'),
        el('button', { class: 'secondary small', id: 'example-invalid', onclick: () => fill(false) }, 'Invalid example'),
        el('span', { class: 'spacer' }),
        ed.isNew ? null : el('button', { class: 'primary', id: 'test-saved', onclick: (e) => run(false, e.target) }, 'Test saved contract'),
        el('button', { class: ed.isNew ? 'primary' : 'secondary', id: 'test-draft', onclick: (e) => run(true, e.target) }, 'Test editor draft')),
      out,
    ] : el('p', { class: 'muted' }, 'Dry runs are POST requests: they need the admin role.'));
  fill(true);
}

/** The dry run's answer: the verdict, where the message would go, and the report for a failure. */
function verdictView(d, what, onMapping) {
  const ok = d.verdict === 'validated';
  return el('div', { class: `verdict ${ok ? 'ok' : 'bad'}` },
    el('p', {}, el('span', { class: `badge ${ok ? 'ok' : 'bad'}`, id: 'test-verdict' }, d.verdict), ' against the ', what,
      onMapping ? [' · as mapping ', el('strong', {}, d.mapping), ' on ', el('code', { id: 'test-topic-used' }, d.topic)] : null,
      ' · would be published to ', el('code', { id: 'test-publish-to' }, d.publishTo)),
    ok ? null : reportView(d.report));
}

async function loadVersions(id) {
  const box = $('#contract-versions');
  try {
    const { data } = await api('GET', `/api/contracts/${encodeURIComponent(id)}/versions`);
    const diffOut = el('div', { id: 'diff-out' });
    const from = el('select', { id: 'diff-from', name: 'from' }, data.slice().reverse().map((v) => el('option', { value: v.version }, `v${v.version}`)));
    const to = el('select', { id: 'diff-to', name: 'to' }, el('option', { value: '' }, 'the current file'),
      data.slice().reverse().map((v) => el('option', { value: v.version }, `v${v.version}${v.current ? ' (in force)' : ''}`)));
    if (data.length > 1) from.value = String(data[data.length - 2].version);
    const picker = data.length ? el('div', { class: 'diff-picker', id: 'diff-picker' },
      field('Diff from (A)', from), field('to (B)', to),
      el('button', { type: 'button', class: 'secondary small', id: 'diff-run', onclick: () => showDiff(id, from.value, to.value, diffOut) }, 'Show diff')) : null;
    const rows = data.slice().reverse().map((v) => el('tr', { dataset: { version: v.version }, class: v.current ? 'current' : null },
      el('td', { class: 'title-cell' }, el('strong', {}, `v${v.version}`), v.current ? el('span', { class: 'tag ok' }, 'in force') : null),
      el('td', { dataset: { label: 'Saved' } }, new Date(v.at).toLocaleString('en-GB')),
      el('td', { dataset: { label: 'By' } }, v.author),
      el('td', { dataset: { label: 'Action' } }, v.action),
      el('td', { dataset: { label: 'Hash' } }, el('code', { class: 'muted' }, v.hash)),
      el('td', { class: 'actions' },
        v.current ? null : el('button', { class: 'secondary small', onclick: () => {
          from.value = String(v.version);
          to.value = '';
          showDiff(id, v.version, '', diffOut);
        } }, 'Diff vs current'),
        v.current ? null : el('button', { class: 'secondary small admin-only', onclick: (e) => rollback(id, v.version, e.target) }, 'Roll back'))));
    clear(box,
      el('div', { class: 'card-head' }, el('h2', {}, 'Version history'), el('span', { class: 'muted small' }, 'every save keeps the previous version')),
      el('p', { class: 'form-msg', id: 'versions-msg', role: 'status' }),
      data.length ? el('div', { class: 'table-wrap' }, el('table', { class: 'data cards-on-phone', id: 'versions-table' },
        el('thead', {}, el('tr', {}, ['Version', 'Saved', 'By', 'Action', 'Hash', ''].map((h) => el('th', {}, h)))),
        el('tbody', {}, rows))) : el('p', { class: 'muted' }, 'No saved versions yet: the first save through this page starts the history.'),
      picker,
      diffOut);
    box.dataset.contract = id;
    showVersionsNote();
  } catch (e) {
    clear(box, el('p', { class: 'form-msg error' }, e.message));
  }
}

/** The unified diff from version a to version b (b empty: the current file). */
async function showDiff(id, a, b, out) {
  try {
    const { data } = await api('GET', `/api/contracts/${encodeURIComponent(id)}/diff?from=${encodeURIComponent(a)}${b ? `&to=${encodeURIComponent(b)}` : ''}`, { text: true });
    const lines = String(data).split('\n').map((l) => el('span', {
      class: l.startsWith('+++') || l.startsWith('---') ? 'd-file' : l.startsWith('@@') ? 'd-hunk' : l.startsWith('+') ? 'd-add' : l.startsWith('-') ? 'd-del' : null,
    }, l + '\n'));
    clear(out, el('h3', { id: 'diff-title' }, `Changes from v${a} to ${b ? `v${b}` : 'the current version'}`), el('pre', { class: 'code diff' }, data ? lines : '(no difference)'));
  } catch (e) {
    clear(out, el('p', { class: 'form-msg error' }, e.message));
  }
}

/**
 * The version history's progress/result line lives in state, not in the DOM: the history is re-rendered by other
 * events (config_updated) while a rollback runs, and must keep showing where it is.
 */
function versionsNote(id, className, text) {
  state.versionsNote = { id, className, text };
  showVersionsNote();
}

function showVersionsNote() {
  const n = state.versionsNote;
  const m = $('#versions-msg');
  if (!m || !n || $('#contract-versions').dataset.contract !== n.id) return;
  m.className = n.className;
  m.textContent = n.text;
}

async function rollback(id, version, button, acceptBreak = false) {
  // acceptBreak: the person already confirmed, and accepted the break the check showed
  if (!acceptBreak && !(await confirmDialog({
    title: `Roll back contract ${id} to v${version}?`,
    body: [el('p', {}, `v${version} becomes the version in force, saved as a new version; the next message is checked against it.`),
      el('p', {}, 'The current version stays in the history: you can roll forward to it the same way.')],
    confirm: `Roll back to v${version}`,
  }))) return;
  button.disabled = true;
  versionsNote(id, 'form-msg progress', `Rolling back to v${version}…`);
  try {
    if (!acceptBreak) {
      // a roll back is a change like any other: show what it breaks and ask first
      const old = await api('GET', `/api/contracts/${encodeURIComponent(id)}/versions/${version}`, { text: true });
      const { data: verdict } = await api('POST', `/api/contracts/${encodeURIComponent(id)}/compatibility/check`, { body: old.data });
      if (!verdict.compatible) {
        versionsNote(id, 'form-msg error', `Rolling back to v${version} breaks ${verdict.level} compatibility: see the reasons above the Save button.`);
        showBreak($('#compat-panel'), verdict, () => rollback(id, version, button, true));
        $('#compat-panel').scrollIntoView({ block: 'nearest' });
        return;
      }
    }
    const r = await api('POST', `/api/contracts/${encodeURIComponent(id)}/rollback?version=${version}${acceptBreak ? '&acceptBreak=true' : ''}`, { etag: state.editor.etag });
    await loadContracts();
    await openContract(id); // reloads the versions too
    versionsNote(id, 'form-msg ok', r.data.action === 'unchanged'
      ? `v${version} is already the text in force; nothing saved.`
      : `Rolled back: v${version} is in force again, saved as v${r.data.version}.`);
  } catch (e) {
    let text = e.message;
    if (e.status === 422 && !/previous/i.test(text)) text += ' The previous version is still in force.';
    if (e.status === 412) text += ' The contract changed meanwhile: reload it and try again.';
    versionsNote(id, 'form-msg error', text);
  } finally {
    button.disabled = false;
  }
}

// ------------------------------------------------------------------ publish

function publishPanel() {
  const msg = el('div', { id: 'publish-result', role: 'status' });
  const form = el('form', { class: 'card form-grid', id: 'publish-form', novalidate: true },
    el('div', { class: 'card-head span-all' }, el('h2', {}, 'Publish a test message'),
      el('span', { class: 'muted small' }, 'sent for real through the broker; its verdict arrives from the live stream')),
    field('Mapping', el('select', { name: 'mapping', id: 'publish-mapping', disabled: !isAdmin() })),
    field('Topic', el('input', { name: 'topic', id: 'publish-topic', autocomplete: 'off', spellcheck: 'false', disabled: !isAdmin() }), 'A concrete topic (no wildcards) the mapping consumes.'),
    field('QoS', el('select', { name: 'qos', id: 'publish-qos', disabled: !isAdmin() }, [0, 1, 2].map((q) => el('option', { value: q, selected: q === 1 }, String(q))))),
    el('div', { class: 'field span-all' },
      el('label', { for: 'publish-payload' }, 'Payload'),
      el('textarea', { name: 'payload', id: 'publish-payload', class: 'code', rows: 9, spellcheck: 'false', disabled: !isAdmin() }),
      el('span', { class: 'field-error', role: 'alert', dataset: { for: 'payload' } })),
    el('div', { class: 'buttons span-all' },
      el('button', { type: 'submit', class: 'primary admin-only', id: 'publish-send' }, 'Publish'),
      el('button', { type: 'button', class: 'secondary admin-only', id: 'publish-valid', onclick: () => fillPublish(true) }, 'Valid example'),
      el('button', { type: 'button', class: 'secondary admin-only', id: 'publish-invalid', onclick: () => fillPublish(false) }, 'Invalid example')),
    el('div', { class: 'span-all' }, msg));
  form.elements.mapping.addEventListener('change', () => pickPublishMapping());
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    publish(form, msg);
  });
  return [isAdmin() ? null : el('p', { class: 'muted' }, 'Publishing needs the admin role.'), form];
}

function renderPublishTargets() {
  const select = $('#publish-mapping');
  if (!select) return;
  const current = select.value;
  clear(select, state.mappings.map((m) => el('option', { value: m.id }, `${m.id} — ${m.sourceTopic} (contract ${m.contractId})${m.enabled ? '' : ' [disabled]'}`)));
  if (state.mappings.some((m) => m.id === current)) select.value = current;
  else {
    // start on a mapping that runs: a disabled one sends no verdict back
    const running = state.mappings.find((m) => m.enabled);
    if (running) select.value = running.id;
    pickPublishMapping();
  }
}

let publishSchema = null;
let pickCount = 0;

async function pickPublishMapping() {
  const m = state.mappings.find((x) => x.id === $('#publish-mapping').value);
  if (!m) return;
  const pick = ++pickCount;
  const form = $('#publish-form');
  form.setAttribute('aria-busy', 'true');
  $('#publish-topic').value = m.sourceTopic.replace(/(^|\/)#$/, '$1demo').replace(/(^|\/)\+(?=\/|$)/g, '$1demo');
  const typed = $('#publish-payload').value;
  let schema = null;
  try {
    schema = JSON.parse((await api('GET', `/api/contracts/${encodeURIComponent(m.contractId)}`, { text: true })).data);
  } catch {
    schema = null;
  }
  if (pick !== pickCount) return; // another mapping was picked meanwhile
  publishSchema = schema;
  // never overwrite what the user typed while the contract was loading
  if ($('#publish-payload').value === typed) fillPublish(true);
  form.removeAttribute('aria-busy');
}

function fillPublish(valid) {
  if (!publishSchema) return;
  const p = valid ? exampleFor(publishSchema) : invalidFor(publishSchema).payload;
  $('#publish-payload').value = JSON.stringify(p, null, 2);
}

async function publish(form, out) {
  const button = $('#publish-send');
  showFieldError(form, null);
  const topic = form.elements.topic.value.trim();
  const text = form.elements.payload.value;
  let sensor = null;
  try {
    const m = state.mappings.find((x) => x.id === form.elements.mapping.value);
    sensor = JSON.parse(text)?.[m?.sensorIdField || 'sensor_id'] ?? null;
  } catch { /* not JSON: the gateway will say so */ }
  const progress = el('p', { class: 'form-msg progress' }, 'Publishing…');
  // waiting before the request is sent: the verdict can come back on the stream before the HTTP answer
  const waiting = el('div', { id: 'publish-verdict', class: 'muted' });
  clear(out, progress, waiting);
  if (state.pendingPublish) clearTimeout(state.pendingPublish.timer);
  const timer = setTimeout(() => {
    if (state.pendingPublish?.node === waiting) {
      waiting.textContent = 'No verdict seen within 10 s: see the dashboard.';
      state.pendingPublish = null;
    }
  }, 10000);
  state.pendingPublish = { topic, text, sensor: sensor === null ? null : String(sensor), node: waiting, timer };
  button.disabled = true;
  try {
    const r = await api('POST', '/api/publish', { body: { topic, payload: text, qos: Number(form.elements.qos.value) } });
    const d = r.data;
    progress.className = 'form-msg ok';
    progress.textContent = `Published ${d.bytes} bytes to ${d.topic} (QoS ${d.qos}). ` + (d.mappings.length
      ? `Checked by mapping ${d.mappings.join(', ')}.`
      : 'No enabled mapping consumes this topic, so no verdict will come.');
    if (!d.mappings.length && state.pendingPublish?.node === waiting) {
      clearTimeout(timer);
      state.pendingPublish = null;
    } else if (state.pendingPublish?.node === waiting) {
      waiting.textContent = 'Waiting for the verdict from the live stream…';
    }
  } catch (e) {
    clearTimeout(timer);
    if (state.pendingPublish?.node === waiting) state.pendingPublish = null;
    if (!showFieldError(form, e)) {
      progress.className = 'form-msg error';
      progress.textContent = e.message;
    } else {
      progress.className = 'form-msg error';
      progress.textContent = 'Not published: see the field marked above.';
    }
  } finally {
    button.disabled = false;
  }
}

function onLive(batch) {
  const p = state.pendingPublish;
  if (!p) return;
  const same = (x) => {
    if (x.topic !== p.topic) return false;
    if (x.payload !== undefined) return x.payload === p.text;
    return p.sensor === null || x.sensorId === p.sensor;
  };
  const m = (batch.messages || []).find(same);
  if (!m) return;
  clearTimeout(p.timer);
  state.pendingPublish = null;
  const ok = m.verdict === 'validated';
  const mapping = state.mappings.find((x) => x.id === m.mapping);
  const dest = mapping ? (ok ? mapping.validatedTopic : mapping.failedTopic).replaceAll('{topic}', m.topic) : '';
  clear(p.node, el('div', { class: `verdict ${ok ? 'ok' : 'bad'}` },
    el('p', {}, 'Verdict: ', el('span', { class: `badge ${ok ? 'ok' : 'bad'}`, id: 'publish-verdict-badge' }, m.verdict),
      ` by mapping ${m.mapping} at ${fmtTime(m.at)}`, dest ? [' → ', el('code', {}, dest)] : null),
    ok ? null : reportView(m.report)));
  p.node.classList.remove('muted');
}

// ------------------------------------------------------------------ broker

const BROKER_FIELDS = [
  ['mqtt.broker.url', 'Broker URL', 'tcp://host:1883 or ssl://host:8883; empty: the embedded broker'],
  ['mqtt.client-id', 'Client id prefix', 'clients are <prefix>-<mapping>, <prefix>-out'],
  ['mqtt.username', 'User name', ''],
  ['mqtt.password', 'Password', 'shown masked; leave as is to keep it'],
  ['mqtt.qos', 'Subscription QoS', '0, 1 or 2'],
  ['mqtt.clean-start', 'Clean start', 'true or false'],
  ['mqtt.session-expiry', 'Session expiry (s)', '0: ends with the connection'],
  ['mqtt.keep-alive', 'Keep alive (s)', ''],
  ['mqtt.tcp-nodelay', 'TCP no-delay', 'true or false'],
  ['mqtt.tls.trust-store', 'TLS trust store', 'PKCS12 or JKS file; empty: the JVM default'],
  ['mqtt.tls.trust-store-password', 'Trust store password', ''],
  ['mqtt.tls.key-store', 'TLS key store (client certificate)', ''],
  ['mqtt.tls.key-store-password', 'Key store password', ''],
];

function brokerPanel() {
  const ro = !isAdmin();
  const inputs = BROKER_FIELDS.map(([key, label, hint]) => {
    let input;
    if (key === 'mqtt.qos') input = el('select', { name: key, disabled: ro }, ['0', '1', '2'].map((q) => el('option', { value: q }, q)));
    else if (['mqtt.clean-start', 'mqtt.tcp-nodelay'].includes(key)) input = el('select', { name: key, disabled: ro }, el('option', { value: 'true' }, 'true'), el('option', { value: 'false' }, 'false'));
    else input = el('input', { name: key, type: key.endsWith('password') ? 'password' : 'text', autocomplete: key.endsWith('password') ? 'new-password' : 'off', spellcheck: 'false', disabled: ro });
    return field(label, input, hint);
  });
  const msg = el('p', { class: 'form-msg', id: 'broker-msg', role: 'status' });
  const save = el('button', { class: 'primary admin-only', type: 'submit', id: 'broker-save' }, 'Save and reconnect');
  const form = el('form', { class: 'card form-grid', id: 'broker-form', novalidate: true },
    el('div', { class: 'card-head span-all' }, el('h2', {}, 'Broker settings'), el('div', { id: 'broker-status' })),
    el('p', { class: 'muted small span-all' }, 'Saving reconnects every MQTT consumer and producer. If they do not come up, the previous settings are restored and keep running.'),
    inputs,
    el('div', { class: 'buttons span-all' }, save, el('button', { type: 'button', class: 'secondary', onclick: loadBroker }, 'Reload'), msg));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showFieldError(form, null);
    const body = {};
    for (const [key] of BROKER_FIELDS) body[key] = form.elements[key].value;
    try {
      const r = await saving(save, msg, () => {
        msg.textContent = 'Saving and reconnecting the MQTT routes…';
        return api('PUT', '/api/broker', { body, etag: form.dataset.etag });
      }, (res) => (res.data.reloadMillis !== undefined ? `Saved: MQTT routes reconnected in ${res.data.reloadMillis} ms.` : 'Nothing changed.'));
      if (r.etag) form.dataset.etag = r.etag;
      await loadStatus();
    } catch (e) {
      showFieldError(form, e);
    }
  });
  return form;
}

async function loadBroker() {
  const form = $('#broker-form');
  try {
    const r = await api('GET', '/api/broker');
    for (const [key] of BROKER_FIELDS) {
      if (form.elements[key]) form.elements[key].value = r.data[key] ?? '';
    }
    form.dataset.etag = r.etag || '';
    state.broker = r.data;
  } catch (e) {
    $('#broker-msg').className = 'form-msg error';
    $('#broker-msg').textContent = `Could not read the broker settings: ${e.message}`;
  }
}

function renderBrokerStatus() {
  const slot = $('#broker-status');
  const b = state.status?.broker;
  if (!slot || !b) return;
  const cls = b.consumers === 0 ? 'idle' : b.connected ? 'ok' : 'bad';
  const text = b.consumers === 0 ? 'no MQTT consumer running' : b.connected ? 'connected' : 'disconnected';
  clear(slot, el('span', { class: `status ${cls}`, id: 'broker-conn' }, el('span', { class: 'dot' }), el('span', { class: 'label' }, text)),
    ' ', el('code', { class: 'small' }, b.url || ''));
}

// ------------------------------------------------------------------ audit

function auditPanel() {
  return el('div', { class: 'card' },
    el('div', { class: 'card-head' }, el('h2', {}, 'Audit log'), el('button', { class: 'secondary small', onclick: loadAudit }, 'Refresh')),
    el('div', { class: 'table-wrap' }, el('table', { class: 'data', id: 'audit-table' },
      el('thead', {}, el('tr', {}, ['When', 'Who', 'What', 'Action', 'Result', 'Detail'].map((h) => el('th', {}, h)))),
      el('tbody', {}))));
}

async function loadAudit() {
  const body = $('#audit-table tbody');
  try {
    const { data } = await api('GET', '/api/audit?limit=200');
    clear(body, data.length ? data.slice().reverse().map((a) => el('tr', {},
      el('td', {}, new Date(a.at).toLocaleString('en-GB')),
      el('td', {}, a.user),
      el('td', {}, `${a.kind} `, el('strong', {}, a.id)),
      el('td', {}, a.action),
      el('td', {}, el('span', { class: `badge ${a.result === 'ok' ? 'ok' : 'bad'}` }, a.result)),
      el('td', { class: 'small' }, a.detail || ''))) : el('tr', {}, el('td', { colspan: 6, class: 'muted' }, 'No changes recorded yet.')));
  } catch (e) {
    clear(body, el('tr', {}, el('td', { colspan: 6, class: 'form-msg error' }, e.message)));
  }
}

main();
