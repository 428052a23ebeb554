// A PC clock years off (issue 17 item 3), and the footprint shown in 设置
// (item 6), in browser mode: `taizhang-cli serve` + Playwright + Chromium.
// The scenarios are in scenarios/clock.mjs; Firefox runs them too.
import { test } from 'node:test';
import { withBrowserApp } from './lib/browser.mjs';
import * as clock from './scenarios/clock.mjs';

test('首页 warns at launch when the PC shows a day before the newest record, naming both dates', () =>
  withBrowserApp(clock.WRONG_CLOCK_START, clock.wrongClockWarns));

test('a right clock gives no warning, and 首页 says which day it counts from', () =>
  withBrowserApp(clock.RIGHT_CLOCK_START, clock.rightClockNoWarning));

test('设置 → 备份与恢复 shows the space the compressed backups take and their folder', () =>
  withBrowserApp(clock.BACKUP_USAGE_START, clock.backupUsageShown));

test('a record added by an import shows 由导入添加 with the package in its 修改记录', () =>
  withBrowserApp(clock.IMPORT_AUDIT_START, clock.importShownInHistory));
