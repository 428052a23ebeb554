// 设置 → 节假日与时限: the holiday schedules (bundled, and the years the clerk
// enters by hand or imports from a holiday-cn file), a small working-day
// calculator, and the office's own disclosure time limit.
import { html, useState, useEffect } from '../html.js';
import { call, readFile } from '../api.js';
import { Banner, ErrorBanner, Tag, toast, confirmDialog, useLoad, fmtTime } from '../components/common.js';
import { onKeys, pressed, shortcut } from '../keys.js';
import { CorrectionDays } from './settings-correction.js';

const recomputedNote = (n) => (n ? `，重新计算了 ${n} 条记录的期限` : '');

function YearList({ data, selected, onSelect }) {
  const rows = [...data.unknown.map((year) => ({ year, unknown: true })), ...data.years.slice().reverse()];
  return html`<div class="table-wrap year-list"><table class="data">
    <thead><tr><th scope="col">年度</th><th scope="col">来源</th><th scope="col" class="num">放假</th><th scope="col" class="num">调休上班</th></tr></thead>
    <tbody>${rows.map((y) => html`<tr key=${y.year} aria-selected=${selected === y.year ? 'true' : 'false'}
        onClick=${() => onSelect(y.year)} tabindex="0" onKeyDown=${onKeys((e) => e.key === 'Enter' && onSelect(y.year))}>
      <td>${y.year}</td>
      <td>${y.unknown ? html`<${Tag} kind="late">未录入<//>` : y.source === 'bundled' ? '内置（国务院通知）' : html`<${Tag} kind="ok">${y.note || '手工录入'}<//>`}</td>
      <td class="num">${y.unknown ? '' : y.holidays}</td><td class="num">${y.unknown ? '' : y.workdays}</td>
    </tr>`)}</tbody></table></div>`;
}

/** One year's schedule, editable as lines; or imported from a holiday-cn file. */
function YearEditor({ year, onChanged }) {
  const [detail, error, reload] = useLoad(() => call('holidays.get', { year }), [year]);
  const [text, setText] = useState({ holidays: '', workdays: '' });
  const [errors, setErrors] = useState({});
  const [formError, setFormError] = useState(null);
  useEffect(() => {
    if (detail) setText({ holidays: detail.holidays, workdays: detail.workdays });
    setErrors({}); setFormError(null);
  }, [detail]);
  if (!detail) return html`<${ErrorBanner} error=${error} />`;
  const clerk = detail.info?.source === 'clerk';
  const after = (message) => { toast(message); reload(); onChanged(); };
  const save = async (e) => {
    e.preventDefault();
    try {
      const r = await call('holidays.save', { year, ...text });
      setErrors({}); setFormError(null);
      after(`已保存${year}年节假日安排${recomputedNote(r.recomputed)}`);
    } catch (err) {
      setErrors(err.fieldErrors()); setFormError(err);
    }
  };
  const importFile = async (e) => {
    const file = e.currentTarget.files[0];
    e.currentTarget.value = '';
    if (!file) return;
    try {
      const r = await call('holidays.import', { text: await readFile(file), name: file.name });
      after(`已导入${r.year}年节假日安排（放假 ${r.holidays} 天，调休上班 ${r.workdays} 天）${recomputedNote(r.recomputed)}`);
    } catch (err) {
      setFormError(err);
    }
  };
  const remove = async () => {
    const bundled = detail.info?.replaces_bundled;
    const ok = await confirmDialog({
      title: `删除手工录入的${year}年节假日安排？`,
      message: bundled ? '删除后恢复使用程序内置的国务院通知安排，已有记录的期限会重新计算。' : '删除后该年按“未录入”处理，期限暂按周一至周五计算。',
      confirmLabel: '删除', danger: true,
    });
    if (!ok) return;
    try {
      const r = await call('holidays.delete', { year });
      after(`已删除${year}年手工录入的安排${recomputedNote(r.recomputed)}`);
    } catch (err) {
      setFormError(err);
    }
  };
  const area = (key, label, hint) => html`<div class="field wide">
    <label for=${`hol-${key}`}>${label}</label>
    <div class="control">
      <textarea id=${`hol-${key}`} rows="6" value=${text[key]} aria-invalid=${errors[key] ? 'true' : undefined}
        onInput=${(e) => setText({ ...text, [key]: e.currentTarget.value })}></textarea>
      ${errors[key] ? html`<span class="error" role="alert">${errors[key]}</span>` : html`<span class="hint">${hint}</span>`}
    </div></div>`;
  return html`<form class="pane" onSubmit=${save} aria-label=${`${year}年节假日安排`}
      onKeyDown=${onKeys((e) => { if (pressed(e, 'save')) save(e); })}>
    <div class="pane-head"><h2>${year}年节假日安排</h2>
      ${detail.known ? (clerk ? html`<${Tag} kind="ok">${detail.info.note}（${fmtTime(detail.info.updated_at)}）<//>` : html`<${Tag}>内置<//>`) : html`<${Tag} kind="late">未录入<//>`}</div>
    ${!detail.known && html`<${Banner} kind="info">${year}年的安排还没有录入：国务院办公厅通知发布后，照通知填写放假日期和调休上班日期，或导入 holiday-cn 格式的文件。在此之前，涉及${year}年的期限按周一至周五计算，并标明“仅供参考”。<//>`}
    <div class="form-grid">
      ${area('holidays', '放假日期', `每行一天或一段，可写名称，如：${year}-10-01至${year}-10-07 国庆节（年份可省略：10-1至10-7）`)}
      ${area('workdays', '调休上班', `周六、周日调为上班的日期，每行一个，如：${year}-10-11 国庆节`)}
    </div>
    ${formError && Object.keys(errors).length === 0 && html`<${ErrorBanner} error=${formError} />`}
    <div class="form-actions">
      <button type="submit" class="primary" title=${shortcut('save')}>保存</button>
      <label class="button">从文件导入…<input type="file" class="visually-hidden" accept=".json,application/json" onChange=${importFile} /></label>
      ${clerk && html`<button type="button" class="danger" onClick=${remove}>${detail.info.replaces_bundled ? '删除，恢复内置安排' : '删除'}</button>`}
      <span class="hint">保存后，所有记录的期限按新安排重新计算。</span>
    </div>
  </form>`;
}

/** A date plus N working days, and working days between two dates. */
function Calculator() {
  const [start, setStart] = useState('');
  const [days, setDays] = useState('20');
  const [end, setEnd] = useState('');
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const run = async (e) => {
    e.preventDefault();
    try {
      setError(null);
      if (end.trim()) {
        const r = await call('calendar.between', { from: start, to: end });
        setResult(`${r.from} 之后到 ${r.to}（含）共 ${r.working_days} 个工作日${r.provisional ? `（${r.unknown_years.join('、')}年节假日未录入，仅供参考）` : ''}`);
      } else {
        const r = await call('calendar.due', { start, days: Number(days) || 0 });
        setResult(r.explain);
      }
    } catch (err) {
      setResult(null); setError(err);
    }
  };
  return html`<form class="pane" onSubmit=${run} aria-label="工作日计算">
    <h2>工作日计算</h2>
    <div class="inline-form">
      <label>起算日期 <input aria-label="起算日期" value=${start} onInput=${(e) => setStart(e.currentTarget.value)} placeholder="如 2023-09-27" /></label>
      <label>加 <input aria-label="工作日数" class="narrow" value=${days} onInput=${(e) => setDays(e.currentTarget.value)} inputmode="numeric" /> 个工作日</label>
      <label>或到 <input aria-label="结束日期" value=${end} onInput=${(e) => setEnd(e.currentTarget.value)} placeholder="（可选）" /></label>
      <button type="submit">计算</button>
    </div>
    <p class="hint">第 1 个工作日是起算日期之后的第一个工作日。</p>
    ${result && html`<p data-testid="calc-result">${result}</p>`}
    <${ErrorBanner} error=${error} />
  </form>`;
}

/** The office's own limit for publishing, stricter than the statutory 20 working days. */
function LocalLimit() {
  const [limits, error, reload] = useLoad(() => call('disclosures.limits'), []);
  const [days, setDays] = useState('');
  const [formError, setFormError] = useState(null);
  useEffect(() => { if (limits) setDays(String(limits.local_limit_days)); }, [limits]);
  if (!limits) return html`<${ErrorBanner} error=${error} />`;
  const save = async (e) => {
    e.preventDefault();
    try {
      const r = await call('disclosures.save_limits', { local_limit_days: Number(days) });
      setFormError(null);
      toast(`本单位公开时限已改为 ${r.local_limit_days} 个工作日${recomputedNote(r.recomputed)}`);
      reload();
    } catch (err) {
      setFormError(err);
    }
  };
  return html`<form class="pane" onSubmit=${save} aria-label="主动公开时限">
    <h2>主动公开时限</h2>
    <p class="hint">法定时限：信息形成或变更之日起 ${limits.statutory_days} 个工作日内公开（《条例》第二十六条）。本单位可规定更严的时限，两者都会在台账中显示。</p>
    <div class="inline-form">
      <label>本单位时限 <input aria-label="本单位时限（工作日）" class="narrow" inputmode="numeric" value=${days}
        aria-invalid=${formError ? 'true' : undefined} onInput=${(e) => setDays(e.currentTarget.value)} /> 个工作日</label>
      <button type="submit" class="primary">保存</button>
      <button type="button" onClick=${() => setDays(String(limits.default_local_days))}>恢复默认（${limits.default_local_days}）</button>
    </div>
    <${ErrorBanner} error=${formError} />
  </form>`;
}

export function HolidaysSettings() {
  const [data, error, reload] = useLoad(() => call('holidays.years'), []);
  const [selected, setSelected] = useState(null);
  useEffect(() => {
    if (data && selected === null) setSelected(data.unknown[0] ?? data.this_year);
  }, [data]);
  if (!data) return html`<${ErrorBanner} error=${error} />`;
  return html`<div class="holidays-settings">
    <div class="holidays-main">
      <${YearList} data=${data} selected=${selected} onSelect=${setSelected} />
      ${selected !== null && html`<${YearEditor} key=${selected} year=${selected} onChanged=${reload} />`}
    </div>
    <div class="holidays-side">
      <${LocalLimit} />
      <${CorrectionDays} />
      <${Calculator} />
      <p class="hint">内置数据：国务院办公厅 2007–2026 年节假日安排通知，整理自 holiday-cn（MIT 许可）。</p>
    </div>
  </div>`;
}
