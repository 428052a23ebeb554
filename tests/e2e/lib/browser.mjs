// Browser mode under test: `taizhang-cli serve` on a temp data file, driven by
// Playwright in Debian's Chromium.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { CLI, requireBinary, tempDir, seed, spawnUntil, stopChild, waitFor } from './env.mjs';
import { driverKey } from './keys.mjs';
import { syntheticPaste } from './paste.mjs';

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
];

/** `taizhang-cli serve` on `db`: its URL (with the token), port and origin. */
export async function startServer(db, env) {
  const { child, match } = await spawnUntil(requireBinary(CLI), ['--db', db, 'serve', '--port', '0'], {
    env,
    pattern: /http:\/\/127\.0\.0\.1:(\d+)\/#token=([0-9a-f]+)/,
  });
  return { child, url: match[0], port: Number(match[1]), token: match[2], origin: `http://127.0.0.1:${match[1]}` };
}

/**
 * Start browser mode with a fresh data file (or `db`), open Chromium on it.
 * Returns the server's facts, the Playwright page, and a UI driver (`ui`).
 */
export async function startBrowserApp({ env = {}, db = null, seed: packages = [], viewport = { width: 1366, height: 768 } } = {}) {
  const tmp = tempDir();
  const dbPath = db ?? join(tmp.dir, 'taizhang.db');
  seed(dbPath, packages);
  let server = await startServer(dbPath, env);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'zh-CN' });
  const page = await context.newPage();
  const pageErrors = [];
  collectErrors(page, pageErrors);
  await page.goto(server.url);

  const app = {
    kind: 'browser',
    db: dbPath,
    dir: tmp.dir,
    page,
    browser,
    pageErrors,
    get server() { return server; },
    ui: null,
    /** Stop the server and start it again on the same data file, as a clerk restarting the program. */
    async restart() {
      await stopChild(server.child);
      server = await startServer(dbPath, env);
      await page.goto('about:blank');
      await page.goto(server.url);
    },
    /** A second tab on the same server (its errors collected with the first's): {ui}. */
    async openSecondPage() {
      const second = await context.newPage();
      collectErrors(second, pageErrors);
      await second.goto(server.url);
      return { ui: playwrightUi(second) };
    },
    async stop() {
      await browser.close().catch(() => {});
      await stopChild(server.child);
      tmp.cleanup();
    },
  };
  app.ui = playwrightUi(page);
  return app;
}

/**
 * Note `page`'s script errors in `into`. A refused command answers 4xx, which
 * Chromium logs as a failed resource: that is the app working, not a script error.
 */
function collectErrors(page, into) {
  page.on('pageerror', (e) => into.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) into.push(m.text());
  });
}

/**
 * Start browser mode as `options` say, run `scenarios` in turn, find no script
 * errors in the page, and always stop it.
 */
export async function withBrowserApp(options, ...scenarios) {
  const app = await startBrowserApp(options);
  try {
    for (const scenario of scenarios) await scenario(app);
    assert.deepEqual(app.pageErrors, [], 'no script errors in the page');
  } finally {
    await app.stop();
  }
}

/** The UI driver over Playwright (same interface as the window suite's). */
export function playwrightUi(page) {
  return {
    async goto(route) {
      await page.evaluate((r) => { location.hash = `#/${r}`; }, route);
      await page.waitForTimeout(100);
    },
    async waitFor(selector, timeout = 10000) {
      await page.waitForSelector(selector, { state: 'visible', timeout });
    },
    async waitForText(selector, text, timeout = 10000) {
      await page.waitForFunction(
        ([s, t]) => [...document.querySelectorAll(s)].some((e) => e.textContent.includes(t)),
        [selector, text],
        { timeout },
      );
    },
    async text(selector) { return (await page.textContent(selector)) ?? ''; },
    async texts(selector) { return page.$$eval(selector, (els) => els.map((e) => e.textContent.trim())); },
    async count(selector) { return page.$$eval(selector, (els) => els.length); },
    async value(selector) { return page.inputValue(selector); },
    async click(selector) { await page.click(selector); },
    async focus(selector) { await page.focus(selector); },
    /** Type text into the focused element. */
    async type(text) { await page.keyboard.type(text); },
    /** Press keys: 'Enter', 'Tab', 'Escape', 'Control+Enter', 'Control+n', 'ArrowDown' … */
    async press(...keys) { for (const k of keys) await page.keyboard.press(k); },
    /** Press the key of `action` in browser mode (ui/js/shortcuts.js). */
    async shortcut(action) { await page.keyboard.press(driverKey(action, 'browser')); },
    async select(selector, value) { await page.selectOption(selector, value); },
    async activeField() { return page.evaluate(() => document.activeElement?.getAttribute('data-field') || document.activeElement?.id || ''); },
    async eval(fn, arg) { return page.evaluate(fn, arg); },
    /** Paste `text` (as copied from a spreadsheet) onto `selector`. */
    async paste(selector, text) { await page.evaluate(syntheticPaste, [selector, text]); },
    async sleep(ms) { await page.waitForTimeout(ms); },
    /** Make the page's viewport `width`×`height` CSS pixels. */
    async setViewport({ width, height }) { await page.setViewportSize({ width, height }); },
    /** Replace the value of the field at `selector` with `text`, as typed. */
    async fill(selector, text) { await page.fill(selector, text); },
    /** Click the control of `role` ('button', 'tab' …) named `name`, within `scope` if given. */
    async clickRole(role, name, scope = null) {
      await (scope ? page.locator(scope) : page).getByRole(role, { name }).click();
    },
    async clickButton(name, scope = null) { await this.clickRole('button', name, scope); },
    async buttonDisabled(name) { return page.getByRole('button', { name }).isDisabled(); },
    /** Click the first `selector` whose text contains `text`. */
    async clickText(selector, text) { await page.locator(selector, { hasText: text }).first().click(); },
    /** Wait until nothing matches `selector`. */
    async waitForGone(selector, timeout = 10000) { await page.waitForSelector(selector, { state: 'detached', timeout }); },
    /** Choose `paths` (one or several) in the file input at `selector`. */
    async chooseFiles(selector, paths) { await page.setInputFiles(selector, paths); },
    /** Run `click`, which starts a download; the saved file's path. */
    async download(click) { return (await this.downloads(click, 1))[0].path; },
    /** Run `click`, which starts `count` downloads; each file's {name, path}. */
    async downloads(click, count) {
      const saved = this.watchDownloads();
      await click();
      return saved(count);
    },
    /** From now on, note downloads: `saved(count)` waits for `count` of them, each {name, path}, sorted by name. */
    watchDownloads() {
      const started = [];
      const listen = (d) => started.push(d);
      page.on('download', listen);
      return async (count) => {
        try {
          await waitFor(() => started.length >= count, `${count} download(s)`, 30000);
        } finally {
          page.off('download', listen);
        }
        const files = await Promise.all(started.map(async (d) => ({ name: d.suggestedFilename(), path: await d.path() })));
        return files.sort((a, b) => a.name.localeCompare(b.name));
      };
    },
  };
}
