// Small DOM helpers shared by both pages: element builder, login screen, page header, report view, save feedback.
import { login, kioskLogin, session, resumeSession, clearSession, forgetSession, setUnauthorizedHandler } from './api.js';

/** Creates an element: el('button', {class: 'x', onclick: fn, dataset: {a: 1}}, 'text', child, ...). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = v;
    else if (v === true) e.setAttribute(k, '');
    else e.setAttribute(k, v);
  }
  append(e, children);
  return e;
}

function append(parent, children) {
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    parent.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

export function $(sel, root = document) {
  return root.querySelector(sel);
}

export function fmtInt(n) {
  return Number(n || 0).toLocaleString('en-US');
}

export function fmtRate(n) {
  const v = Number(n || 0);
  return v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1);
}

export function fmtTime(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString('en-GB', { hour12: false });
}

/** Shows the login card in main; resolves with the session once the credentials are accepted. */
export function loginScreen(main, reason) {
  return new Promise((resolve) => {
    const user = el('input', { id: 'login-user', name: 'username', autocomplete: 'username', required: true, value: 'admin' });
    const pass = el('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
    const msg = el('p', { class: 'form-msg error', role: 'alert', id: 'login-error' }, reason || '');
    const button = el('button', { class: 'primary', type: 'submit', id: 'login-submit' }, 'Sign in');
    const form = el('form', { class: 'card login', id: 'login-form' },
      el('h2', {}, 'Sign in'),
      el('p', { class: 'muted' }, 'Use the admin credentials to change the configuration, or the viewer credentials to look.'),
      el('p', { class: 'muted small', id: 'login-hint' }, 'The admin password is admin.password (ADMIN_PASSWORD); if none is set, the gateway\'s log prints one at start.'),
      el('label', { for: 'login-user' }, 'User'), user,
      el('label', { for: 'login-password' }, 'Password'), pass,
      msg, button);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      button.disabled = true;
      msg.textContent = '';
      try {
        resolve(await login(user.value, pass.value));
      } catch (e) {
        msg.textContent = e.message;
        button.disabled = false;
      }
    });
    clear(main, form);
    (reason ? pass : user).focus();
  });
}

/**
 * The start of both pages: a 401 from any call signs out and reloads; without a session the login card is shown
 * until the credentials are accepted (options.kioskToken: signs in with it instead, retrying until the gateway takes
 * it, so a wall screen comes back by itself after a restart). Resolves with the header's status slot once signed in.
 */
export async function signedInPage(main, active, options = {}) {
  setUnauthorizedHandler(() => {
    forgetSession(); // not clearSession(): the cookie may hold a session another tab has just signed in
    location.reload();
  });
  // the session cookie is per browser: a new tab finds it through the server before asking for credentials; a kiosk
  // token wins over it (a wall screen must not take up an admin's session from the same browser)
  if (!session() && (options.kioskToken || !(await resumeSession()))) {
    pageHeader(active, options);
    if (options.kioskToken) await kioskScreen(main, options.kioskToken);
    else await loginScreen(main);
  }
  return pageHeader(active, options);
}

/** Signs in with the kiosk token, showing why and retrying (5 s, growing to 60 s) while it does not work. */
async function kioskScreen(main, token) {
  for (let delay = 5000; ; delay = Math.min(delay * 2, 60000)) {
    try {
      return await kioskLogin(token);
    } catch (e) {
      clear(main, el('p', { class: 'card login', id: 'kiosk-error', role: 'alert' },
        `Kiosk sign-in failed: ${e.message} Trying again in ${Math.round(delay / 1000)} s.`));
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/**
 * Fills the page header: navigation, a status slot and the signed-in user with a sign-out button. options.kiosk: a
 * wall screen's header, with no navigation and no sign-out.
 */
export function pageHeader(active, options = {}) {
  const s = session();
  const header = $('#top');
  const status = el('span', { class: 'status', id: 'conn' }, el('span', { class: 'dot' }), el('span', { class: 'label' }, ''));
  if (options.kiosk) {
    clear(header,
      el('span', { class: 'brand' }, el('img', { src: '/assets/logo.svg', alt: '', width: 22, height: 22 }), 'contract-gateway'),
      el('span', { class: 'role', id: 'kiosk-tag' }, 'kiosk · read-only'),
      el('div', { class: 'spacer' }),
      status);
    return status;
  }
  clear(header,
    el('a', { class: 'brand', href: '/' }, el('img', { src: '/assets/logo.svg', alt: '', width: 22, height: 22 }), 'contract-gateway'),
    el('nav', {},
      el('a', { href: '/', class: active === 'dashboard' ? 'active' : null }, 'Dashboard'),
      el('a', { href: '/admin', class: active === 'admin' ? 'active' : null }, 'Admin')),
    el('div', { class: 'spacer' }),
    status,
    s ? el('span', { class: 'user', id: 'who' }, s.user, el('span', { class: `role role-${s.role}` }, s.role)) : null,
    s ? el('button', { class: 'link', id: 'logout', onclick: async () => { await clearSession(); location.reload(); } }, 'Sign out') : null);
  return status;
}

/** Sets a status indicator: state is ok | warn | bad | idle. */
export function setStatus(node, state, text, title) {
  node.className = `status ${state}`;
  node.querySelector('.label').textContent = text;
  node.title = title || text;
}

/** Runs a save: disables the button, shows progress, then the result (or the API's reason) in msg. */
export async function saving(button, msg, action, doneText) {
  button.disabled = true;
  msg.className = 'form-msg progress';
  msg.textContent = 'Saving…';
  try {
    const r = await action();
    msg.className = 'form-msg ok';
    msg.textContent = typeof doneText === 'function' ? doneText(r) : (doneText || 'Saved.');
    return r;
  } catch (e) {
    msg.className = 'form-msg error';
    let text = e.message;
    if (e.status === 422 && !/previous/i.test(text)) text += ' The previous configuration is still running.';
    if (e.status === 412) text += ' Someone changed it meanwhile: reload it, then apply your change again.';
    msg.textContent = text;
    throw e;
  } finally {
    button.disabled = false;
  }
}

/** Pretty JSON text. */
export function pretty(v) {
  return typeof v === 'string' ? v : JSON.stringify(v, null, 2);
}

/** A failure report (as published on the failed topic) as a table of violations, primary error first. */
export function reportView(report) {
  // labelled cells: on a phone each violation is a card (cards-on-phone), so Expected and Actual are not cut off
  const rows = (report.errors || []).map((e, i) => el('tr', { class: i === 0 ? 'primary' : null },
    el('td', { dataset: { label: 'Pointer' } }, el('code', {}, e.pointer || '(payload)')),
    el('td', { dataset: { label: 'Type' } }, el('div', {}, el('span', { class: `etype ${i === 0 ? 'primary' : ''}` }, e.error_type), i === 0 ? el('span', { class: 'tag' }, 'primary') : null)),
    el('td', { dataset: { label: 'Message' } }, el('div', {}, e.message, e.hint ? el('span', { class: 'hint block' }, e.hint) : null,
      e.schema_location ? el('code', { class: 'muted small block', title: 'where the rule is in the contract' }, e.schema_location) : null)),
    el('td', { dataset: { label: 'Expected' } }, e.expected ?? ''),
    el('td', { dataset: { label: 'Actual' } }, e.actual === undefined ? '' : el('code', {}, JSON.stringify(e.actual)))));
  return el('div', { class: 'report' },
    el('dl', { class: 'facts' },
      el('dt', {}, 'Primary error'), el('dd', {}, el('strong', { class: 'etype primary' }, report.primary_error)),
      el('dt', {}, 'Mapping'), el('dd', {}, report.mapping),
      el('dt', {}, 'Topic'), el('dd', {}, el('code', {}, report.topic)),
      report.sensor_id ? [el('dt', {}, 'Sensor'), el('dd', {}, report.sensor_id)] : null,
      el('dt', {}, 'Contract'), el('dd', {}, `${report.contract?.id ?? ''} ${report.contract?.number ?? ''} `, el('code', { class: 'muted' }, report.contract?.version || '')),
      report.received_at ? [el('dt', {}, 'Received'), el('dd', {}, report.received_at)] : null),
    el('div', { class: 'table-wrap' }, el('table', { class: 'violations cards-on-phone' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Pointer'), el('th', {}, 'Type'), el('th', {}, 'Message'), el('th', {}, 'Expected'), el('th', {}, 'Actual'))),
      el('tbody', {}, rows))),
    el('details', {}, el('summary', {}, `Full report (${report.error_count} error${report.error_count === 1 ? '' : 's'}, payload ${report.payload_bytes} bytes)`),
      el('pre', { class: 'code' }, pretty(report))));
}

/**
 * Asks before a change that is hard to undo or stops traffic: a modal dialog with the title, the explanation (text or
 * nodes) and two buttons. Resolves to true when confirmed; Escape, Cancel or closing it resolve to false.
 */
export function confirmDialog({ title, body, confirm = 'Confirm', danger = true }) {
  return new Promise((resolve) => {
    const ok = el('button', { type: 'button', class: danger ? 'danger' : 'primary', id: 'confirm-ok' }, confirm);
    const cancel = el('button', { type: 'button', class: 'secondary', id: 'confirm-cancel' }, 'Cancel');
    const dialog = el('dialog', { class: 'confirm', id: 'confirm-dialog', 'aria-labelledby': 'confirm-title' },
      el('h2', { id: 'confirm-title' }, title),
      el('div', { class: 'confirm-body', id: 'confirm-body' }, ...(Array.isArray(body) ? body : [body])),
      el('div', { class: 'buttons' }, ok, cancel));
    let answer = false;
    ok.addEventListener('click', () => { answer = true; dialog.close(); });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(answer);
    });
    document.querySelectorAll('dialog#confirm-dialog').forEach((d) => d.close());
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
