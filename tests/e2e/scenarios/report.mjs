// 年报 in one click: the 2018 sample office exports its work summary as
// Word and PDF (2018 has no standard report: the format dates from 2019, and
// the page says so); the confirmation names both files. Run with
// TAIZHANG_TODAY=2019-01-15 (the page then opens on report year 2018) and the
// 2018 sample package imported. `savedFiles()` returns the names of the files
// the transport saved (the desktop dialog's folder, or browser downloads).
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';

export const REPORT_FILES = [
  '长庆街道办事处2018年政务公开工作总结.docx',
  '长庆街道办事处2018年政务公开工作总结.pdf',
];

export async function exportReportInOneClick(app, savedFiles) {
  const { ui } = app;
  await ui.waitFor('[data-testid="office-name"]');
  await ui.goto('report');
  await ui.waitFor('[data-testid="export-report"]');
  assert.equal(await ui.value('select[aria-label="报告年度"]'), '2018');
  // The tables show the year's figures before export: 5,247 services in all.
  await ui.waitForText('.report-tables', '5,247');
  // Before 2019 the standard report is not offered, and the page says why.
  await ui.waitForText('[data-testid="template-unavailable"]', '2018年度没有这种格式');
  await ui.waitForText('[data-testid="standard-unavailable"]', '自2019年度起');
  assert.equal(await ui.value('select[aria-label="模板"]'), 'summary');
  await ui.click('[data-testid="export-report"]');
  await ui.waitForText('[data-testid="export-result"]', '已导出2018年', 60000);
  const shown = await ui.text('[data-testid="export-result"]');
  for (const name of REPORT_FILES) assert.ok(shown.includes(name), `${name} in “${shown}”`);
  const saved = await savedFiles();
  for (const name of REPORT_FILES) assert.ok(saved.includes(name), `${name} saved (${saved.join(', ')})`);
}

/** exportReportInOneClick in browser mode: the two files are downloaded, each with content. */
export async function exportReportAsDownloads(app) {
  const saved = app.ui.watchDownloads();
  await exportReportInOneClick(app, async () => {
    const files = await saved(REPORT_FILES.length);
    for (const f of files) assert.ok(statSync(f.path).size > 1000, `${f.name} has content`);
    return files.map((f) => f.name);
  });
}

// 年报 with an error in the prose (browser mode): Word and PDF stay blocked,
// the data file beside them too; the data file alone exports, and lists the
// error. Run with TAIZHANG_TODAY=2019-01-15, changqing-2018.json and
// narrative-error-2018.json imported.
export async function dataFileAloneWhileBlocked(app) {
  const { ui } = app;
  await ui.waitFor('[data-testid="office-name"]');
  await ui.goto('report');
  await ui.waitFor('[data-testid="export-blocked"]');
  const disabled = () => ui.eval(() => document.querySelector('[data-testid="export-report"]').disabled);
  assert.equal(await disabled(), true, 'Word and PDF are chosen: blocked');
  await ui.click('input[data-format="json"]');
  assert.equal(await disabled(), true, 'the data file beside documents: still blocked');
  await ui.click('input[data-format="docx"]');
  await ui.click('input[data-format="pdf"]');
  assert.equal(await disabled(), false, 'the data file alone exports');
  const files = await ui.downloads(() => ui.click('[data-testid="export-report"]'), 1);
  await ui.waitForText('[data-testid="export-result"]', '1 处错误', 30000);
  // 2018 has no standard report: the work summary's data file.
  assert.deepEqual(files.map((f) => f.name), ['长庆街道办事处2018年政务公开工作总结.json']);
  const figures = JSON.parse(readFileSync(files[0].path, 'utf8'));
  assert.deepEqual(figures.checks.filter((c) => c.level === 'error').length, 1);
}

// 年报 → 文字: saving a section's prose refreshes the status bar's 已保存
// time (the command writes; the status bar must hear of it). Run with the
// 2018 sample package imported and TAIZHANG_TODAY=2019-01-15.
export async function narrativeSaveRefreshesStatusBar(app) {
  const { ui } = app;
  await ui.waitFor('[data-testid="office-name"]');
  await ui.waitForText('[data-testid="last-saved"]', '本次未修改');
  await ui.goto('report');
  await ui.waitFor('[data-testid="export-report"]');
  await ui.click('.report-page [role="tab"]:nth-child(3)'); // 文字
  await ui.waitFor('.narrative textarea');
  await ui.focus('.narrative textarea');
  await ui.type('（测试补充）');
  await ui.click('.narrative button.primary');
  await ui.waitForText('.narrative .pane-head', '已保存');
  await ui.waitForText('[data-testid="last-saved"]', '已保存 ');
}

// 年报 → 检查 lists the reviewers' checks: the prose says 收到申请5件 where
// table 三 has none, and a 街道 (its kind in 设置) reports a 规章. Run with
// TAIZHANG_TODAY=2024-01-15 and review-2023.json imported.
export async function reviewChecksAreListed(app) {
  const { ui } = app;
  await ui.waitFor('[data-testid="office-name"]');
  await ui.goto('report');
  await ui.waitFor('[data-testid="export-report"]');
  assert.equal(await ui.value('select[aria-label="报告年度"]'), '2023');
  await ui.click('.report-page [role="tab"]:nth-child(2)'); // 检查
  await ui.waitForText('.checks', '收到政府信息公开申请5件');
  const shown = await ui.text('.checks');
  assert.ok(shown.includes('不能制定规章'), shown);
  // Warnings: the documents still export.
  assert.equal(await ui.eval(() => document.querySelector('[data-testid="export-report"]').disabled), false);
}

// 首页's report card counts the filing deadline down: on 20 January 2024, 8
// working days before 31 January, it is amber; set to the district's 10
// January it turns red. Run with TAIZHANG_TODAY=2024-01-20 and any office.
export async function deadlineCountsDown(app) {
  const { ui } = app;
  const attribute = (selector, name) => ui.eval(([s, n]) => document.querySelector(s)?.getAttribute(n), [selector, name]);
  await ui.waitFor('[data-testid="office-name"]');
  await ui.waitFor('[data-testid="report-deadline"]');
  await ui.waitForText('[data-testid="report-deadline"]', '距报送截止还有 8 个工作日（2024年1月31日）');
  assert.equal(await attribute('[data-testid="report-deadline"]', 'data-state'), 'soon');
  assert.equal(await attribute('[data-testid="report-deadline"] .tag', 'class'), 'tag warning');
  await ui.click('[data-testid="report-deadline"] button.link');
  await ui.waitFor('[data-testid="report-deadline"] input[type="date"]');
  // A date input is typed differently in every browser: its value is set as the picker sets it.
  await ui.eval(() => {
    const input = document.querySelector('[data-testid="report-deadline"] input[type="date"]');
    input.value = '2024-01-10';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await ui.click('[data-testid="report-deadline"] button[type="submit"]');
  await ui.waitForText('[data-testid="report-deadline"]', '已过报送截止日期（2024年1月10日）');
  assert.equal(await attribute('[data-testid="report-deadline"] .tag', 'class'), 'tag error');
}

/** In the page: every table's cells as text, row by row — of the page's
 * preview tables, or of an exported HTML file's tables when given its text. */
function tableTexts(exportedHtml) {
  const root = exportedHtml === null ? document : new DOMParser().parseFromString(exportedHtml, 'text/html');
  const tables = root.querySelectorAll(exportedHtml === null ? '.report-tables table[data-table]' : 'table');
  return [...tables].map((t) => [...t.rows].map((r) => [...r.cells].map((c) => c.textContent.trim())));
}

// 年报: the page's tables are the exported report's, cell for cell, in the
// year's format (2023: the 2021 format; 2020: the 2019 trial format, whose
// 表二 has 政府集中采购); 2018 has no standard report and says why. Run
// with TAIZHANG_TODAY=2024-01-15 and review-2023.json imported.
export async function previewEqualsExport(app) {
  const { ui } = app;
  await ui.waitFor('[data-testid="office-name"]');
  // 主动公开 → 年度数据: a trial-format 表二 cell with no source in the registers, typed for 2020.
  await ui.goto('disclosures');
  await ui.click('#tab-annual_figures');
  await ui.waitFor('[data-testid="trial-cells"] input[data-cell="procurement.amount"]');
  await ui.fill('[data-testid="trial-cells"] input[data-cell="procurement.amount"]', '１２.５');
  await ui.click('[data-testid="trial-cells"] button.primary');
  await ui.waitForText('.toast, [role="status"]', '已保存2020年度表二');
  await ui.goto('report');
  await ui.waitFor('[data-testid="export-report"]');
  // Only the web page: its tables are what Word and Excel lay out too.
  await ui.click('input[data-format="docx"]');
  await ui.click('input[data-format="pdf"]');
  await ui.click('input[data-format="html"]');
  for (const [year, format, trialOnly] of [['2023', '2021年格式', false], ['2020', '2019年试行格式', true]]) {
    await ui.select('select[aria-label="报告年度"]', year);
    await ui.waitForText('[data-testid="table-format"]', format);
    assert.equal(await ui.value('select[aria-label="模板"]'), 'standard');
    const shown = await ui.eval(tableTexts, null);
    const path = await ui.download(() => ui.click('[data-testid="export-report"]'));
    // The file's styles go before it is parsed in the page, whose policy refuses inline styles (and says so).
    const unstyled = readFileSync(path, 'utf8').replace(/<style[\s\S]*?<\/style>/g, '').replace(/ style="[^"]*"/g, '');
    const exported = await ui.eval(tableTexts, unstyled);
    assert.equal(shown.length, 3, `${year}: tables 二, 三, 四 shown`);
    assert.deepEqual(shown, exported, `${year}: the preview is the export`);
    assert.equal(JSON.stringify(shown[0]).includes('政府集中采购'), trialOnly, `${year}: table 二 in the year's format`);
    const procurement = shown[0].find((row) => row[0] === '政府集中采购');
    if (trialOnly) assert.deepEqual(procurement, ['政府集中采购', '', '12.5'], 'the typed cell is printed, the blank one stays blank');
  }
  await ui.select('select[aria-label="报告年度"]', '2018');
  await ui.waitForText('[data-testid="standard-unavailable"]', '2018年度没有这种格式');
  await ui.waitForText('[data-testid="template-unavailable"]', '可以导出工作总结和台账');
  const offered = await ui.eval(() => [...document.querySelectorAll('select[aria-label="模板"] option')].map((o) => o.value));
  assert.deepEqual(offered, ['summary', 'ledger']);
  assert.equal(await ui.count('.report-tables table[data-table]'), 0, 'no tables in a format that did not exist');
}

// 年报 → 文字 → 工作总结: the office words a heading as its province does;
// the saved heading is the section's, and the exported summary prints it.
// Run with TAIZHANG_TODAY=2019-01-15 and the 2018 sample package imported.
export async function summaryHeadingIsTheOffices(app) {
  const { ui } = app;
  const heading = '四、深化“最多跑一次”改革情况';
  await ui.waitFor('[data-testid="office-name"]');
  await ui.goto('report');
  await ui.waitFor('[data-testid="export-report"]');
  await ui.click('.report-page [role="tab"]:nth-child(3)'); // 文字
  await ui.select('select[aria-label="文字所属模板"]', 'summary');
  const input = '.narrative[data-section="key_areas"] [data-testid="heading-edit"] input';
  await ui.waitFor(input);
  assert.equal(await ui.value(input), '四、重点领域信息公开工作开展情况', 'the generic heading to start from');
  await ui.fill(input, heading);
  await ui.clickButton('保存标题', '.narrative[data-section="key_areas"] [data-testid="heading-edit"]');
  await ui.waitForText('.narrative[data-section="key_areas"] .pane-head h2', heading);
  assert.equal(await ui.value(input), heading);
  // The exported summary (a web page) prints it.
  await ui.click('input[data-format="docx"]');
  await ui.click('input[data-format="pdf"]');
  await ui.click('input[data-format="html"]');
  const path = await ui.download(() => ui.click('[data-testid="export-report"]'));
  const text = readFileSync(path, 'utf8');
  assert.ok(text.includes('深化“最多跑一次”改革情况'), 'the heading in the export');
  assert.ok(!text.includes('重点领域信息公开工作开展情况'), 'in place of the generic one');
}
