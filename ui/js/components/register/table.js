// The register's table and its pager. Keyboard: ↑/↓ select · Enter edit ·
// Delete delete · PageUp/PageDown page; Tab from the table reaches the
// column sort buttons.
import { html, useMemo } from '../../html.js';
import { Tag } from '../common.js';
import { displayValue } from '../fields.js';
import { PrintHeadRow } from '../print.js';
import { onKeys, shortcut } from '../../keys.js';

const STATUS_KINDS = new Set(['late', 'soon', 'ok', 'error', 'warning']);

/** The status cell: words always, colour as a second signal. */
export function StatusTag({ record }) {
  if (!record._status_label) return null;
  const kind = STATUS_KINDS.has(record._status_kind) ? record._status_kind : '';
  return html`<span title=${record._due_explain || undefined}><${Tag} kind=${kind}>${record._status_label}<//></span>`;
}

const numeric = (field) => (field.type === 'int' || field.type === 'decimal' ? 'num' : '');

/**
 * `extraColumns`: [{key, label, value(record), title?(record), after?}], see
 * RegisterView; `onSelect(record, edit)` and `onRemove(record)` act on a row.
 */
export function RegisterTable({ schema, list, extraColumns, tableRef, onSelect, onRemove }) {
  const { query, page, selected, sortBy } = list;
  const columns = useMemo(() => schema.fields.filter((f) => f.listed), [schema]);
  // Extra columns sit after the field named by their `after`, else at the end.
  const extraAfter = (name) => extraColumns.filter((c) => c.after === name);
  const extraAtEnd = extraColumns.filter((c) => !columns.some((f) => f.name === c.after));
  const hasStatus = schema.statuses.length > 0;

  return html`<div class="table-wrap" tabindex="0" ref=${tableRef} onKeyDown=${tableKeys(list, onSelect, onRemove)} aria-label=${`${schema.label}列表，上下键选择，回车修改，翻页键翻页`}>
      <table class="data">
        <thead>
          <${PrintHeadRow} title=${schema.label} filter=${filterWords(schema, list)} colSpan=${columns.length + extraColumns.length + (hasStatus ? 1 : 0)} />
          <tr>
          ${columns.map((c) => html`<th scope="col" class=${numeric(c)}
              aria-sort=${query.sort === c.name ? (query.desc ? 'descending' : 'ascending') : undefined}>
            <button type="button" title=${`按${c.label}排序（再按一次倒序）`} onClick=${() => sortBy(c.name)}>${c.label}${query.sort === c.name ? (query.desc ? ' ▼' : ' ▲') : ''}</button><span class="print-label">${c.label}</span></th>
            ${extraAfter(c.name).map((x) => html`<th scope="col">${x.label}</th>`)}`)}
          ${extraAtEnd.map((c) => html`<th scope="col">${c.label}</th>`)}
          ${hasStatus && html`<th scope="col">状态</th>`}
        </tr></thead>
        <tbody>
          ${page && page.rows.length === 0 && html`<tr><td class="empty" colspan=${columns.length + extraColumns.length + 1}>没有符合条件的${schema.noun}。按 ${shortcut('new')} 新增。</td></tr>`}
          ${page && page.rows.map((r) => html`<tr key=${r.id} aria-selected=${selected?.id === r.id ? 'true' : 'false'}
              onClick=${() => onSelect(r)} onDblClick=${() => onSelect(r, true)}>
            ${columns.map((c) => html`<td class=${numeric(c)} title=${displayValue(c, r[c.name])}>${displayValue(c, r[c.name])}</td>
              ${extraAfter(c.name).map((x) => html`<${ExtraCell} column=${x} record=${r} />`)}`)}
            ${extraAtEnd.map((c) => html`<${ExtraCell} column=${c} record=${r} />`)}
            ${hasStatus && html`<td><${StatusTag} record=${r} /></td>`}
          </tr>`)}
        </tbody>
      </table>
    </div>`;
}

/** The list's query in words, for the printed page: 2023年 · 类别：应急管理 · 共 12 条，第 1/1 页. */
function filterWords(schema, { query, page }) {
  const words = [query.year ? `${query.year}年` : '全部年度'];
  for (const [name, value] of Object.entries(query.filters || {})) {
    if (value === '' || value == null) continue;
    const f = schema.fields.find((x) => x.name === name);
    const o = f?.options?.find((x) => x.value === value);
    words.push(`${f?.label ?? name}：${o?.short || o?.label || value}`);
  }
  const status = schema.statuses.find((s) => s.code === query.status);
  if (status) words.push(`状态：${status.label}`);
  if (query.search) words.push(`搜索“${query.search}”`);
  if (page) words.push(`共 ${page.total} 条${page.pages > 1 ? `，第 ${page.page}/${page.pages} 页` : ''}`);
  return words;
}

/** The table's own keys, when the table itself (not a sort button) has the focus. */
function tableKeys({ page, selected, goToPage }, onSelect, onRemove) {
  return onKeys((e) => {
    if (e.target !== e.currentTarget) return;
    if ((e.key === 'PageDown' || e.key === 'PageUp') && page) {
      e.preventDefault();
      const to = page.page + (e.key === 'PageDown' ? 1 : -1);
      if (to >= 1 && to <= page.pages) goToPage(to);
      return;
    }
    const rows = page?.rows || [];
    if (!rows.length) return;
    const i = selected ? rows.findIndex((r) => r.id === selected.id) : -1;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const j = Math.max(0, Math.min(rows.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)));
      onSelect(rows[j]);
    } else if (e.key === 'Enter' && selected) {
      e.preventDefault();
      onSelect(selected, true);
    } else if (e.key === 'Delete' && selected) {
      e.preventDefault();
      onRemove(selected);
    }
  });
}

function ExtraCell({ column, record }) {
  return html`<td title=${column.title ? column.title(record) : column.value(record)}>${column.value(record)}</td>`;
}

export function Pager({ page, goToPage }) {
  return html`<div class="pager" aria-live="polite">
      <span>共 ${page.total} 条</span>
      <button type="button" disabled=${page.page <= 1} onClick=${() => goToPage(page.page - 1)}>上一页</button>
      <span>第 ${page.page}/${page.pages} 页</span>
      <button type="button" disabled=${page.page >= page.pages} onClick=${() => goToPage(page.page + 1)}>下一页</button>
    </div>`;
}
