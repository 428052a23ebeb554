// An open record shown, not edited: its buttons (修改, 删除, the register's
// own actions, 修改记录), its fields read-only, and its history when asked.
import { html } from '../../html.js';
import { fmtTime } from '../common.js';
import { displayValue } from '../fields.js';
import { StatusTag } from './table.js';

// A fresh node each time: one vnode must not appear twice in a tree.
const none = () => html`<span class="muted">—</span>`;

/**
 * `ops`: delete, run an action, show history (record-actions.js);
 * `details`: [{label, value(record)}] rows above the fields; `actions`: the register's own buttons.
 */
export function RecordDetails({ schema, record, historyRows, onEdit, ops, details, actions }) {
  return html`<div class="pane" aria-label=${`${schema.noun}详情`}>
      <div class="pane-head">
        <h2>${schema.noun}详情 <${StatusTag} record=${record} /></h2>
        <button type="button" class="primary" onClick=${onEdit}>修改</button>
        <button type="button" class="danger" onClick=${() => ops.remove(record)}>删除</button>
        ${actions.filter((a) => a.show(record)).map((a) => html`<button type="button" onClick=${() => ops.runAction(a, record)}>${a.label}</button>`)}
        <button type="button" onClick=${() => ops.showHistory(record)}>修改记录</button>
      </div>
      <div class="form-grid">
        ${record._due_explain && html`<div class="field wide"><span class="label">期限</span><div class="control readonly" data-testid="due-explain">${record._due_explain}</div></div>`}
        ${details.map((d) => html`<div class="field wide"><span class="label">${d.label}</span><div class="control readonly">${d.value(record) || none()}</div></div>`)}
        ${schema.fields.map((f) => html`<div class=${f.type === 'longtext' ? 'field wide' : 'field'}>
          <span class="label">${f.label}</span><div class="control readonly">${displayValue(f, record[f.name]) || none()}</div></div>`)}
      </div>
      ${historyRows && html`<${History} rows=${historyRows} schema=${schema} />`}
    </div>`;
}

const ACTIONS = { create: '新增', update: '修改', delete: '删除', conflict: '导入冲突（未采用的版本）' };

/** Each change of the record, with the fields it changed from → to. */
function History({ rows, schema }) {
  const label = (name) => schema.fields.find((f) => f.name === name)?.label ?? name;
  const changes = (row) => {
    if (!row.before || !row.after) return [];
    return Object.keys(row.after)
      .filter((k) => JSON.stringify(row.before[k]) !== JSON.stringify(row.after[k]))
      .map((k) => `${label(k)}：${JSON.stringify(row.before[k] ?? '')} → ${JSON.stringify(row.after[k] ?? '')}`);
  };
  return html`<div class="history"><h2>修改记录</h2><ol>
    ${rows.map((r) => html`<li>${fmtTime(r.at)} ${r.action === 'import' ? r.note : html`${ACTIONS[r.action] ?? r.action}${r.note ? `（${r.note}）` : ''}`}
      ${changes(r).length > 0 && html`<div class="muted">${changes(r).join('；')}</div>`}</li>`)}
  </ol></div>`;
}
