// End-to-end test of the dashboard (/) and the admin page (/admin) in a real browser: Debian's chromium driven by
// playwright-core (never a downloaded browser), against a running gateway with its embedded broker.
//
//   node web/tests/e2e.mjs <baseUrl> --admin=user:password --viewer=user:password \
//        [--screenshots=docs/screenshots] [--artifacts=target/e2e]
//
// Exits 0 when every step passed, 1 with the failing step named otherwise. Run by BrowserE2EIT (mvn verify).
import { Steps, apiClient, check, commandLine, credentials, defaults, login as loginAt, openBrowser, realErrors,
  screenshot, setSchema, signIn, textOf, waitText } from './lib.mjs';

const WAIT = defaults.wait;
const { base, args, shots, artifacts } = commandLine('node e2e.mjs <baseUrl> --admin=user:password'
  + ' --viewer=user:password [--screenshots=dir] [--artifacts=dir]', ['admin', 'viewer']);
const [adminUser, adminPassword] = credentials(args.admin);
const [viewerUser, viewerPassword] = credentials(args.viewer);
/** GET/POST against the admin API as the admin, outside the page (to check what the page did). */
const api = apiClient(base, adminUser, adminPassword);
const steps = new Steps();
const run = (name, fn) => steps.run(name, fn);
const consoleErrors = [];

/** Opens a contract from the list and waits until the editor shows what the server has. */
async function openContract(page, id) {
  await page.click(`#contract-list [data-contract="${id}"]`);
  await page.locator('#contract-editor:not([aria-busy])').waitFor({ timeout: WAIT });
  await waitText(page, '#contract-editor h2', new RegExp(`Contract ${id}`));
}

const shot = (page, name) => screenshot(shots, page, name);
const login = (page, path, user, password) => loginAt(page, base + path, user, password);

const browser = await openBrowser('cg-e2e', { width: 1280, height: 800 }, consoleErrors);
const { context, page: admin } = browser;
admin.on('dialog', (d) => d.accept());
let dash;
let code = 0;

try {
  await run('only web/ is served: project files are not reachable', async () => {
    for (const p of ['/pom.xml', '/application.properties', '/routes/mapping-sensor1.camel.yaml', '/web/index.html', '/assets/../pom.xml']) {
      const r = await admin.request.get(base + p);
      check(r.status() === 404, `GET ${p} answered ${r.status()}`);
    }
    const css = await admin.request.get(base + '/assets/app.css');
    check(css.status() === 200 && css.headers()['content-type'].startsWith('text/css'), 'app.css not served as text/css');
  });

  await run('wrong password is refused on the login form', async () => {
    await admin.goto(base + '/admin');
    await signIn(admin, adminUser, adminPassword + '-wrong');
    await waitText(admin, '#login-error', /wrong user name or password/i);
  });

  await run('admin logs in to the dashboard and sees the live stream', async () => {
    dash = await context.newPage();
    dash.on('dialog', (d) => d.accept());
    await login(dash, '/', adminUser, adminPassword);
    await waitText(dash, '#conn', /live/i);
    await dash.locator('#mapping-rates tbody tr').first().waitFor({ timeout: WAIT });
  });

  await run('admin logs in to the admin page', async () => {
    await admin.bringToFront();
    await signIn(admin, adminUser, adminPassword);
    await admin.locator('#who').waitFor({ timeout: WAIT });
    check((await textOf(admin.locator('#who'))).includes('admin'), 'role not shown');
    await waitText(admin, '#conn', /broker connected/i);
    await admin.locator('#mappings-table tbody tr[data-mapping="sensor1"]').waitFor({ timeout: WAIT });
  });

  await run('contract editor: JSON syntax check, format, create a contract', async () => {
    await admin.bringToFront();
    await admin.click('#tab-contracts');
    await admin.click('#new-contract');
    await admin.fill('#contract-id', 'tank');
    await setSchema(admin, '{"type": "object", "properties": {');
    await waitText(admin, '#schema-check', /JSON error/);
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'tank level', type: 'object',
      properties: { sensor_id: { type: 'string' }, level: { type: 'number', minimum: 0, maximum: 50 } },
      required: ['sensor_id', 'level'], additionalProperties: false,
    };
    await setSchema(admin, JSON.stringify(schema));
    await waitText(admin, '#schema-check', /Valid JSON/);
    await admin.click('#contract-format');
    check((await admin.inputValue('#schema-text')).includes('\n  "properties": {'), 'Format did not indent');
    await admin.click('#contract-save');
    await waitText(admin, '#contract-msg', /Saved: contract tank is now version 1/);
    await admin.locator('#contract-list [data-contract="tank"]').waitFor({ timeout: WAIT });
  });

  await run('dry run of the saved contract shows each violation, primary error highlighted', async () => {
    await admin.bringToFront();
    await admin.fill('#test-payload', '{"sensor_id": 7, "level": 80, "extra": true}');
    await admin.click('#test-saved');
    await waitText(admin, '#test-verdict', /failed/);
    const rows = admin.locator('#test-result table.violations tbody tr');
    check(await rows.count() === 3, `expected 3 violations, got ${await rows.count()}`);
    const primary = await textOf(admin.locator('#test-result table.violations tr.primary'));
    check(/wrong_type/.test(primary) && primary.includes('/sensor_id'), `primary row is ${primary}`);
    const all = await textOf(admin.locator('#test-result table.violations tbody'));
    check(all.includes('out_of_range') && all.includes('/level') && all.includes('unexpected_field'), `violations: ${all}`);
    await admin.click('#example-valid');
    await admin.click('#test-saved');
    await waitText(admin, '#test-verdict', /validated/);
  });

  await run('a bad mapping input shows the API error next to the field, then the mapping is created', async () => {
    await admin.bringToFront();
    await admin.click('#tab-mappings');
    await admin.click('#add-mapping');
    await admin.fill('#mapping-form [name="id"]', 'tank');
    await admin.fill('#mapping-form [name="sourceTopic"]', 'plant/#/level');
    await admin.selectOption('#mapping-form [name="contractId"]', 'tank');
    check(await admin.inputValue('#mapping-form [name="validatedTopic"]') === '{topic}/validated', 'validated topic not pre-filled');
    check(await admin.inputValue('#mapping-form [name="failedTopic"]') === '{topic}/failed', 'failed topic not pre-filled');
    await admin.click('#mapping-save');
    await waitText(admin, '#mapping-form .field-error[data-for="sourceTopic"]', /not a valid MQTT topic filter/);
    // the message sits under the form, beside Create: the field it points to is above it (it said "below")
    await waitText(admin, '#mapping-form-msg', /^Not saved: see the field marked above\. Nothing changed\.$/);
    check(await admin.getAttribute('#mapping-form [name="sourceTopic"]', 'aria-invalid') === 'true', 'field not marked invalid');
    await admin.fill('#mapping-form [name="sourceTopic"]', 'plant/+/level');
    await admin.click('#mapping-save');
    await waitText(admin, '#mapping-form-msg', /Saved: mapping tank created/);
    await waitText(admin, '#mappings-table tr[data-mapping="tank"] td.state', /running/);
  });

  await run('the dashboard picks up the new mapping from config_updated, without a reload', async () => {
    await dash.bringToFront();
    await dash.locator('#mapping-rates tr[data-mapping="tank"]').waitFor({ timeout: WAIT });
    await dash.locator('#filter-mapping option[value="tank"]').waitFor({ state: 'attached', timeout: WAIT });
  });

  await run('publish a valid example through the broker and see it validated', async () => {
    await admin.bringToFront();
    await admin.click('#tab-publish');
    await admin.selectOption('#publish-mapping', 'tank');
    await admin.locator('#publish-form:not([aria-busy])').waitFor({ timeout: WAIT });
    await admin.waitForFunction(() => document.querySelector('#publish-payload').value.includes('"level"'), null, { polling: 100 });
    check(await admin.inputValue('#publish-topic') === 'plant/demo/level', 'topic not derived from the filter');
    const example = JSON.parse(await admin.inputValue('#publish-payload'));
    check(example.level >= 0 && example.level <= 50 && typeof example.sensor_id === 'string', `example ${JSON.stringify(example)}`);
    await admin.fill('#publish-payload', JSON.stringify({ sensor_id: 'tank-ok', level: 20 }));
    await admin.click('#publish-send');
    await waitText(admin, '#publish-verdict-badge', /validated/);
  });

  await run('publish an invalid message and see it failed with its report', async () => {
    await admin.bringToFront();
    await admin.fill('#publish-payload', JSON.stringify({ sensor_id: 'tank-7', level: 150 }));
    await admin.click('#publish-send');
    await waitText(admin, '#publish-verdict-badge', /failed/);
    const primary = await textOf(admin.locator('#publish-result table.violations tr.primary'));
    check(primary.includes('/level') && primary.includes('out_of_range'), `primary row: ${primary}`);
  });

  await run('the dashboard shows both messages live; the failed one opens its full report', async () => {
    await dash.bringToFront();
    await dash.locator('#messages li.msg.validated', { hasText: 'tank-ok' }).first().waitFor({ timeout: WAIT });
    const failed = dash.locator('#messages li.msg.failed', { hasText: 'tank-7' }).first();
    await failed.waitFor({ timeout: WAIT });
    check((await failed.textContent()).includes('out_of_range'), 'failed row lacks its primary error');
    await failed.click();
    await dash.locator('#detail[open]').waitFor({ timeout: WAIT });
    const report = await textOf(dash.locator('#detail-body'));
    check(report.includes('out_of_range') && report.includes('/level') && report.includes('plant/demo/level') && report.includes('tank-7'),
      `report: ${report.slice(0, 300)}`);
    await dash.click('#detail-close');
    await waitText(dash, '#kpi-failed .kpi-value', /[1-9]/);
    // the rankings are filled (which entries lead depends on the simulator's traffic too; LiveFeedTest checks counts)
    await dash.locator('#top-fields li .bar-count').first().waitFor({ timeout: WAIT });
    await dash.locator('#top-errors li .bar-count').first().waitFor({ timeout: WAIT });
  });

  await run('dashboard filter by mapping and sensor, and pause', async () => {
    await dash.bringToFront();
    await dash.selectOption('#filter-mapping', 'tank');
    await dash.fill('#filter-sensor', 'tank-7');
    await dash.waitForFunction(() => {
      const rows = [...document.querySelectorAll('#messages li.msg')];
      return rows.length > 0 && rows.every((r) => r.textContent.includes('tank-7'));
    }, null, { timeout: WAIT, polling: 100 });
    await dash.click('#pause');
    await waitText(dash, '#pause', /Resume/);
    const before = await dash.locator('#messages li.msg').count();
    await admin.fill('#publish-payload', JSON.stringify({ sensor_id: 'tank-7', level: -5 }));
    await admin.click('#publish-send');
    await waitText(admin, '#publish-verdict-badge', /failed/);
    await waitText(dash, '#pause', /Resume \(\d+ new\)/);
    check(await dash.locator('#messages li.msg').count() === before, 'the list changed while paused');
    await dash.click('#pause');
    await dash.waitForFunction((n) => document.querySelectorAll('#messages li.msg').length > n, before, { timeout: WAIT, polling: 100 });
    await dash.fill('#filter-sensor', '');
    await dash.selectOption('#filter-mapping', '');
  });

  await run('edit the contract: the same payload is now validated', async () => {
    await admin.bringToFront();
    await admin.click('#tab-contracts');
    await openContract(admin, 'tank');
    const text = await admin.inputValue('#schema-text');
    check(text.includes('"maximum": 50'), 'maximum 50 not in the editor');
    await setSchema(admin, text.replace('"maximum": 50', '"maximum": 500'));
    await admin.click('#contract-save');
    await waitText(admin, '#contract-msg', /version 2/);
    await admin.click('#tab-publish');
    await admin.selectOption('#publish-mapping', 'tank');
    await admin.locator('#publish-form:not([aria-busy])').waitFor({ timeout: WAIT });
    await admin.fill('#publish-payload', JSON.stringify({ sensor_id: 'tank-8', level: 150 }));
    await admin.click('#publish-send');
    await waitText(admin, '#publish-verdict-badge', /validated/);
  });

  await run('version history: diff, then one-click roll back, and the payload fails again', async () => {
    await admin.bringToFront();
    await admin.click('#tab-contracts');
    await openContract(admin, 'tank');
    const v1 = admin.locator('#versions-table tr[data-version="1"]');
    await v1.waitFor({ timeout: WAIT });
    await v1.getByRole('button', { name: 'Diff vs current' }).click();
    await waitText(admin, '#diff-out pre', /-\s+"maximum": 50/);
    check((await textOf(admin.locator('#diff-out pre'))).includes('"maximum": 500'), 'diff lacks the new maximum');
    await v1.getByRole('button', { name: 'Roll back' }).click();
    await admin.click('#confirm-ok'); // the confirmation (admin-e2e.mjs checks what it says)
    // back to maximum 50 narrows the range: the compatibility check explains it and asks
    await waitText(admin, '#compat-reasons', /\/properties\/level\/maximum\s+maximum decreased 500 → 50/);
    await admin.click('#contract-accept-break');
    await waitText(admin, '#versions-msg', /v1 is in force again, saved as v3/);
    check((await admin.inputValue('#schema-text')).includes('"maximum": 50'), 'editor does not show the rolled-back text');
    await admin.click('#tab-publish');
    await admin.selectOption('#publish-mapping', 'tank');
    await admin.locator('#publish-form:not([aria-busy])').waitFor({ timeout: WAIT });
    await admin.fill('#publish-payload', JSON.stringify({ sensor_id: 'tank-9', level: 150 }));
    await admin.click('#publish-send');
    await waitText(admin, '#publish-verdict-badge', /failed/);
  });

  await run('draft a contract from the mapping\'s traffic, edit it, approve it', async () => {
    await admin.bringToFront();
    await admin.click('#tab-contracts');
    await admin.click('#infer-contract');
    await admin.selectOption('#infer-source', 'tank');
    await admin.click('#infer-run');
    await waitText(admin, '#infer-msg', /Drafted from \d+ message/);
    check(await admin.locator('#infer-samples li').count() > 0, 'no sample messages beside the draft');
    await waitText(admin, '#infer-fields', /\/level/);
    check((await textOf(admin.locator('#infer-schema'))).includes('"level"'), 'the draft lacks the level field');
    check(!(await api('GET', '/api/contracts')).some((c) => c.id === 'tank-inferred'), 'the draft was applied by itself');
    await admin.click('#infer-new');
    check(await admin.inputValue('#contract-id') === 'tank-inferred', 'the new contract id is not proposed');
    const draft = JSON.parse(await admin.inputValue('#schema-text'));
    draft.properties.level.minimum = 0;
    draft.properties.level.maximum = 1000; // the person widens the observed range
    await setSchema(admin, JSON.stringify(draft, null, 2));
    await admin.click('#contract-save');
    await waitText(admin, '#contract-msg', /Saved: contract tank-inferred is now version 1/);
  });

  await run('compatibility: a narrowing save shows the reasons, is refused, then accepted on confirmation', async () => {
    await admin.bringToFront();
    await openContract(admin, 'tank-inferred');
    const schema = JSON.parse(await admin.inputValue('#schema-text'));
    schema.properties.level.maximum = 100;
    await setSchema(admin, JSON.stringify(schema, null, 2));
    await admin.click('#contract-save');
    await waitText(admin, '#compat-reasons', /\/properties\/level\/maximum\s+maximum decreased 1000 → 100/);
    await admin.click('#contract-cancel-break');
    check((await api('GET', '/api/contracts/tank-inferred')).properties.level.maximum === 1000, 'a refused change was saved');
    await admin.click('#contract-save');
    await waitText(admin, '#compat-reasons', /maximum decreased/);
    await admin.click('#contract-accept-break');
    await waitText(admin, '#contract-msg', /version 2 .*breaking change accepted/);
    const audit = await api('GET', '/api/audit?limit=5');
    check(audit.some((a) => a.id === 'tank-inferred' && /breaking change accepted \(BACKWARD\)/.test(a.detail || '')), 'the accepted break is not in the audit log');
  });

  await run('broker settings: status indicator, and a bad value shown next to its field', async () => {
    await admin.bringToFront();
    await admin.click('#tab-broker');
    await waitText(admin, '#broker-conn', /connected/);
    check(/^tcp:\/\//.test(await textOf(admin.locator('#broker-status code'))), 'broker URL not shown');
    await admin.fill('#broker-form [name="mqtt.keep-alive"]', 'soon');
    await admin.click('#broker-save');
    await waitText(admin, '#broker-form .field-error[data-for="mqtt.keep-alive"]', /keep-alive/);
    await admin.click('#broker-form button:has-text("Reload")');
    await admin.waitForFunction(() => document.querySelector('#broker-form [name="mqtt.keep-alive"]').value === '60', null, { polling: 100 });
  });

  await run('a broker change that cannot connect shows the reason, and the old settings keep running', async () => {
    await admin.bringToFront();
    await admin.fill('#broker-form [name="mqtt.broker.url"]', 'tcp://127.0.0.1:1');
    await admin.click('#broker-save');
    await waitText(admin, '#broker-msg', /did not come up.*previous settings are restored and running/);
    await admin.click('#broker-form button:has-text("Reload")');
    await admin.waitForFunction(() => document.querySelector('#broker-form [name="mqtt.broker.url"]').value !== 'tcp://127.0.0.1:1', null, { polling: 100 });
    await waitText(admin, '#conn', /broker connected/i);
    // still checking messages with the previous settings
    await admin.click('#tab-publish');
    await admin.selectOption('#publish-mapping', 'tank');
    await admin.locator('#publish-form:not([aria-busy])').waitFor({ timeout: WAIT });
    await admin.fill('#publish-payload', JSON.stringify({ sensor_id: 'tank-after', level: 10 }));
    await admin.click('#publish-send');
    await waitText(admin, '#publish-verdict-badge', /validated/);
  });

  await run('disable and enable a mapping from the table', async () => {
    await admin.bringToFront();
    await admin.click('#tab-mappings');
    const toggle = admin.locator('#mappings-table tr[data-mapping="tank"] input.switch');
    await toggle.click();
    await admin.click('#confirm-ok'); // disabling asks first (admin-e2e.mjs checks what it says)
    await waitText(admin, '#mappings-msg', /Mapping tank disabled/);
    await waitText(admin, '#mappings-table tr[data-mapping="tank"] td.state', /disabled/);
    await toggle.click();
    await waitText(admin, '#mappings-msg', /Mapping tank enabled/);
    await waitText(admin, '#mappings-table tr[data-mapping="tank"] td.state', /running/);
  });

  await run('screenshots of both pages at 1280x800', async () => {
    await dash.bringToFront();
    await dash.waitForTimeout(0);
    await waitText(dash, '#kpi-validated .kpi-value', /[1-9]/);
    await waitText(dash, '#kpi-mappings .kpi-value', /^3 \/ 3$/);
    await dash.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
    await shot(dash, 'dashboard.png');
    await admin.bringToFront();
    await admin.click('#tab-contracts');
    await openContract(admin, 'tank');
    await admin.locator('#versions-table').waitFor({ timeout: WAIT });
    await admin.fill('#test-payload', '{"sensor_id": "tank-7", "level": 80}');
    await admin.click('#test-saved');
    await waitText(admin, '#test-verdict', /failed/);
    await admin.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
    await screenshot(shots, admin, 'admin-contracts.png', true);
    await admin.click('#tab-mappings');
    await admin.locator('#mappings-table tr[data-mapping="tank"]').waitFor({ timeout: WAIT });
    await shot(admin, 'admin.png');
  });

  await run('phone width: pages stay usable (no horizontal scrolling)', async () => {
    await dash.setViewportSize({ width: 390, height: 844 });
    await admin.setViewportSize({ width: 390, height: 844 });
    for (const p of [dash, admin]) {
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      check(overflow <= 0, `${p.url()} scrolls sideways by ${overflow}px at 390px`);
    }
    await shot(dash, 'dashboard-phone.png'); // the admin page at phone width: admin-e2e.mjs (375 px)
    await dash.setViewportSize({ width: 1280, height: 800 });
    await admin.setViewportSize({ width: 1280, height: 800 });
  });

  await run('viewer sees everything read-only', async () => {
    const viewer = await context.newPage();
    // one sign-in per browser: the new tab is signed in as the admin already; sign out to sign in as the viewer
    await viewer.goto(base + '/admin');
    await waitText(viewer, '#who', new RegExp(adminUser));
    await viewer.click('#logout');
    await waitText(viewer, '#login-form', /Sign in/); // signed out: the page reloaded to the login card
    await signIn(viewer, viewerUser, viewerPassword);
    await waitText(viewer, '#who', new RegExp(viewerUser));
    await viewer.locator('#viewer-banner').waitFor({ timeout: WAIT });
    await viewer.locator('#mappings-table tr[data-mapping="tank"]').waitFor({ timeout: WAIT });
    check(!(await viewer.isVisible('#add-mapping')), 'viewer sees Add mapping');
    check(await viewer.isDisabled('#mappings-table tr[data-mapping="tank"] input.switch'), 'viewer can toggle a mapping');
    await viewer.click('#tab-contracts');
    await openContract(viewer, 'tank');
    await viewer.locator('#versions-table').waitFor({ timeout: WAIT });
    check(!(await viewer.isVisible('#contract-save')), 'viewer sees Save');
    check(await viewer.getAttribute('#schema-text', 'readonly') !== null, 'viewer can edit the schema');
    check(!(await viewer.isVisible('#versions-table button:has-text("Roll back")')), 'viewer sees Roll back');
    await viewer.click('#tab-broker');
    check(await viewer.isDisabled('#broker-form [name="mqtt.broker.url"]'), 'viewer can edit the broker URL');
    check(!(await viewer.isVisible('#broker-save')), 'viewer sees Save and reconnect');
    // the API refuses a viewer's write even when sent by hand
    const status = await viewer.evaluate(async () => {
      const r = await fetch('/api/mappings/tank/disable', { method: 'POST', headers: { 'X-Requested-By': 'e2e' }, credentials: 'same-origin' });
      return r.status;
    });
    check(status === 403, `viewer write answered ${status}`);
    // the session cookie is HttpOnly: page scripts never see a credential
    const visible = await viewer.evaluate(() => document.cookie + ' ' + JSON.stringify(sessionStorage));
    check(!/cg_session|Basic /.test(visible), `a credential is visible to scripts: ${visible}`);
    await viewer.goto(base + '/');
    await waitText(viewer, '#conn', /live/i);
    await viewer.close();
  });

  await run('no script errors in the pages', async () => {
    const real = realErrors(consoleErrors);
    check(real.length === 0, `console errors:\n${real.join('\n')}`);
  });
} catch (e) {
  code = 1;
  await steps.failed(e, artifacts, [['failure-admin.png', admin], ['failure-dashboard.png', dash]], consoleErrors);
} finally {
  await browser.close();
}
steps.finish(code);
