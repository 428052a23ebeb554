// 首页 card: is the yearly report ready? The checks of the report year, with
// a link to 年报 where each one can be opened.
import { html } from '../html.js';
import { call } from '../api.js';
import { Tag, useLoad } from '../components/common.js';
import { defaultReportYear } from './report.js';
import { DeadlineLine } from './home-deadline.js';

export function ReportCard({ status }) {
  const year = defaultReportYear(status.today);
  const [data, error] = useLoad(() => call('report.figures', { year }), [year]);
  const checks = data?.figures.checks ?? [];
  const errors = checks.filter((c) => c.level === 'error').length;
  const warnings = checks.filter((c) => c.level === 'warning').length;
  return html`<section class="card" aria-label="年报准备情况">
    <h2>${year}年度年报 <a href="#/report">打开</a></h2>
    ${error && html`<p class="muted">${error.message}</p>`}
    <${DeadlineLine} year=${year} />
    ${data && html`
      <div>${data.locked_at ? html`<${Tag}>已锁定<//>` : errors > 0
        ? html`<${Tag} kind="error">${errors} 处错误，不能导出<//>`
        : html`<${Tag} kind="ok">可以导出<//>`}</div>
      <ul>
        <li>主动公开 ${data.figures.disclosures.total} 条，申请 ${data.figures.applications.rows.new[6]} 件</li>
        ${warnings > 0 && html`<li>${warnings} 条提醒，请在年报“检查”中查看</li>`}
      </ul>`}
  </section>`;
}
