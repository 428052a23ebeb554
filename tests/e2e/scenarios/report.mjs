// 年报 in one click: the 2018 sample office exports its standard report as
// Word and PDF; the confirmation names both files. Run with
// TAIZHANG_TODAY=2019-01-15 (the page then opens on report year 2018) and the
// 2018 sample package imported. `savedFiles()` returns the names of the files
// the transport saved (the desktop dialog's folder, or browser downloads).
import assert from 'node:assert/strict';

export const REPORT_FILES = [
  '长庆街道办事处2018年政府信息公开工作年度报告.docx',
  '长庆街道办事处2018年政府信息公开工作年度报告.pdf',
];

export async function exportReportInOneClick(app, savedFiles) {
  const { ui } = app;
  await ui.waitFor('[data-testid="office-name"]');
  await ui.goto('report');
  await ui.waitFor('[data-testid="export-report"]');
  assert.equal(await ui.value('select[aria-label="报告年度"]'), '2018');
  // The tables show the year's figures before export: 5,247 services in all.
  await ui.waitForText('.report-tables', '5,247');
  await ui.click('[data-testid="export-report"]');
  await ui.waitForText('[data-testid="export-result"]', '已导出2018年', 60000);
  const shown = await ui.text('[data-testid="export-result"]');
  for (const name of REPORT_FILES) assert.ok(shown.includes(name), `${name} in “${shown}”`);
  const saved = await savedFiles();
  for (const name of REPORT_FILES) assert.ok(saved.includes(name), `${name} saved (${saved.join(', ')})`);
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
  const { ui, page } = app;
  await ui.waitFor('[data-testid="office-name"]');
  await ui.waitFor('[data-testid="report-deadline"]');
  await ui.waitForText('[data-testid="report-deadline"]', '距报送截止还有 8 个工作日（2024年1月31日）');
  assert.equal(await page.getAttribute('[data-testid="report-deadline"]', 'data-state'), 'soon');
  assert.equal(await page.getAttribute('[data-testid="report-deadline"] .tag', 'class'), 'tag warning');
  await page.click('[data-testid="report-deadline"] button.link');
  await page.fill('[data-testid="report-deadline"] input[type="date"]', '2024-01-10');
  await page.click('[data-testid="report-deadline"] button[type="submit"]');
  await ui.waitForText('[data-testid="report-deadline"]', '已过报送截止日期（2024年1月10日）');
  assert.equal(await page.getAttribute('[data-testid="report-deadline"] .tag', 'class'), 'tag error');
}
