// The form of a new or edited record, drawn from the schema. Keyboard:
// Enter / Shift+Enter next / previous field · 保存并新增 save and start the
// next (batch entry) · 保存 · 取消 (keys: shortcuts.js). A group of checkboxes is
// one stop for Enter (Space ticks, Tab moves inside).
import { html } from '../../html.js';
import { ErrorBanner } from '../common.js';
import { Field } from '../fields.js';
import { moveFocus } from './focus.js';
import { StaleNotice } from './stale.js';
import { onKeys, pressed, shortcut } from '../../keys.js';

/** `form`: the form state; `fieldExtras`: {fieldName: Component} under that field. */
export function RegisterForm({ schema, form, record, fieldExtras }) {
  const { mode, values, fieldErrors, formError, restored, formRef, save, cancel, setField } = form;
  const heading = mode === 'new' ? `新增${schema.noun}` : `修改${schema.noun}`;
  // Field errors show at their fields; the banner is for an error with no
  // field. A refused stale save has its own notice (stale.js).
  const bannerError = formError && Object.keys(fieldErrors).length === 0 && formError.code !== 'stale_record' ? formError : null;

  return html`<form class="pane" ref=${formRef} onKeyDown=${formKeys(form)}
        onSubmit=${(e) => { e.preventDefault(); save(false); }} aria-label=${heading}>
      <div class="pane-head"><h2>${heading}</h2>
        ${restored && html`<span class="draft-note" role="status" data-testid="draft-restored">已恢复未保存的内容</span>`}</div>
      <${ErrorBanner} error=${bannerError} />
      <${StaleNotice} schema=${schema} form=${form} />
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
        <button type="submit" class="primary" title=${shortcut('save')}>保存</button>
        ${mode === 'new' && html`<button type="button" onClick=${() => save(true)} title=${shortcut('saveNext')}>保存并新增下一条</button>`}
        <button type="button" onClick=${cancel} title=${shortcut('cancel')}>取消</button>
        <span class="hint">回车：下一栏 · ${shortcut('saveNext')}：保存并新增 · ${shortcut('cancel')}：取消</span>
      </div>
    </form>`;
}

function formKeys({ save, cancel, formRef }) {
  return onKeys((e) => {
    if (pressed(e, 'saveNext')) { e.preventDefault(); save(true); return; }
    if (pressed(e, 'save')) { e.preventDefault(); save(false); return; }
    if (pressed(e, 'cancel')) { e.preventDefault(); cancel(); return; }
    // A textarea takes Enter as a new line, a button as a press.
    if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && e.target.tagName !== 'TEXTAREA' && e.target.tagName !== 'BUTTON') {
      e.preventDefault();
      moveFocus(formRef.current, e.shiftKey);
    }
  });
}
