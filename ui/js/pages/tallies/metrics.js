// 其他数据: the year's other figures the summary quotes (志愿者队伍 6 支 …),
// in a simple table: change a row in place, add one below, delete with a confirmation.
import { html, useState } from '../../html.js';
import { call } from '../../api.js';
import { ErrorBanner, toast, confirmDialog, useLoad } from '../../components/common.js';
import { YearPicker, ExportButton } from './shared.js';
import { onKeys, pressed } from '../../keys.js';

const blank = { name: '', value: '', unit: '' };

function MetricRow({ metric, onSaved, onDelete }) {
  const [draft, setDraft] = useState(null);
  const [errors, setErrors] = useState({});
  const save = async (e) => {
    e.preventDefault();
    try {
      await call('metrics.save', { ...metric, ...draft });
      setDraft(null); setErrors({});
      onSaved();
    } catch (err) {
      setErrors(err.fieldErrors());
      toast(err.message, 'error');
    }
  };
  if (!draft) {
    return html`<tr>
      <td>${metric.name}</td><td class="num">${Number(metric.value).toLocaleString('zh-CN')}</td><td>${metric.unit}</td>
      <td><button type="button" class="link" onClick=${() => setDraft({ name: metric.name, value: String(metric.value), unit: metric.unit })}>修改</button>
        <button type="button" class="link" onClick=${() => onDelete(metric)}>删除</button></td></tr>`;
  }
  const input = (k, label, cls = '') => html`<input class=${cls} aria-label=${label} value=${draft[k]} aria-invalid=${errors[k] ? 'true' : undefined}
    onInput=${(e) => setDraft({ ...draft, [k]: e.currentTarget.value })} />`;
  return html`<tr><td colspan="4"><form class="inline-form" onSubmit=${save} onKeyDown=${onKeys((e) => pressed(e, 'cancel') && setDraft(null))}>
    ${input('name', '名称')}${input('value', '数值', 'num-input')}${input('unit', '单位', 'unit-input')}
    <button type="submit" class="primary">保存</button><button type="button" onClick=${() => setDraft(null)}>取消</button>
  </form></td></tr>`;
}

export function MetricsView({ today }) {
  const [year, setYear] = useState(today.year);
  const [list, error, reload] = useLoad(() => call('metrics.list', { year }), [year]);
  const [draft, setDraft] = useState(blank);
  const [formError, setFormError] = useState(null);
  const add = async (e) => {
    e.preventDefault();
    try {
      await call('metrics.save', { year, ...draft });
      toast(`已添加“${draft.name.trim()}”`);
      setDraft(blank); setFormError(null);
      reload();
    } catch (err) {
      setFormError(err);
    }
  };
  const remove = async (m) => {
    const ok = await confirmDialog({ title: `删除“${m.name}”？`, message: '删除后可在修改记录中查看。', confirmLabel: '删除', danger: true });
    if (!ok) return;
    try {
      await call('metrics.delete', { id: m.id });
      toast(`已删除“${m.name}”`);
      reload();
    } catch (err) {
      toast(err.message, 'error');
    }
  };
  const field = (k, label, placeholder, cls = '') => html`<input class=${cls} aria-label=${label} placeholder=${placeholder} value=${draft[k]}
    onInput=${(e) => setDraft({ ...draft, [k]: e.currentTarget.value })} />`;
  return html`<div class="tally-metrics">
    <div class="toolbar">
      <${YearPicker} value=${year} onChange=${setYear} around=${today.year} />
      <span class="hint">年度总结中引用的其他数字，如志愿者队伍、走访人数。</span>
      <span class="spacer"></span>
      <${ExportButton} args=${{ view: 'metrics', year }} />
    </div>
    <${ErrorBanner} error=${error || formError} />
    <div class="table-wrap"><table class="data">
      <thead><tr><th scope="col">名称</th><th scope="col" class="num">数值</th><th scope="col">单位</th><th scope="col">操作</th></tr></thead>
      <tbody>
        ${list && list.length === 0 && html`<tr><td class="empty" colspan="4">${year}年还没有其他数据，请在下面添加。</td></tr>`}
        ${list && list.map((m) => html`<${MetricRow} key=${m.id} metric=${m} onSaved=${reload} onDelete=${remove} />`)}
      </tbody>
    </table></div>
    <form class="inline-form" onSubmit=${add} aria-label="添加其他数据">
      ${field('name', '名称', '名称，如：志愿者人数')}${field('value', '数值', '数值', 'num-input')}${field('unit', '单位', '单位', 'unit-input')}
      <button type="submit" class="primary">添加</button>
    </form>
  </div>`;
}
