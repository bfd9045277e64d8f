// Browser test of the admin page's first hour (issue #18): Debian's chromium driven by playwright-core against a
// running gateway. One sign-in per browser; a contract created from the mapping form from a template; the schema-aware
// editor (highlighting, errors at their line, the textarea fallback); a dry run on the mapping's real topic; a diff
// between any two versions; confirmations that say what rollback, delete and disable do; every action reachable at
// 375 px.
//
//   node web/tests/admin-e2e.mjs <baseUrl> --admin=user:password [--screenshots=dir] [--artifacts=dir]
//
// Exits 0 when every step passed, 1 with the failing step named otherwise. Run by AdminBrowserIT (mvn verify).
import { Steps, apiClient, check, commandLine, credentials, defaults, openBrowser, realErrors, screenshot, setSchema, signIn, textOf,
  waitText } from './lib.mjs';

const WAIT = defaults.wait;
const { base, args, shots, artifacts } = commandLine(
  'node admin-e2e.mjs <baseUrl> --admin=user:password [--screenshots=dir] [--artifacts=dir]', ['admin']);
const [adminUser, adminPassword] = credentials(args.admin);
/** The admin API as the admin, outside the page (to set things up and to check what the page did). */
const call = apiClient(base, adminUser, adminPassword);
const steps = new Steps();
const run = (name, fn) => steps.run(name, fn);
const consoleErrors = [];

/** Waits until fn (run in the page with arg) is true. */
async function until(page, fn, arg, what) {
  await page.waitForFunction(fn, arg, { timeout: WAIT, polling: 100 }).catch(() => {
    throw new Error(`${what} did not happen within ${WAIT} ms`);
  });
}

async function openContract(page, id) {
  await page.click(`#contract-list [data-contract="${id}"]`);
  await page.locator('#contract-editor:not([aria-busy])').waitFor({ timeout: WAIT });
  await waitText(page, '#contract-editor h2', new RegExp(`Contract ${id}`));
  await page.locator('#contract-form[data-editor]').waitFor({ timeout: WAIT });
}

/** The line number CodeMirror shows beside the error message under a line (what a person sees), or null. */
async function errorLineShown(page) {
  return page.evaluate(() => {
    const box = document.querySelector('#contract-form .cg-line-error');
    const line = box && box.closest('.CodeMirror-code > div');
    const number = line && line.querySelector('.CodeMirror-linenumber');
    return number ? Number(number.textContent) : null;
  });
}

/** The element lies within the viewport's width (nothing scrolled off to the side). */
async function onScreen(page, locator, what) {
  // the mappings table is rebuilt when a route's state changes (status poll): an element may be replaced under us,
  // so scroll and measure whatever the locator finds now, again if it was replaced meanwhile
  let box = null;
  for (let attempt = 0; attempt < 3 && !box; attempt++) {
    try {
      await locator.evaluate((e) => e.scrollIntoView({ block: 'center', inline: 'nearest' }), null, { timeout: WAIT });
      box = await locator.boundingBox({ timeout: WAIT });
    } catch (e) {
      if (!/not attached|detached/i.test(e.message) || attempt === 2) throw e;
    }
  }
  const width = page.viewportSize().width;
  check(box && box.x >= 0 && box.x + box.width <= width, `${what} is not within the ${width} px screen: ${JSON.stringify(box)}`);
}

async function shot(page, name, fullPage = false) {
  if (!shots) return;
  await page.evaluate(() => document.activeElement?.blur());
  await screenshot(shots, page, name, fullPage);
}

const browser = await openBrowser('cg-admin-e2e', { width: 1280, height: 800 }, consoleErrors);
const { context, page: admin } = browser;
let code = 0;

const TANK = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:contract-gateway:contract:tank',
  title: 'tank level',
  description: 'Fill level of a tank, in percent.',
  type: 'object',
  properties: {
    sensor_id: { type: 'string' },
    level: { type: 'number', minimum: 0, maximum: 50 },
  },
  required: ['sensor_id', 'level'],
  additionalProperties: false,
};
const tankText = (max) => JSON.stringify({ ...TANK, properties: { ...TANK.properties, level: { ...TANK.properties.level, maximum: max } } }, null, 2) + '\n';

try {
  await run('sign in once on the admin page', async () => {
    await admin.goto(base + '/admin');
    await admin.locator('#login-form').waitFor({ timeout: WAIT });
    await signIn(admin, adminUser, adminPassword);
    await waitText(admin, '#who', new RegExp(adminUser));
    await admin.locator('#mappings-table tr[data-mapping="sensor1"]').waitFor({ timeout: WAIT });
  });

  await run('one sign-in per browser: a new tab of either page is signed in already', async () => {
    for (const path of ['/admin', '/']) {
      const tab = await context.newPage();
      await tab.goto(base + path);
      await waitText(tab, '#who', new RegExp(adminUser));
      check(await tab.locator('#login-form').count() === 0, `${path} in a new tab asked for the password again`);
      await tab.close();
    }
  });

  await run('"New contract…" in the mapping form: a template, then back with the contract selected', async () => {
    await admin.click('#tab-mappings');
    await admin.click('#add-mapping');
    await admin.fill('#mapping-form [name="id"]', 'tank');
    await admin.fill('#mapping-form [name="sourceTopic"]', 'plant/+/level');
    await admin.click('#mapping-new-contract');
    await admin.locator('#panel-contracts.active #contract-for-mapping').waitFor({ timeout: WAIT });
    check(await admin.inputValue('#contract-id') === 'tank', 'the contract id is not the mapping\'s');
    await admin.locator('#contract-form[data-editor]').waitFor({ timeout: WAIT });
    check(await admin.locator('#contract-template option').count() >= 3, 'fewer than three templates');
    let text = JSON.parse(await admin.inputValue('#schema-text'));
    check(text.$id === 'urn:contract-gateway:contract:tank' && text.description && text.title, `template lacks the conventions: ${JSON.stringify(text)}`);
    await admin.selectOption('#contract-template', 'empty-object');
    await until(admin, () => JSON.parse(document.querySelector('#schema-text').value).title === 'tank', null, 'the empty-object template');
    await admin.fill('#contract-id', 'tank-level');
    await until(admin, () => JSON.parse(document.querySelector('#schema-text').value).$id === 'urn:contract-gateway:contract:tank-level', null, '$id following the id');
    await admin.fill('#contract-id', 'tank');
    await admin.selectOption('#contract-template', 'sensor-reading');
    text = JSON.parse(await admin.inputValue('#schema-text'));
    check(text.$id === 'urn:contract-gateway:contract:tank' && text.properties.timestamp, 'the sensor-reading template is not back');
    await setSchema(admin, tankText(50));
    await waitText(admin, '#schema-check', /Valid JSON/);
    await admin.click('#contract-save');
    // back in the mapping form, which kept what was typed, with the new contract selected
    await admin.locator('#panel-mappings.active #mapping-form').waitFor({ timeout: WAIT });
    await waitText(admin, '#mapping-form-msg', /Contract tank created and selected/);
    check(await admin.inputValue('#mapping-contract') === 'tank', 'the new contract is not selected');
    check(await admin.inputValue('#mapping-form [name="id"]') === 'tank', 'the mapping id was lost');
    check(await admin.inputValue('#mapping-form [name="sourceTopic"]') === 'plant/+/level', 'the source topic was lost');
    const saved = await call('GET', '/api/contracts/tank');
    check(saved.$id === 'urn:contract-gateway:contract:tank' && saved.description, 'the saved contract lacks $id or description');
    await admin.click('#mapping-save');
    await waitText(admin, '#mapping-form-msg', /Saved: mapping tank created/);
    await waitText(admin, '#mappings-table tr[data-mapping="tank"] td.state', /running/);
  });

  await run('schema-aware editor: highlighting, a JSON error at its line, the compile error at its line, Revert clears them', async () => {
    await admin.click('#tab-contracts');
    await openContract(admin, 'tank');
    check(await admin.getAttribute('#contract-form', 'data-editor') === 'codemirror', 'CodeMirror did not load');
    check(await admin.locator('#contract-form .CodeMirror .cm-property').count() > 0, 'no highlighted property names');
    check(await admin.locator('#contract-form .CodeMirror .cm-number').count() > 0, 'no highlighted numbers');
    // typed by a person at the end of the text: the error is at the last line
    await admin.click('#contract-form .CodeMirror-code');
    await admin.keyboard.press('Control+End');
    await admin.keyboard.type('x');
    const lines = (await admin.inputValue('#schema-text')).split('\n').length;
    await waitText(admin, '#schema-check', new RegExp(`JSON error at line ${lines}`));
    await admin.locator('#contract-form .cg-line-error').waitFor({ timeout: WAIT });
    check(await errorLineShown(admin) === lines, `the error is shown under line ${await errorLineShown(admin)}, not ${lines}`);
    await admin.keyboard.press('Backspace');
    await waitText(admin, '#schema-check', /Valid JSON/);
    check(await admin.locator('#contract-form .cg-line-error').count() === 0, 'the error stayed after the fix');
    // a syntax error in the middle
    const broken = tankText(50).replace('"type": "object",', '"type": "object",,');
    const brokenLine = broken.split('\n').findIndex((l) => l.includes(',,')) + 1;
    await setSchema(admin, broken);
    await waitText(admin, '#schema-check', new RegExp(`JSON error at line ${brokenLine}`));
    check(await errorLineShown(admin) === brokenLine, `syntax error shown under line ${await errorLineShown(admin)}, not ${brokenLine}`);
    // JSON, but not a JSON Schema: the gateway's compiler says so, at the keyword it names
    const wrong = tankText(50).replace('"minimum": 0', '"minimum": "zero"');
    const wrongLine = wrong.split('\n').findIndex((l) => l.includes('"zero"')) + 1;
    await setSchema(admin, wrong);
    await waitText(admin, '#schema-check', /Does not compile/);
    await waitText(admin, '#contract-form .cg-line-error', /Does not compile/);
    check(await errorLineShown(admin) === wrongLine, `compile error shown under line ${await errorLineShown(admin)}, not ${wrongLine}`);
    await admin.click('#contract-save');
    await waitText(admin, '#contract-msg', /Not saved/);
    await shot(admin, 'admin-editor.png');
    await admin.click('#contract-revert');
    await waitText(admin, '#schema-check', /^Valid JSON/);
    check((await admin.textContent('#contract-msg')).trim() === '', 'Revert left the red message');
    check(await admin.locator('#contract-form .cg-line-error').count() === 0, 'Revert left the error line');
    check(await admin.getAttribute('#contract-form', 'data-error-line') === null, 'Revert left the error mark');
    check(await admin.locator('#contract-form .field-error:not(:empty)').count() === 0, 'Revert left a field error');
  });

  await run('dry run on the mapping\'s real topic: what its route would publish, and a topic it does not consume refused', async () => {
    check(await admin.inputValue('#test-mapping') === 'tank', 'the dry run does not default to the contract\'s mapping');
    check(await admin.inputValue('#test-topic') === 'plant/demo/level', 'the topic is not a concrete topic of the filter');
    await admin.fill('#test-topic', 'plant/north/level');
    await admin.fill('#test-payload', '{"sensor_id": 7, "level": 80, "extra": true}');
    await admin.click('#test-saved');
    await waitText(admin, '#test-verdict', /failed/);
    check(await textOf(admin.locator('#test-topic-used')) === 'plant/north/level', 'not checked on the topic given');
    check(await textOf(admin.locator('#test-publish-to')) === 'plant/north/level/failed', 'wrong failed topic');
    check(await admin.locator('#test-result table.violations tbody tr').count() === 3, 'expected 3 violations');
    // a number over double range is shown as the device wrote it (the dry run answered "Infinity"; parsed as is,
    // the page would show null)
    await admin.fill('#test-payload', '{"sensor_id": "t-1", "level": 1e400}');
    await admin.click('#test-saved');
    await waitText(admin, '#test-result table.violations tbody tr td[data-label="Actual"]', /^1e400$/);
    await admin.fill('#test-topic', 'plant/north/pressure');
    await admin.click('#test-saved');
    await waitText(admin, '#contract-test .field-error[data-for="topic"]', /does not consume 'plant\/north\/pressure'/);
    // the editor's draft, as the same mapping would check it
    await admin.fill('#test-topic', 'plant/south/level');
    await setSchema(admin, tankText(500));
    await admin.fill('#test-payload', '{"sensor_id": "t-1", "level": 80}');
    await admin.click('#test-draft');
    await waitText(admin, '#test-verdict', /validated/);
    check(await textOf(admin.locator('#test-publish-to')) === 'plant/south/level/validated', 'draft not checked as the mapping');
    await admin.click('#contract-revert');
  });

  await run('diff between any two versions', async () => {
    await call('PUT', '/api/contracts/tank', tankText(100));
    await call('PUT', '/api/contracts/tank', tankText(200));
    await admin.locator('#versions-table tr[data-version="3"]').waitFor({ timeout: WAIT });
    await openContract(admin, 'tank'); // the editor's copy (and its ETag) is v3 now
    await admin.selectOption('#diff-from', '1');
    await admin.selectOption('#diff-to', '2');
    await admin.click('#diff-run');
    await waitText(admin, '#diff-title', /Changes from v1 to v2/);
    const diff = await textOf(admin.locator('#diff-out pre'));
    check(/-\s+"maximum": 50/.test(diff) && /\+\s+"maximum": 100/.test(diff) && !/"maximum": 200/.test(diff), `diff v1..v2: ${diff}`);
    await admin.selectOption('#diff-from', '2');
    await admin.selectOption('#diff-to', '3');
    await admin.click('#diff-run');
    await waitText(admin, '#diff-out pre', /\+\s+"maximum": 200/);
    await admin.locator('#versions-table tr[data-version="1"]').getByRole('button', { name: 'Diff vs current' }).click();
    await waitText(admin, '#diff-title', /Changes from v1 to the current version/);
  });

  await run('confirmations say what rollback, delete and disable do; Cancel changes nothing', async () => {
    // roll back
    const v1 = admin.locator('#versions-table tr[data-version="1"]');
    await v1.getByRole('button', { name: 'Roll back' }).click();
    await waitText(admin, '#confirm-dialog', /Roll back contract tank to v1\?.*becomes the version in force/);
    await admin.click('#confirm-cancel');
    await admin.locator('#confirm-dialog').waitFor({ state: 'detached', timeout: WAIT });
    check((await call('GET', '/api/contracts/tank/versions')).length === 3, 'a cancelled rollback changed the history');
    await v1.getByRole('button', { name: 'Roll back' }).click();
    await admin.click('#confirm-ok');
    await waitText(admin, '#compat-reasons', /maximum decreased 200 → 50/);
    await admin.click('#contract-accept-break');
    await waitText(admin, '#versions-msg', /v1 is in force again, saved as v4/);
    // delete a contract
    await admin.click('#contract-delete');
    await waitText(admin, '#confirm-dialog', /Delete contract tank\?.*saved versions stay in the history/);
    await admin.click('#confirm-cancel');
    await call('GET', '/api/contracts/tank');
    // disable a mapping: what happens to its messages, from the broker settings in force
    await admin.click('#tab-mappings');
    const row = admin.locator('#mappings-table tr[data-mapping="tank"]');
    await row.locator('input.switch').click();
    await waitText(admin, '#disable-effect', /wait there for up to 1 day \(mqtt\.session-expiry = 86400 s\).*processed when you enable it/);
    await admin.click('#confirm-cancel');
    await until(admin, () => document.querySelector('#mappings-table tr[data-mapping="tank"] input.switch').checked, null,
      'the switch back on after a cancelled disable');
    check((await call('GET', '/api/mappings/tank')).enabled === true, 'a cancelled disable disabled the mapping');
    await row.locator('input.switch').click();
    await admin.click('#confirm-ok');
    await waitText(admin, '#mappings-msg', /Mapping tank disabled/);
    await waitText(admin, '#mappings-table tr[data-mapping="tank"] td.state', /disabled/);
    await row.locator('input.switch').click(); // enabling needs no confirmation
    await waitText(admin, '#mappings-msg', /Mapping tank enabled/);
    await waitText(admin, '#mappings-table tr[data-mapping="tank"] td.state', /running/);
    // delete a mapping
    await row.getByRole('button', { name: 'Delete' }).click();
    await waitText(admin, '#confirm-dialog', /Delete mapping tank\?.*session at the broker ends/);
    await admin.click('#confirm-cancel');
    check((await call('GET', '/api/mappings')).some((m) => m.id === 'tank'), 'a cancelled delete deleted the mapping');
  });

  await run('phone, 375 px: every admin action is on screen and works', async () => {
    await admin.setViewportSize({ width: 375, height: 812 });
    // every tab in sight: a strip scrolling sideways hid Audit log and Quarantine past the edge
    const tabs = await admin.evaluate(() => [...document.querySelectorAll('nav.tabs [role=tab]')]
      .filter((t) => t.getBoundingClientRect().right > window.innerWidth).map((t) => t.textContent));
    check(tabs.length === 0, `tabs past the 375 px edge: ${tabs.join(', ')}`);
    await admin.click('#tab-mappings');
    await waitText(admin, '#mappings-table tr[data-mapping="tank"] td.state', /running/);
    const row = admin.locator('#mappings-table tr[data-mapping="tank"]');
    const edit = row.getByRole('button', { name: 'Edit' });
    const del = row.getByRole('button', { name: 'Delete' });
    const toggle = row.locator('input.switch');
    for (const [what, loc] of [['Edit', edit], ['Delete', del], ['the enable switch', toggle], ['Add mapping', admin.locator('#add-mapping')]]) {
      await onScreen(admin, loc, what);
    }
    await del.click();
    await admin.locator('#confirm-dialog').waitFor({ timeout: WAIT });
    await onScreen(admin, admin.locator('#confirm-ok'), 'the dialog\'s Delete');
    await admin.click('#confirm-cancel');
    await toggle.click();
    await onScreen(admin, admin.locator('#confirm-cancel'), 'the dialog\'s Cancel');
    await admin.click('#confirm-cancel');
    await edit.click();
    await admin.locator('#mapping-form').waitFor({ timeout: WAIT });
    await onScreen(admin, admin.locator('#mapping-save'), 'Save changes');
    await onScreen(admin, admin.locator('#mapping-new-contract'), 'New contract…');
    await admin.click('#tab-contracts');
    await openContract(admin, 'tank');
    for (const id of ['#contract-save', '#contract-format', '#contract-revert', '#contract-delete', '#test-saved', '#diff-run']) {
      await onScreen(admin, admin.locator(id), id);
    }
    const v2 = admin.locator('#versions-table tr[data-version="2"]');
    await onScreen(admin, v2.getByRole('button', { name: 'Diff vs current' }), 'Diff vs current');
    await v2.getByRole('button', { name: 'Diff vs current' }).click();
    await waitText(admin, '#diff-title', /Changes from v2 to the current version/);
    await onScreen(admin, v2.getByRole('button', { name: 'Roll back' }), 'Roll back');
    await v2.getByRole('button', { name: 'Roll back' }).click();
    await admin.locator('#confirm-dialog').waitFor({ timeout: WAIT });
    await admin.click('#confirm-cancel');
    for (const tab of ['mappings', 'contracts', 'publish', 'broker', 'audit']) {
      await admin.click(`#tab-${tab}`);
      const overflow = await admin.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      check(overflow <= 0, `the ${tab} tab scrolls sideways by ${overflow}px at 375 px`);
    }
    await admin.click('#tab-mappings');
    await admin.click('#mapping-form button:has-text("Close")');
    await admin.evaluate(() => window.scrollTo(0, document.querySelector('#mappings-table').getBoundingClientRect().top + window.scrollY - 120));
    await shot(admin, 'admin-phone.png');
    await admin.setViewportSize({ width: 1280, height: 800 });
  });

  await run('without the editor library the plain text area works', async () => {
    const bare = await context.newPage();
    await bare.route('**/assets/vendor/**', (route) => route.fulfill({ status: 404, body: 'not here' }));
    await bare.goto(base + '/admin#contracts');
    await openContract(bare, 'tank');
    check(await bare.getAttribute('#contract-form', 'data-editor') === 'textarea', 'no fallback');
    check(await bare.isVisible('#schema-text'), 'the text area is hidden');
    await bare.fill('#schema-text', '{\n  "type": "object",\n  "properties": {\n}');
    await waitText(bare, '#schema-check', /JSON error at line 4/);
    await bare.fill('#schema-text', tankText(50));
    await waitText(bare, '#schema-check', /Valid JSON/);
    await bare.close();
  });

  await run('the publish panel and the dry run start on a running mapping, not a disabled one listed first', async () => {
    await call('POST', '/api/mappings', { id: 'aaa-paused', sourceTopic: 'plant/paused/+', contractId: 'sensor1', enabled: false });
    const fresh = await context.newPage();
    await fresh.goto(base + '/admin#publish');
    await until(fresh, () => document.querySelector('#publish-mapping option[value="aaa-paused"]')
      && document.querySelector('#publish-topic').value !== '', null, 'the publish panel filled in');
    const picked = await fresh.inputValue('#publish-mapping');
    check(picked !== 'aaa-paused', 'the publish panel starts on the disabled mapping aaa-paused');
    check((await call('GET', '/api/mappings')).find((m) => m.id === picked)?.enabled === true,
      `the publish panel starts on ${picked}, which is not running`);
    // so does "Test a payload": the mapping the API's dry run picks (enabled, concrete topic, named like the
    // contract), not the first by id (it checked sensor1 as the disabled aaa-paused, on plant/paused/demo)
    await fresh.click('#tab-contracts');
    await openContract(fresh, 'sensor1');
    check(await fresh.inputValue('#test-mapping') === 'sensor1', `the dry run starts as ${await fresh.inputValue('#test-mapping')}, not sensor1`);
    check(await fresh.inputValue('#test-topic') === 'sensors/sensor1', 'the dry run does not start on sensor1\'s topic');
    // and "Draft from traffic" (a disabled mapping has nothing to draft from: its answer says so and what to do)
    await fresh.click('#infer-contract');
    check(await fresh.inputValue('#infer-source') !== 'aaa-paused', 'Draft from traffic starts on the disabled mapping aaa-paused');
    await fresh.selectOption('#infer-source', 'aaa-paused');
    await fresh.click('#infer-run');
    await waitText(fresh, '#infer-msg', /it is disabled: enable it to receive messages\); listen on its topic filter/);
    await fresh.close();
    await call('DELETE', '/api/mappings/aaa-paused');
  });

  await run('no script errors in the page', async () => {
    const real = realErrors(consoleErrors);
    check(real.length === 0, `console errors:\n${real.join('\n')}`);
  });
} catch (e) {
  code = 1;
  await steps.failed(e, artifacts, [['failure-admin-first-hour.png', admin]], consoleErrors);
} finally {
  await browser.close();
}
steps.finish(code);
