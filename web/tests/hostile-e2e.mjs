// Browser test of hostile text on every page: Debian's chromium driven by playwright-core against a running gateway
// whose contract, mapping, messages, quarantine rows and audit entries HostileInputBrowserIT filled with HTML, script
// end tags, javascript: URLs, U+2028, a 20,000-character sensor id, a 990-character topic and 64-character ids. On the
// dashboard (live list, a report's dialog) and every admin tab (mappings, contracts, publish, audit, quarantine and a
// quarantined message with its MQTT properties, fleet) the test checks that the text is shown as text, nothing runs
// (no dialog, no window.__xss, no element the text would have made, no CSP violation, no script error) and long values
// neither push a table's columns out of sight nor make a dialog scroll sideways.
//
//   node web/tests/hostile-e2e.mjs <baseUrl> --admin=user:password [--screenshots=dir] [--artifacts=dir]
//
// Exits 0 when every step passed. Run by HostileInputBrowserIT (mvn verify).
import { readFileSync } from 'node:fs';
import { Steps, check, commandLine, credentials, defaults, openBrowser, realErrors, screenshot, login,
  waitText } from './lib.mjs';

defaults.wait = 30000;
const WAIT = defaults.wait;
const { base, args, shots, artifacts } = commandLine(
  'node hostile-e2e.mjs <baseUrl> --admin=user:password [--screenshots=dir] [--artifacts=dir]', ['admin']);
const [user, password] = credentials(args.admin);

const steps = new Steps();
const run = (name, fn) => steps.run(name, fn);
const errors = [];
const dialogs = [];
const browser = await openBrowser('cg-hostile-e2e', { width: 1280, height: 900 }, errors);
const { page, context } = browser;
page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
// every CSP violation of every document, recorded before its own scripts run
await context.addInitScript(() => {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
});

/** Nothing the hostile text held ran or became markup on the page now shown. */
async function nothingRan(where) {
  const found = await page.evaluate(() => ({
    xss: window.__xss,
    made: document.querySelectorAll('img[src="x"], [onerror], [onload], [onmouseover], script:not([src]), a[href^="javascript:"]').length,
    violations: window.__violations,
  }));
  check(found.xss === undefined, `${where}: the hostile text ran (window.__xss = ${found.xss})`);
  check(found.made === 0, `${where}: the hostile text became ${found.made} element(s)`);
  check(found.violations.length === 0, `${where}: CSP violations ${found.violations.join(', ')}`);
  check(dialogs.length === 0, `${where}: dialogs opened: ${dialogs.join(', ')}`);
}

/** The element shows the hostile markup as text. */
async function showsAsText(selector) {
  await waitText(page, selector, /<img src=x onerror=/);
}

try {
  await run('the dashboard lists the hostile messages as text, nothing runs, long topics and ids keep the rates in sight', async () => {
    await login(page, base + '/', user, password);
    await showsAsText('#messages');
    await showsAsText('.rates-table');
    await nothingRan('dashboard');
    await page.locator('#mapping-rates tr[data-mapping="longtopic"]').waitFor({ timeout: WAIT });
    const rates = await page.evaluate(() => {
      const wrap = document.querySelector('#mapping-rates').closest('.table-wrap');
      return { scroll: wrap.scrollWidth, client: wrap.clientWidth };
    });
    check(rates.scroll <= rates.client, `a long topic or id pushes the rates table's figures out of sight: ${rates.scroll} px in ${rates.client} px`);
    const wide = await page.evaluate(() => [...document.querySelectorAll('.card, .table-wrap')]
      .filter((c) => c.scrollWidth > c.clientWidth).map((c) => `${c.id || c.className}: ${c.scrollWidth} px in ${c.clientWidth} px`));
    check(wide.length === 0, `long ids or topics run past their box: ${wide.join('; ')}`);
    await screenshot(shots, page, 'hostile-dashboard.png');
  });

  await run("a report's dialog wraps a 20,000-character sensor id instead of scrolling sideways", async () => {
    await page.locator('li.msg', { hasText: 'AAAAAAAAAA' }).first().click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor({ timeout: WAIT });
    const size = await dialog.evaluate((d) => ({ scroll: d.scrollWidth, client: d.clientWidth }));
    check(size.scroll <= size.client, `the dialog scrolls sideways: ${size.scroll} px of content in ${size.client} px`);
    await page.keyboard.press('Escape');
    await page.locator('li.msg.failed', { hasText: '<img src=x' }).first().click();
    await showsAsText('dialog[open]');
    await nothingRan('report dialog');
    await page.keyboard.press('Escape');
  });

  await run('every admin tab shows the hostile names as text and nothing runs', async () => {
    await page.goto(base + '/admin#mappings');
    await showsAsText('#panel-mappings');
    const mappings = await page.evaluate(() => {
      const wrap = document.querySelector('#mappings-table').closest('.table-wrap');
      return { scroll: wrap.scrollWidth, client: wrap.clientWidth };
    });
    check(mappings.scroll <= mappings.client, `a 64-character id pushes the mappings' switches and buttons out of sight: ${mappings.scroll} px in ${mappings.client} px`);
    await page.click('#tab-contracts');
    await page.locator('#contract-list .pick[data-contract="hostile"]').click();
    await waitText(page, '#contract-form', /onerror=window.__xss/);
    await page.click('#tab-publish');
    await page.click('#tab-audit');
    await waitText(page, '#audit-table', /hostile/);
    await nothingRan('admin tabs');
  });

  await run('the quarantine table keeps every column in sight beside a 20,000-character sensor id; the CSV export downloads', async () => {
    await page.click('#tab-quarantine');
    await page.fill('#q-mapping', 'hostile');
    await page.click('#q-search');
    await page.waitForFunction(() => document.querySelectorAll('#q-rows tr[data-id]').length >= 3, null, { timeout: WAIT });
    const layout = await page.evaluate(() => {
      const wrap = document.querySelector('#q-results').closest('.table-wrap').getBoundingClientRect();
      return [...document.querySelectorAll('#q-rows tr[data-id]')].map((r) => {
        const last = r.lastElementChild.getBoundingClientRect();
        return { right: Math.round(last.right), height: Math.round(r.getBoundingClientRect().height), wrap: Math.round(wrap.right) };
      });
    });
    for (const row of layout) {
      check(row.right <= row.wrap, `a row's Status column is out of sight: its right edge at ${row.right} px, the table's view ends at ${row.wrap} px`);
      check(row.height < 80, `a row is ${row.height} px high (a squeezed column wraps one character per line)`);
    }
    await showsAsText('#q-rows');
    await screenshot(shots, page, 'hostile-quarantine.png');
    // the export still downloads under the API's no-store, sandboxing CSP: the hostile text is data in the file
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }), page.click('#q-export-csv')]);
    check(download.suggestedFilename() === 'quarantine.csv', `the export was named ${download.suggestedFilename()}`);
    const csv = readFileSync(await download.path(), 'utf8');
    check(csv.includes('<img src=x onerror=window.__xss=1>') && csv.split('\n').length >= 4,
      `the CSV export lacks the quarantined rows: ${csv.slice(0, 300)}`);
  });

  await run('a quarantined message shows its hostile payload and MQTT properties as text', async () => {
    await page.locator('#q-rows tr[data-id]', { hasText: '<img src=x' }).first().click();
    await waitText(page, '#q-payload', /<img src=x onerror=/);
    await waitText(page, '#q-detail', /content_type|contentType/i);
    await nothingRan('quarantined message');
  });

  const real = realErrors(errors);
  check(real.length === 0, `script errors: ${real.join('\n')}`);
  await browser.close();
  steps.finish(0);
} catch (e) {
  await steps.failed(e, artifacts, [['hostile-failure.png', page]], errors);
  await browser.close();
  steps.finish(1);
}
