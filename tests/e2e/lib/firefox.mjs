// Browser mode in Firefox ESR (Kylin's default browser): `taizhang-cli serve`
// on a temp data file, Debian's firefox-esr driven headless through
// geckodriver (WebDriver, with BiDi for the page's script errors) by the
// Selenium client. The app it returns has the same `ui` driver as the other
// suites, so the browser-mode scenarios run here unchanged.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Builder, Browser, By } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import getLogInspector from 'selenium-webdriver/bidi/logInspector.js';
import { tempDir, seed, stopChild, waitFor } from './env.mjs';
import { startServer } from './browser.mjs';
import { seleniumUi } from './window.mjs';

const FIREFOX = '/usr/bin/firefox-esr';
// What the app exports: data packages, the report as web page, Word, Excel and PDF.
const DOWNLOAD_TYPES = [
  'application/json', 'text/html', 'application/pdf', 'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
].join(',');

function geckodriverPath() {
  const local = join(process.env.HOME || '', '.cargo/bin/geckodriver');
  if (existsSync(local)) return local;
  if (existsSync('/usr/local/bin/geckodriver')) return '/usr/local/bin/geckodriver';
  throw new Error('geckodriver is missing: scripts/setup.sh test installs it (cargo install geckodriver)');
}

async function newFirefox({ width, height }, downloads) {
  const options = new firefox.Options()
    .setBinary(FIREFOX)
    .addArguments('-headless')
    .windowSize({ width, height })
    .setPreference('intl.accept_languages', 'zh-CN')
    .setPreference('browser.download.folderList', 2)
    .setPreference('browser.download.dir', downloads)
    .setPreference('browser.download.useDownloadDir', true)
    // Save every export straight into `downloads`, asking nothing and opening nothing.
    .setPreference('browser.download.always_ask_before_handling_new_types', false)
    .setPreference('browser.download.start_downloads_in_tmp_dir', false)
    .setPreference('browser.download.alwaysOpenPanel', false)
    .setPreference('browser.download.manager.showWhenStarting', false)
    .setPreference('browser.helperApps.neverAsk.saveToDisk', DOWNLOAD_TYPES)
    .setPreference('pdfjs.disabled', true)
    .setPreference('browser.shell.checkDefaultBrowser', false)
    .setPreference('datareporting.policy.dataSubmissionEnabled', false)
    .setPreference('app.update.enabled', false)
    .enableBidi();
  const service = new firefox.ServiceBuilder(geckodriverPath());
  return new Builder()
    .forBrowser(Browser.FIREFOX)
    .setFirefoxOptions(options)
    .setFirefoxService(service)
    .build();
}

/** Start browser mode with a fresh data file (or `db`) and open Firefox on it; same shape as startBrowserApp. */
export async function startFirefoxApp({ env = {}, db = null, seed: packages = [], viewport = { width: 1366, height: 768 } } = {}) {
  const tmp = tempDir();
  const dbPath = db ?? join(tmp.dir, 'taizhang.db');
  seed(dbPath, packages);
  let server = await startServer(dbPath, { MOZ_HEADLESS: '1', ...env });
  const downloads = join(tmp.dir, 'downloads');
  let driver;
  try {
    driver = await newFirefox(viewport, downloads);
  } catch (e) {
    await stopChild(server.child);
    tmp.cleanup();
    throw e;
  }
  const pageErrors = [];
  const inspector = await getLogInspector(driver);
  await inspector.onJavascriptException((e) => pageErrors.push(e.text));
  await inspector.onConsoleEntry((e) => {
    // A refused command answers 4xx, which the console notes: that is the app working.
    if (e.level === 'error' && !/^(Failed to load resource|XHR|Fetch)/.test(e.text ?? '')) pageErrors.push(e.text);
  });
  const open = async () => {
    await driver.get(server.url);
    await waitFor(async () => (await driver.findElements(By.css('p.boot'))).length === 0, 'the app to render', 15000);
  };
  await open();
  const app = {
    kind: 'browser',
    browserName: 'firefox',
    db: dbPath,
    dir: tmp.dir,
    downloads,
    driver,
    pageErrors,
    get server() { return server; },
    ui: seleniumUi(driver, 'browser', { downloads }),
    /**
     * A second tab on the same server: {ui}. One WebDriver session drives both
     * tabs, so from now on each tab's ui switches to its own tab first.
     */
    async openSecondPage() {
      const first = await driver.getWindowHandle();
      app.ui = onTab(driver, first, app.ui);
      await driver.switchTo().newWindow('tab');
      const second = await driver.getWindowHandle();
      await open();
      return { ui: onTab(driver, second, seleniumUi(driver, 'browser', { downloads })) };
    },
    /** Stop the server and start it again on the same data file, as a clerk restarting the program. */
    async restart() {
      await stopChild(server.child);
      server = await startServer(dbPath, env);
      await driver.get('about:blank');
      await open();
    },
    async stop() {
      await inspector.close?.().catch?.(() => {});
      await driver.quit().catch(() => {});
      await stopChild(server.child);
      tmp.cleanup();
    },
  };
  return app;
}

/** `ui` with each of its commands run in the tab `handle` (watching the downloads folder needs no tab). */
function onTab(driver, handle, ui) {
  const bound = {};
  for (const [name, command] of Object.entries(ui)) {
    bound[name] = command.constructor.name === 'AsyncFunction'
      ? async (...args) => { await driver.switchTo().window(handle); return command(...args); }
      : command;
  }
  return bound;
}
