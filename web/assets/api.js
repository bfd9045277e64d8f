// Talking to the gateway: a sign-in at POST /api/session sets an HttpOnly, SameSite=Strict session cookie (scripts
// never hold a credential; sessionStorage keeps only the user name and role for this tab, and a new tab asks the
// server who the cookie belongs to, so one sign-in serves every tab of the browser), JSON calls with the API's
// {"error","field"} errors and the X-Requested-By header the server's CSRF check asks of changes without a JSON
// body, and the Server-Sent-Events stream read through fetch.

const KEY = 'contractgate.session';

/**
 * JSON.parse that keeps a number beyond double range as written: reports echo a device's 1e400 as 1e400, which plain
 * JSON.parse turns into Infinity and JSON.stringify then shows as null. Where the browser offers the number's source
 * text (JSON.parse's reviver context and JSON.rawJSON, current Chromium), the value stays 1e400 when shown again.
 */
export function parseJson(text) {
  if (typeof JSON.rawJSON !== 'function') return JSON.parse(text);
  return JSON.parse(text, (key, value, context) => (typeof value === 'number' && !Number.isFinite(value) && context?.source
    ? JSON.rawJSON(context.source) : value));
}

/** Sent with every call: a cross-site page cannot send a custom header without a CORS preflight the server refuses. */
const REQUESTED_BY = { 'X-Requested-By': 'contract-gateway-web' };

/** The stored session {user, role}, or null. */
export function session() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY));
  } catch {
    return null;
  }
}

/**
 * Asks the server who the browser's session cookie belongs to (GET /api/session): a tab opened after signing in
 * elsewhere in the same browser needs no second sign-in. Resolves to {user, role} (and remembers it), or null when
 * there is no valid session. Never triggers the 401 handler.
 */
export async function resumeSession() {
  try {
    const res = await fetch('/api/session', {
      headers: { Accept: 'application/json', ...REQUESTED_BY }, credentials: 'same-origin', cache: 'no-store',
    });
    if (!res.ok) return null;
    const body = await res.json();
    if (!body || !body.user || !body.role) return null;
    const s = { user: body.user, role: body.role };
    sessionStorage.setItem(KEY, JSON.stringify(s));
    return s;
  } catch {
    return null;
  }
}

/**
 * Forgets the session in this tab only: after a 401 the server has no session for the cookie any more, and the cookie
 * may already belong to a session signed in meanwhile in another tab, which must stay.
 */
export function forgetSession() {
  sessionStorage.removeItem(KEY);
}

/**
 * Forgets the session here and ends it on the server (the cookie is cleared by the answer); resolves once the server
 * answered, so a reload after it does not find the session still there.
 */
export function clearSession() {
  sessionStorage.removeItem(KEY);
  return fetch('/api/session', { method: 'DELETE', headers: REQUESTED_BY, credentials: 'same-origin' }).catch(() => {});
}

/** An API refusal: HTTP status, the API's message, the request field it names (or null) and the whole answer. */
export class ApiError extends Error {
  constructor(status, message, field, data = null) {
    super(message);
    this.status = status;
    this.field = field || null;
    this.data = data;
  }
}

let onUnauthorized = () => {};

/** What to do when the server answers 401 (credentials changed or wrong): usually show the login again. */
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

/** Signs in at POST /api/session (the answer sets the session cookie); throws ApiError when refused. */
export async function login(user, password) {
  const res = await fetch('/api/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username: user, password }),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    throw new ApiError(res.status, res.status === 401 ? 'Wrong user name or password.' : (body.error || `HTTP ${res.status}`));
  }
  const s = { user: body.user, role: body.role };
  sessionStorage.setItem(KEY, JSON.stringify(s));
  return s;
}

/**
 * Signs a wall screen in with the kiosk token (web.kiosk-token): a viewer session, whatever the token. The token comes
 * from the page's URL fragment, which the browser never sends to a server; here it goes in a POST body only.
 */
export async function kioskLogin(token) {
  const res = await fetch('/api/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ kioskToken: token }),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    throw new ApiError(res.status, res.status === 401 ? 'The kiosk token was refused (web.kiosk-token).' : (body.error || `HTTP ${res.status}`));
  }
  const s = { user: body.user, role: body.role, kiosk: true };
  sessionStorage.setItem(KEY, JSON.stringify(s));
  return s;
}

/**
 * Calls the API. options: body (object: sent as JSON; string: sent as is), etag (sent as If-Match), text (answer is
 * text, not JSON). Resolves to {status, data, etag}; rejects with ApiError.
 */
export async function api(method, path, options = {}) {
  const headers = { Accept: options.text ? 'text/plain, */*' : 'application/json', ...REQUESTED_BY };
  let body;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  if (options.etag) headers['If-Match'] = options.etag;
  let res;
  try {
    res = await fetch(path, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, `The gateway did not answer (${e.message}).`);
  }
  const text = await res.text();
  let data = text;
  if (!options.text || !res.ok) {
    try {
      data = text ? parseJson(text) : null;
    } catch {
      data = text;
    }
  }
  if (res.status === 401) {
    onUnauthorized();
  }
  if (!res.ok) {
    const msg = data && typeof data === 'object' && data.error ? data.error : `HTTP ${res.status} ${res.statusText}`;
    throw new ApiError(res.status, msg, data && data.field, data && typeof data === 'object' ? data : null);
  }
  return { status: res.status, data, etag: res.headers.get('ETag') };
}

/**
 * Follows /api/events for the given event types, reconnecting with back-off. handlers maps event type to a function
 * of the parsed data; onState gets 'connecting' | 'live' | 'reconnecting' | 'stopped'. Returns {close()}.
 */
export function openStream(types, handlers, onState = () => {}) {
  let stopped = false;
  let controller = null;
  let delay = 1000;

  function dispatch(frame) {
    let type = 'message';
    const data = [];
    for (const line of frame.split('\n')) {
      if (line.startsWith(':')) continue; // comment (connected, ping)
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
    }
    if (!data.length || !handlers[type]) return;
    try {
      handlers[type](parseJson(data.join('\n')));
    } catch (e) {
      console.error('event', type, e);
    }
  }

  async function run() {
    while (!stopped) {
      controller = new AbortController();
      onState('connecting');
      try {
        const res = await fetch('/api/events?types=' + encodeURIComponent(types.join(',')), {
          headers: { Accept: 'text/event-stream' },
          credentials: 'same-origin',
          cache: 'no-store',
          signal: controller.signal,
        });
        if (res.status === 401) {
          onUnauthorized();
          stopped = true;
          break;
        }
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        onState('live');
        if (handlers.open) handlers.open();
        delay = 1000;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value.replace(/\r\n?/g, '\n');
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            dispatch(buf.slice(0, i));
            buf = buf.slice(i + 2);
          }
        }
      } catch (e) {
        if (stopped) break;
      }
      if (stopped) break;
      onState('reconnecting');
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 10000);
    }
    onState('stopped');
  }

  run();
  return {
    close() {
      stopped = true;
      if (controller) controller.abort();
    },
  };
}
