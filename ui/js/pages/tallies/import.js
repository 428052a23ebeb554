// 从 Excel 导入: a sheet with items down the first column and months (or the
// days of one month) across. The preview lists every row and every problem
// by cell before anything is written; the import is all or nothing.
import { html, useState } from '../../html.js';
import { call, readFile } from '../../api.js';
import { Banner, ErrorBanner, toast } from '../../components/common.js';
import { MONTHS, WindowPicker, YearPicker, fmt } from './shared.js';

export function ImportView({ windows, today }) {
  const [target, setTarget] = useState({ window: windows[0]?.id ?? null, layout: 'month', year: today.year, month: today.month });
  const [file, setFile] = useState(null); // {name, data}
  const [preview, setPreview] = useState(null);
  const [error, setError] = useState(null);
  const [done, setDone] = useState(null);

  const args = (t, f) => ({ ...t, month: t.layout === 'day' ? t.month : null, data: f.data });
  const check = async (t, f) => {
    setDone(null);
    if (!f) return;
    try {
      setPreview(await call('tallies.preview_import', args(t, f)));
      setError(null);
    } catch (e) {
      setPreview(null); setError(e);
    }
  };
  const change = (patch) => { const t = { ...target, ...patch }; setTarget(t); check(t, file); };
  const pick = async (e) => {
    const f = e.currentTarget.files[0];
    e.currentTarget.value = '';
    if (!f) return;
    const picked = { name: f.name, data: await readFile(f, true) };
    setFile(picked);
    check(target, picked);
  };
  const importNow = async () => {
    try {
      const r = await call('tallies.import_excel', args(target, file));
      setDone(`已从“${file.name}”导入，修改了 ${r.changed} 格。`);
      toast('已导入');
      setPreview(null); setFile(null);
    } catch (e) {
      setError(e);
    }
  };
  return html`<div class="tally-import">
    <p class="hint">表格的第一列为服务事项名称（须与“设置 → 服务事项”中的名称一致），第一行为月份（1月 … 12月）或日期（1 … 31）。标题行和“合计”行、列会被跳过；空格不改动已有数字，0 表示清空。</p>
    <div class="toolbar">
      <${WindowPicker} windows=${windows} value=${target.window} onChange=${(w) => change({ window: w })} />
      <div class="segmented" role="group" aria-label="表格布局">
        <button type="button" aria-pressed=${target.layout === 'month' ? 'true' : 'false'} onClick=${() => change({ layout: 'month' })}>事项 × 月份</button>
        <button type="button" aria-pressed=${target.layout === 'day' ? 'true' : 'false'} onClick=${() => change({ layout: 'day' })}>事项 × 日期</button>
      </div>
      <${YearPicker} value=${target.year} onChange=${(y) => change({ year: y })} around=${today.year} />
      ${target.layout === 'day' && html`<select aria-label="月份" value=${target.month} onChange=${(e) => change({ month: Number(e.currentTarget.value) })}>
        ${MONTHS.map((m, i) => html`<option value=${i + 1}>${m}</option>`)}</select>`}
      <input type="file" accept=".xlsx,.xls,.xlsm,.ods" aria-label="选择 Excel 文件" onChange=${pick} />
    </div>
    <${ErrorBanner} error=${error} />
    ${done && html`<${Banner} kind="ok">${done}<//>`}
    ${preview && html`
      ${preview.problems.length > 0
        ? html`<${Banner} kind="error">“${file.name}”有 ${preview.problems.length} 处问题，一格也不会导入：
            <ul>${preview.problems.map((p) => html`<li>${p.message}</li>`)}</ul><//>`
        : html`<${Banner} kind="info">“${file.name}”（工作表“${preview.sheet}”）检查通过：${preview.rows.length} 个事项，${preview.cells} 格，合计 ${fmt(preview.total) || 0}，将写入窗口“${preview.window}”。
            <div class="form-actions"><button type="button" class="primary" onClick=${importNow}>导入</button>
            <button type="button" onClick=${() => { setPreview(null); setFile(null); }}>取消</button></div><//>`}
      <div class="table-wrap tally-table"><table class="data">
        <thead><tr><th scope="col">单元格</th><th scope="col">服务事项</th>${preview.periods.map((p) => html`<th scope="col" class="num">${p}</th>`)}</tr></thead>
        <tbody>${preview.rows.map((r) => html`<tr><td>${r.cell}</td><td>${r.item}</td>
          ${r.counts.map((n) => html`<td class="num">${n == null ? '' : n}</td>`)}</tr>`)}</tbody>
      </table></div>`}
  </div>`;
}
