// 汇总: the year by item × window, by month (with a bar chart), and this year
// against last year; with the year's check warnings. Each view exports to .xlsx.
import { html, useState } from '../../html.js';
import { call } from '../../api.js';
import { Banner, ErrorBanner, Tag, useLoad } from '../../components/common.js';
import { BarChart } from './chart.js';
import { MONTHS, WindowPicker, YearPicker, ExportButton, fmt } from './shared.js';

const itemCell = (item) => html`<th scope="row" class="item">${item.name}<span class="unit">${item.unit}</span>
  ${item.archived && html`<${Tag}>已归档<//>`}</th>`;

function Table({ head, children, foot }) {
  return html`<div class="table-wrap tally-table"><table class="data">
    <thead><tr>${head.map((h, i) => html`<th scope="col" class=${i === 0 ? '' : 'num'}>${h}</th>`)}</tr></thead>
    <tbody>${children}</tbody>
    <tfoot>${foot}</tfoot>
  </table></div>`;
}

const nums = (list) => list.map((n) => html`<td class="num">${fmt(n)}</td>`);

function ByWindow({ year }) {
  const [t, error] = useLoad(() => call('tallies.totals', { year }), [year]);
  if (error) return html`<${ErrorBanner} error=${error} />`;
  if (!t) return null;
  if (t.windows.length === 0) return html`<p class="muted">${year}年还没有窗口业务数字。</p>`;
  return html`<${Table} head=${['服务事项', ...t.windows.map((w) => w.name), '合计']}
      foot=${html`<tr><th scope="row">合计</th>${nums(t.window_totals)}<td class="num">${fmt(t.total)}</td></tr>`}>
    ${t.rows.map((r) => html`<tr>${itemCell(r.item)}${nums(r.counts)}<td class="num strong">${fmt(r.total)}</td></tr>`)}
  <//>`;
}

function ByMonth({ year, window }) {
  const [t, error] = useLoad(() => call('tallies.by_month', { year, window }), [year, window]);
  const [chart, setChart] = useState(true);
  if (error) return html`<${ErrorBanner} error=${error} />`;
  if (!t) return null;
  const whole = t.whole_year_total > 0;
  return html`
    <${Table} head=${['服务事项', ...MONTHS, ...(whole ? ['未分月'] : []), '合计']}
        foot=${html`<tr><th scope="row">合计</th>${nums(t.month_totals)}${whole && html`<td class="num">${fmt(t.whole_year_total)}</td>`}<td class="num">${fmt(t.total)}</td></tr>`}>
      ${t.rows.map((r) => html`<tr>${itemCell(r.item)}${nums(r.months)}${whole && html`<td class="num">${fmt(r.whole_year)}</td>`}<td class="num strong">${fmt(r.total)}</td></tr>`)}
    <//>
    ${whole && html`<p class="hint">“未分月”是只按全年保存的数字（如历史年度），不计入各月。</p>`}
    <label class="check"><input type="checkbox" checked=${chart} onChange=${(e) => setChart(e.currentTarget.checked)} />显示柱状图</label>
    ${chart && html`<${BarChart} values=${t.month_totals} labels=${MONTHS} title=${`${year}年各月办理量合计`} />`}`;
}

function Compare({ year, window }) {
  const [t, error] = useLoad(() => call('tallies.compare', { year, window }), [year, window]);
  if (error) return html`<${ErrorBanner} error=${error} />`;
  if (!t) return null;
  const change = (r) => {
    const words = r.change > 0 ? `增加 ${fmt(r.change)}` : r.change < 0 ? `减少 ${fmt(-r.change)}` : '持平';
    return html`<td class="num">${words}${r.percent != null && r.change !== 0 ? `（${r.percent > 0 ? '+' : ''}${r.percent}%）` : ''}</td>`;
  };
  return html`<${Table} head=${['服务事项', `${year}年`, `${year - 1}年`, '增减']}
      foot=${html`<tr><th scope="row">合计</th>${nums([t.this_year, t.last_year])}${change({ change: t.this_year - t.last_year, percent: null })}</tr>`}>
    ${t.rows.map((r) => html`<tr>${itemCell(r.item)}${nums([r.this_year, r.last_year])}${change(r)}</tr>`)}
  <//>`;
}

function Warnings({ year }) {
  const [list] = useLoad(() => call('tallies.warnings', { year }), [year]);
  if (!list || list.length === 0) return null;
  const double = list.filter((w) => w.level === 'warning');
  const info = list.filter((w) => w.level !== 'warning');
  return html`<div class="tally-warnings">
    ${double.length > 0 && html`<${Banner} kind="error">重复计算 ${double.length} 处（年报检查会提示）：
      <ul>${double.map((w) => html`<li>${w.message}</li>`)}</ul><//>`}
    ${info.length > 0 && html`<details class="banner info"><summary>休息日有数字 ${info.length} 处（请确认日期无误）</summary>
      <ul>${info.slice(0, 100).map((w) => html`<li>${w.message}</li>`)}</ul>
      ${info.length > 100 && html`<p class="hint">另有 ${info.length - 100} 处未列出。</p>`}</details>`}
  </div>`;
}

const VIEWS = [
  { key: 'totals', label: '按窗口', component: ByWindow, windowFilter: false },
  { key: 'by_month', label: '按月', component: ByMonth, windowFilter: true },
  { key: 'compare', label: '同比', component: Compare, windowFilter: true },
];

export function SummaryView({ windows, today }) {
  const [view, setView] = useState('totals');
  const [year, setYear] = useState(today.year);
  const [window, setWindow] = useState(null);
  const v = VIEWS.find((x) => x.key === view);
  const View = v.component;
  const args = { view, year, window: v.windowFilter ? window : null };
  return html`<div class="tally-summary">
    <div class="toolbar">
      <div class="segmented" role="group" aria-label="汇总方式">
        ${VIEWS.map((x) => html`<button type="button" aria-pressed=${x.key === view ? 'true' : 'false'} onClick=${() => setView(x.key)}>${x.label}</button>`)}
      </div>
      <${YearPicker} value=${year} onChange=${setYear} around=${today.year} />
      ${v.windowFilter && html`<${WindowPicker} windows=${windows} value=${window} onChange=${setWindow} allowAll=${true} />`}
      <span class="spacer"></span>
      <${ExportButton} args=${args} />
    </div>
    <${Warnings} year=${year} />
    <${View} year=${year} window=${args.window} />
  </div>`;
}
