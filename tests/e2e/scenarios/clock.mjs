// A PC clock years off (issue 17 item 3), the footprint shown in 设置
// (item 6) and an import's entry in 修改记录, in browser mode: each scenario
// with the start it needs, run in Chromium (clock.browser.test.mjs) and
// Firefox (browser-mode.firefox.test.mjs).
import assert from 'node:assert/strict';

// The 2018 sample holds the windows' counts of 2018: a PC showing 2016 is wrong.
export const WRONG_CLOCK_START = { env: { TAIZHANG_TODAY: '2016-06-01' }, seed: ['changqing-2018.json'] };
export const RIGHT_CLOCK_START = { env: { TAIZHANG_TODAY: '2019-01-15' }, seed: ['changqing-2018.json'] };
export const BACKUP_USAGE_START = { seed: ['changqing-2018.json'] };
export const IMPORT_AUDIT_START = { seed: ['backup-sample.json'] };

/** 首页 warns at launch when the PC shows a day before the newest record, naming both dates. */
export async function wrongClockWarns({ ui }) {
  await ui.waitFor('[data-testid="clock-warning"]');
  const text = await ui.text('[data-testid="clock-warning"]');
  assert.match(text, /电脑的日期可能不对：电脑显示今天是 2016-06-01/);
  assert.match(text, /“窗口业务量”中已录入2018年的数字，该期间的第一天是 2018-01-01/, text);
  assert.match(text, /请先改正电脑的日期和时间/);
  assert.match(await ui.text('[data-testid="home-today"]'), /按今天（2016-06-01）计算/);
}

/** A right clock gives no warning, and 首页 says which day it counts from. */
export async function rightClockNoWarning({ ui }) {
  await ui.waitForText('[data-testid="home-today"]', '按今天（2019-01-15）计算');
  // The card loads after the page: wait for a card's own data before looking.
  await ui.waitFor('[data-testid="home-applications"] .stats');
  assert.equal(await ui.count('[data-testid="clock-warning"]'), 0);
}

/** 设置 → 备份与恢复 shows the space the compressed backups take and their folder. */
export async function backupUsageShown({ ui, dir }) {
  await ui.goto('settings');
  await ui.waitFor('#tab-backup');
  await ui.click('#tab-backup');
  await ui.waitFor('[data-testid="backup-now"]');
  await ui.click('[data-testid="backup-now"]');
  await ui.waitForText('.toast', '已备份');
  await ui.waitForText('[data-testid="backup-list"] td', '手动');
  const name = (await ui.texts('.toast')).join('');
  assert.match(name, /\.db\.zst/, 'a compressed copy');
  await ui.waitForText('[data-testid="backup-usage"]', '备份占用空间');
  const usage = await ui.text('[data-testid="backup-usage"]');
  assert.match(usage, /备份占用空间：\d+(\.\d)? (KB|MB)（\d+ 个文件；数据文件本身 \d+(\.\d)? (KB|MB)）/, usage);
  assert.equal(await ui.text('[data-testid="backup-folder"]'), `${dir}/backups`);
}

// An import audits what it added in one entry naming the package (issue 17
// item 6): a record's 修改记录 and the log in 设置 still say where it came from.
export async function importShownInHistory({ ui }) {
  await ui.waitFor('[data-testid="office-name"]');
  await ui.goto('disclosures');
  await ui.waitFor('#tab-messages');
  await ui.click('#tab-messages');
  await ui.waitForText('select[aria-label="年度"]', '2024');
  await ui.select('select[aria-label="年度"]', '2024');
  await ui.waitForText('.table-wrap tbody', '老旧小区加装电梯补贴政策咨询');
  await ui.click('.table-wrap tbody tr');
  await ui.waitFor('.pane-head');
  await ui.clickButton('修改记录', '.pane-head');
  await ui.waitFor('.history li');
  const history = await ui.texts('.history li');
  assert.equal(history.length, 1, history.join(' | '));
  assert.match(history[0], /由导入添加（包 SHA-256 [0-9a-f]{12}…）/);

  await ui.goto('settings');
  await ui.waitFor('#tab-audit');
  await ui.click('#tab-audit');
  await ui.waitFor('[data-testid="audit-import-added"]');
  assert.match(await ui.text('[data-testid="audit-import-added"]'), /新增：网友留言 1 条/);
}
