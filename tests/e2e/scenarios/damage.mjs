// A damaged data file, end to end: 400 records backed up, 400 more typed
// after, 4 pages in the middle of the file overwritten. At launch the red
// banner says so and offers salvage and the newest good backup; salvage
// downloads a package, the restore brings the backup back (the banner goes),
// and the salvaged package imported beside the running program (the CLI)
// brings back what was typed after the backup.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, openSync, writeSync, closeSync, statSync, writeFileSync, readFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../lib/env.mjs';

function messages(first, n) {
  const records = [];
  for (let i = first; i < first + n; i++) {
    records.push({ id: `m-${String(i).padStart(5, '0')}`, received_on: '2023-03-01',
      topic: `关于第${i}号小区加装电梯的咨询，${'内容'.repeat(40)}` });
  }
  return { format: 'taizhang.dataset/1', office: { name: '长庆街道办事处' }, messages: records };
}

function cli(db, ...args) {
  return execFileSync(CLI, ['--db', db, ...args], { encoding: 'utf8', env: { ...process.env, TAIZHANG_DB: '' } });
}

function importPackage(db, dir, pkg, name) {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(pkg));
  cli(db, 'import', file);
}

/** The damaged file in `dir`, with one good backup of its first 400 records. */
export function makeDamagedFile(dir) {
  const db = join(dir, 'taizhang.db');
  importPackage(db, dir, messages(0, 400), 'a.json');
  mkdirSync(join(dir, 'backups'), { recursive: true });
  cli(db, 'backup', '--out', join(dir, 'backups', 'taizhang-20240105-093012-manual.db'));
  importPackage(db, dir, messages(400, 400), 'b.json');
  const len = statSync(db).size;
  const fd = openSync(db, 'r+');
  const garbage = Buffer.alloc(4096 * 4, 0).map((_, i) => (i * 7 + 13) & 255);
  writeSync(fd, garbage, 0, garbage.length, Math.floor(len / 2 / 4096) * 4096);
  closeSync(fd);
  return db;
}

function messageCount(db, dir) {
  const out = join(dir, 'count.json');
  cli(db, 'export-data', '--out', out);
  return JSON.parse(readFileSync(out, 'utf8')).messages.length;
}

export async function damagedFileRestoredAndSalvaged(app) {
  const { ui } = app;
  await ui.waitForText('[data-testid="damage-banner"]', '数据文件已损坏');
  await ui.waitForText('[data-testid="damage-banner"]', '网友留言 400');

  const salvaged = join(app.dir, 'salvaged.json');
  copyFileSync(await ui.download(() => ui.click('[data-testid="damage-salvage"]')), salvaged);
  await ui.waitForText('[data-testid="damage-salvaged"]', '已抢救出');
  const read = JSON.parse(readFileSync(salvaged, 'utf8')).messages.length;
  assert.ok(read > 400, `salvage read most of the 800 records: ${read}`);

  await ui.click('[data-testid="damage-restore"]');
  await ui.waitForText('.toast', '已从备份恢复');
  await ui.waitForGone('[data-testid="damage-banner"]');
  assert.equal(messageCount(app.db, app.dir), 400, 'the backup is back');

  // The CLI imports beside the running program, which sees the records at once.
  cli(app.db, 'import', salvaged);
  const back = messageCount(app.db, app.dir);
  assert.ok(back >= read, `every salvaged record is back: ${back} of ${read}`);
  // The records typed before the damage (the backup's and those salvaged)
  // are in the clerk's own list, read by the running program.
  await ui.goto('disclosures');
  await ui.click('#tab-messages');
  await ui.waitForText('select[aria-label="年度"]', '2023');
  await ui.select('select[aria-label="年度"]', '');
  await ui.waitForText('.pager', `共 ${back} 条`);
}
