// The real desktop window under test: the Tauri app on a temp data file, in
// Xvfb, driven through tauri-driver + WebKitWebDriver (Selenium client).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Builder, Key, By } from 'selenium-webdriver';
import { APP, requireBinary, tempDir, seed, freePort, waitFor, stopChild, sleep, startXvfb } from './env.mjs';
import { driverKey } from './keys.mjs';
import { syntheticPaste, clipboardPaste } from './paste.mjs';

const xvfbs = new Map(); // screen size → {child, display}

/** One Xvfb per screen size for the whole test process. */
async function ensureDisplay(screen = '1366x768') {
  if (xvfbs.has(screen)) return xvfbs.get(screen).display;
  const { child, display } = await startXvfb(screen);
  child.unref(); // never keep the test process alive; stopped on exit below
  xvfbs.set(screen, { child, display });
  // SIGTERM: Xvfb removes its socket and lock file on its way out.
  process.once('exit', () => { try { child.kill('SIGTERM'); } catch { /* gone */ } });
  return display;
}

function tauriDriverPath() {
  const local = join(process.env.HOME || '', '.cargo/bin/tauri-driver');
  return existsSync(local) ? local : 'tauri-driver';
}

async function startDriver(env, screen) {
  const display = await ensureDisplay(screen);
  const port = await freePort();
  const nativePort = await freePort();
  const child = spawn(tauriDriverPath(), ['--port', String(port), '--native-port', String(nativePort)], {
    env: { ...process.env, DISPLAY: display, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`tauri-driver exited: ${stderr}`);
    const res = await fetch(`http://127.0.0.1:${port}/status`).catch(() => null);
    return res !== null;
  }, 'tauri-driver to listen', 15000);
  return { child, port, display, stderr: () => stderr };
}

async function newSession(port, db) {
  const driver = await new Builder()
    .usingServer(`http://127.0.0.1:${port}/`)
    .withCapabilities({ browserName: 'wry', 'tauri:options': { application: requireBinary(APP), args: ['--db', db] } })
    .build();
  // The shell has loaded once the boot message is replaced.
  await waitFor(async () => {
    const boot = await driver.findElements(By.css('p.boot'));
    return boot.length === 0;
  }, 'the app to render', 15000);
  return driver;
}

/**
 * Start the desktop app with a fresh data file (or `db`). `env` reaches the app
 * (TAIZHANG_TODAY, TAIZHANG_TEST_SAVE_DIR …); `screen` is the Xvfb screen's
 * size. The app's config folder (where the window's geometry is kept) is the
 * test's own (`configDir`), so no test sees another's window. Returns a UI
 * driver (`ui`).
 */
export async function startWindowApp({ env = {}, db = null, seed: packages = [], screen = '1366x768', before = null } = {}) {
  const tmp = tempDir();
  const dbPath = db ?? join(tmp.dir, 'taizhang.db');
  seed(dbPath, packages);
  const configHome = join(tmp.dir, 'config');
  const configDir = join(configHome, 'cn.taizhang.app');
  mkdirSync(configDir, { recursive: true });
  if (before) before({ configDir });
  // The native save dialog is answered by the test-only folder, which is
  // the UI driver's downloads folder (a test may name its own).
  const downloads = env.TAIZHANG_TEST_SAVE_DIR ?? join(tmp.dir, 'saved');
  const drv = await startDriver({ XDG_CONFIG_HOME: configHome, TAIZHANG_TEST_SAVE_DIR: downloads, ...env }, screen);
  let driver = await newSession(drv.port, dbPath);
  const app = {
    kind: 'window',
    db: dbPath,
    dir: tmp.dir,
    display: drv.display,
    configDir,
    get driver() { return driver; },
    /** The app's top-level X window: {x, y, width, height} as the X server has it (xwininfo). */
    windowGeometry() { return xWindowGeometry(drv.display); },
    ui: null,
    /** Close the window and launch the app again on the same data file. */
    async restart() {
      await driver.quit();
      await sleep(300);
      driver = await newSession(drv.port, dbPath);
      app.ui = seleniumUi(driver, 'window', { downloads });
    },
    /** A PNG of the whole (virtual) screen. */
    screenshot(path) {
      execFileSync('import', ['-window', 'root', path], { env: { ...process.env, DISPLAY: drv.display } });
    },
    async stop() {
      await driver.quit().catch(() => {});
      await stopChild(drv.child);
      killLeftApp(dbPath);
      // The app inherits tauri-driver's stderr: while a left app holds it,
      // the pipe would keep this test process from ever exiting.
      drv.child.stderr?.destroy();
      tmp.cleanup();
    },
  };
  app.ui = seleniumUi(driver, 'window', { downloads });
  return app;
}

/**
 * Kill the app still running on `db` once its session is over: now and then
 * WebKitWebDriver ends a session without closing the app, which would then
 * outlive the test (seen once in a CI run: the test process never exited).
 */
function killLeftApp(db) {
  try {
    execFileSync('pkill', ['-KILL', '-f', `${APP} --db ${db}`], { stdio: 'ignore' });
  } catch {
    // pkill exits 1 when no process matched: the usual case.
  }
}

/**
 * The geometry of the app's window from the X server: the largest mapped
 * top-level window (the app has one; the X root has no others under Xvfb).
 */
function xWindowGeometry(display) {
  const out = execFileSync('xwininfo', ['-root', '-children'], { env: { ...process.env, DISPLAY: display } }).toString();
  const ids = [...out.matchAll(/^\s+(0x[0-9a-f]+) /gm)].map((m) => m[1]);
  let best = null;
  for (const id of ids) {
    const info = execFileSync('xwininfo', ['-id', id], { env: { ...process.env, DISPLAY: display } }).toString();
    if (!/Map State: IsViewable/.test(info)) continue;
    const num = (label) => Number(info.match(new RegExp(`${label}:\\s+(-?\\d+)`))[1]);
    const g = { id, x: num('Absolute upper-left X'), y: num('Absolute upper-left Y'), width: num('Width'), height: num('Height') };
    if (!best || g.width * g.height > best.width * best.height) best = g;
  }
  if (!best) throw new Error(`no mapped window on ${display}:\n${out}`);
  return best;
}

const KEYS = {
  Enter: Key.ENTER, Tab: Key.TAB, Escape: Key.ESCAPE, Backspace: Key.BACK_SPACE, Delete: Key.DELETE,
  ArrowDown: Key.ARROW_DOWN, ArrowUp: Key.ARROW_UP, ArrowLeft: Key.ARROW_LEFT, ArrowRight: Key.ARROW_RIGHT,
  Home: Key.HOME, End: Key.END, PageDown: Key.PAGE_DOWN, PageUp: Key.PAGE_UP, Space: Key.SPACE, F2: Key.F2,
};
const MODIFIERS = { Control: Key.CONTROL, Shift: Key.SHIFT, Alt: Key.ALT, Meta: Key.META };

/**
 * The UI driver over Selenium (same interface as the browser suite's); `mode`
 * says whose shortcuts to press: the window's, or browser mode's (Firefox).
 */
/** Start the window as `options` say, run `scenarios` in turn, and always close it. */
export async function withWindowApp(options, ...scenarios) {
  const app = await startWindowApp(options);
  try {
    for (const scenario of scenarios) await scenario(app);
  } finally {
    await app.stop();
  }
}

export function seleniumUi(driver, mode = 'window', { downloads = null } = {}) {
  const find = (selector) => driver.findElement(By.css(selector));
  const ui = {
    async goto(route) {
      await driver.executeScript(`location.hash = '#/${route}'`);
      await sleep(150);
    },
    async waitFor(selector, timeout = 10000) {
      await waitFor(async () => {
        const els = await driver.findElements(By.css(selector));
        for (const e of els) if (await e.isDisplayed()) return true;
        return false;
      }, `${selector} to be visible`, timeout);
    },
    async waitForText(selector, text, timeout = 10000) {
      await waitFor(
        () => driver.executeScript(
          'return [...document.querySelectorAll(arguments[0])].some((e) => e.textContent.includes(arguments[1]))',
          selector, text,
        ),
        `${selector} to contain “${text}”`,
        timeout,
      );
    },
    async text(selector) { return driver.executeScript('return document.querySelector(arguments[0])?.textContent ?? ""', selector); },
    async texts(selector) { return driver.executeScript('return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent.trim())', selector); },
    async count(selector) { return driver.executeScript('return document.querySelectorAll(arguments[0]).length', selector); },
    async value(selector) { return find(selector).getAttribute('value'); },
    /**
     * Click `selector`. Firefox's WebDriver refuses to scroll a table row into
     * view (“could not be scrolled into view”) even when it is on screen, so a
     * row is clicked on its first cell, which the row's handler hears the same
     * (Firefox only: the window's WebKit clicks rows as they are).
     */
    async click(selector) {
      const el = find(selector);
      const row = mode === 'browser' && (await el.getTagName()).toLowerCase() === 'tr';
      const target = row ? el.findElement(By.css('td, th')) : el;
      await target.click();
    },
    async focus(selector) { await driver.executeScript('document.querySelector(arguments[0]).focus()', selector); },
    async type(text) { await driver.switchTo().activeElement().sendKeys(text); },
    async press(...keys) {
      for (const combo of keys) {
        const parts = combo.split('+');
        const key = parts.pop();
        const k = KEYS[key] ?? key;
        let actions = driver.actions({ async: true });
        for (const m of parts) actions = actions.keyDown(MODIFIERS[m]);
        actions = actions.keyDown(k).keyUp(k);
        for (const m of parts.reverse()) actions = actions.keyUp(MODIFIERS[m]);
        await actions.perform();
      }
    },
    /** Press the key of `action` in this mode (ui/js/shortcuts.js). */
    async shortcut(action) { await ui.press(driverKey(action, mode)); },
    async select(selector, value) {
      await driver.executeScript(
        'const s = document.querySelector(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event("change", {bubbles: true}));',
        selector, value,
      );
    },
    async activeField() {
      return driver.executeScript('return document.activeElement?.getAttribute("data-field") || document.activeElement?.id || ""');
    },
    async eval(fn, arg) { return driver.executeScript(`return (${fn.toString()})(arguments[0])`, arg); },
    /**
     * Paste `text` onto `selector`. WebKit takes a scripted paste event; Firefox
     * hands a scripted event an empty clipboard, so there the text goes through
     * the real clipboard: copied from a scratch field with Ctrl+C, pasted with Ctrl+V.
     */
    async paste(selector, text) {
      if (mode === 'window') return ui.eval(syntheticPaste, [selector, text]);
      return clipboardPaste(ui, selector, text);
    },
    async sleep(ms) { await sleep(ms); },
    /**
     * Make the page's viewport `width`×`height` CSS pixels. WebDriver sizes
     * the whole window, so the browser's own bars are added back on, as
     * measured after a first resize.
     */
    async setViewport({ width, height }) {
      await driver.manage().window().setRect({ width, height });
      const inner = await driver.executeScript('return [innerWidth, innerHeight]');
      await driver.manage().window().setRect({ width: 2 * width - inner[0], height: 2 * height - inner[1] });
      const now = await driver.executeScript('return [innerWidth, innerHeight]');
      if (now[0] !== width || now[1] !== height) throw new Error(`the viewport is ${now.join('×')}, not ${width}×${height}`);
    },
    /** Replace the value of the field at `selector` with `text`, as typed. */
    async fill(selector, text) {
      const el = find(selector);
      await el.clear();
      await el.sendKeys(text);
    },
    /** Click the control of `role` ('button', 'tab' …) named `name`, within `scope` if given. */
    /** Waits for the control to show and be enabled first, as Playwright's click does (a chosen file is read before its button shows). */
    async clickRole(role, name, scope = null) {
      const el = await waitFor(async () => {
        const found = await byRole(driver, role, name, scope).catch(() => null);
        return found && (await found.isEnabled()) ? found : null;
      }, `a visible, enabled ${role} named “${name}”`);
      await el.click();
    },
    async clickButton(name, scope = null) { await ui.clickRole('button', name, scope); },
    async buttonDisabled(name) { return !(await (await byRole(driver, 'button', name, null)).isEnabled()); },
    /** Click the first `selector` whose text contains `text`. */
    async clickText(selector, text) {
      const el = await driver.executeScript(
        'return [...document.querySelectorAll(arguments[0])].find((e) => e.textContent.includes(arguments[1])) ?? null',
        selector, text,
      );
      if (!el) throw new Error(`no ${selector} with “${text}”`);
      await el.click();
    },
    /** Wait until nothing matches `selector`. */
    async waitForGone(selector, timeout = 10000) {
      await waitFor(async () => (await driver.findElements(By.css(selector))).length === 0, `${selector} to go`, timeout);
    },
    /** Choose `paths` (one or several) in the file input at `selector`: WebDriver takes them one a line. */
    async chooseFiles(selector, paths) { await find(selector).sendKeys([paths].flat().join('\n')); },
    /** Run `click`, which starts a download; the saved file's path. */
    async download(click) { return (await ui.downloads(click, 1))[0].path; },
    /** Run `click`, which starts `count` downloads; each file's {name, path}. */
    async downloads(click, count) {
      const saved = ui.watchDownloads();
      await click();
      return saved(count);
    },
    /**
     * From now on, note downloads: `saved(count)` waits for `count` new files
     * in the folder, each {name, path}, sorted by name. The browser saves into
     * `downloads` (its profile says so, asking nothing): a file is done once no
     * partial file remains and the sizes hold from one look to the next.
     */
    watchDownloads() {
      if (!downloads) throw new Error('this ui has no downloads folder (the window saves through its own dialog)');
      mkdirSync(downloads, { recursive: true });
      const before = new Set(readdirSync(downloads));
      return (count) => {
        let last = null;
        return waitFor(() => {
          const names = readdirSync(downloads);
          const fresh = names.filter((n) => !before.has(n) && !n.endsWith('.part') && !n.startsWith('.')).sort((a, b) => a.localeCompare(b));
          if (fresh.length !== count || names.some((n) => n.endsWith('.part'))) return null;
          const files = fresh.map((name) => ({ name, path: join(downloads, name) }));
          const sizes = files.map((f) => statSync(f.path).size);
          const steady = sizes.every((n) => n > 0) && last === sizes.join(',');
          last = sizes.join(',');
          return steady ? files : null;
        }, `${count} download(s) in ${downloads}`, 30000, 200);
      };
    },
  };
  return ui;
}

/**
 * The visible element of `role` named `name` (its aria-label or text): the one
 * named exactly, else the first whose name contains it, as Playwright's getByRole.
 */
async function byRole(driver, role, name, scope) {
  const el = await driver.executeScript(`
    const [role, name, scope] = arguments;
    const root = scope ? document.querySelector(scope) : document;
    const selector = role === 'button'
      ? 'button:not([role]), [role=button], input[type=button], input[type=submit]'
      : '[role=' + role + ']';
    const named = (e) => (e.getAttribute('aria-label') || e.textContent || e.value || '').trim();
    const shown = [...(root?.querySelectorAll(selector) ?? [])].filter((e) => e.getClientRects().length > 0);
    return shown.find((e) => named(e) === name) ?? shown.find((e) => named(e).includes(name)) ?? null;`,
  role, name, scope);
  if (!el) throw new Error(`no visible ${role} named “${name}”`);
  return el;
}
