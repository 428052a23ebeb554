// End-to-end in browser mode: `taizhang-cli serve` + Playwright + Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowserApp } from './lib/browser.mjs';
import { tempDir } from './lib/env.mjs';
import { firstLaunchAndRestart, keyboardNavigationToSettings } from './scenarios/shell.mjs';
import { typeUndoPasteAndRestart } from './scenarios/tallies.mjs';
import { backupDeleteRestore } from './scenarios/backup.mjs';
import { makeDamagedFile, damagedFileRestoredAndSalvaged } from './scenarios/damage.mjs';
import { SEVERAL_PCS_START, anotherPcsPackageIsMerged } from './scenarios/several-pcs.mjs';
import { exportReportAsDownloads, dataFileAloneWhileBlocked, narrativeSaveRefreshesStatusBar, reviewChecksAreListed, deadlineCountsDown, previewEqualsExport, summaryHeadingIsTheOffices } from './scenarios/report.mjs';
import { compositionKeysAndFullWidthText, hintsNameTheirKeys, KEYBOARD_START } from './scenarios/keyboard.mjs';

const withApp = withBrowserApp;

test('first launch asks for the office name, which survives a restart', () =>
  withApp({}, async (app) => {
    await firstLaunchAndRestart(app);
    await keyboardNavigationToSettings(app);
  }));

test('input-method keys do nothing, full-width digits are read (form, grid, dialog)', () =>
  withApp(KEYBOARD_START, compositionKeysAndFullWidthText));

test('every hint names the key that does it in browser mode (新增 is Alt+N, not the browser’s Ctrl+N)', () =>
  withApp(KEYBOARD_START, hintsNameTheirKeys));

test('browser mode refuses requests without the token or from another origin', () =>
  withApp({}, async (app) => {
    const { origin, token } = app.server;
    const post = (headers) => fetch(`${origin}/api/app.status`, { method: 'POST', headers, body: '{}' });
    assert.equal((await post({ 'X-Taizhang-Token': token })).status, 200, 'the right token works');
    const none = await post({});
    assert.equal(none.status, 401);
    assert.equal((await none.json()).code, 'bad_token');
    assert.equal((await post({ 'X-Taizhang-Token': 'f'.repeat(48) })).status, 401);
    const foreign = await post({ 'X-Taizhang-Token': token, Origin: 'http://evil.example' });
    assert.equal(foreign.status, 403);
    assert.equal((await foreign.json()).code, 'forbidden_origin');
    // A page on another origin cannot drive it either (the browser sends its Origin).
    const fromOtherSite = await app.page.evaluate(async ([o, t]) => {
      const r = await fetch(`${o}/api/app.status`, { method: 'POST', headers: { 'X-Taizhang-Token': t } }).catch((e) => e.message);
      return typeof r === 'string' ? r : r.status;
    }, [origin.replace('127.0.0.1', 'localhost'), token]);
    assert.notEqual(fromOtherSite, 200, 'a cross-origin request from the page is refused');
    app.pageErrors.length = 0; // the refusal above is logged by the page, as it should be
    // DNS rebinding: a foreign Host header is refused.
    const http = await import('node:http');
    const status = await new Promise((res, rej) => {
      const req = http.request({ host: '127.0.0.1', port: app.server.port, path: '/', method: 'GET', headers: { Host: 'evil.example' } },
        (r) => { r.resume(); res(r.statusCode); });
      req.on('error', rej);
      req.end();
    });
    assert.equal(status, 403);
    // The page itself carries a strict Content-Security-Policy.
    const page = await fetch(`${origin}/`);
    assert.match(page.headers.get('content-security-policy'), /script-src 'self'/);
  }));

test('窗口业务: a typed week, an undo, a refused entry and a pasted block survive a restart', () =>
  withApp({ env: { TAIZHANG_TODAY: '2024-03-15' }, seed: ['changqing-2018.json'] }, typeUndoPasteAndRestart));

test('备份与恢复: a backup, a deleted record, a restore, and the record is back', () =>
  withApp({ seed: ['backup-sample.json'] }, backupDeleteRestore));

test('a damaged data file: red banner, salvage, restore from the newest good backup, salvaged records back', async () => {
  const tmp = tempDir();
  try {
    await withApp({ db: makeDamagedFile(tmp.dir) }, damagedFileRestoredAndSalvaged);
  } finally {
    tmp.cleanup();
  }
});

test('several PCs: another PC’s package is merged, the conflict listed, an older package keeps this PC’s versions', () =>
  withApp(SEVERAL_PCS_START, anotherPcsPackageIsMerged));

test('年报: with an error the documents stay blocked and the data file alone exports, listing it', () =>
  withApp({ env: { TAIZHANG_TODAY: '2019-01-15' }, seed: ['changqing-2018.json', 'narrative-error-2018.json'] }, dataFileAloneWhileBlocked));

test('年报 → 检查: a number in the prose against table 三 and a street office’s 规章 are listed', () =>
  withApp({ env: { TAIZHANG_TODAY: '2024-01-15' }, seed: ['review-2023.json'] }, reviewChecksAreListed));

test('首页: the filing deadline counts down, amber in the last ten working days, red once passed', () =>
  withApp({ env: { TAIZHANG_TODAY: '2024-01-20' }, seed: ['review-2023.json'] }, deadlineCountsDown));

test('年报 → 文字: saving prose refreshes the status bar’s 已保存 time', () =>
  withApp({ env: { TAIZHANG_TODAY: '2019-01-15' }, seed: ['changqing-2018.json'] }, narrativeSaveRefreshesStatusBar));

test('年报: the tables shown are the exported ones in the year’s format; before 2019 no standard report, saying why', () =>
  withApp({ env: { TAIZHANG_TODAY: '2024-01-15' }, seed: ['review-2023.json'] }, previewEqualsExport));

test('年报 → 文字: the office’s own summary heading is saved and exported', () =>
  withApp({ env: { TAIZHANG_TODAY: '2019-01-15' }, seed: ['changqing-2018.json'] }, summaryHeadingIsTheOffices));

test('年报: one click exports the 2018 work summary as Word and PDF', () =>
  withApp({ env: { TAIZHANG_TODAY: '2019-01-15' }, seed: ['changqing-2018.json'] }, exportReportAsDownloads));
