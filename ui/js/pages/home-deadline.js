// 首页: the report's filing deadline (31 January unless the office sets its
// district's date), counted down in working days from December; amber in the
// last ten, red after, gone once the year is locked. The state comes from
// `report.deadline` (taizhang_services::deadline); the page only draws it.
import { html, useState } from '../html.js';
import { call } from '../api.js';
import { Tag, useLoad } from '../components/common.js';

const chineseDate = (iso) => { const [y, m, d] = iso.split('-').map(Number); return `${y}年${m}月${d}日`; };

function Countdown({ d }) {
  const due = chineseDate(d.due_on);
  switch (d.state) {
    case 'late': return html`<${Tag} kind="error">已过报送截止日期（${due}）<//>`;
    case 'soon': return html`<${Tag} kind="warning">距报送截止还有 ${d.working_days_left} 个工作日（${due}）<//>`;
    case 'counting': return html`<span>距报送截止还有 ${d.working_days_left} 个工作日（${due}）</span>`;
    default: return html`<span class="muted">报送截止：${due}</span>`;
  }
}

export function DeadlineLine({ year }) {
  const [d, error, reload] = useLoad(() => call('report.deadline', { year }), [year]);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [saveError, setSaveError] = useState(null);
  if (error) return html`<p class="muted">${error.message}</p>`;
  if (!d || d.state === 'locked') return null;
  const save = async (e) => {
    e.preventDefault();
    try {
      await call('report.deadline_save', { year, due_on: draft || null });
      setEditing(false); setSaveError(null); reload();
    } catch (err) { setSaveError(err); }
  };
  return html`<div class="deadline" data-testid="report-deadline" data-state=${d.state}>
    <${Countdown} d=${d} />
    ${!editing && html` <button type="button" class="link" onClick=${() => { setDraft(d.due_on); setEditing(true); }}>修改</button>`}
    ${editing && html`<form class="inline-form" onSubmit=${save} aria-label="报送截止日期">
      <label>报送截止日期 <input type="date" value=${draft} onInput=${(e) => setDraft(e.currentTarget.value)} /></label>
      <button type="submit" class="primary">保存</button>
      <button type="button" onClick=${() => setEditing(false)}>取消</button>
      <span class="hint">按区县通知填写；清空则为次年1月31日</span>
      ${saveError && html`<span class="error" role="alert">${saveError.message}</span>`}
    </form>`}
  </div>`;
}
