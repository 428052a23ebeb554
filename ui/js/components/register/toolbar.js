// The filter bar above the table: year, the schema's filterable fields,
// status, search, then the page's own buttons and 新增.
import { html, useMemo } from '../../html.js';
import { shortcut } from '../../keys.js';

// Fields with a short fixed list of values make useful filters by default.
const FILTER_TYPES = new Set(['code', 'choice', 'unit', 'choices']);

/** `filterFields`: the register's own choice of filters; `extra`: toolbar content before 新增. */
export function RegisterToolbar({ schema, list, filterFields, searchRef, extra, onNew }) {
  const { query, setQ, years, thisYear } = list;
  const filterable = useMemo(() => {
    const names = filterFields ?? schema.fields.filter((f) => FILTER_TYPES.has(f.type)).map((f) => f.name);
    return names.map((n) => schema.fields.find((f) => f.name === n)).filter(Boolean);
  }, [schema, filterFields]);
  // This year is offered even before it has a record, and so is a year asked for.
  const yearOptions = [...new Set([thisYear, ...years, Number(query.year) || thisYear])].sort((a, b) => b - a);

  return html`<div class="toolbar" role="search">
      <label>年度 <select aria-label="年度" value=${query.year} onChange=${(e) => setQ({ year: e.currentTarget.value })}>
        <option value="">全部</option>
        ${yearOptions.map((y) => html`<option value=${y}>${y}</option>`)}
      </select></label>
      ${filterable.map((f) => html`<select aria-label=${f.label} value=${query.filters[f.name] ?? ''}
          onChange=${(e) => setQ({ filters: { ...query.filters, [f.name]: e.currentTarget.value } })}>
        <option value="">${f.label}：全部</option>
        ${(f.options || []).map((o) => html`<option value=${o.value}>${o.short || o.label}</option>`)}
      </select>`)}
      ${schema.statuses.length > 0 && html`<select aria-label="状态" value=${query.status} onChange=${(e) => setQ({ status: e.currentTarget.value })}>
        <option value="">状态：全部</option>
        ${schema.statuses.map((s) => html`<option value=${s.code}>${s.label}</option>`)}
      </select>`}
      ${schema.searchable && html`<input type="search" ref=${searchRef} aria-label="搜索"
        placeholder=${`搜索${schema.search_fields.join('、')}（${shortcut('search')}）`}
        value=${query.search} onInput=${(e) => setQ({ search: e.currentTarget.value })} />`}
      <span class="spacer"></span>
      ${extra}
      <button type="button" class="primary" onClick=${onNew} title=${shortcut('new')} aria-keyshortcuts=${shortcut('new')}>+ 新增</button>
    </div>`;
}
