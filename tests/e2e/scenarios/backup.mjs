// 备份与恢复, run in both the real window and browser mode: make a backup,
// delete a record, restore the backup, and the record is back (without a
// restart); the restore kept a copy of the replaced data and is in 修改记录.
// Needs the app started with the backup-sample.json package imported.
import assert from 'node:assert/strict';

const TOPIC = '老旧小区加装电梯补贴政策咨询';

async function openBackupTab(ui) {
  await ui.goto('settings');
  await ui.waitFor('#tab-backup');
  await ui.click('#tab-backup');
  await ui.waitFor('[data-testid="backup-now"]');
}

async function openMessages(ui) {
  await ui.goto('disclosures');
  await ui.waitFor('#tab-messages');
  await ui.click('#tab-messages');
  await ui.waitForText('select[aria-label="年度"]', '2024');
  await ui.select('select[aria-label="年度"]', '2024');
  await ui.waitFor('.table-wrap table');
}

export async function backupDeleteRestore(app) {
  const { ui } = app;
  await ui.waitFor('[data-testid="office-name"]');

  // 1. A backup, listed with what it holds.
  await openBackupTab(ui);
  await ui.click('[data-testid="backup-now"]');
  await ui.waitForText('.toast', '已备份');
  await ui.waitForText('[data-testid="backup-list"] td', '手动');
  await ui.waitForText('[data-testid="backup-list"]', '网友留言 1 条');
  await ui.waitForText('[data-testid="backup-last"]', '上次备份');

  // 2. The record is deleted with the keyboard (↓ selects, Delete, Enter confirms).
  await openMessages(ui);
  await ui.waitForText('.table-wrap tbody', TOPIC);
  await ui.focus('.table-wrap');
  await ui.press('ArrowDown');
  await ui.waitFor('.table-wrap tbody tr[aria-selected="true"]');
  await ui.press('Delete');
  await ui.waitFor('.modal');
  await ui.press('Enter');
  await ui.waitForText('.table-wrap tbody', '没有符合条件的留言');

  // 3. Restore the backup (its row is the newest manual one), confirming.
  await openBackupTab(ui);
  await ui.waitForText('[data-testid="backup-list"] td', '手动');
  const kinds = await ui.texts('[data-testid="backup-list"] tbody tr td:nth-child(2)');
  const row = kinds.indexOf('手动');
  assert.ok(row >= 0, `a manual backup is listed: ${kinds}`);
  await ui.click(`[data-testid="restore-${row}"]`);
  await ui.waitForText('.modal', '恢复前');
  await ui.click('.modal .actions button.primary');
  await ui.waitForText('.banner.ok', '已用');
  await ui.waitForText('[data-testid="backup-list"] td', '恢复前');

  // 4. The record is back, without a restart.
  await openMessages(ui);
  await ui.waitForText('.table-wrap tbody', TOPIC);

  // 5. 修改记录 shows the delete and the restore.
  await ui.goto('settings');
  await ui.waitFor('#tab-audit');
  await ui.click('#tab-audit');
  await ui.waitForText('[data-testid="audit-list"]', '恢复备份');
  const text = await ui.text('[data-testid="audit-list"]');
  assert.match(text, /备份与恢复/);
}
