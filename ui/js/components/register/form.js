// The form of a new or edited record, drawn from the schema. Keyboard:
// Enter / Shift+Enter next / previous field · Ctrl+Enter save and start the
// next (batch entry) · Ctrl+S save · Esc cancel. A group of checkboxes is
// one stop for Enter (Space ticks, Tab moves inside).
import { html } from '../../html.js';
import { ErrorBanner } from '../common.js';
import { Field } from '../fields.js';
import { moveFocus } from './focus.js';

/** `form`: the form state; `fieldExtras`: {fieldName: Component} under that field. */
export function RegisterForm({ schema, form, record, fieldExtras }) {
  const { mode, values, fieldErrors, formError, restored, formRef, save, cancel, setField } = form;
  const heading = mode === 'new' ? `新增${schema.noun}` : `修改${schema.noun}`;
  // Field errors show at their fields; the banner is for an error with no field.
  const bannerError = formError && Object.keys(fieldErrors).length === 0 ? formError : null;

  return html`<form class="pane" ref=${formRef} onKeyDown=${formKeys(form)}
        onSubmit=${(e) => { e.preventDefault(); save(false); }} aria-label=${heading}>
      <div class="pane-head"><h2>${heading}</h2>
        ${restored && html`<span class="draft-note" role="status" data-testid="draft-restored">已恢复未保存的内容</span>`}</div>
      <${ErrorBanner} error=${bannerError} />
      <div class="form-grid">
        ${schema.fields.map((f) => {
          const Extra = fieldExtras[f.name];
          return html`<${Field} field=${f} value=${values[f.name]} error=${fieldErrors[f.name]} values=${values}
            onInput=${(v) => setField(f.name, v)}>
            ${Extra && html`<${Extra} values=${values} set=${setField} record=${record} mode=${mode} />`}
          <//>`;
        })}
      </div>
      <div class="form-actions">
        <button type="submit" class="primary" title="Ctrl+S">保存</button>
        ${mode === 'new' && html`<button type="button" onClick=${() => save(true)} title="Ctrl+Enter">保存并新增下一条</button>`}
        <button type="button" onClick=${cancel} title="Esc">取消</button>
        <span class="hint">回车：下一栏 · Ctrl+Enter：保存并新增 · Esc：取消</span>
      </div>
    </form>`;
}

function formKeys({ save, cancel, formRef }) {
  return (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); save(true); return; }
    if (e.key === 's' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); save(false); return; }
    if (e.key === 'Escape') { e.preventDefault(); cancel(); return; }
    // A textarea takes Enter as a new line, a button as a press.
    if (e.key === 'Enter' && e.target.tagName !== 'TEXTAREA' && e.target.tagName !== 'BUTTON') {
      e.preventDefault();
      moveFocus(formRef.current, e.shiftKey);
    }
  };
}
