// 从 Excel 导入: a clerk's existing 台账 sheet, checked and shown before
// anything is written; all rows or none.
import { html, useState, useRef, useEffect } from '../html.js';
import { call, readFile } from '../api.js';
import { Banner, ErrorBanner, toast } from '../components/common.js';
import { onKeys, pressed, shortcut } from '../keys.js';

const SHOWN = ['title', 'category', 'unit', 'channels', 'formed_on', 'published_on', 'doc_number'];
const LABELS = { title: '标题', category: '类别', unit: '科室', channels: '公开渠道', formed_on: '形成日期', published_on: '公开日期', doc_number: '文号' };
const MAX_PROBLEMS_SHOWN = 300;

const cell = (v) => (Array.isArray(v) ? v.join('、') : v ?? '');

/** Add what the sheet uses and the settings lack, then check the sheet again. */
async function addMissing(preview) {
  for (const name of preview.missing_units) await call('units.add', { name, kind: 'section' });
  const wanted = [['disclosure_category', preview.missing_categories], ['disclosure_channel', preview.missing_channels]];
  if (wanted.some(([, v]) => v.length)) {
    const lists = await call('lists.get');
    for (const [name, values] of wanted) {
      if (!values.length) continue;
      const list = lists.find((l) => l.name === name);
      await call('lists.save', { name, values: [...list.values, ...values] });
    }
  }
}

function Sheets({ sheets }) {
  return html`<ul class="sheet-list">${sheets.map((s) => html`<li>
    工作表“${s.name}”：${s.header_row
      ? html`第 ${s.header_row} 行为表头，${s.rows} 行数据；
        ${s.columns.map((c) => html`<span class=${c.field ? 'col-matched' : 'col-skipped'} title=${c.field ? `导入为“${c.label}”` : '不导入'}>${c.column}列“${c.header}”${c.field ? ` → ${c.label}` : '（不导入）'}</span>`)}`
      : '没有找到表头，不导入'}
  </li>`)}</ul>`;
}

/** Footer, 合计 and note rows: not records, and the clerk sees which. */
function Skipped({ rows }) {
  if (!rows.length) return null;
  return html`<details class="skipped-rows" open=${rows.length <= 10}>
    <summary>跳过 ${rows.length} 行（不是记录）</summary>
    <ul>${rows.map((r) => html`<li><code>${r.sheet}!第${r.row}行</code> ${r.reason}：${r.text}</li>`)}</ul>
  </details>`;
}

export function ExcelImport({ onClose }) {
  const [file, setFile] = useState(null); // {name, base64}
  const [preview, setPreview] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef(null);

  const check = async (f) => {
    setBusy(true); setError(null);
    try {
      setPreview(await call('disclosures.preview_excel', { base64: f.base64, name: f.name }));
    } catch (e) {
      setPreview(null); setError(e);
    } finally {
      setBusy(false);
    }
  };
  const pick = async (e) => {
    const chosen = e.currentTarget.files[0];
    e.currentTarget.value = '';
    if (!chosen) return;
    try {
      const f = { name: chosen.name, base64: await readFile(chosen, true) };
      setFile(f);
      await check(f);
    } catch (err) {
      setError(err);
    }
  };
  const fixSettings = async () => {
    try {
      await addMissing(preview);
      toast('已添加到设置中');
      await check(file);
    } catch (e) {
      setError(e);
    }
  };
  const importNow = async () => {
    setBusy(true);
    try {
      const done = await call('disclosures.import_excel', { base64: file.base64, name: file.name });
      toast(`已从“${file.name}”导入 ${done.created} 条${done.skipped ? `，${done.skipped} 条以前导入过，已跳过` : ''}${done.filled ? `，补填日期 ${done.filled} 条` : ''}${done.undetermined ? `；${done.undetermined} 条缺形成日期，是否按时为“未判断”` : ''}`);
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => { inputRef.current?.focus(); }, []);
  const problems = preview?.problems ?? [];
  const missing = preview ? [...preview.missing_units, ...preview.missing_categories, ...preview.missing_channels] : [];
  return html`<section class="pane excel-import" aria-label="从 Excel 导入"
      onKeyDown=${onKeys((e) => { if (pressed(e, 'cancel')) { e.preventDefault(); onClose(); } })}>
    <div class="pane-head"><h2>从 Excel 导入主动公开台账</h2>
      <button type="button" onClick=${onClose} title=${shortcut('cancel')}>关闭</button></div>
    <p class="hint">选择原来用 Excel 或 WPS 记的台账（.xlsx / .xls）。按表头识别各列（标题、类别、科室、公开渠道、形成日期、公开日期、文号、网址……），
      先检查、后导入；有任何一行有问题就一条也不导入。同一张表再导入一次不会重复。
      没有“形成日期”列也可以导入（是否按时显示为“未判断”）；合计、填表人/审核人、注释行自动跳过。</p>
    <div class="inline-form">
      <label class="button">选择 Excel 文件…<input type="file" class="visually-hidden" ref=${inputRef}
        accept=".xlsx,.xls,.xlsm,.ods" aria-label="选择 Excel 文件" onChange=${pick} /></label>
      ${file && html`<span>${file.name}</span>`}
    </div>
    ${busy && html`<p class="muted">正在读取……</p>`}
    <${ErrorBanner} error=${error} />
    ${preview && html`<div class="excel-preview">
      <${Sheets} sheets=${preview.sheets} />
      ${problems.length === 0
        ? html`<${Banner} kind="info">检查通过：将新增 ${preview.new} 条${preview.existing ? `，${preview.existing} 条以前导入过（跳过）` : ''}${preview.filled ? `，其中 ${preview.filled} 条补填日期` : ''}。
            ${preview.undetermined > 0 && html`<br />${preview.undetermined} 条没有形成日期：是否按时将显示为“未判断”，不计入按时、逾期数；以后可在列表中筛选“未判断”补填，或在表格中加上“形成日期”列后重新导入。`}<//>`
        : html`<${Banner} kind="error">“${file.name}”有 ${problems.length} 处问题，请在表格中改正后重新选择文件；现在不会导入任何一条。
            <ul class="problems">${problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => html`<li><code>${p.path}</code> ${p.message}</li>`)}
              ${problems.length > MAX_PROBLEMS_SHOWN && html`<li>……还有 ${problems.length - MAX_PROBLEMS_SHOWN} 处</li>`}</ul><//>`}
      <${Skipped} rows=${preview.skipped} />
      ${missing.length > 0 && html`<p class="inline-form">表格用到了设置中没有的：${missing.join('、')}
        <button type="button" onClick=${fixSettings}>把这些加入设置</button></p>`}
      ${preview.preview.length > 0 && html`<div class="table-wrap"><table class="data">
        <caption class="hint">前 ${preview.preview.length} 行</caption>
        <thead><tr><th scope="col">位置</th>${SHOWN.map((k) => html`<th scope="col">${LABELS[k]}</th>`)}<th scope="col">检查结果</th></tr></thead>
        <tbody>${preview.preview.map((r) => html`<tr>
          <td>${r.sheet}!${r.row}</td>${SHOWN.map((k) => html`<td title=${cell(r.record[k])}>${cell(r.record[k])}</td>`)}
          <td>${r.problems.length ? html`<span class="tag late">${r.problems.length} 处问题</span>` : html`<span class="tag ok">可导入</span>`}</td>
        </tr>`)}</tbody></table></div>`}
      <div class="form-actions">
        <button type="button" class="primary" disabled=${problems.length > 0 || preview.new === 0 || busy} onClick=${importNow}>导入 ${preview.new} 条</button>
        <button type="button" onClick=${onClose}>取消</button>
      </div>
    </div>`}
  </section>`;
}
