// The record changed elsewhere (another window, the CLI) after this form
// opened it, and the save was refused (stale_record). First: what changed,
// field by field, and 重新载入. Then, with the stored record in the form:
// what the clerk had typed, kept visible to be put back field by field or
// all at once, so nothing typed is lost and nothing stored is overwritten
// unseen.
import { html, useRef, useLayoutEffect } from '../../html.js';
import { Banner } from '../common.js';
import { displayValue } from '../fields.js';

const shown = (field, value) => (field ? displayValue(field, value) : String(value ?? '')) || '（空）';
const same = (a, b) => JSON.stringify(a ?? '') === JSON.stringify(b ?? '');

/** `form`: the form state; drawn only while `form.stale` is set. */
export function StaleNotice({ schema, form }) {
  const { stale, formError } = form;
  if (!stale) return null;
  return stale.reloaded
    ? html`<${TypedValues} schema=${schema} form=${form} />`
    : html`<${Refused} error=${formError} onReload=${form.reloadStale} />`;
}

function Refused({ error, onReload }) {
  // The next step has the focus: Enter reloads (the save button the clerk
  // pressed can do nothing more).
  const reloadRef = useRef(null);
  useLayoutEffect(() => { reloadRef.current?.focus(); }, [error]);
  if (!error) return null;
  const changes = error.changes || [];
  return html`<div class="stale" role="alert" data-testid="stale-record">
    <${Banner} kind="error">
      <strong>未保存：这条记录已被修改</strong>
      <p class="stale-message">${error.message}</p>
      ${changes.length > 0 && html`<table class="stale-changes">
        <thead><tr><th>项目</th><th>您打开时</th><th>现在</th></tr></thead>
        <tbody>${changes.map((c) => html`<tr><td>${c.label}</td><td>${c.before}</td><td>${c.after}</td></tr>`)}</tbody>
      </table>`}
      <div class="stale-actions">
        <button type="button" class="primary" ref=${reloadRef} onClick=${onReload}>重新载入</button>
        <span class="hint">您填写的内容不会丢失：重新载入后仍显示在表单上方，可逐项填回。</span>
      </div>
    <//>
  </div>`;
}

function TypedValues({ schema, form }) {
  const { stale, values, refill, dismissStale } = form;
  const differing = schema.fields.filter((f) => f.name in stale.typed && !same(stale.typed[f.name], values[f.name]));
  return html`<div class="stale" data-testid="stale-typed">
    <${Banner} kind="info">
      <strong>已载入最新内容。</strong>
      ${differing.length === 0
        ? html`<span>您刚才填写的内容与最新内容相同，无需填回。</span>`
        : html`<span>您刚才填写、尚未保存的内容如下（与最新内容不同的项目），可以复制或填回后再保存：</span>
          <table class="stale-changes">
            <thead><tr><th>项目</th><th>您填写的</th><th>最新内容</th><th></th></tr></thead>
            <tbody>${differing.map((f) => html`<tr>
              <td>${f.label}</td>
              <td class="stale-typed-value">${shown(f, stale.typed[f.name])}</td>
              <td>${shown(f, values[f.name])}</td>
              <td><button type="button" onClick=${() => refill([f.name])}>填回</button></td>
            </tr>`)}</tbody>
          </table>`}
      <div class="stale-actions">
        ${differing.length > 1 && html`<button type="button" onClick=${() => refill(differing.map((f) => f.name))}>全部填回</button>`}
        <button type="button" onClick=${dismissStale}>收起</button>
      </div>
    <//>
  </div>`;
}
