// 区县汇总 → 名单: the offices that should send their data packages, kept in
// the data file. Edited in place and saved whole (add, rename, remove); a
// list pasted from a document or a sheet, or a workbook with 单位名称 and
// 单位代码 columns, adds the offices it names (and codes the roster lacked).
import { html, useState, useEffect } from '../../html.js';
import { call, readFile } from '../../api.js';
import { ErrorBanner, toast } from '../../components/common.js';

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

function importMessage(r) {
  const parts = [];
  if (r.added.length) parts.push(`新增 ${r.added.length} 个单位`);
  if (r.coded.length) parts.push(`补上 ${r.coded.length} 个单位代码`);
  if (r.unchanged) parts.push(`${r.unchanged} 个已在名单中`);
  return `已导入名单：${parts.join('，')}`;
}

export function RosterEditor({ onChange }) {
  const [saved, setSaved] = useState(null);
  const [rows, setRows] = useState([]);
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState(null);
  const load = async () => {
    try {
      const r = await call('district.roster', {});
      setSaved(r.offices); setRows(r.offices); onChange?.(r.offices);
    } catch (e) { setError(e); }
  };
  useEffect(() => { load(); }, []);
  const dirty = saved !== null && !same(saved, rows);
  const set = (i, key) => (e) => { const v = e.currentTarget.value; setRows((rs) => rs.map((r, j) => (j === i ? { ...r, [key]: v } : r))); };
  const save = async () => {
    try {
      const r = await call('district.save_roster', { offices: rows });
      setError(null); setSaved(r.offices); setRows(r.offices); onChange?.(r.offices);
      toast(`已保存名单（${r.offices.length} 个单位）`);
    } catch (e) { setError(e); }
  };
  const importWith = async (args) => {
    try {
      const r = await call('district.import_roster', args);
      setError(null); setPasted('');
      toast(importMessage(r));
      setSaved(r.offices); setRows(r.offices); onChange?.(r.offices);
    } catch (e) { setError(e); }
  };
  const pickWorkbook = async (e) => {
    const file = e.currentTarget.files[0];
    e.currentTarget.value = '';
    if (file) importWith({ base64: await readFile(file, true), name: file.name });
  };
  return html`<section class="pane roster" aria-label="区县汇总名单">
    <h3>名单（${saved ? saved.length : 0} 个单位）</h3>
    <p class="hint">应报送数据包的街道、乡镇。汇总时按单位代码、否则按单位名称对照（“XX街道办事处”“XX街道办”“XX街道”视为同一单位），列出未报送、年度不符和未通过检查的单位。</p>
    <${ErrorBanner} error=${error} />
    <table class="data compact" aria-label="名单">
      <thead><tr><th scope="col">序号</th><th scope="col">单位名称</th><th scope="col">单位代码（如统一社会信用代码，可不填）</th><th scope="col">操作</th></tr></thead>
      <tbody>
        ${rows.length === 0 && html`<tr><td class="empty" colspan="4">还没有名单：逐个添加，或把名单粘贴到下面。</td></tr>`}
        ${rows.map((r, i) => html`<tr>
          <td class="num">${i + 1}</td>
          <td><input aria-label=${`第${i + 1}个单位名称`} value=${r.name} onInput=${set(i, 'name')} /></td>
          <td><input aria-label=${`第${i + 1}个单位代码`} value=${r.code} onInput=${set(i, 'code')} /></td>
          <td><button type="button" class="link" onClick=${() => setRows((rs) => rs.filter((_, j) => j !== i))}>删除</button></td>
        </tr>`)}
      </tbody>
    </table>
    <div class="form-actions">
      <button type="button" onClick=${() => setRows((rs) => [...rs, { name: '', code: '' }])}>添加单位</button>
      <button type="button" class="primary" disabled=${!dirty} onClick=${save}>保存名单</button>
      ${dirty && html`<button type="button" onClick=${() => { setRows(saved); setError(null); }}>撤销修改</button>`}
    </div>
    <details class="roster-import">
      <summary>从粘贴的名单或表格导入</summary>
      <p class="hint">每行一个单位，名称在前，单位代码（如有）在后，用制表符（从表格复制即是）或逗号隔开；表格请有“单位名称”和“单位代码”两列。已在名单中的单位不会重复，缺少的单位代码会补上。</p>
      ${dirty && html`<p class="hint error-text">请先保存或撤销对名单的修改，再导入。</p>`}
      <textarea aria-label="粘贴名单" rows="5" value=${pasted} onInput=${(e) => setPasted(e.currentTarget.value)}
        placeholder=${'长庆街道办事处\t11330103MB0000001A\n潮鸣街道'}></textarea>
      <div class="form-actions">
        <button type="button" disabled=${dirty || pasted.trim() === ''} onClick=${() => importWith({ text: pasted })}>加入名单</button>
        <label>从表格导入：<input type="file" accept=".xlsx,.xls,.ods" aria-label="选择名单表格"
          disabled=${dirty} onChange=${pickWorkbook} /></label>
      </div>
    </details>
  </section>`;
}
