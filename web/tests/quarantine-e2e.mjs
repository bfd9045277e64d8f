// Browser test of the admin page's Quarantine tab: Debian's chromium driven by playwright-core against a running
// gateway. Messages fail under a too-strict sensor2 contract; the test searches them, opens one, previews the real
// contract as a draft (failed -> validated counts) and clicks "save and re-drive", then waits for the job's live
// progress to say done.
//
//   node web/tests/quarantine-e2e.mjs <baseUrl> --admin=user:password [--screenshots=dir] [--artifacts=dir]
//
// Exits 0 when every step passed. Run by QuarantineBrowserIT (mvn verify).
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT = 30000;
const N = 10;
const args = Object.fromEntries(process.argv.slice(3).filter((a) => a.startsWith('--')).map((a) => {
  const i = a.indexOf('=');
  return [a.slice(2, i), a.slice(i + 1)];
}));
const base = (process.argv[2] || '').replace(/\/$/, '');
const [user, password] = [args.admin.slice(0, args.admin.indexOf(':')), args.admin.slice(args.admin.indexOf(':') + 1)];
const auth = 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
if (args.screenshots) mkdirSync(args.screenshots, { recursive: true });
if (args.artifacts) mkdirSync(args.artifacts, { recursive: true });
const realContract = readFileSync('schemas/sensor2.schema.json', 'utf8');
const strict = JSON.stringify({ ...JSON.parse(realContract), properties: { ...JSON.parse(realContract).properties,
  pressure: { type: 'number', minimum: 870, maximum: 1000 } } });

async function call(method, path, body) {
  const res = await fetch(base + path, { method, headers: { Authorization: auth, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function waitText(page, selector, re, timeout = WAIT) {
  await page.waitForFunction(([sel, src]) => {
    const n = document.querySelector(sel);
    return n && new RegExp(src).test(n.textContent);
  }, [selector, re.source], { timeout, polling: 100 }).catch(async () => {
    const n = await page.$(selector);
    throw new Error(`${selector} did not show ${re}; it shows: ${n ? (await n.textContent()).slice(0, 300) : '(none)'}`);
  });
}

let step = '(start)';
let passed = 0;
const errors = [];
async function run(name, fn) {
  step = name;
  await fn();
  passed++;
  console.log(`ok ${passed} - ${name}`);
}

const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'cg-q-e2e-')), {
  executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 }, locale: 'en-GB',
});
const page = context.pages()[0] || await context.newPage();
page.on('pageerror', (e) => errors.push(e.message));
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

  await run('search the Quarantine tab and open one message', async () => {
    await page.goto(base + '/admin#quarantine');
    await page.fill('#login-user', user);
    await page.fill('#login-password', password);
    await page.click('#login-submit');
    await page.locator('#tab-quarantine').waitFor({ timeout: WAIT });
    await page.click('#tab-quarantine');
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
    if (args.screenshots) await page.screenshot({ path: join(args.screenshots, 'admin-quarantine.png'), fullPage: true });
  });

  await run('preview the fixed contract: those that would now pass', async () => {
    await page.fill('#qp-mapping', 'sensor2');
    await page.click('#qp-load');
    await waitText(page, '#qp-msg', /loaded/);
    check((await page.inputValue('#qp-schema')).includes('1000'), 'the strict contract is loaded');
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
    const redriven = await call('GET', '/api/quarantine/messages?mapping=sensor2&status=redriven&limit=500');
    check(redriven.items.filter((m) => m.sensor_id.startsWith('e2e-')).length === 5, 'five re-driven rows');
  });
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  console.log(`all ${passed} steps passed`);
  await context.close();
  process.exit(0);
} catch (e) {
  console.error(`not ok - ${step}: ${e.message}`);
  if (args.artifacts) await page.screenshot({ path: join(args.artifacts, 'quarantine-failure.png'), fullPage: true }).catch(() => {});
  await context.close();
  process.exit(1);
}

function check(cond, message) {
  if (!cond) throw new Error(message);
}
