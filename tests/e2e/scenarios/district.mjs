// 区县汇总 against the district's roster. The district's clerk pastes the
// list of offices, adds one by hand and renames another, then consolidates
// three packages for 2018: 长庆 written 长庆街道办事处 where the roster says
// 长庆街道 (matched by name), 潮鸣 exported for 2017 (another year, left out of
// the sum), 武林 under another name but with the roster's code (matched by
// code); 米市巷 sends nothing. The page names each, beside the figures.
// Browser mode (the packages are chosen through ui.chooseFiles), in Chromium
// and Firefox. Run with
// TAIZHANG_TODAY=2019-01-15 (the page opens on 2018) and district-office.json.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/env.mjs';

const SAMPLE = join(ROOT, 'tests/e2e/fixtures/changqing-2018.json');

/** Three offices' packages made from the 2018 sample, in `dir`. */
function packages(dir) {
  const sample = JSON.parse(readFileSync(SAMPLE, 'utf-8'));
  const write = (file, change) => {
    const p = structuredClone(sample);
    change(p);
    writeFileSync(join(dir, file), JSON.stringify(p));
    return join(dir, file);
  };
  return [
    write('长庆.json', () => {}),
    write('潮鸣.json', (p) => { p.office.name = '潮鸣街道办事处'; p.year = 2017; }),
    write('武林.json', (p) => { p.office.name = '武林街道（试点）'; p.office.code = '11330103MB0000003C'; }),
  ];
}

export async function consolidateAgainstTheRoster(app) {
  const { ui } = app;
  await ui.waitFor('[data-testid="office-name"]');
  await ui.goto('report');
  await ui.waitFor('[data-testid="export-report"]');
  assert.equal(await ui.value('select[aria-label="报告年度"]'), '2018');
  await ui.clickRole('tab', '区县汇总');
  await ui.waitFor('section[aria-label=区县汇总名单]');

  // The roster: pasted from a sheet (序号, 名称, 代码), then one added by hand and one renamed.
  await ui.clickText('summary', '从粘贴的名单或表格导入');
  await ui.fill('textarea[aria-label=粘贴名单]', '序号\t单位名称\t单位代码\n1\t长庆街道\t\n2\t潮鸣街道\t\n3\t武林街道\t11330103MB0000003C\n');
  await ui.clickButton('加入名单');
  await ui.waitForText('section[aria-label=区县汇总名单] h3', '名单（3 个单位）');
  await ui.clickButton('添加单位');
  await ui.fill('input[aria-label=第4个单位名称]', '米市巷街道');
  await ui.fill('input[aria-label=第2个单位名称]', '潮鸣街道办事处');
  await ui.clickButton('保存名单');
  await ui.waitForText('section[aria-label=区县汇总名单] h3', '名单（4 个单位）');
  // One office written twice over is refused, and the roster stays as saved.
  await ui.clickButton('添加单位');
  await ui.fill('input[aria-label=第5个单位名称]', '长庆街道办');
  await ui.clickButton('保存名单');
  await ui.waitForText('section[aria-label=区县汇总名单] .banner.error', '是同一单位的不同写法');
  await ui.clickButton('撤销修改');
  assert.equal(await ui.count('section[aria-label=区县汇总名单] tbody tr'), 4);

  // The packages.
  await ui.chooseFiles('input[aria-label=选择各单位数据包]', packages(app.dir));
  await ui.clickButton('汇总 3 个数据包');
  await ui.waitFor('table[aria-label=报送情况]');
  const row = (name) => ui.eval(([office]) => [...document.querySelectorAll('table[aria-label=报送情况] tbody tr')]
    .find((tr) => tr.querySelector('th')?.textContent.trim() === office)?.textContent ?? '', [name]);
  const changqing = await row('长庆街道');
  assert.match(changqing, /已报送/);
  assert.match(changqing, /长庆\.json/);
  assert.match(changqing, /长庆街道办事处/, 'the name as the package writes it');
  assert.match(changqing, /5,247/, 'its own figures beside the sum');
  const chaoming = await row('潮鸣街道办事处');
  assert.match(chaoming, /年度不符/);
  assert.match(chaoming, /数据包是2017年度的，不是2018年度的，未计入汇总/);
  const wulin = await row('武林街道');
  assert.match(wulin, /已报送/);
  assert.match(wulin, /武林街道（试点）（按单位代码）/);
  const mishixiang = await row('米市巷街道');
  assert.match(mishixiang, /未报送/);
  assert.match(mishixiang, /没有收到数据包/);
  const caption = await ui.text('table[aria-label=报送情况] caption');
  assert.match(caption, /名单 4 个单位，已报送 2，未报送 1，年度不符 1/);
  // The sum is of the two packages for 2018 only.
  assert.match(await row('合计'), /2 个数据包/);
  assert.match(await row('合计'), /10,494/);
  const checks = await ui.text('section[aria-label=区县汇总] .banner');
  assert.match(checks, /名单中 1 个单位没有报送2018年度数据包：米市巷街道/);
  assert.match(checks, /1 个单位报送的不是2018年度的数据包（未计入汇总）：潮鸣街道办事处/);
}
