// The one pattern every register shares: a filter bar, a table with paging,
// and below it the selected record's form (or its details and 修改记录).
// Drawn from the register's schema; keyboard-first:
//   Ctrl+N new · Enter / Shift+Enter next / previous field · Ctrl+Enter save and
//   start the next (batch entry keeps the `keep` fields) · Ctrl+S save · Esc cancel ·
//   Ctrl+F search · ↑/↓ in the table select · Enter edit · Delete delete ·
//   PageUp/PageDown page · Tab from the table reaches the column sort buttons.
// A group of checkboxes is one stop for Enter (Space ticks, Tab moves inside).
import { html, useState, useEffect, useLayoutEffect, useRef, useMemo } from '../html.js';
import { call } from '../api.js';
import { ErrorBanner, Tag, toast, confirmDialog, fmtTime } from './common.js';
import { Field, toControlValue, emptyValue, displayValue } from './fields.js';
import { loadDraft, saveDraft, clearDraft } from '../drafts.js';

const FILTER_TYPES = new Set(['code', 'choice', 'unit', 'choices']);
const STATUS_KINDS = new Set(['late', 'soon', 'ok', 'error', 'warning']);

/** The status cell: words always, colour as a second signal. */
export function StatusTag({ record }) {
  if (!record._status_label) return null;
  const kind = STATUS_KINDS.has(record._status_kind) ? record._status_kind : '';
  return html`<span title=${record._due_explain || undefined}><${Tag} kind=${kind}>${record._status_label}<//></span>`;
}

function blankForm(schema, keepFrom = null, keep = []) {
  const values = {};
  for (const f of schema.fields) {
    values[f.name] = keepFrom && keep.includes(f.name) ? keepFrom[f.name] : emptyValue(f);
  }
  return values;
}

function formFromRecord(schema, record) {
  const values = {};
  for (const f of schema.fields) values[f.name] = toControlValue(f, record[f.name]);
  return values;
}

/**
 * Move focus to the next (or previous) stop of the form. A group of
 * checkboxes (`.checks`) is one stop, entered at its first box.
 */
function moveFocus(form, back) {
  const controls = [...form.querySelectorAll('input, select, textarea, button.form-next')]
    .filter((el) => !el.disabled && el.offsetParent !== null);
  const groupOf = (el) => el?.closest('.checks');
  const stops = controls.filter((el, i) => !groupOf(el) || groupOf(el) !== groupOf(controls[i - 1]));
  const here = document.activeElement;
  const i = stops.findIndex((el) => el === here || (groupOf(here) && groupOf(el) === groupOf(here)));
  const next = stops[i + (back ? -1 : 1)];
  if (next) next.focus();
}

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
  const [schema, setSchema] = useState(null);
  const [years, setYears] = useState([]);
  const thisYear = defaultYear ?? new Date().getFullYear();
  const [query, setQuery] = useState({
    year: thisYear, filters: {}, status: '', search: '', sort: '', desc: null, page: 1, ...(initialQuery || {}),
  });
  const [page, setPage] = useState(null);
  const [error, setError] = useState(null);
  const [selected, setSelected] = useState(null); // a record
  const [mode, setMode] = useState('none'); // none | view | edit | new
  const [values, setValues] = useState({});
  const [fieldErrors, setFieldErrors] = useState({});
  const [formError, setFormError] = useState(null);
  const [dirty, setDirty] = useState(false);
  const [historyRows, setHistoryRows] = useState(null);
  const [restored, setRestored] = useState(false); // the form holds a draft brought back
  const formRef = useRef(null);
  const searchRef = useRef(null);
  const tableRef = useRef(null);

  const loadSchema = () => call('register.schema', { register }).then(setSchema, setError);
  useEffect(() => { loadSchema(); }, [register]);

  // Browser mode: the open form is kept as it is typed (see drafts.js), and
  // brought back when this register is opened again with no form open.
  const draftKey = `register.${register}`;
  const dropDraft = () => { clearDraft(draftKey); setRestored(false); };
  useEffect(() => {
    if ((mode === 'new' || mode === 'edit') && dirty) {
      saveDraft(draftKey, { mode, id: mode === 'edit' ? selected?.id ?? null : null, values });
    }
  }, [values, mode, dirty]);
  const draftChecked = useRef(false);
  useEffect(() => {
    if (!schema || draftChecked.current) return;
    draftChecked.current = true;
    const draft = loadDraft(draftKey);
    if (!draft?.values || mode !== 'none') return;
    const known = (base) => {
      const out = { ...base };
      for (const f of schema.fields) if (f.name in draft.values) out[f.name] = draft.values[f.name];
      return out;
    };
    const asNew = () => { setSelected(null); setValues(known(blankForm(schema))); setMode('new'); };
    const show = () => { setDirty(true); setRestored(true); focusFirst(); };
    if (draft.mode === 'edit' && draft.id) {
      call('register.get', { register, id: draft.id }).then(
        (record) => { setSelected(record); setValues(known(formFromRecord(schema, record))); setMode('edit'); show(); },
        () => { asNew(); show(); },
      );
    } else {
      asNew();
      show();
    }
  }, [schema]);
  useEffect(() => {
    call('register.years', { register }).then((ys) => setYears(ys), () => {});
  }, [register, page]);

  // Typing in the search box sends a query per key; only the latest answer
  // may show, whatever order the answers arrive in.
  const latestList = useRef(0);
  const reload = () => {
    const ticket = ++latestList.current;
    return call('register.list', {
      register,
      query: { ...query, year: query.year === '' ? null : Number(query.year), status: query.status || null },
    }).then(
      (p) => { if (ticket === latestList.current) { setPage(p); setError(null); } },
      (e) => { if (ticket === latestList.current) setError(e); },
    );
  };
  useEffect(() => { reload(); }, [register, JSON.stringify(query)]);
  // Data changed by another command (an import, a new holiday schedule, a
  // unit or list value added …): show it. The register's own writes reload by themselves.
  useEffect(() => {
    const onSaved = (e) => {
      const name = String(e.detail?.name);
      if (name.startsWith('register.')) return;
      reload();
      if (/^(units|lists)\./.test(name)) loadSchema();
    };
    window.addEventListener('taizhang:saved', onSaved);
    return () => window.removeEventListener('taizhang:saved', onSaved);
  });

  const filterable = useMemo(() => {
    if (!schema) return [];
    const names = filterFields ?? schema.fields.filter((f) => FILTER_TYPES.has(f.type)).map((f) => f.name);
    return names.map((n) => schema.fields.find((f) => f.name === n)).filter(Boolean);
  }, [schema, filterFields]);
  const columns = useMemo(() => (schema ? schema.fields.filter((f) => f.listed) : []), [schema]);
  // Extra columns sit after the field named by their `after`, else at the end.
  const extraAfter = (name) => extraColumns.filter((c) => c.after === name);
  const extraAtEnd = extraColumns.filter((c) => !columns.some((f) => f.name === c.after));

  const setQ = (patch) => setQuery((q) => ({ ...q, page: 1, ...patch }));

  // Without unsaved edits this answers at once (not a promise), so that a
  // selection made by a key lands before the next key is handled.
  function guardDirty() {
    if (!dirty || mode === 'none' || mode === 'view') return true;
    return confirmDialog({ title: '放弃未保存的修改？', message: '当前表单有未保存的修改，继续将放弃这些修改。', confirmLabel: '放弃修改', danger: true });
  }

  // The form's first field takes the focus right after the render that shows
  // the form (a layout effect), before any further key is handled.
  const wantFocus = useRef(false);
  const focusFirst = () => { wantFocus.current = true; };
  useLayoutEffect(() => {
    if (wantFocus.current && formRef.current) {
      wantFocus.current = false;
      formRef.current.querySelector('input, select, textarea')?.focus();
    }
  });

  async function startNew(keepFrom = null) {
    if (!schema) return;
    const ok = guardDirty();
    if (ok !== true && !(await ok)) return;
    dropDraft();
    setSelected(null);
    setValues(blankForm(schema, keepFrom, keep));
    setFieldErrors({}); setFormError(null); setDirty(false);
    setMode('new');
    focusFirst();
  }

  async function select(record, edit = false) {
    const ok = guardDirty();
    if (ok !== true && !(await ok)) return;
    if (dirty) dropDraft();
    setSelected(record);
    setValues(formFromRecord(schema, record));
    setFieldErrors({}); setFormError(null); setDirty(false);
    setHistoryRows(null);
    setMode(edit ? 'edit' : 'view');
    if (edit) focusFirst();
  }

  function cancel() {
    dropDraft();
    setFieldErrors({}); setFormError(null); setDirty(false);
    setMode(selected ? 'view' : 'none');
    if (selected) setValues(formFromRecord(schema, selected));
    tableRef.current?.focus();
  }

  async function save(andNext = false) {
    const record = { ...values };
    try {
      const saved = mode === 'new'
        ? await call('register.create', { register, record })
        : await call('register.update', { register, id: selected.id, record });
      setFieldErrors({}); setFormError(null); setDirty(false);
      dropDraft();
      toast(`已保存：${saved[columns.find((c) => c.type === 'text')?.name] ?? schema.noun}`);
      await reload();
      if (andNext) {
        setSelected(null);
        setValues(blankForm(schema, record, keep));
        setMode('new');
        focusFirst();
      } else {
        setSelected(saved);
        setValues(formFromRecord(schema, saved));
        setMode('view');
      }
    } catch (e) {
      setFieldErrors(e.fieldErrors ? e.fieldErrors() : {});
      setFormError(e);
      const first = e.field || e.problems?.[0]?.path;
      // The control itself, or the first box of a group of checkboxes.
      if (first) formRef.current?.querySelector(`:is(input, select, textarea)[data-field="${first}"]`)?.focus();
    }
  }

  async function remove(record) {
    const ok = await confirmDialog({
      title: `删除这条${schema.noun}？`,
      message: '删除后可在修改记录中查看。',
      confirmLabel: '删除',
      danger: true,
    });
    if (!ok) return;
    try {
      await call('register.delete', { register, id: record.id });
      toast(`已删除这条${schema.noun}`);
      setSelected(null); setMode('none');
      reload();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  async function runAction(action, record) {
    try {
      const updated = await action.run(record);
      if (!updated) return;
      await reload();
      setSelected(updated);
      setValues(formFromRecord(schema, updated));
      setHistoryRows(null);
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  async function showHistory(record) {
    try {
      setHistoryRows(await call('register.history', { register, id: record.id }));
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  const onFormKey = (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); save(true); return; }
    if (e.key === 's' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); save(false); return; }
    if (e.key === 'Escape') { e.preventDefault(); cancel(); return; }
    if (e.key === 'Enter' && e.target.tagName !== 'TEXTAREA' && e.target.tagName !== 'BUTTON') {
      e.preventDefault();
      moveFocus(formRef.current, e.shiftKey);
    }
  };

  // Register-wide keys: Ctrl+N new, Ctrl+F search. The listener is added
  // once and calls the latest render's startNew through a ref: effects run
  // after paint, so a listener re-added per render could still hold the
  // previous render's state (no schema yet) when a fast key arrives.
  const latestStartNew = useRef(startNew);
  latestStartNew.current = startNew;
  useEffect(() => {
    const onKey = (e) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const k = e.key.toLowerCase();
      if (k === 'n') { e.preventDefault(); latestStartNew.current(); }
      if (k === 'f') { e.preventDefault(); searchRef.current?.focus(); searchRef.current?.select(); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onTableKey = (e) => {
    // Keys on a column's sort button are the button's own.
    if (e.target !== e.currentTarget) return;
    if ((e.key === 'PageDown' || e.key === 'PageUp') && page) {
      e.preventDefault();
      const to = page.page + (e.key === 'PageDown' ? 1 : -1);
      if (to >= 1 && to <= page.pages) setQuery((q) => ({ ...q, page: to }));
      return;
    }
    const rows = page?.rows || [];
    if (!rows.length) return;
    const i = selected ? rows.findIndex((r) => r.id === selected.id) : -1;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const j = Math.max(0, Math.min(rows.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)));
      select(rows[j]);
    } else if (e.key === 'Enter' && selected) {
      e.preventDefault();
      select(selected, true);
    } else if (e.key === 'Delete' && selected) {
      e.preventDefault();
      remove(selected);
    }
  };

  if (!schema) return html`<div class="register">${error ? html`<${ErrorBanner} error=${error} />` : html`<p class="muted">正在加载……</p>`}</div>`;

  const yearOptions = [...new Set([thisYear, ...years, Number(query.year) || thisYear])].sort((a, b) => b - a);
  const sortBy = (name) => setQuery((q) => ({ ...q, sort: name, desc: q.sort === name ? !q.desc : false }));

  return html`<section class="register" aria-label=${title || schema.label}>
    <div class="toolbar" role="search">
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
        placeholder=${`搜索${schema.search_fields.join('、')}（Ctrl+F）`}
        value=${query.search} onInput=${(e) => setQ({ search: e.currentTarget.value })} />`}
      <span class="spacer"></span>
      ${toolbar}
      <button type="button" class="primary" onClick=${() => startNew()} title="Ctrl+N">+ 新增</button>
    </div>
    <${ErrorBanner} error=${error} />
    <div class="table-wrap" tabindex="0" ref=${tableRef} onKeyDown=${onTableKey} aria-label=${`${schema.label}列表，上下键选择，回车修改，翻页键翻页`}>
      <table class="data">
        <thead><tr>
          ${columns.map((c) => html`<th scope="col" class=${c.type === 'int' || c.type === 'decimal' ? 'num' : ''}
              aria-sort=${query.sort === c.name ? (query.desc ? 'descending' : 'ascending') : undefined}>
            <button type="button" title=${`按${c.label}排序（再按一次倒序）`} onClick=${() => sortBy(c.name)}>${c.label}${query.sort === c.name ? (query.desc ? ' ▼' : ' ▲') : ''}</button></th>
            ${extraAfter(c.name).map((x) => html`<th scope="col">${x.label}</th>`)}`)}
          ${extraAtEnd.map((c) => html`<th scope="col">${c.label}</th>`)}
          ${schema.statuses.length > 0 && html`<th scope="col">状态</th>`}
        </tr></thead>
        <tbody>
          ${page && page.rows.length === 0 && html`<tr><td class="empty" colspan=${columns.length + extraColumns.length + 1}>没有符合条件的${schema.noun}。按 Ctrl+N 新增。</td></tr>`}
          ${page && page.rows.map((r) => html`<tr key=${r.id} aria-selected=${selected?.id === r.id ? 'true' : 'false'}
              onClick=${() => select(r)} onDblClick=${() => select(r, true)}>
            ${columns.map((c) => html`<td class=${c.type === 'int' || c.type === 'decimal' ? 'num' : ''} title=${displayValue(c, r[c.name])}>${displayValue(c, r[c.name])}</td>
              ${extraAfter(c.name).map((x) => html`<${ExtraCell} column=${x} record=${r} />`)}`)}
            ${extraAtEnd.map((c) => html`<${ExtraCell} column=${c} record=${r} />`)}
            ${schema.statuses.length > 0 && html`<td><${StatusTag} record=${r} /></td>`}
          </tr>`)}
        </tbody>
      </table>
    </div>
    ${page && html`<div class="pager" aria-live="polite">
      <span>共 ${page.total} 条</span>
      <button type="button" disabled=${page.page <= 1} onClick=${() => setQuery((q) => ({ ...q, page: page.page - 1 }))}>上一页</button>
      <span>第 ${page.page}/${page.pages} 页</span>
      <button type="button" disabled=${page.page >= page.pages} onClick=${() => setQuery((q) => ({ ...q, page: page.page + 1 }))}>下一页</button>
    </div>`}
    ${(mode === 'new' || mode === 'edit') && html`<form class="pane" ref=${formRef} onKeyDown=${onFormKey}
        onSubmit=${(e) => { e.preventDefault(); save(false); }} aria-label=${mode === 'new' ? `新增${schema.noun}` : `修改${schema.noun}`}>
      <div class="pane-head"><h2>${mode === 'new' ? `新增${schema.noun}` : `修改${schema.noun}`}</h2>
        ${restored && html`<span class="draft-note" role="status" data-testid="draft-restored">已恢复未保存的内容</span>`}</div>
      <${ErrorBanner} error=${formError && Object.keys(fieldErrors).length === 0 ? formError : null} />
      <div class="form-grid">
        ${schema.fields.map((f) => {
          const set = (name, v) => { setValues((vals) => ({ ...vals, [name]: v })); setDirty(true); };
          const Extra = fieldExtras[f.name];
          return html`<${Field} field=${f} value=${values[f.name]} error=${fieldErrors[f.name]} values=${values}
            onInput=${(v) => set(f.name, v)}>
            ${Extra && html`<${Extra} values=${values} set=${set} record=${selected} mode=${mode} />`}
          <//>`;
        })}
      </div>
      <div class="form-actions">
        <button type="submit" class="primary" title="Ctrl+S">保存</button>
        ${mode === 'new' && html`<button type="button" onClick=${() => save(true)} title="Ctrl+Enter">保存并新增下一条</button>`}
        <button type="button" onClick=${cancel} title="Esc">取消</button>
        <span class="hint">回车：下一栏 · Ctrl+Enter：保存并新增 · Esc：取消</span>
      </div>
    </form>`}
    ${mode === 'view' && selected && html`<div class="pane" aria-label=${`${schema.noun}详情`}>
      <div class="pane-head">
        <h2>${schema.noun}详情 <${StatusTag} record=${selected} /></h2>
        <button type="button" class="primary" onClick=${() => select(selected, true)}>修改</button>
        <button type="button" class="danger" onClick=${() => remove(selected)}>删除</button>
        ${actions.filter((a) => a.show(selected)).map((a) => html`<button type="button" onClick=${() => runAction(a, selected)}>${a.label}</button>`)}
        <button type="button" onClick=${() => showHistory(selected)}>修改记录</button>
      </div>
      <div class="form-grid">
        ${selected._due_explain && html`<div class="field wide"><span class="label">期限</span><div class="control readonly" data-testid="due-explain">${selected._due_explain}</div></div>`}
        ${details.map((d) => html`<div class="field wide"><span class="label">${d.label}</span><div class="control readonly">${d.value(selected) || html`<span class="muted">—</span>`}</div></div>`)}
        ${schema.fields.map((f) => html`<div class=${f.type === 'longtext' ? 'field wide' : 'field'}>
          <span class="label">${f.label}</span><div class="control readonly">${displayValue(f, selected[f.name]) || html`<span class="muted">—</span>`}</div></div>`)}
      </div>
      ${historyRows && html`<${History} rows=${historyRows} schema=${schema} />`}
    </div>`}
  </section>`;
}

function ExtraCell({ column, record }) {
  return html`<td title=${column.title ? column.title(record) : column.value(record)}>${column.value(record)}</td>`;
}

const ACTIONS = { create: '新增', update: '修改', delete: '删除' };

function History({ rows, schema }) {
  const label = (name) => schema.fields.find((f) => f.name === name)?.label ?? name;
  const changes = (row) => {
    if (!row.before || !row.after) return [];
    return Object.keys(row.after)
      .filter((k) => JSON.stringify(row.before[k]) !== JSON.stringify(row.after[k]))
      .map((k) => `${label(k)}：${JSON.stringify(row.before[k] ?? '')} → ${JSON.stringify(row.after[k] ?? '')}`);
  };
  return html`<div class="history"><h2>修改记录</h2><ol>
    ${rows.map((r) => html`<li>${fmtTime(r.at)} ${ACTIONS[r.action] ?? r.action}${r.note ? `（${r.note}）` : ''}
      ${changes(r).length > 0 && html`<div class="muted">${changes(r).join('；')}</div>`}</li>`)}
  </ol></div>`;
}
