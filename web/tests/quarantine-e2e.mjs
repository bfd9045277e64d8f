// Browser test of the admin page's Quarantine tab: Debian's chromium driven by playwright-core against a running
// gateway. Messages fail under a too-strict sensor2 contract; the test searches them (the empty re-drive list says what
// to do), opens one, previews the real contract as a draft (failed -> validated counts; without a mapping named it
// says to name one) and clicks "save and re-drive", then waits for the job's live progress to say done; a narrowing
// draft shows the compatibility reasons with Cancel and "Save anyway", never the API's "resend with acceptBreak=true";
// "Re-drive matching" with no filter asks before it re-drives everything.
//
//   node web/tests/quarantine-e2e.mjs <baseUrl> --admin=user:password [--screenshots=dir] [--artifacts=dir]
//
// Exits 0 when every step passed. Run by QuarantineBrowserIT (mvn verify).
import { readFileSync } from 'node:fs';
import { Steps, apiClient, check, commandLine, credentials, defaults, openBrowser, realErrors, screenshot, signIn,
  waitText } from './lib.mjs';

defaults.wait = 30000;
const WAIT = defaults.wait;
const N = 10;
const { base, args, artifacts } = commandLine(
  'node quarantine-e2e.mjs <baseUrl> --admin=user:password [--screenshots=dir] [--artifacts=dir]', ['admin']);
const [user, password] = credentials(args.admin);
const call = apiClient(base, user, password);
const realContract = readFileSync('schemas/sensor2.schema.json', 'utf8');
const strict = JSON.stringify({ ...JSON.parse(realContract), properties: { ...JSON.parse(realContract).properties,
  pressure: { type: 'number', minimum: 870, maximum: 1000 } } });

const steps = new Steps();
const run = (name, fn) => steps.run(name, fn);
const errors = [];
const browser = await openBrowser('cg-q-e2e', { width: 1280, height: 900 }, errors);
const { page } = browser;
try {
  await run('messages fail under a too-strict contract and are quarantined', async () => {
    await call('PUT', '/api/contracts/sensor2?acceptBreak=true', strict);
    for (let i = 0; i < N; i++) {
      await call('POST', '/api/publish', { topic: 'sensors/sensor2', qos: 1,
        payload: { sensor_id: `e2e-${i}`, pressure: i % 2 === 0 ? 1050 : 2000, status: 'ok' } });
    }
    for (let t = Date.now(); ; ) {
      const page1 = await call('GET', '/api/quarantine/messages?mapping=sensor2&sensorId=e2e-0');
      const all = await call('GET', '/api/quarantine/messages?mapping=sensor2&limit=500');
      if (page1.items.length === 1 && all.items.filter((m) => m.sensor_id.startsWith('e2e-')).length === N) break;
      if (Date.now() - t > WAIT) throw new Error('the failures were not quarantined');
      await new Promise((r) => setTimeout(r, 200)); // polling the API, not synchronising threads
    }
  });

  await run('search the Quarantine tab and open one message; at 390 px each row fits', async () => {
    await page.goto(base + '/admin#quarantine');
    await signIn(page, user, password);
    await page.locator('#tab-quarantine').waitFor({ timeout: WAIT });
    await page.click('#tab-quarantine');
    await waitText(page, '#q-jobs', /No re-drive yet\. Once the contract is fixed/); // an empty card said nothing
    await page.fill('#q-mapping', 'sensor2');
    await page.fill('#q-sensorId', 'e2e-4');
    await page.click('#q-search');
    await page.waitForFunction(() => document.querySelectorAll('#q-rows tr[data-id]').length === 1, null, { timeout: WAIT });
    await page.click('#q-rows tr[data-id]');
    await waitText(page, '#q-payload', /e2e-4/);
    await waitText(page, '#q-detail', /out_of_range/);
    await page.fill('#q-field', 'pressure');
    await page.click('#q-search');
    await waitText(page, '#q-msg', /JSON pointer/);
    check(await page.getAttribute('#q-field', 'aria-invalid') === 'true', 'the field filter is marked invalid');
    await page.fill('#q-field', '/pressure');
    await page.fill('#q-sensorId', '');
    await page.click('#q-search');
    await page.waitForFunction(() => document.querySelectorAll('#q-rows tr[data-id]').length >= 10, null, { timeout: WAIT });
    await screenshot(args.screenshots, page, 'admin-quarantine.png', true);
    // the re-drive option's checkbox beside its words (it stood alone above them)
    const force = await page.evaluate(() => document.querySelector('#q-force-label').getBoundingClientRect().height);
    check(force < 26, `the "include already re-driven" option takes ${force}px: its checkbox is not on the text's line`);
    // on a phone each row is a card: Fields, Contract and Status were past the edge of a sideways table
    await page.setViewportSize({ width: 390, height: 844 });
    const fit = await page.evaluate(() => {
      const wrap = document.querySelector('#q-results').parentElement;
      const status = document.querySelector('#q-rows tr[data-id] td:last-child');
      return { hidden: wrap.scrollWidth - wrap.clientWidth, right: status.getBoundingClientRect().right, width: window.innerWidth };
    });
    check(fit.hidden <= 0 && fit.right <= fit.width, `a quarantined message does not fit at 390 px: ${JSON.stringify(fit)}`);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  await run('preview without a mapping named says to name one (was "no contract \'undefined\'")', async () => {
    await page.fill('#qp-mapping', '');
    await page.click('#qp-load');
    await waitText(page, '#qp-msg', /Type the id of the mapping/);
    check(await page.getAttribute('#qp-mapping', 'aria-invalid') === 'true', 'the empty mapping field is not marked');
    await page.click('#qp-run');
    await waitText(page, '#qp-msg', /Type the id of the mapping/);
  });

  await run('preview the fixed contract: those that would now pass', async () => {
    await page.fill('#qp-mapping', 'sensor2');
    await page.click('#qp-load');
    await waitText(page, '#qp-msg', /loaded/);
    check(await page.inputValue('#qp-schema') === strict, 'the contract is not loaded as saved (it was re-indented)');
    await page.fill('#qp-schema', realContract);
    await page.click('#qp-run');
    await waitText(page, '#qp-to-validated', /^5 of \d+ quarantined/);
    await waitText(page, '#qp-to-failed', /^0 of/);
  });

  await run('save and re-drive: progress goes live to done', async () => {
    await page.click('#qp-save-redrive');
    await waitText(page, '#qp-msg', /re-drive #\d+ started/);
    // the state badge, not the text: "0/10 done" says done too
    await page.locator('#q-jobs li:first-child[data-state="done"]').waitFor({ timeout: WAIT });
    await waitText(page, '#q-jobs li:first-child .q-progress', /5 passed · 5 still failing/);
    check(await page.locator('#q-jobs-none').count() === 0, 'the "No re-drive yet" note stays beside a job');
    const redriven = await call('GET', '/api/quarantine/messages?mapping=sensor2&status=redriven&limit=500');
    check(redriven.items.filter((m) => m.sensor_id.startsWith('e2e-')).length === 5, 'five re-driven rows');
  });
  await run('a draft that breaks compatibility: the reasons and a button to accept, not the API\'s "resend with acceptBreak=true"', async () => {
    const narrow = JSON.stringify({ ...JSON.parse(realContract), properties: { ...JSON.parse(realContract).properties,
      pressure: { type: 'number', minimum: 870, maximum: 900 } } }, null, 2);
    const previewed = () => page.waitForFunction(() => !document.querySelector('#qp-save-redrive').disabled, null, { timeout: WAIT });
    await page.fill('#qp-schema', narrow);
    await page.click('#qp-run'); // disables the save until it answers
    await previewed();
    await page.fill('#qp-mapping', 'sensor1'); // a preview is of one mapping: another one typed needs its own
    check(await page.isDisabled('#qp-save-redrive'), 'save stays enabled after the mapping was changed');
    await page.fill('#qp-mapping', 'sensor2');
    await page.click('#qp-run');
    await previewed();
    await page.click('#qp-save-redrive');
    await waitText(page, '#qp-break-reasons', /\/properties\/pressure\/maximum maximum decreased 1085 → 900/);
    check(!/acceptBreak/.test(await page.textContent('#q-preview')), 'the page tells a person to resend a query parameter');
    await page.click('#qp-cancel-break');
    await waitText(page, '#qp-msg', /Nothing saved/);
    check((await call('GET', '/api/contracts/sensor2')).properties.pressure.maximum === 1085, 'Cancel saved the draft');
    await page.click('#qp-save-redrive');
    await page.click('#qp-accept-break');
    await waitText(page, '#qp-msg', /Saved sensor2; re-drive #\d+ started/);
    check((await call('GET', '/api/contracts/sensor2')).properties.pressure.maximum === 900, 'the accepted break is not saved');
    await page.locator('#q-jobs li:first-child[data-state="done"]').waitFor({ timeout: WAIT });
    await waitText(page, '#q-jobs li:first-child .q-progress', /0 passed · 5 still failing/);
    const audit = await call('GET', '/api/audit?limit=20');
    check(audit.some((a) => a.kind === 'contract' && a.id === 'sensor2' && /breaking change accepted/.test(a.detail || '')),
      'the accepted break is not in the audit log');
  });
  await run('re-drive with no filter asks first: dismissed, nothing starts; accepted, it re-drives every quarantined message', async () => {
    // before: the empty filter was sent as {"filter": {}}, which the API read as "everything", without a question
    for (const id of ['#q-mapping', '#q-sensorId', '#q-field']) await page.fill(id, '');
    const before = (await call('GET', '/api/quarantine/redrives')).length;
    const asked = [];
    page.once('dialog', async (d) => { asked.push(d.message()); await d.dismiss(); });
    await page.click('#q-redrive');
    page.once('dialog', async (d) => { asked.push(d.message()); await d.accept(); });
    await page.click('#q-redrive');
    await page.waitForFunction((n) => document.querySelectorAll('#q-jobs li').length > n, before, { timeout: WAIT });
    check(asked.length === 2 && asked.every((m) => /every quarantined message/.test(m)), `asked: ${asked.join(' | ')}`);
    const jobs = await call('GET', '/api/quarantine/redrives');
    check(jobs.length === before + 1, `${jobs.length - before} jobs started; the dismissed question started one`);
    check(Object.keys(jobs[0].selection).length === 0, `the job is not of every message: ${JSON.stringify(jobs[0].selection)}`);
  });
  const real = realErrors(errors);
  check(real.length === 0, `page errors: ${real.join('; ')}`);
  await browser.close();
  steps.finish(0);
} catch (e) {
  await steps.failed(e, artifacts, [['quarantine-failure.png', page]], errors);
  await browser.close();
  steps.finish(1);
}
