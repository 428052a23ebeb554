// 年度数据: table 二's yearly figures that come from elsewhere (行政许可 /
// 行政处罚 / 行政强制 decisions, 行政事业性收费), one row per year; and for
// 2019–2020, the trial format's cells no register is a source for.
import { html, useState, useEffect, useRef } from '../html.js';
import { call } from '../api.js';
import { ErrorBanner, toast, confirmDialog, useLoad, fmtNumber } from '../components/common.js';
import { onKeys, pressed } from '../keys.js';

const NUMBERS = ['licensing_decisions', 'penalty_decisions', 'enforcement_decisions', 'fees_wan_yuan'];

function blank(year) {
  return { year: String(year), licensing_decisions: '', penalty_decisions: '', enforcement_decisions: '', fees_wan_yuan: '' };
}

/** One year's figures as a row of inputs; Enter moves on, Enter in the last saves. */
function EditRow({ fields, initial, onSaved, onCancel, isNew }) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const rowRef = useRef(null);
  useEffect(() => { rowRef.current?.querySelector('input:not([readonly])')?.focus(); }, []);
  const save = async () => {
    try {
      const saved = await call('annual_figures.save', values);
      setErrors({}); setError(null);
      toast(`已保存${saved.year}年的数据`);
      onSaved(saved);
    } catch (e) {
      setErrors(e.fieldErrors ? e.fieldErrors() : {}); setError(e);
    }
  };
  const onKey = onKeys((e) => {
    if (pressed(e, 'cancel')) { e.preventDefault(); onCancel(); }
    if (e.key === 'Enter') {
      e.preventDefault();
      const inputs = [...e.currentTarget.querySelectorAll('input')];
      const i = inputs.indexOf(e.target);
      if (pressed(e, 'saveNext') || i === inputs.length - 1) save(); else inputs[i + 1].focus();
    }
  });
  return html`<tr class="edit-row" ref=${rowRef} onKeyDown=${onKey}>
    ${fields.map((f) => html`<td class=${f.name === 'year' ? '' : 'num'}>
      <input aria-label=${f.label} value=${values[f.name]} inputmode="decimal" autocomplete="off"
        readOnly=${f.name === 'year' && !isNew} aria-invalid=${errors[f.name] ? 'true' : undefined}
        onInput=${(e) => setValues({ ...values, [f.name]: e.currentTarget.value })} />
      ${errors[f.name] && html`<div class="error">${errors[f.name]}</div>`}</td>`)}
    <td><button type="button" class="primary" onClick=${save}>保存</button>
      <button type="button" onClick=${onCancel}>取消</button>
      ${error && Object.keys(errors).length === 0 && html`<${ErrorBanner} error=${error} />`}</td>
  </tr>`;
}

/** 2019、2020年度 (the trial format): the table 二 cells the clerk types; a blank cell prints blank. */
function TrialCells() {
  const [year, setYear] = useState(2020);
  const [data, error, reload] = useLoad(() => call('annual_figures.trial_cells', { year }), [year]);
  const [values, setValues] = useState({});
  const [saveError, setSaveError] = useState(null);
  useEffect(() => {
    if (data) setValues(Object.fromEntries(data.cells.map((c) => [c.key, c.value == null ? '' : String(c.value)])));
  }, [data]);
  const save = async () => {
    try {
      const r = await call('annual_figures.trial_cells_save', { year, cells: values });
      setSaveError(null);
      toast(r.changed ? `已保存${year}年度表二（试行格式）的数字` : '没有修改');
      reload();
    } catch (e) {
      setSaveError(e);
    }
  };
  const errors = saveError?.fieldErrors ? saveError.fieldErrors() : {};
  return html`<section class="pane trial-cells" aria-label="表二（试行格式）需要填写的数字" data-testid="trial-cells">
    <div class="pane-head"><h2>表二（试行格式）需要填写的数字</h2>
      <select aria-label="试行格式年度" value=${year} onChange=${(e) => setYear(Number(e.currentTarget.value))}>
        ${[2020, 2019].map((y) => html`<option value=${y}>${y}年度</option>`)}
      </select></div>
    <p class="hint">2019、2020年度的年报用试行格式，表二中这些格在台账里没有来源，请按本单位掌握的数字填写；空着的格导出时留空，填 0 则印 0。“本年增/减”可以是负数。</p>
    <${ErrorBanner} error=${error} />
    ${data && html`<table class="data"><tbody>
      ${data.cells.map((c) => html`<tr><th scope="row">${c.row}</th><td>${c.column}</td>
        <td class="num"><input aria-label=${`${c.row}·${c.column}`} data-cell=${c.key} inputmode="decimal" autocomplete="off"
          value=${values[c.key] ?? ''} aria-invalid=${errors[`cells.${c.key}`] ? 'true' : undefined}
          onInput=${(e) => setValues({ ...values, [c.key]: e.currentTarget.value })} />
          ${errors[`cells.${c.key}`] && html`<div class="error">${errors[`cells.${c.key}`]}</div>`}</td></tr>`)}
    </tbody></table>
    <div class="form-actions"><button type="button" class="primary" onClick=${save}>保存</button></div>`}
    ${saveError && Object.keys(errors).length === 0 && html`<${ErrorBanner} error=${saveError} />`}
  </section>`;
}

export function AnnualFigures({ status }) {
  const [data, error, reload] = useLoad(() => call('annual_figures.list'), []);
  const [editing, setEditing] = useState(null); // a year, or 'new'
  const thisYear = Number(String(status?.today ?? '').slice(0, 4)) || new Date().getFullYear();
  if (!data) return html`<${ErrorBanner} error=${error} />`;
  const remove = async (row) => {
    const ok = await confirmDialog({ title: `删除${row.year}年的年度数据？`, message: '删除后可在修改记录中查看。', confirmLabel: '删除', danger: true });
    if (!ok) return;
    try {
      await call('annual_figures.delete', { year: row.year });
      toast(`已删除${row.year}年的数据`);
      reload();
    } catch (e) {
      toast(e.message, 'error');
    }
  };
  const done = () => { setEditing(null); reload(); };
  const nextYear = data.rows.some((r) => r.year === thisYear) ? '' : thisYear;
  return html`<section class="register annual-figures" aria-label="年度数据">
    <p class="hint">年报表二中来自其他部门的数字：行政许可、行政处罚、行政强制的处理决定数，行政事业性收费金额（万元）。每年一行，空着的数记为 0。</p>
    <div class="toolbar"><span class="spacer"></span>
      <button type="button" class="primary" onClick=${() => setEditing('new')}>+ 新增年度</button></div>
    <div class="table-wrap"><table class="data">
      <thead><tr>${data.fields.map((f) => html`<th scope="col" class=${f.name === 'year' ? '' : 'num'}>${f.label}</th>`)}<th scope="col">操作</th></tr></thead>
      <tbody>
        ${editing === 'new' && html`<${EditRow} fields=${data.fields} initial=${blank(nextYear)} isNew=${true} onSaved=${done} onCancel=${() => setEditing(null)} />`}
        ${data.rows.length === 0 && editing !== 'new' && html`<tr><td class="empty" colspan=${data.fields.length + 1}>还没有年度数据。点“新增年度”填写。</td></tr>`}
        ${data.rows.slice().reverse().map((r) => (editing === r.year
          ? html`<${EditRow} key=${r.year} fields=${data.fields} initial=${Object.fromEntries(data.fields.map((f) => [f.name, String(r[f.name])]))}
              onSaved=${done} onCancel=${() => setEditing(null)} />`
          : html`<tr key=${r.year}>
            <td>${r.year}</td>${NUMBERS.map((k) => html`<td class="num">${k === 'fees_wan_yuan' ? r[k] : fmtNumber(r[k])}</td>`)}
            <td><button type="button" class="link" onClick=${() => setEditing(r.year)}>修改</button>
              <button type="button" class="link" onClick=${() => remove(r)}>删除</button></td></tr>`))}
      </tbody></table></div>
    <${TrialCells} />
  </section>`;
}
