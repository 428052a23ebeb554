// The report's tables as they will print (tables 二, 三, 四), plus the
// disclosures and service-window figures. A figure with records behind it is
// a button: clicking it lists the records counted in it.
import { html } from '../../html.js';
import { fmtNumber } from '../../components/common.js';

function Cell({ value, path, traced, onTrace, span = 1, label = '' }) {
  const cls = 'num';
  if (traced.has(path)) {
    return html`<td class=${cls} colspan=${span}><button type="button" class="link figure" data-path=${path}
      title="查看计入该数字的记录" onClick=${() => onTrace(path, label)}>${fmtNumber(value)}</button></td>`;
  }
  return html`<td class=${cls} colspan=${span} data-path=${path}>${fmtNumber(value)}</td>`;
}

function Table2({ options, figures, traced, onTrace }) {
  const p = figures.proactive;
  const value = (code, i) => {
    const v = p[code];
    if (!v) return '';
    if (code === 'fees') return v.amount_wan_yuan;
    if ('decisions' in v) return v.decisions;
    return [v.issued, v.repealed, v.in_force][i];
  };
  const colPath = (code, i) => (code === 'rules' || code === 'normative_documents'
    ? `proactive.${code}.${['issued', 'repealed', 'in_force'][i]}` : `proactive.${code}`);
  return html`<table class="report-table" aria-label="表二 主动公开政府信息情况">
    ${options.table2.map((b) => html`<tbody>
      <tr class="block"><th colspan="4">${b.item}</th></tr>
      <tr><th>信息内容</th>${b.columns.map((c) => html`<th colspan=${b.columns.length === 1 ? 3 : 1}>${c}</th>`)}</tr>
      ${b.rows.map((r) => html`<tr><th scope="row">${r.label}</th>
        ${b.columns.map((_, i) => html`<${Cell} value=${value(r.code, i)} path=${colPath(r.code, i)}
          span=${b.columns.length === 1 ? 3 : 1} traced=${traced} onTrace=${onTrace} />`)}
      </tr>`)}
    </tbody>`)}
  </table>`;
}

function Table3({ options, figures, traced, onTrace, failing }) {
  const t = options.table3;
  const cols = [...t.columns.map((c) => c.code), 'total'];
  const rows = figures.applications.rows;
  let lastGroup = null;
  return html`<table class=${failing ? 'report-table failing' : 'report-table'} aria-label="表三 收到和处理政府信息公开申请情况">
    <thead>
      <tr><th rowspan="3" colspan="3" class="corner">${t.corner}</th><th colspan="7">申请人情况</th></tr>
      <tr><th rowspan="2">${t.columns[0].label}</th><th colspan="5">法人或其他组织</th><th rowspan="2">总计</th></tr>
      <tr>${t.columns.slice(1).map((c) => html`<th>${c.label}</th>`)}</tr>
    </thead>
    <tbody>
      ${t.rows.map((r) => {
        const inResults = r.result || r.code === 'results_total';
        let groupCell = null;
        if (r.group && r.group !== lastGroup) {
          const span = t.rows.filter((x) => x.group === r.group).length;
          groupCell = html`<th rowspan=${span}>${r.group}</th>`;
        }
        lastGroup = r.group;
        const label = inResults
          ? (r.group ? html`${groupCell}<th>${r.label}</th>` : html`<th colspan="2">${r.label}</th>`)
          : html`<th colspan="3">${r.label}</th>`;
        const resultsHead = r.code === 'disclosed'
          ? html`<th rowspan=${t.rows.filter((x) => x.result || x.code === 'results_total').length}>三、本年度办理结果</th>` : null;
        return html`<tr>${resultsHead}${label}
          ${cols.map((c, i) => html`<${Cell} value=${rows[r.code][i]} path=${`applications.${r.code}.${c}`}
            label=${`表三 ${r.group ? `${r.group}` : ''}${r.label} · ${i < t.columns.length ? t.columns[i].label : '总计'}`}
            traced=${traced} onTrace=${onTrace} />`)}</tr>`;
      })}
    </tbody>
  </table>`;
}

function Table4({ options, figures, traced, onTrace }) {
  const { kinds, outcomes } = options.table4;
  return html`<table class="report-table" aria-label="表四 政府信息公开行政复议、行政诉讼情况">
    <thead>
      <tr><th colspan="5" rowspan="2">${kinds[0].label}</th><th colspan="10">行政诉讼</th></tr>
      <tr>${kinds.slice(1).map((k) => html`<th colspan="5">${k.label}</th>`)}</tr>
      <tr>${kinds.map(() => outcomes.map((o) => html`<th>${o.label}</th>`))}</tr>
    </thead>
    <tbody><tr>${kinds.map((k) => outcomes.map((o) => html`<${Cell} value=${figures.appeals[k.code][o.code]}
      path=${`appeals.${k.code}.${o.code}`} label=${`表四 ${k.label} · ${o.label}`} traced=${traced} onTrace=${onTrace} />`))}</tr></tbody>
  </table>`;
}

function Disclosures({ figures, traced, onTrace }) {
  const d = figures.disclosures;
  const named = (obj) => Object.entries(obj).filter(([, n]) => n > 0);
  return html`<table class="report-table compact" aria-label="主动公开信息统计">
    <tbody>
      <tr><th>主动公开信息</th><${Cell} value=${d.total} path="disclosures.total" label="主动公开信息" traced=${traced} onTrace=${onTrace} /></tr>
      <tr><th>法定20个工作日内公开 / 超期</th><td class="num">${fmtNumber(d.on_time)} / ${fmtNumber(d.late)}</td></tr>
      <tr><th>本单位时限内公开 / 超时</th><td class="num">${fmtNumber(d.on_time_local)} / ${fmtNumber(d.late_local)}</td></tr>
      ${named(d.by_category).map(([k, n]) => html`<tr><th>类别：${k}</th><${Cell} value=${n} path=${`disclosures.by_category.${k}`} label=${`主动公开 · 类别 ${k}`} traced=${traced} onTrace=${onTrace} /></tr>`)}
      ${named(d.by_channel).map(([k, n]) => html`<tr><th>渠道：${k}</th><${Cell} value=${n} path=${`disclosures.by_channel.${k}`} label=${`主动公开 · 渠道 ${k}`} traced=${traced} onTrace=${onTrace} /></tr>`)}
    </tbody>
  </table>`;
}

function Services({ figures, traced, onTrace }) {
  const items = figures.service_tallies;
  if (items.length === 0) return html`<p class="muted">本年度没有窗口业务数据。</p>`;
  const total = items.reduce((s, i) => s + i.count, 0);
  return html`<table class="report-table compact" aria-label="窗口业务统计">
    <tbody>
      ${items.map((i) => html`<tr><th>${i.item}（${i.unit}）</th><${Cell} value=${i.count} path=${`service_tallies.${i.item}`} label=${`窗口业务 · ${i.item}`} traced=${traced} onTrace=${onTrace} /></tr>`)}
      <tr><th>合计</th><td class="num">${fmtNumber(total)}</td></tr>
    </tbody>
  </table>`;
}

export function ReportTables({ options, data, onTrace }) {
  const traced = new Set(data.traced);
  const failing = data.figures.checks.some((c) => c.level === 'error' && c.code.startsWith('applications.'));
  const f = data.figures;
  return html`<div class="report-tables">
    <h2>二、主动公开政府信息情况</h2>
    <${Table2} options=${options} figures=${f} traced=${traced} onTrace=${onTrace} />
    <h2>三、收到和处理政府信息公开申请情况</h2>
    <${Table3} options=${options} figures=${f} traced=${traced} onTrace=${onTrace} failing=${failing} />
    <h2>四、政府信息公开行政复议、行政诉讼情况</h2>
    <${Table4} options=${options} figures=${f} traced=${traced} onTrace=${onTrace} />
    <div class="cards">
      <section class="card"><h2>主动公开</h2><${Disclosures} figures=${f} traced=${traced} onTrace=${onTrace} /></section>
      <section class="card"><h2>窗口业务</h2><${Services} figures=${f} traced=${traced} onTrace=${onTrace} /></section>
    </div>
  </div>`;
}
