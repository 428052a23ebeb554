// End-to-end in the real Tauri window: tauri-driver + WebKitWebDriver under Xvfb.
// Runs one app at a time (the single-instance plugin would otherwise merge them).
import { test } from 'node:test';
import { withWindowApp } from './lib/window.mjs';
import { firstLaunchAndRestart, keyboardNavigationToSettings } from './scenarios/shell.mjs';
import { typeUndoPasteAndRestart } from './scenarios/tallies.mjs';
import { backupDeleteRestore } from './scenarios/backup.mjs';
import { exportReportInOneClick, narrativeSaveRefreshesStatusBar } from './scenarios/report.mjs';
import { makeDamagedFile, damagedFileRestoredAndSalvaged } from './scenarios/damage.mjs';
import { tempDir } from './lib/env.mjs';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const withApp = withWindowApp;

test('first launch asks for the office name, which survives a restart', () =>
  withApp({}, async (app) => {
    await firstLaunchAndRestart(app);
    await keyboardNavigationToSettings(app);
  }));

test('窗口业务: a typed week, an undo, a refused entry and a pasted block survive a restart', () =>
  withApp({ env: { TAIZHANG_TODAY: '2024-03-15' }, seed: ['changqing-2018.json'] }, typeUndoPasteAndRestart));

test('备份与恢复: a backup, a deleted record, a restore, and the record is back', () =>
  withApp({ seed: ['backup-sample.json'] }, backupDeleteRestore));

test('a damaged data file: red banner, salvage, restore from the newest good backup, every record typed before back', async () => {
  const tmp = tempDir();
  try {
    await withApp({ db: makeDamagedFile(tmp.dir) }, damagedFileRestoredAndSalvaged);
  } finally {
    tmp.cleanup();
  }
});

test('年报 → 文字: saving prose refreshes the status bar’s 已保存 time', () =>
  withApp({ env: { TAIZHANG_TODAY: '2019-01-15' }, seed: ['changqing-2018.json'] }, narrativeSaveRefreshesStatusBar));

test('年报: one click exports the 2018 work summary as Word and PDF (no standard report before 2019)', async () => {
  // The native folder dialog is answered by the test-only override.
  const saveDir = mkdtempSync(join(tmpdir(), 'taizhang-export-'));
  await withApp({ env: { TAIZHANG_TODAY: '2019-01-15', TAIZHANG_TEST_SAVE_DIR: saveDir }, seed: ['changqing-2018.json'] }, (app) =>
    exportReportInOneClick(app, async () => {
      const names = readdirSync(saveDir);
      for (const n of names) assert.ok(statSync(join(saveDir, n)).size > 1000, `${n} has content`);
      return names;
    }));
});
