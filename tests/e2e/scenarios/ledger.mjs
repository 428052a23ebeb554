// A clerk's own 主动公开 台账 (tests/fixtures/ledgers/disclosures-2023.xlsx:
// merged title, 序号, two sheets, four date spellings, 合计 and 填表人/审核人
// rows, no 形成日期) imported through 从 Excel 导入: the preview lists the
// skipped rows and the unit the settings lack, the button adds it, the import
// adds 8 records whose timeliness is 未判断, and choosing the file again adds
// nothing. Browser mode (the file is chosen through ui.chooseFiles), in
// Chromium and Firefox.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT } from '../lib/env.mjs';

export const LEDGER = join(ROOT, 'tests/fixtures/ledgers/disclosures-2023.xlsx');
const ROWS = 'section[aria-label=主动公开] table.data tbody tr';

async function setUp(ui) {
  await ui.waitFor('#office-name');
  await ui.focus('#office-name');
  await ui.type('长庆街道办事处');
  await ui.press('Enter');
  await ui.waitForText('[data-testid=office-name]', '长庆街道办事处');
}

async function chooseLedger(app) {
  const { ui } = app;
  await ui.press('Alt+2');
  await ui.waitForText('[role=tab][aria-selected=true]', '主动公开信息');
  await ui.clickButton('从 Excel 导入…');
  await ui.waitFor('section.excel-import');
  await ui.chooseFiles('section.excel-import input[type=file]', LEDGER);
  await ui.waitFor('section.excel-import .excel-preview');
}

export async function importClerkLedger(app) {
  const { ui } = app;
  await setUp(ui);
  await chooseLedger(app);
  const skipped = await ui.text('section.excel-import .skipped-rows');
  assert.match(skipped, /跳过 6 行/);
  assert.match(skipped, /上半年!第11行 签名\/落款行：填表人：张三 审核人：李某/);
  assert.match(skipped, /下半年!第5行 合计\/小计行/);
  assert.match(await ui.text('section.excel-import'), /表格用到了设置中没有的：党政办、城管科、社区办/);
  await ui.clickButton('把这些加入设置');
  await ui.waitForText('section.excel-import [role=status], section.excel-import .banner', '检查通过：将新增 8 条');
  assert.match(await ui.text('section.excel-import'), /8 条没有形成日期/);
  await ui.clickButton('导入 8 条');
  await ui.waitFor(ROWS);
  await ui.waitForText(ROWS, '月度财政收支情况');
  const rows = await ui.texts(ROWS);
  assert.equal(rows.length, 8, rows.join('\n'));
  assert.ok(rows.every((r) => r.includes('未判断')), rows.join('\n'));

  // The same file again: nothing new.
  await chooseLedger(app);
  await ui.waitForText('section.excel-import', '将新增 0 条，8 条以前导入过');
  assert.ok(await ui.buttonDisabled('导入 0 条'));
}
