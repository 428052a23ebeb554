// Two editors of one record (issue 17 item 4), in browser mode: two tabs
// open the same 网友留言 for editing; the first save wins, the second is
// refused naming what changed (old → new), 重新载入 shows the stored record
// with what the clerk typed beside it to put back, and then the save goes
// through. A delete from a tab showing an older version is refused too, and
// so is a save after the CLI imported a package that changed the record.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT } from '../lib/env.mjs';

export const EDITORS_START = { seed: ['backup-sample.json'] };

const ID = 'm-20240105-backup';
const TOPIC = '老旧小区加装电梯补贴政策咨询';

async function openMessage(ui) {
  await ui.goto('disclosures');
  await ui.waitFor('#tab-messages');
  await ui.click('#tab-messages');
  await ui.waitForText('select[aria-label="年度"]', '2024');
  await ui.select('select[aria-label="年度"]', '2024');
  await ui.waitForText('.table-wrap tbody', TOPIC);
  await ui.click('.table-wrap tbody tr');
  await ui.waitFor('.pane button.primary');
}

async function edit(ui) {
  await ui.click('.pane button.primary'); // 修改
  await ui.waitFor('#f-topic');
}

/** The message as stored, read with the CLI's data package export. */
function stored(db, dir) {
  const out = join(dir, 'now.json');
  execFileSync(CLI, ['--db', db, 'export-data', '--out', out], { stdio: 'pipe' });
  return JSON.parse(readFileSync(out, 'utf8')).messages.find((m) => m.id === ID);
}

/** Two tabs edit one record: the stale save is refused naming the change, 重新载入 keeps what was typed. */
export async function twoTabsEditOneRecord(app) {
  const b = (await app.openSecondPage()).ui;
  const a = app.ui; // after the second tab opens: in Firefox it then switches to its own tab
  await openMessage(a);
  await edit(a);
  await openMessage(b);
  await edit(b);

  // Tab A saves first.
  await a.fill('#f-topic', '加装电梯补贴（已转住建科）');
  await a.click('.pane button[type="submit"]');
  await a.waitForText('.toast', '已保存');

  // Tab B, opened before that save, types its own change and saves: refused.
  await b.fill('#f-topic', '电梯补贴政策咨询（已答复）');
  await b.fill('#f-note', '电话答复');
  await b.click('.pane button[type="submit"]');
  await b.waitFor('[data-testid="stale-record"]');
  const notice = await b.text('[data-testid="stale-record"]');
  assert.match(notice, /已被修改/);
  assert.match(notice, /留言主题/);
  assert.ok(notice.includes(`“${TOPIC}”→“加装电梯补贴（已转住建科）”`), notice);
  assert.match(notice, /本次保存未执行/);
  assert.equal(stored(app.db, app.dir).topic, '加装电梯补贴（已转住建科）', 'tab A’s save stands');
  assert.equal(await b.value('#f-topic'), '电梯补贴政策咨询（已答复）', 'what B typed is still in the form');
  await b.waitForText('.table-wrap tbody', '加装电梯补贴（已转住建科）'); // the list shows it as stored

  // 重新载入 has the focus: Enter shows the stored record in the form, B's typed values beside it.
  await b.press('Enter');
  await b.waitFor('[data-testid="stale-typed"]');
  assert.equal(await b.value('#f-topic'), '加装电梯补贴（已转住建科）');
  const typed = await b.text('[data-testid="stale-typed"]');
  assert.ok(typed.includes('电梯补贴政策咨询（已答复）') && typed.includes('电话答复'), typed);
  await b.click('[data-testid="stale-typed"] .stale-actions button'); // 全部填回
  assert.equal(await b.value('#f-topic'), '电梯补贴政策咨询（已答复）');
  assert.equal(await b.value('#f-note'), '电话答复');
  await b.click('.pane button[type="submit"]');
  await b.waitForText('.toast', '已保存');
  assert.deepEqual(
    [stored(app.db, app.dir).topic, stored(app.db, app.dir).note],
    ['电梯补贴政策咨询（已答复）', '电话答复'],
  );

  // Tab A still shows its own save, an older version: its delete is refused.
  await a.click('.pane button.danger'); // 删除
  await a.waitFor('.modal');
  await a.click('.modal .actions button.primary');
  await a.waitForText('.modal', '未删除');
  assert.match(await a.text('.modal'), /电梯补贴政策咨询（已答复）/);
  await a.click('.modal .actions button.primary'); // 知道了
  assert.ok(stored(app.db, app.dir), 'the record is still there');
  // Tab A now shows the record as stored.
  await a.waitForText('.pane', '电话答复');

  // The CLI imports a package changing the record while tab B edits it.
  await edit(b);
  await b.fill('#f-note', '已回访');
  const pkg = JSON.parse(readFileSync(join(ROOT, 'tests/e2e/fixtures/backup-sample.json'), 'utf8'));
  pkg.messages[0].topic = '电梯补贴（数据包）';
  pkg.messages[0].note = '电话答复';
  const file = join(app.dir, 'changed.json');
  writeFileSync(file, JSON.stringify(pkg));
  execFileSync(CLI, ['--db', app.db, 'import', file], { stdio: 'pipe' });
  await b.click('.pane button[type="submit"]');
  await b.waitFor('[data-testid="stale-record"]');
  const fromCli = await b.text('[data-testid="stale-record"]');
  assert.match(fromCli, /导入数据包/);
  assert.ok(fromCli.includes('“电梯补贴政策咨询（已答复）”→“电梯补贴（数据包）”'), fromCli);
  assert.equal(stored(app.db, app.dir).note, '电话答复', 'the stale save wrote nothing');
}
