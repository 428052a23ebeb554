// One form control per field kind of a register's schema (see the core's
// register::schema): the form is drawn from the description, not written by hand.
import { html, useState, useEffect, useRef } from '../html.js';
import { call } from '../api.js';
import { halfWidth } from '../typed.js';

/**
 * A date as clerks type it (`20231005`, `2023/10/5`, `2023.10.5`,
 * `2023年10月5日`, also full-width `２０２３．１０．５`) written the one way
 * (`2023-10-05`); anything else is left as typed for the core to explain.
 */
export function tidyDate(text) {
  const t = String(text ?? '').trim();
  const a = halfWidth(t).replace(/\s+/g, '');
  const m = a.match(/^(\d{4})(\d{2})(\d{2})$/) || a.match(/^(\d{4})[-/.,年](\d{1,2})[-/.,月](\d{1,2})[日号]?$/);
  if (!m) return t;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return t;
  const pad = (n) => String(n).padStart(2, '0');
  return `${y}-${pad(mo)}-${pad(d)}`;
}

/** A field's value as the control shows it. */
export function toControlValue(field, value) {
  if (value === null || value === undefined) return field.type === 'choices' ? [] : field.type === 'bool' ? false : '';
  if (field.type === 'tags') return Array.isArray(value) ? value.join('、') : String(value);
  return value;
}

/** An empty value for a new record. */
export function emptyValue(field) {
  return toControlValue(field, null);
}

/** A value for display in a table cell. */
export function displayValue(field, value) {
  if (value === null || value === undefined || value === '') return '';
  switch (field.type) {
    case 'bool': return value ? '是' : '否';
    case 'choices':
    case 'tags': return Array.isArray(value) ? value.join('、') : String(value);
    case 'code': {
      const option = field.options.find((o) => o.value === value);
      return option?.short || option?.label || value;
    }
    default: return String(value);
  }
}

export function FieldControl({ field, value, onInput, invalid, id, describedBy }) {
  const common = {
    id,
    name: field.name,
    'aria-invalid': invalid ? 'true' : undefined,
    'aria-describedby': describedBy,
    'aria-required': field.required ? 'true' : undefined,
    'data-field': field.name,
  };
  const text = (e) => onInput(e.currentTarget.value);
  switch (field.type) {
    case 'longtext':
      return html`<textarea ...${common} rows="2" value=${value} onInput=${text}></textarea>`;
    case 'date':
      return html`<input ...${common} type="text" inputmode="numeric" autocomplete="off"
        placeholder="如 2023-10-05、20231005（全角数字亦可）" value=${value} onInput=${text}
        onBlur=${(e) => { const tidy = tidyDate(e.currentTarget.value); if (tidy !== e.currentTarget.value) onInput(tidy); }} />`;
    case 'int':
    case 'decimal':
      return html`<input ...${common} type="text" inputmode="decimal" autocomplete="off" value=${value} onInput=${text} />`;
    case 'bool':
      return html`<label class="check"><input ...${common} type="checkbox" checked=${!!value}
        onChange=${(e) => onInput(e.currentTarget.checked)} /> 是</label>`;
    case 'code':
    case 'choice':
    case 'unit': {
      const options = field.options || [];
      const known = value === '' || options.some((o) => o.value === value);
      return html`<select ...${common} value=${value} onChange=${text}>
        <option value="">（请选择）</option>
        ${!known && html`<option value=${value}>${value}</option>`}
        ${groupOptions(options).map(({ group, items }) => (group
          ? html`<optgroup label=${group}>${items.map(optionOf)}</optgroup>`
          : items.map(optionOf)))}
      </select>`;
    }
    case 'ref':
      return html`<${RefControl} common=${common} field=${field} value=${value} onInput=${onInput} />`;
    case 'choices': {
      const chosen = Array.isArray(value) ? value : [];
      const toggle = (v, on) => onInput(on ? [...chosen, v] : chosen.filter((x) => x !== v));
      return html`<div class="checks" role="group" aria-labelledby=${`${id}-label`} data-field=${field.name}>
        ${(field.options || []).map((o, i) => html`<label class="check">
          <input type="checkbox" id=${i === 0 ? id : undefined} data-field=${field.name} checked=${chosen.includes(o.value)}
            onChange=${(e) => toggle(o.value, e.currentTarget.checked)} /> ${o.label}</label>`)}
      </div>`;
    }
    default:
      return html`<input ...${common} type="text" autocomplete="off" maxlength=${field.max || undefined}
        value=${value} onInput=${text} />`;
  }
}

const optionOf = (o) => html`<option value=${o.value}>${o.label}</option>`;

/** Options in runs of the same `group` (drawn as <optgroup>s); ungrouped ones stand alone. */
function groupOptions(options) {
  const runs = [];
  for (const o of options) {
    const last = runs[runs.length - 1];
    if (last && last.group === (o.group ?? null)) last.items.push(o);
    else runs.push({ group: o.group ?? null, items: [o] });
  }
  return runs;
}

/**
 * A reference to a record of another register: type to search it, pick from
 * the suggestions (its id, with a title when the register gives one).
 */
function RefControl({ common, field, value, onInput }) {
  const [options, setOptions] = useState([]);
  const timer = useRef(null);
  const listId = `${common.id}-options`;
  const search = (text) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      call('register.list', { register: field.register, query: { search: text, page_size: 20 } })
        .then((page) => setOptions(page.rows), () => setOptions([]));
    }, 200);
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  return html`<input ...${common} type="text" autocomplete="off" list=${listId} value=${value}
      placeholder="输入编号或内容查找" onFocus=${() => search(value)}
      onInput=${(e) => { onInput(e.currentTarget.value); search(e.currentTarget.value); }} />
    <datalist id=${listId}>
      ${options.map((r) => html`<option value=${r.id}>${r._title ?? r.id}</option>`)}
    </datalist>`;
}

/** The hint under a field: the one for the current value of the field it depends on, if any. */
export function fieldHint(field, values = {}) {
  const by = field.help_by;
  return (by && by.hints[values[by.field]]) || field.help;
}

/**
 * A labelled field with its error message beside it. `values` (the whole form)
 * lets a hint depend on another field; `children` go under the control.
 */
export function Field({ field, value, onInput, error, idPrefix = 'f', values, children }) {
  const id = `${idPrefix}-${field.name}`;
  const errId = error ? `${id}-error` : undefined;
  const hint = fieldHint(field, values);
  const wide = field.type === 'longtext' || field.type === 'choices';
  return html`<div class=${wide ? 'field wide' : 'field'}>
    <label id=${`${id}-label`} for=${id}>${field.label}${field.required && html`<span class="req" aria-hidden="true">*</span>`}</label>
    <div class="control">
      <${FieldControl} field=${field} value=${value} onInput=${onInput} invalid=${!!error} id=${id} describedBy=${errId} />
      ${error && html`<span class="error" id=${errId}>${error}</span>`}
      ${!error && hint && html`<span class="hint">${hint}</span>`}
      ${children}
    </div>
  </div>`;
}
