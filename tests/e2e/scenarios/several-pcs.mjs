// Several PCs, one office (issue 17 item 5), as the clerk meets it: the
// office's other PC sends its data package; the clerk imports it in
// 设置 → 数据包. A record both PCs changed is listed as a conflict (the
// version kept is the same on every PC, the other stays in 修改记录), a record
// the other PC holds in an older version keeps this PC's, and the other PC's
// deletion travels.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../lib/env.mjs';

export const SEVERAL_PCS_START = { seed: ['backup-sample.json'] };

const ID = 'm-20240105-backup';
const OTHER_PC = 'p0be11e0a';

function exportData(db, dir, name) {
  const out = join(dir, name);
  execFileSync(CLI, ['--db', db, 'export-data', '--out', out], { stdio: 'pipe', env: { ...process.env, TAIZHANG_DB: '' } });
  return JSON.parse(readFileSync(out, 'utf8'));
}

/** The other PC's package: made from `base`, its message changed twice there, one new, one deleted. */
function otherPcPackage(base) {
  const pkg = structuredClone(base);
  pkg.pc = OTHER_PC;
  const message = pkg.messages.find((m) => m.id === ID);
  const counters = { ...message.version.counters, [OTHER_PC]: 2 };
  Object.assign(message, { topic: '另一台电脑改的主题', version: { pc: OTHER_PC, counters, at: '2024-03-01T10:00:00+08:00' } });
  pkg.messages.push({ id: 'm-other-1', received_on: '2024-02-01', channel: '政府信息公开网', topic: '另一台电脑新增的留言',
    version: { pc: OTHER_PC, counters: { [OTHER_PC]: 1 }, at: '2024-03-01T10:01:00+08:00' } });
  return pkg;
}

async function editTopic(ui, topic) {
  await ui.goto('disclosures');
  await ui.waitFor('#tab-messages');
  await ui.click('#tab-messages');
  await ui.waitForText('select[aria-label="年度"]', '2024');
  await ui.select('select[aria-label="年度"]', '2024');
  await ui.click('.table-wrap tbody tr');
  await ui.click('.pane button.primary'); // 修改
  await ui.waitFor('#f-topic');
  await ui.fill('#f-topic', topic);
  await ui.click('.pane button[type="submit"]');
  await ui.waitForText('.toast', '已保存');
}

async function importPackage(ui, file) {
  await ui.goto('settings');
  await ui.click('#tab-data');
  await ui.chooseFiles('input[aria-label="选择数据包文件"]', file);
  await ui.waitForText('.banner', '检查通过');
  await ui.clickButton('导入');
  await ui.waitForText('.banner.ok', '已导入');
}

export async function anotherPcsPackageIsMerged(app) {
  const { ui } = app;
  const base = exportData(app.db, app.dir, 'base.json');
  // Both PCs change the same message: here once, there twice.
  await editTopic(ui, '本机改的主题');
  const file = join(app.dir, 'other-pc.json');
  writeFileSync(file, JSON.stringify(otherPcPackage(base)));

  await importPackage(ui, file);
  await ui.waitFor('[data-testid="import-merged"]');
  const listed = await ui.text('[data-testid="import-merged"]');
  assert.match(listed, /两台电脑分别修改（冲突） 1 条/);
  // Named as the clerk knows it: the id and the topic of the version kept.
  assert.ok(listed.includes(`网友留言“${ID}”（另一台电脑改的主题）：两台电脑分别修改了这条记录`), listed);
  assert.ok(listed.includes(`保留了电脑 ${OTHER_PC}`), listed);

  const after = exportData(app.db, app.dir, 'after.json');
  const message = after.messages.find((m) => m.id === ID);
  assert.equal(message.topic, '另一台电脑改的主题', 'the version with more changes is kept');
  assert.ok(after.messages.some((m) => m.id === 'm-other-1'), 'the other PC’s new message is here');

  // The same package again: nothing new, nothing listed; the older base package: this PC's versions stay.
  await importPackage(ui, file);
  assert.equal(await ui.count('[data-testid="import-merged"]'), 0);
  const older = join(app.dir, 'base.json');
  await importPackage(ui, older);
  await ui.waitFor('[data-testid="import-merged"]');
  assert.match(await ui.text('[data-testid="import-merged"]'), /本机版本较新、未被替换 1 条/);
  assert.equal(exportData(app.db, app.dir, 'last.json').messages.find((m) => m.id === ID).topic, '另一台电脑改的主题');
}
