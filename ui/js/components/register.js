// The one pattern every register shares: a filter bar, a table with paging,
// and below it the selected record's form (or its details and 修改记录).
// Drawn from the register's schema; keyboard-first:
//   新增 · Enter / Shift+Enter next / previous field · 保存并新增 save and
//   start the next (batch entry keeps the `keep` fields) · 保存 · 取消 ·
//   搜索 (their keys, per mode: ui/js/shortcuts.js) · ↑/↓ in the table select · Enter edit · Delete delete ·
//   PageUp/PageDown page · Tab from the table reaches the column sort buttons.
// A group of checkboxes is one stop for Enter (Space ticks, Tab moves inside).
//
// The pieces live in register/: list-state.js (schema, query, page, selection),
// form-state.js (the open record, its values and errors, save), form-draft.js
// (browser-mode drafts), record-actions.js (delete, actions, history),
// toolbar.js, table.js, form.js and details.js (what is drawn), focus.js and
// shortcuts.js (keys). This file only puts them together.
import { html, useRef } from '../html.js';
import { ErrorBanner } from './common.js';
import { useRegisterList } from './register/list-state.js';
import { useRegisterForm } from './register/form-state.js';
import { recordActions } from './register/record-actions.js';
import { useRegisterShortcuts } from './register/shortcuts.js';
import { RegisterToolbar } from './register/toolbar.js';
import { RegisterTable, Pager } from './register/table.js';
import { RegisterForm } from './register/form.js';
import { RecordDetails } from './register/details.js';

export { StatusTag } from './register/table.js';

/**
 * Optional, for registers with more to show than their fields:
 * - `extraColumns`: [{key, label, value(record), title?(record), after?}] after the field
 *   column named `after`, or after all field columns;
 * - `details`: [{label, value(record)}] under the record's fields in its details;
 * - `actions`: [{label, show(record), run(record) → updated record or null}] beside 修改;
 * - `fieldExtras`: {fieldName: Component({values, set, record, mode})} under that field in the form;
 * - `initialQuery`: the first query's overrides (a status from 首页 …);
 * - `toolbar`: more toolbar content before 新增 (an import button …).
 */
export function RegisterView({
  register, keep = [], filterFields = null, title = null, defaultYear = null,
  extraColumns = [], details = [], actions = [], fieldExtras = {}, initialQuery = null, toolbar = null,
}) {
  const list = useRegisterList({ register, defaultYear, initialQuery });
  const { schema, error, page, selected } = list;
  const searchRef = useRef(null);
  const tableRef = useRef(null);
  const form = useRegisterForm({ register, schema, keep, list, tableRef });
  const ops = recordActions({ register, schema, list, form });
  useRegisterShortcuts({ startNew: form.startNew, searchRef });

  if (!schema) return html`<div class="register">${error ? html`<${ErrorBanner} error=${error} />` : html`<p class="muted">正在加载……</p>`}</div>`;

  const editing = form.mode === 'new' || form.mode === 'edit';
  return html`<section class="register" aria-label=${title || schema.label}>
    <${RegisterToolbar} schema=${schema} list=${list} filterFields=${filterFields} searchRef=${searchRef}
      extra=${toolbar} onNew=${() => form.startNew()} />
    <${ErrorBanner} error=${error} />
    <${RegisterTable} schema=${schema} list=${list} extraColumns=${extraColumns} tableRef=${tableRef}
      onSelect=${form.select} onRemove=${ops.remove} />
    ${page && html`<${Pager} page=${page} goToPage=${list.goToPage} />`}
    ${editing && html`<${RegisterForm} schema=${schema} form=${form} record=${selected} fieldExtras=${fieldExtras} />`}
    ${form.mode === 'view' && selected && html`<${RecordDetails} schema=${schema} record=${selected}
      historyRows=${form.historyRows} onEdit=${() => form.select(selected, true)} ops=${ops}
      details=${details} actions=${actions} />`}
  </section>`;
}
