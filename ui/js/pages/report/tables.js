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

// Tables 二, 三 and 四 come from the command as the export builds them (the
// same function, in the year's format: the 2019 trial format for 2019–2020),
// so that the preview cannot differ from the file. Each cell carries its
// printed text and spans; a number with records behind it is a button.
function PreviewCell({ cell, traced, onTrace, label }) {
  const span = { rowspan: cell.rows > 1 ? cell.rows : undefined, colspan: cell.cols > 1 ? cell.cols : undefined };
  if (cell.header || (!cell.number && cell.text)) {
    return html`<th ...${span} scope=${cell.header ? undefined : 'row'}>${cell.text}</th>`;
  }
  if (cell.path && traced.has(cell.path)) {
    return html`<td class="num" ...${span}><button type="button" class="link figure" data-path=${cell.path}
      title="查看计入该数字的记录" onClick=${() => onTrace(cell.path, label)}>${cell.text}</button></td>`;
  }
  return html`<td class="num" ...${span} data-path=${cell.path ?? undefined}>${cell.text}</td>`;
}

function PreviewTable({ table, number, traced, onTrace, failing }) {
  const head = table.rows.slice(0, table.header_rows);
  const body = table.rows.slice(table.header_rows);
  // The trace panel's title: the table and the row's own labels.
  const rowLabel = (cells) => cells.filter((c) => !c.number && c.text).map((c) => c.text).join(' ');
  const row = (cells) => {
    const label = `表${number} ${rowLabel(cells)}`.trim();
    return html`<tr>${cells.map((c) => html`<${PreviewCell} cell=${c} traced=${traced} onTrace=${onTrace} label=${label} />`)}</tr>`;
  };
  return html`<table class=${failing ? 'report-table failing' : 'report-table'} aria-label=${`表${number} ${table.caption.replace(/^[一二三四五六]、/, '')}`}
    data-table=${table.name}>
    ${head.length > 0 && html`<thead>${head.map(row)}</thead>`}
    <tbody>${body.map(row)}</tbody>
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

export function ReportTables({ data, onTrace }) {
  const traced = new Set(data.traced);
  const failing = data.figures.checks.some((c) => c.level === 'error' && c.code.startsWith('applications.'));
  const f = data.figures;
  const numbers = ['二', '三', '四'];
  return html`<div class="report-tables">
    ${data.standard_unavailable
      ? html`<p class="hint" data-testid="standard-unavailable">${data.standard_unavailable}</p>`
      : html`<p class="hint" data-testid="table-format">表格按${data.table_format}，与导出的年度报告一致。</p>
        ${data.tables.map((t, i) => html`<h2>${t.caption}</h2>
          <${PreviewTable} table=${t} number=${numbers[i]} traced=${traced} onTrace=${onTrace} failing=${i === 1 && failing} />`)}`}
    <div class="cards">
      <section class="card"><h2>主动公开</h2><${Disclosures} figures=${f} traced=${traced} onTrace=${onTrace} /></section>
      <section class="card"><h2>窗口业务</h2><${Services} figures=${f} traced=${traced} onTrace=${onTrace} /></section>
    </div>
  </div>`;
}
