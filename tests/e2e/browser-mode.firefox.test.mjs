// The browser-mode suite in Firefox ESR (Kylin's default browser), beside
// Chromium's: the same scenarios through geckodriver (tests/e2e/lib/firefox.mjs),
// headless. Forms, the grid, dialogs, restarts, the input-method keys and the
// keys' hints, the year's checks, 首页's deadline and clock warnings, 设置's
// backups and the import log; downloads (the report, the salvage), chosen
// files (a ledger, the district's packages), two tabs on one record, and
// small viewports.
// Chromium only: print.browser.test.mjs. It checks the PDF that Chromium's
// print-to-PDF (Playwright's page.pdf with print media emulated) makes of a
// register list, and keeps that PDF in docs/; Firefox lays out paper with its
// own print engine, which would be another test, not this one run twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFirefoxApp } from './lib/firefox.mjs';
import { firstLaunchAndRestart, keyboardNavigationToSettings } from './scenarios/shell.mjs';
import { typeThreeDisclosures, TODAY } from './scenarios/disclosures.mjs';
import { typeUndoPasteAndRestart } from './scenarios/tallies.mjs';
import { backupDeleteRestore } from './scenarios/backup.mjs';
import {
  narrativeSaveRefreshesStatusBar, reviewChecksAreListed, deadlineCountsDown, previewEqualsExport,
  summaryHeadingIsTheOffices, exportReportAsDownloads, dataFileAloneWhileBlocked,
} from './scenarios/report.mjs';
import { makeDamagedFile, damagedFileRestoredAndSalvaged } from './scenarios/damage.mjs';
import { importClerkLedger } from './scenarios/ledger.mjs';
import { consolidateAgainstTheRoster } from './scenarios/district.mjs';
import * as clock from './scenarios/clock.mjs';
import { EDITORS_START, twoTabsEditOneRecord } from './scenarios/editors.mjs';
import { SCREENS_START, nothingCutOffOnSmallScreens } from './scenarios/screens.mjs';
import { tempDir } from './lib/env.mjs';
import { compositionKeysAndFullWidthText, hintsNameTheirKeys, KEYBOARD_START } from './scenarios/keyboard.mjs';
import { APPLICATIONS_START, applicationFollowsTheClock } from './scenarios/applications.mjs';

/** Start browser mode in Firefox as `start` says, run the scenarios in turn, and find no script errors. */
async function inFirefox(start, ...scenarios) {
  const app = await startFirefoxApp(start);
  try {
    for (const scenario of scenarios) await scenario(app);
    assert.deepEqual(app.pageErrors, [], 'no script errors in the page');
  } finally {
    await app.stop();
  }
}

test('Firefox: first launch asks for the office name, which survives a restart; Alt+6 to 设置', () =>
  inFirefox({}, firstLaunchAndRestart, keyboardNavigationToSettings));

test('Firefox: three disclosures typed by keyboard, listed, filtered, the late one flagged', () =>
  inFirefox({ env: { TAIZHANG_TODAY: TODAY } }, typeThreeDisclosures));

test('Firefox: input-method keys do nothing, full-width digits are read (form, grid, dialog)', () =>
  inFirefox(KEYBOARD_START, compositionKeysAndFullWidthText));

test('Firefox: 窗口业务 typed, undone, refused, pasted, and kept over a restart', () =>
  inFirefox({ env: { TAIZHANG_TODAY: '2024-03-15' }, seed: ['changqing-2018.json'] }, typeUndoPasteAndRestart));

test('Firefox: 备份与恢复 and 年报 → 文字', async () => {
  await inFirefox({ seed: ['backup-sample.json'] }, backupDeleteRestore);
  await inFirefox({ env: { TAIZHANG_TODAY: '2019-01-15' }, seed: ['changqing-2018.json'] }, narrativeSaveRefreshesStatusBar);
});

test('Firefox: an application follows the statutory clock', () => inFirefox(APPLICATIONS_START, applicationFollowsTheClock));

test('Firefox: every hint names the key that does it in browser mode (新增 is Alt+N)', () =>
  inFirefox(KEYBOARD_START, hintsNameTheirKeys));

test('Firefox: 年报 → 检查 lists a prose contradiction and a street office’s 规章', () =>
  inFirefox({ env: { TAIZHANG_TODAY: '2024-01-15' }, seed: ['review-2023.json'] }, reviewChecksAreListed));

test('Firefox: 首页 counts the filing deadline down', () =>
  inFirefox({ env: { TAIZHANG_TODAY: '2024-01-20' }, seed: ['review-2023.json'] }, deadlineCountsDown));

test('Firefox: 首页 warns of a PC clock before the newest record, and not of a right one', async () => {
  await inFirefox(clock.WRONG_CLOCK_START, clock.wrongClockWarns);
  await inFirefox(clock.RIGHT_CLOCK_START, clock.rightClockNoWarning);
});

test('Firefox: 设置 shows the backups’ space; an imported record’s 修改记录 names the package', async () => {
  await inFirefox(clock.BACKUP_USAGE_START, clock.backupUsageShown);
  await inFirefox(clock.IMPORT_AUDIT_START, clock.importShownInHistory);
});

test('Firefox: a ledger as clerks keep it imports once, footers skipped, timeliness 未判断', () =>
  inFirefox({ env: { TAIZHANG_TODAY: '2023-11-20' } }, importClerkLedger));

test('Firefox: 区县汇总 against the roster: pasted, edited, three packages chosen and named', () =>
  inFirefox({ env: { TAIZHANG_TODAY: '2019-01-15' }, seed: ['district-office.json'] }, consolidateAgainstTheRoster));

test('Firefox: a damaged data file: salvage downloaded, restore from backup, salvaged records back', async () => {
  const tmp = tempDir();
  try {
    await inFirefox({ db: makeDamagedFile(tmp.dir) }, damagedFileRestoredAndSalvaged);
  } finally {
    tmp.cleanup();
  }
});

test('Firefox: 年报 exports: one click saves Word and PDF; the preview is the exported page; the office’s heading is exported', async () => {
  await inFirefox({ env: { TAIZHANG_TODAY: '2019-01-15' }, seed: ['changqing-2018.json'] }, exportReportAsDownloads, summaryHeadingIsTheOffices);
  await inFirefox({ env: { TAIZHANG_TODAY: '2024-01-15' }, seed: ['review-2023.json'] }, previewEqualsExport);
});

test('Firefox: 年报 with an error: documents blocked, the data file alone downloads, listing it', () =>
  inFirefox({ env: { TAIZHANG_TODAY: '2019-01-15' }, seed: ['changqing-2018.json', 'narrative-error-2018.json'] }, dataFileAloneWhileBlocked));

test('Firefox: two tabs edit one record: the stale save is refused naming the change, 重新载入 keeps what was typed', () =>
  inFirefox(EDITORS_START, twoTabsEditOneRecord));

test('Firefox: at 1024×600 and at 125 % of 1366×768 nothing the clerk needs is cut off', () =>
  inFirefox(SCREENS_START, nothingCutOffOnSmallScreens));
