// What every browser test of web/tests shares: its command line, Debian's chromium (never a downloaded browser) driven
// by playwright-core, the admin API called outside the page, signing in, waiting for text, and the numbered steps whose
// last line ("all N steps passed") the Java ITs read.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';
/** How long a step waits for what the page should show, in ms (a test may raise it). */
export const defaults = { wait: 20000 };
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * The command line: `count` base URLs, then --key=value options. Exits 2 with `usage` when a base URL or one of the
 * `required` options is missing, 3 when chromium is not installed; creates the --screenshots and --artifacts folders.
 */
export function commandLine(usage, required = [], count = 1) {
  const bases = process.argv.slice(2, 2 + count).map((u) => (u || '').replace(/\/$/, ''));
  const args = Object.fromEntries(process.argv.slice(2 + count).filter((a) => a.startsWith('--')).map((a) => {
    const i = a.indexOf('=');
    return [a.slice(2, i), a.slice(i + 1)];
  }));
  if (bases.some((b) => !b.startsWith('http')) || required.some((k) => !args[k])) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`${CHROMIUM} is missing: run bash scripts/install-test-deps.sh`);
    process.exit(3);
  }
  for (const dir of [args.screenshots, args.artifacts]) {
    if (dir) mkdirSync(dir, { recursive: true });
  }
  return { bases, base: bases[0], args, shots: args.screenshots || null, artifacts: args.artifacts || null };
}

/** "user:password" as [user, password] (the password may hold ':'). */
export function credentials(value) {
  const i = value.indexOf(':');
  return [value.slice(0, i), value.slice(i + 1)];
}

/** The admin API as this user, outside the page: JSON in and out, an error naming the call on a non-2xx answer. */
export function apiClient(base, user, password) {
  const auth = 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
  return async (method, path, body) => {
    const res = await fetch(base + path, {
      method,
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

export function check(cond, message) {
  if (!cond) throw new Error(message);
}

/** The element's trimmed text, once it is there. */
export async function textOf(locator, timeout = defaults.wait) {
  await locator.waitFor({ timeout });
  return (await locator.textContent()).trim();
}

/** Waits until the element's text matches re; the error says what it shows instead. */
export async function waitText(page, selector, re, timeout = defaults.wait, polling = 100) {
  await page.waitForFunction(([sel, src, flags]) => {
    const n = document.querySelector(sel);
    return n && new RegExp(src, flags).test(n.textContent);
  }, [selector, re.source, re.flags], { timeout, polling }).catch(async () => {
    const n = await page.$(selector);
    const got = n ? (await n.textContent()).trim().slice(0, 400) : '(no element)';
    throw new Error(`${selector} did not show ${re} within ${timeout} ms; it shows: ${got}`);
  });
}

/** Fills the sign-in form the page shows and sends it. */
export async function signIn(page, user, password) {
  await page.fill('#login-user', user);
  await page.fill('#login-password', password);
  await page.click('#login-submit');
}

/** Opens url, signs in on its form and waits until the page says who is signed in. */
export async function login(page, url, user, password, timeout = defaults.wait) {
  await page.goto(url);
  await page.locator('#login-form').waitFor({ timeout });
  await signIn(page, user, password);
  await page.locator('#who').waitFor({ timeout });
}

/** Replaces the admin page's contract text: through CodeMirror when it is over the text area, else the text area. */
export async function setSchema(page, text, timeout = defaults.wait) {
  await page.locator('#contract-form[data-editor]').waitFor({ timeout });
  if (await page.getAttribute('#contract-form', 'data-editor') === 'codemirror') {
    await page.evaluate((t) => document.querySelector('#contract-form .CodeMirror').CodeMirror.setValue(t), text);
  } else {
    await page.fill('#schema-text', text);
  }
}

/** Saves what the page shows as dir/name (no-op without a folder, i.e. without --screenshots). */
export async function screenshot(dir, page, name, fullPage = false) {
  if (dir) await page.screenshot({ path: join(dir, name), fullPage });
}

/**
 * A chromium with its own profile (its own cookie jar) in a temporary folder; every page's console errors and script
 * errors go to `errors`. close() ends it and removes the folder.
 */
export async function openBrowser(prefix, viewport, errors) {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, viewport, locale: 'en-GB',
  });
  const watch = (p) => {
    p.on('console', (m) => { if (m.type() === 'error') errors.push(`${p.url()}: ${m.text()}`); });
    p.on('pageerror', (e) => errors.push(`${p.url()}: ${e.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] || await context.newPage();
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The numbered steps of one test: "ok N - name (ms)" each, the failing one named, the summary the ITs read. */
export class Steps {
  constructor() {
    this.current = '(start)';
    this.passed = 0;
  }

  async run(name, fn) {
    this.current = name;
    const t = Date.now();
    await fn();
    this.passed++;
    console.log(`ok ${this.passed} - ${name} (${Date.now() - t} ms)`);
  }

  /** Says which step failed and saves a full-page screenshot of each open page in `artifacts` (when given). */
  async failed(e, artifacts, pages, errors = []) {
    console.error(`not ok - ${this.current}: ${e.message}`);
    if (artifacts) {
      for (const [name, p] of pages) {
        if (p && !p.isClosed()) await p.screenshot({ path: join(artifacts, name), fullPage: true }).catch(() => {});
      }
      console.error(`screenshots of the failure in ${artifacts}`);
    }
    if (errors.length) console.error(`browser console errors:\n${errors.join('\n')}`);
  }

  /** Prints the summary and exits: 0 when every step passed. */
  finish(code) {
    console.log(code === 0 ? `all ${this.passed} steps passed` : `failed after ${this.passed} passing steps`);
    process.exit(code);
  }
}

/** The console errors a person would call a fault: failed requests the test provoked on purpose match `expected`. */
export function realErrors(errors, expected = /status of 40[0-9]|the server responded with a status/i) {
  return errors.filter((e) => !expected.test(e));
}
