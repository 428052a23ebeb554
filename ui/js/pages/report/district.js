// 区县汇总: the district's office sums several offices' data packages for a
// year: each office's main figures, the total, and every check; against the
// roster, who is missing, sent another year's package or failed its checks.
import { html, useState } from '../../html.js';
import { call, callForFiles, readFile } from '../../api.js';
import { ErrorBanner, Banner, Tag, fmtNumber, toast } from '../../components/common.js';
import { RosterEditor } from './roster.js';

const COLUMNS = [
  ['主动公开', (f) => f.disclosures.total],
  ['新收申请', (f) => f.applications.rows.new[6]],
  ['上年结转', (f) => f.applications.rows.carried_in[6]],
  ['办结', (f) => f.applications.rows.results_total[6]],
  ['结转下年', (f) => f.applications.rows.carried_out[6]],
  ['行政复议', (f) => f.appeals.reconsideration.total],
  ['行政诉讼', (f) => f.appeals.litigation_direct.total + f.appeals.litigation_after_reconsideration.total],
  ['窗口业务', (f) => f.service_tallies.reduce((s, t) => s + t.count, 0)],
];

const STATUS = {
  received: ['ok', '已报送'],
  failed_checks: ['error', '未通过检查'],
  other_year: ['warning', '年度不符'],
  missing: ['error', '未报送'],
};

/** The roster entry by entry, each beside its office's figures, then the packages outside it. */
function RosterStatus({ c }) {
  const figuresOf = (source) => c.offices.find((o) => o.source === source)?.figures;
  const outside = [...c.unlisted.map((s) => ['名单外', s]),
    ...c.other_years.filter((s) => !c.roster.some((l) => l.source === s.source) && !c.unlisted.some((u) => u.source === s.source))
      .map((s) => ['年度不符', s])];
  const count = (status) => c.roster.filter((l) => l.status === status).length;
  return html`<table class="report-table compact roster-status" aria-label="报送情况">
    <caption>报送情况：名单 ${c.roster.length} 个单位，已报送 ${count('received') + count('failed_checks')}，未报送 ${count('missing')}，年度不符 ${count('other_year')}，未通过检查 ${count('failed_checks')}</caption>
    <thead><tr><th>单位</th><th>报送情况</th><th>数据包</th>${COLUMNS.map(([l]) => html`<th>${l}</th>`)}<th>说明</th></tr></thead>
    <tbody>
      ${c.roster.map((l) => {
        const f = figuresOf(l.source);
        const [kind, label] = STATUS[l.status];
        return html`<tr data-status=${l.status}><th>${l.name}</th><td><${Tag} kind=${kind}>${label}<//></td>
          <td>${l.source || ''}${l.office && l.office !== l.name ? html`<br /><span class="muted">${l.office}${l.matched_by === 'code' ? '（按单位代码）' : ''}</span>` : ''}</td>
          ${COLUMNS.map(([, get]) => html`<td class="num">${f ? fmtNumber(get(f)) : ''}</td>`)}
          <td class="note">${l.note}</td></tr>`;
      })}
      ${outside.map(([label, s]) => html`<tr data-status="outside"><th>${s.office}</th><td><${Tag} kind="warning">${label}<//></td><td>${s.source}</td>
        ${COLUMNS.map(() => html`<td></td>`)}<td class="note">${s.note}</td></tr>`)}
      <tr><th>合计</th><td></td><td>${c.offices.length} 个数据包</td>${COLUMNS.map(([, get]) => html`<td class="num">${fmtNumber(get(c.total))}</td>`)}<td></td></tr>
    </tbody>
  </table>`;
}

export function DistrictPanel({ year }) {
  const [packages, setPackages] = useState([]);
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const pick = async (e) => {
    const files = [...e.currentTarget.files];
    e.currentTarget.value = '';
    try {
      const read = await Promise.all(files.map(async (f) => ({ name: f.name, text: await readFile(f) })));
      setPackages((ps) => [...ps.filter((p) => !read.some((r) => r.name === p.name)), ...read]);
      setResult(null);
    } catch (err) { setError(err); }
  };
  const run = async () => {
    setBusy(true); setError(null);
    try { setResult(await call('district.consolidate', { year, packages })); } catch (err) { setError(err); } finally { setBusy(false); }
  };
  const exportXlsx = async () => {
    try {
      const r = await callForFiles('district.export', { year, packages, format: 'xlsx' });
      if (r) toast(`${r.message}：${r.files.map((f) => f.split(/[\\/]/).pop()).join('、')}`);
    } catch (err) { setError(err); }
  };
  const c = result?.consolidation;
  return html`<section class="pane" aria-label="区县汇总">
    <h2>区县汇总（${year}年度）</h2>
    <p class="hint">选择各街道、乡镇报来的数据包（.json），按年度汇总成区县的年报数据，并逐个单位检查。</p>
    <div class="inline-form">
      <input type="file" multiple accept=".json,application/json" aria-label="选择各单位数据包" onChange=${pick} />
      <button type="button" class="primary" disabled=${packages.length === 0 || busy} onClick=${run}>${busy ? '正在汇总…' : `汇总 ${packages.length} 个数据包`}</button>
      ${packages.length > 0 && html`<button type="button" onClick=${() => { setPackages([]); setResult(null); }}>清空</button>`}
    </div>
    ${packages.length > 0 && html`<p class="hint">已选择：${packages.map((p) => p.name).join('、')}</p>`}
    <${ErrorBanner} error=${error} />
    ${c && (c.roster.length > 0 || c.other_years.length > 0) && html`<${RosterStatus} c=${c} />`}
    ${c && html`
      <table class="report-table compact" aria-label="各单位数据">
        <thead><tr><th>单位</th>${COLUMNS.map(([l]) => html`<th>${l}</th>`)}<th>检查</th></tr></thead>
        <tbody>
          ${c.offices.map((o) => {
            const errors = o.figures.checks.filter((x) => x.level === 'error').length;
            return html`<tr><th>${o.office}</th>${COLUMNS.map(([, get]) => html`<td class="num">${fmtNumber(get(o.figures))}</td>`)}
              <td>${errors > 0 ? html`<${Tag} kind="error">${errors} 处错误<//>` : html`<${Tag} kind="ok">通过<//>`}</td></tr>`;
          })}
          <tr><th>合计</th>${COLUMNS.map(([, get]) => html`<td class="num">${fmtNumber(get(c.total))}</td>`)}
            <td>${result.has_errors ? html`<${Tag} kind="error">有错误<//>` : html`<${Tag} kind="ok">通过<//>`}</td></tr>
        </tbody>
      </table>
      ${c.total.checks.length > 0 && html`<${Banner} kind=${result.has_errors ? 'error' : 'info'}><ul>${c.total.checks.map((x) => html`<li>${x.message}</li>`)}</ul><//>`}
      <div class="form-actions"><button type="button" class="primary" onClick=${exportXlsx}>导出汇总表（.xlsx）…</button></div>`}
    <${RosterEditor} onChange=${() => setResult(null)} />
  </section>`;
}
