// Browser test of two gateways sharing one configuration database (docs/fleet-state.md): Debian's chromium driven by
// playwright-core shows the admin page of gateway A and of gateway B side by side; a mapping switched off on A's page
// shows as disabled on B's page within 2 s (B applied the change from the database and its page reloaded on its
// own config_updated event), and back the other way; both pages' Fleet panels list both gateways as current.
//
//   node web/tests/fleet-e2e.mjs <baseUrlA> <baseUrlB> --admin=user:password [--start-version=n]
//        [--screenshots=dir] [--artifacts=dir]
//
// --start-version: the fleet's configuration version before the first step (default 1: A seeded an empty database).
//
// Exits 0 when every step passed; prints the measured delays. Run by FleetStateIT (mvn verify).
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT = 30000;
const IN_FORCE_MS = 2000;
const args = Object.fromEntries(process.argv.slice(4).filter((a) => a.startsWith('--')).map((a) => {
  const i = a.indexOf('=');
  return [a.slice(2, i), a.slice(i + 1)];
}));
const [baseA, baseB] = [process.argv[2], process.argv[3]].map((u) => (u || '').replace(/\/$/, ''));
const user = args.admin.slice(0, args.admin.indexOf(':'));
const password = args.admin.slice(args.admin.indexOf(':') + 1);
const START_VERSION = Number(args['start-version'] || 1);
const END_VERSION = START_VERSION + 2;
if (args.screenshots) mkdirSync(args.screenshots, { recursive: true });
if (args.artifacts) mkdirSync(args.artifacts, { recursive: true });

async function waitText(page, selector, re, timeout = WAIT) {
  await page.waitForFunction(([sel, src]) => {
    const n = document.querySelector(sel);
    return n && new RegExp(src).test(n.textContent);
  }, [selector, re.source], { timeout, polling: 50 }).catch(async () => {
    const n = await page.$(selector);
    throw new Error(`${selector} did not show ${re} within ${timeout} ms; it shows: `
      + `${n ? (await n.textContent()).slice(0, 300) : '(none)'}`);
  });
}

async function login(page, base) {
  await page.goto(base + '/admin');
  await page.locator('#login-form').waitFor({ timeout: WAIT });
  await page.fill('#login-user', user);
  await page.fill('#login-password', password);
  await page.click('#login-submit');
  await page.locator('#who').waitFor({ timeout: WAIT });
  await page.locator('#mappings-table tr[data-mapping="sensor1"]').waitFor({ timeout: WAIT });
}

let step = '(start)';
let passed = 0;
const errors = [];
async function run(name, fn) {
  step = name;
  const t = Date.now();
  await fn();
  passed++;
  console.log(`ok ${passed} - ${name} (${Date.now() - t} ms)`);
}

/** Switches sensor1 on one page and measures until the other page shows its new state. */
async function toggleAndWatch(from, to, state, message) {
  await from.click('#mappings-table tr[data-mapping="sensor1"] input.switch');
  // disabling asks first (what disable means for messages); enabling does not
  if (/disabled/.test(message.source)) await from.click('#confirm-ok');
  await waitText(from, '#mappings-msg', message);
  const saved = Date.now();
  await waitText(to, '#mappings-table tr[data-mapping="sensor1"] td.state', state, IN_FORCE_MS);
  return Date.now() - saved;
}

// one browser context per gateway: cookies are per host, not per port, so two sessions on 127.0.0.1 need two jars
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
const contexts = [];
async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  contexts.push(context);
  const p = await context.newPage();
  p.on('pageerror', (e) => errors.push(`${p.url()}: ${e.message}`));
  p.on('dialog', (d) => d.accept());
  return p;
}
const pageA = await newPage();
const pageB = await newPage();
let code = 0;
try {
  await run('sign in on the admin page of gateway A and of gateway B', async () => {
    await login(pageA, baseA);
    await login(pageB, baseB);
    await waitText(pageB, '#mappings-table tr[data-mapping="sensor1"] td.state', /running/);
  });

  await run('a mapping switched off on A shows disabled on B within 2 s', async () => {
    const ms = await toggleAndWatch(pageA, pageB, /disabled/, /Mapping sensor1 disabled/);
    console.log(`measured: disabled on A, shown on B after ${ms} ms`);
  });

  await run('switched on again on B, it shows running on A within 2 s', async () => {
    const ms = await toggleAndWatch(pageB, pageA, /running/, /Mapping sensor1 enabled/);
    console.log(`measured: enabled on B, shown on A after ${ms} ms`);
  });

  await run(`the Fleet panel of each page lists both gateways at version ${END_VERSION}, current`, async () => {
    // START_VERSION before; +1: disabled on A; +2: enabled on B. The panel polls every 5 s.
    for (const p of [pageA, pageB]) {
      await p.locator('#fleet-panel').scrollIntoViewIfNeeded();
      await waitText(p, '#fleet-summary', new RegExp(`configuration version ${END_VERSION};`), 15000);
      for (const id of ['gw-a', 'gw-b']) {
        await waitText(p, `#fleet-table tr[data-instance="${id}"] td.fleet-config-version`,
          new RegExp(`^${END_VERSION}$`), 15000);
        await waitText(p, `#fleet-table tr[data-instance="${id}"]`, /current/, 15000);
      }
    }
    if (args.screenshots) await pageB.screenshot({ path: join(args.screenshots, 'fleet.png'), fullPage: true });
  });

  await run('no script errors on either page', async () => {
    if (errors.length) throw new Error(errors.join('\n'));
  });
} catch (e) {
  code = 1;
  console.error(`not ok - ${step}: ${e.message}`);
  if (args.artifacts) {
    for (const [name, p] of [['fleet-a', pageA], ['fleet-b', pageB]]) {
      if (!p.isClosed()) await p.screenshot({ path: join(args.artifacts, `failure-${name}.png`), fullPage: true }).catch(() => {});
    }
  }
} finally {
  for (const c of contexts) await c.close().catch(() => {});
  await browser.close().catch(() => {});
}
console.log(code === 0 ? `all ${passed} steps passed` : `failed after ${passed} passing steps`);
process.exit(code);
