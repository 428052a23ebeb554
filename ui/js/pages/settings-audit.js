// 设置 → 修改记录: every change to the data file, newest first, with what it
// was before and after; filtered by what changed, which record and when.
import { html, useState } from '../html.js';
import { call } from '../api.js';
import { ErrorBanner, useLoad, fmtTime } from '../components/common.js';

const ACTIONS = [
  ['', '操作：全部'], ['create', '新增'], ['update', '修改'], ['delete', '删除'], ['import', '导入'],
  ['restore', '恢复备份'], ['lock', '锁定年度'], ['unlock', '解锁年度'], ['reorder', '调整顺序'], ['conflict', '导入冲突'],
];
const SHOWN_CHANGES = 4;

function show(v) {
  if (v === null || v === undefined || v === '') return '（空）';
  if (Array.isArray(v)) return v.length ? v.map(show).join('、') : '（空）';
  if (typeof v === 'object') return JSON.stringify(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  return String(v);
}

function Changes({ entry }) {
  const { changes } = entry;
  if (entry.action === 'import' && entry.added) {
    // What the import added is listed by count: the ids are in the entry, the records in the package it names.
    const added = Object.entries(entry.added).filter(([, n]) => n > 0);
    return html`${added.length > 0 && html`<div data-testid="audit-import-added">新增：${added.map(([k, n]) => `${entry.added_labels?.[k] ?? k} ${n} 条`).join('、')}</div>`}
      <span class="muted">${changes.map((c) => `${c.label} ${show(c.after)}`).join('；')}</span>`;
  }
  if (entry.action === 'create' || entry.action === 'delete') {
    const rec = entry.action === 'create' ? entry.after : entry.before;
    const fields = changes.filter((c) => show(entry.action === 'create' ? c.after : c.before) !== '（空）');
    return html`<span class="muted">${fields.slice(0, SHOWN_CHANGES).map((c) => `${c.label}：${show(rec?.[c.field])}`).join('；')}${fields.length > SHOWN_CHANGES ? ' …' : ''}</span>`;
  }
  return html`${changes.slice(0, SHOWN_CHANGES).map((c) => html`<div>
      ${c.label && html`<span class="audit-field">${c.label}：</span>`}${show(c.before)} → ${show(c.after)}</div>`)}
    ${changes.length > SHOWN_CHANGES && html`<div class="muted">另有 ${changes.length - SHOWN_CHANGES} 项</div>`}`;
}

export function AuditLog() {
  const [filter, setFilter] = useState({ register: '', record_id: '', from: '', to: '', action: '', page: 1 });
  const [data, error] = useLoad(() => call('audit.list', { ...filter, page_size: 50 }), [JSON.stringify(filter)]);
  const set = (k) => (e) => setFilter((f) => ({ ...f, [k]: e.currentTarget.value, page: 1 }));
  const pages = data ? Math.max(1, Math.ceil(data.total / data.page_size)) : 1;
  return html`<div class="settings-section audit-log">
    <p class="hint">程序记录每一次新增、修改、删除、导入、恢复和年度锁定，记录不能被修改或删除。</p>
    <div class="toolbar" role="search">
      <select aria-label="类别" value=${filter.register} onChange=${set('register')}>
        <option value="">类别：全部</option>
        ${(data?.registers ?? []).map((r) => html`<option value=${r.key}>${r.label}</option>`)}
      </select>
      <select aria-label="操作" value=${filter.action} onChange=${set('action')}>
        ${ACTIONS.map(([code, label]) => html`<option value=${code}>${label}</option>`)}
      </select>
      <input aria-label="记录编号" placeholder="记录编号" value=${filter.record_id} onChange=${set('record_id')} />
      <label>从 <input aria-label="开始日期" placeholder="2024-01-01" class="date-input" value=${filter.from} onChange=${set('from')} /></label>
      <label>到 <input aria-label="结束日期" placeholder="2024-12-31" class="date-input" value=${filter.to} onChange=${set('to')} /></label>
    </div>
    <${ErrorBanner} error=${error} />
    <div class="table-wrap">
      <table class="data" data-testid="audit-list">
        <thead><tr><th scope="col">时间</th><th scope="col">类别</th><th scope="col">操作</th><th scope="col">记录</th><th scope="col">内容</th><th scope="col">说明</th></tr></thead>
        <tbody>
          ${data && data.entries.length === 0 && html`<tr><td class="empty" colspan="6">没有符合条件的修改记录。</td></tr>`}
          ${data && data.entries.map((e) => html`<tr key=${e.id}>
            <td class="nowrap">${fmtTime(e.at)}</td>
            <td class="nowrap">${e.register_label}</td>
            <td class="nowrap">${e.action_label}</td>
            <td class="nowrap"><button type="button" class="link" title="只看这条记录"
              onClick=${() => setFilter((f) => ({ ...f, register: e.register, record_id: e.record_id, page: 1 }))}>${e.record_id}</button></td>
            <td><${Changes} entry=${e} /></td>
            <td>${e.note}</td>
          </tr>`)}
        </tbody>
      </table>
    </div>
    ${data && html`<div class="pager" aria-live="polite">
      <span>共 ${data.total} 条</span>
      <button type="button" disabled=${data.page <= 1} onClick=${() => setFilter((f) => ({ ...f, page: f.page - 1 }))}>上一页</button>
      <span>第 ${data.page}/${pages} 页</span>
      <button type="button" disabled=${data.page >= pages} onClick=${() => setFilter((f) => ({ ...f, page: f.page + 1 }))}>下一页</button>
    </div>`}
  </div>`;
}
