// Browser test of the dashboard's first hour (issue #18): Debian's chromium driven by playwright-core against a running
// gateway with traffic (the simulator). Rates over a window said on the page, one chart series per mapping with a
// legend, the last hour present after a reload, sortable tables (mouse and keyboard), and the read-only kiosk: signed
// in by the token in the URL fragment, no admin controls, refused writes, and back by itself after a gateway restart.
//
//   node web/tests/dashboard-e2e.mjs <baseUrl> --admin=user:password --kiosk=TOKEN [--screenshots=dir] [--artifacts=dir]
//
// The restart step prints RESTART-GATEWAY and waits for a line RESTARTED on stdin (DashboardBrowserIT restarts the
// gateway on the same ports). Exits 0 when every step passed. Run by DashboardBrowserIT (mvn verify).
import { createInterface } from 'node:readline';
import { Steps, apiClient, check, commandLine, credentials, defaults, openBrowser, realErrors, screenshot, signIn,
  waitText } from './lib.mjs';

const WAIT = defaults.wait;
const STEP = 10000; // the gateway adds a point to the hour every 10 s

const { base, args, shots, artifacts } = commandLine('node dashboard-e2e.mjs <baseUrl> --admin=user:password'
  + ' --kiosk=TOKEN [--screenshots=dir] [--artifacts=dir]', ['admin', 'kiosk']);
const [adminUser, adminPassword] = credentials(args.admin);
const token = args.kiosk;
const api = apiClient(base, adminUser, adminPassword);
const steps = new Steps();
const run = (name, fn) => steps.run(name, fn);
const consoleErrors = [];

const stdin = createInterface({ input: process.stdin });
const stdinLines = [];
let stdinWaiter = null;
stdin.on('line', (l) => {
  stdinLines.push(l.trim());
  if (stdinWaiter) stdinWaiter();
});

/** Resolves when stdin has brought this line (the IT's answer), or fails after timeout ms. */
function stdinLine(line, timeout) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${line}" on stdin within ${timeout} ms`)), timeout);
    const look = () => {
      if (stdinLines.includes(line)) {
        clearTimeout(timer);
        stdinWaiter = null;
        resolve();
      }
    };
    stdinWaiter = look;
    look();
  });
}

/** Waits until the gateway's hour holds at least n points (it adds one every 10 s). */
async function historyPoints(n) {
  const deadline = Date.now() + n * STEP + WAIT;
  for (;;) {
    const h = await api('GET', '/api/history');
    if (h.times.length >= n) return h;
    if (Date.now() > deadline) throw new Error(`the gateway's history has ${h.times.length} points, expected ${n}`);
    await new Promise((r) => setTimeout(r, 500)); // polling the API for a timer's output, not synchronising threads
  }
}

const shot = (page, name) => screenshot(shots, page, name);

/** The mapping ids of the rates table, top to bottom, and the text of one column. */
function tableColumn(page, index) {
  return page.$$eval('#mapping-rates tbody tr[data-mapping]', (rows, i) => rows.map((r) => ({
    id: r.dataset.mapping, text: r.cells[i].textContent.trim(),
  })), index);
}

/** Pixels of a chart drawn in a mapping's colour (its legend swatch's). */
function pixelsOf(page, selector, mapping) {
  return page.evaluate(([sel, id]) => {
    const swatch = document.querySelector(`#chart-legend li[data-mapping="${id}"] i.sw`);
    const [r, g, b] = getComputedStyle(swatch).backgroundColor.match(/\d+/g).map(Number);
    const c = document.querySelector(sel);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 200 && Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 60) n++;
    }
    return n;
  }, [selector, mapping]);
}

// separate browsers (separate cookie jars): the admin's and the wall screen's sessions never mix
const adminBrowser = await openBrowser('cg-dash-e2e', { width: 1280, height: 800 }, consoleErrors);
const kioskBrowser = await openBrowser('cg-dash-e2e', { width: 1920, height: 1080 }, consoleErrors);
const dash = adminBrowser.page;
let kiosk;
let code = 0;

try {
  await run('the dashboard says the rate window and draws one series per mapping, with a legend', async () => {
    await dash.goto(base + '/');
    await signIn(dash, adminUser, adminPassword);
    await waitText(dash, '#conn', /live/i);
    await waitText(dash, '#rate-window', /messages per second over the last 10 s/);
    await waitText(dash, '#kpi-rate .kpi-hint', /last 10 s/);
    await dash.locator('#chart-legend li[data-mapping="sensor2"]').waitFor({ timeout: WAIT });
    const legend = await dash.$$eval('#chart-legend li', (items) => items.map((li) => ({
      id: li.dataset.mapping, text: li.textContent.trim(), color: li.querySelector('i.sw').className })));
    const rows = (await tableColumn(dash, 0)).map((r) => r.id);
    check(legend.map((l) => l.id).join() === rows.slice().sort().join(), `legend ${JSON.stringify(legend)} vs table ${rows}`);
    check(legend.every((l) => l.text === l.id && /\bs[0-7]\b/.test(l.color)), `legend entries ${JSON.stringify(legend)}`);
    check(new Set(legend.map((l) => l.color)).size === legend.length, `two mappings share a colour: ${JSON.stringify(legend)}`);
    // each row carries its mapping's colour too
    const rowColor = await dash.$eval('#mapping-rates tr[data-mapping="sensor1"] i.sw', (i) => i.className);
    check(rowColor === legend.find((l) => l.id === 'sensor1').color, `row colour ${rowColor}`);
  });

  await run('before any message the list says how to send one (was only "Waiting for messages…")', async () => {
    const quiet = await dash.context().newPage(); // the same session; no recent message, a live stream carrying none
    await quiet.route('**/api/live', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: '{"recent": []}' }));
    await quiet.route('**/api/events**', (r) => r.fulfill({ status: 200, contentType: 'text/event-stream', body: ': quiet\n\n' }));
    await quiet.goto(base + '/');
    await waitText(quiet, '#messages-empty', /none has reached a mapping.*Admin › Publish.*--simulate/);
    check(await quiet.getAttribute('#messages-empty a', 'href') === '/admin#publish', 'no link to the publish panel');
    await quiet.close();
  });

  await run('the last hour is kept by the gateway: after a reload the charts are not empty', async () => {
    const before = await historyPoints(3);
    check(before.mappings.some((m) => m.mapping === 'sensor1' && m.validated.some((v) => v > 0)), `no sensor1 traffic in ${JSON.stringify(before)}`);
    await dash.reload();
    await waitText(dash, '#conn', /live/i);
    // the page got them from /api/history: a new point arrives at most once per 10 s over the stream
    const shown = Number(await dash.getAttribute('#rate-window', 'data-points'));
    check(shown >= before.times.length, `the page shows ${shown} points after the reload, the gateway had ${before.times.length}`);
    const since = new Date(before.times[0]).toLocaleTimeString('en-GB', { hour12: false });
    await waitText(dash, '#rate-window', new RegExp(`since ${since}`));
    // both mappings' lines together: where their rates are equal the later line covers the earlier one, so one
    // mapping's colour alone can be nearly absent from a chart that is drawn
    const drawn = await pixelsOf(dash, '#chart-validated', 'sensor1') + await pixelsOf(dash, '#chart-validated', 'sensor2');
    check(drawn > 25, `no mapping's line is in the validated chart (${drawn} pixels of their colours)`);
  });

  await run('tables sort by a header click, reverse on the second, and work from the keyboard', async () => {
    const mapping = dash.locator('#mapping-rates th[data-sort-key="mapping"]');
    check(await mapping.getAttribute('aria-sort') === 'ascending', 'not sorted by mapping at first');
    const ascending = (await tableColumn(dash, 0)).map((r) => r.id);
    check(ascending.join() === ascending.slice().sort().join(), `first order ${ascending}`);
    await mapping.locator('button').click();
    check(await mapping.getAttribute('aria-sort') === 'descending', 'a second click did not reverse');
    const descending = (await tableColumn(dash, 0)).map((r) => r.id);
    check(descending.join() === ascending.slice().reverse().join(), `reversed order ${descending}`);
    // keyboard: Tab reaches the header's button, Enter and Space press it
    await dash.focus('#mapping-rates th[data-sort-key="mapping"] button');
    await dash.keyboard.press('Tab');
    check(await dash.evaluate(() => document.activeElement.closest('th')?.dataset.sortKey) === 'validatedRate', 'Tab did not reach the next header');
    await dash.keyboard.press('Tab');
    await dash.keyboard.press('Tab');
    await dash.keyboard.press('Enter'); // the "Validated" column: largest first
    const validated = dash.locator('#mapping-rates th[data-sort-key="validated"]');
    check(await validated.getAttribute('aria-sort') === 'descending', 'Enter on "Validated" did not sort it');
    const counts = async () => (await tableColumn(dash, 3)).map((r) => Number(r.text.replace(/,/g, '')));
    let c = await counts();
    check(c.every((v, i) => i === 0 || c[i - 1] >= v), `not largest first: ${c}`);
    await dash.keyboard.press('Space');
    check(await validated.getAttribute('aria-sort') === 'ascending', 'Space did not reverse');
    c = await counts();
    check(c.every((v, i) => i === 0 || c[i - 1] <= v), `not smallest first: ${c}`);
    check(await mapping.getAttribute('aria-sort') === 'none', 'the previous column still says it is sorted');
  });

  await run('a failure report\'s violations sort by a header click and fit a phone', async () => {
    await api('POST', '/api/publish', { topic: 'sensors/sensor2', qos: 1,
      payload: { sensor_id: 'sort-me', pressure: 2000, status: 'broken', extra: 1 } });
    const row = dash.locator('#messages li.msg.failed', { hasText: 'sort-me' }).first();
    await row.waitFor({ timeout: WAIT });
    await row.click();
    await dash.locator('#detail[open] table.violations').waitFor({ timeout: WAIT });
    const pointers = () => dash.$$eval('#detail table.violations tbody tr', (rs) => rs.map((r) => r.cells[0].textContent.trim()));
    check((await pointers()).length === 3, `violations: ${await pointers()}`);
    const head = dash.locator('#detail table.violations th', { hasText: 'Pointer' });
    await head.locator('button').click();
    const up = await pointers();
    const sorted = up.slice().sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase(), 'en', { numeric: true }));
    check(up.join() === sorted.join() && await head.getAttribute('aria-sort') === 'ascending', `ascending: ${up}`);
    await head.locator('button').click();
    const down = await pointers();
    check(down.join() === up.slice().reverse().join() && await head.getAttribute('aria-sort') === 'descending', `descending: ${down}`);
    // on a phone every violation is a card: Expected and Actual were cut off past the dialog's edge
    await dash.setViewportSize({ width: 390, height: 844 });
    const fit = await dash.evaluate(() => {
      const wrap = document.querySelector('#detail .table-wrap');
      const actual = document.querySelector('#detail table.violations tbody tr td:last-child');
      return { hidden: wrap.scrollWidth - wrap.clientWidth, right: actual.getBoundingClientRect().right, width: window.innerWidth };
    });
    check(fit.hidden <= 0 && fit.right <= fit.width, `a violation does not fit at 390 px: ${JSON.stringify(fit)}`);
    await dash.setViewportSize({ width: 1280, height: 800 });
    await dash.click('#detail-close');
  });

  await run('screenshots of the dashboard at 1280x800 and 390 wide, no sideways scrolling', async () => {
    await dash.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
    await dash.click('#mapping-rates th[data-sort-key="mapping"] button'); // back to A..Z for the picture
    await shot(dash, 'dashboard.png');
    await dash.setViewportSize({ width: 390, height: 844 });
    const overflow = await dash.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    check(overflow <= 0, `the dashboard scrolls sideways by ${overflow}px at 390px`);
    await shot(dash, 'dashboard-phone.png');
    await dash.setViewportSize({ width: 1280, height: 800 });
  });

  await run('kiosk mode does not run on an admin session', async () => {
    await dash.goto(base + '/?kiosk'); // the same tab: still signed in as the admin
    await waitText(dash, '#kiosk-refused', /does not run on an admin sign-in/);
    check(!(await dash.isVisible('#mapping-rates')), 'the kiosk shows the dashboard to an admin session');
    check(!(await dash.isVisible('a[href="/admin"]')), 'the kiosk shows the admin link');
    await dash.goto(base + '/');
    await waitText(dash, '#conn', /live/i);
  });

  await run('a wrong kiosk token is refused and says so', async () => {
    const wrong = await kioskBrowser.context.newPage();
    await wrong.goto(`${base}/?kiosk#token=${encodeURIComponent(token + 'x')}`);
    await waitText(wrong, '#kiosk-error', /kiosk token was refused/i);
    check(!(await wrong.isVisible('#mapping-rates')), 'a wrong token shows the dashboard');
    await wrong.close();
  });

  await run('kiosk: the token signs in read-only; large type, no admin controls, writes refused', async () => {
    kiosk = await kioskBrowser.context.newPage();
    const urls = [];
    const bodies = [];
    kiosk.on('request', (r) => {
      urls.push(r.url());
      if (r.postData()?.includes(token)) bodies.push(`${r.method()} ${new URL(r.url()).pathname}`);
    });
    // as an operator would paste it: a base64 token's + / = left as they are
    await kiosk.goto(`${base}/?kiosk#token=${token}`);
    await waitText(kiosk, '#conn', /live/i);
    await kiosk.locator('#chart-legend li[data-mapping="sensor1"]').waitFor({ timeout: WAIT });
    await waitText(kiosk, '#kiosk-tag', /read-only/);
    check(!(await kiosk.isVisible('#login-form')), 'the kiosk asks for a password');
    for (const sel of ['a[href="/admin"]', '#logout', '#pause', '#filter-mapping', '#breaker-banner button']) {
      check(!(await kiosk.isVisible(sel)), `the kiosk shows ${sel}`);
    }
    const size = await kiosk.$eval('#kpi-validated .kpi-value', (n) => parseFloat(getComputedStyle(n).fontSize));
    check(size >= 40, `kiosk figures are ${size}px`);
    const who = await kiosk.evaluate(async () => (await fetch('/api/session', { credentials: 'same-origin' })).json());
    check(who.role === 'viewer' && who.user === 'kiosk', `kiosk session ${JSON.stringify(who)}`);
    const writes = await kiosk.evaluate(async () => {
      const h = { 'X-Requested-By': 'kiosk-e2e' };
      const disable = await fetch('/api/mappings/sensor1/disable', { method: 'POST', headers: h, credentials: 'same-origin' });
      const publish = await fetch('/api/publish', { method: 'POST', credentials: 'same-origin',
        headers: { ...h, 'Content-Type': 'application/json' }, body: JSON.stringify({ topic: 'sensors/sensor1', payload: {} }) });
      return [disable.status, publish.status];
    });
    check(writes.join() === '403,403', `kiosk writes answered ${writes}`);
    check((await api('GET', '/api/mappings/sensor1')).enabled === true, 'the kiosk disabled a mapping');
    // the token travels in one sign-in body, never in a URL the server (or a log) sees
    const inUrl = urls.filter((u) => [token, encodeURIComponent(token)].some((t) => u.split('#')[0].includes(t)));
    check(inUrl.length === 0, `the token is in a request URL: ${inUrl}`);
    check(bodies.length === 1 && bodies[0] === 'POST /api/session', `the token was sent in ${bodies}`);
    await shot(kiosk, 'kiosk.png');
  });

  await run('kiosk: after a gateway restart it reconnects and signs in again by itself', async () => {
    console.log('RESTART-GATEWAY');
    await waitText(kiosk, '#conn', /reconnecting/i, 60000);
    await stdinLine('RESTARTED', 120000);
    await waitText(kiosk, '#conn', /live/i, 60000);
    await kiosk.locator('#chart-legend li[data-mapping="sensor1"]').waitFor({ timeout: WAIT });
    check(!(await kiosk.isVisible('#login-form')), 'the kiosk asks for a password after the restart');
    check(!(await kiosk.isVisible('#logout')), 'the kiosk shows admin controls after the restart');
    const who = await kiosk.evaluate(async () => (await fetch('/api/session', { credentials: 'same-origin' })).json());
    check(who.role === 'viewer', `kiosk session after the restart: ${JSON.stringify(who)}`);
  });

  await run('no script errors in the pages', async () => {
    // a restart makes requests fail on purpose (the stream cut, refused or reset connections, 401, 404 while routes start)
    const real = realErrors(consoleErrors, /status of (40[0-9]|50[0-9])|the server responded with a status|ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|ERR_INCOMPLETE_CHUNKED_ENCODING|Failed to fetch|ERR_EMPTY_RESPONSE|network/i);
    check(real.length === 0, `console errors:\n${real.join('\n')}`);
  });
} catch (e) {
  code = 1;
  await steps.failed(e, artifacts, [['failure-dash-dashboard.png', dash], ['failure-dash-kiosk.png', kiosk]],
    consoleErrors);
} finally {
  stdin.close();
  await adminBrowser.close();
  await kioskBrowser.close();
}
steps.finish(code);
