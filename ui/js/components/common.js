// Small pieces every page uses: banners, toasts, confirmation dialogs, tags,
// and formatting of dates and numbers.
import { html, useState, useEffect, useLayoutEffect, useRef } from '../html.js';
import { onKeys, pressed } from '../keys.js';

/** A message that stays: errors (with every problem listed), successes, notes. */
export function Banner({ kind = 'info', children }) {
  return html`<div class="banner ${kind}" role=${kind === 'error' ? 'alert' : 'status'}>${children}</div>`;
}

export function ErrorBanner({ error }) {
  if (!error) return null;
  const problems = error.problems || [];
  return html`<${Banner} kind="error">
    ${error.message}
    ${problems.length > 1 && html`<ul>${problems.map((p) => html`<li><code>${p.path}</code>：${p.message}</li>`)}</ul>`}
  <//>`;
}

/** Status words with colour, never colour alone. */
export function Tag({ kind = '', children }) {
  return html`<span class="tag ${kind}">${children}</span>`;
}

// ---- toasts: short confirmations that fade ----
let pushToast = () => {};
export function toast(message, kind = 'ok') {
  pushToast({ message, kind, at: Date.now() });
}

export function ToastHost() {
  const [item, setItem] = useState(null);
  useEffect(() => {
    pushToast = setItem;
    return () => { pushToast = () => {}; };
  }, []);
  useEffect(() => {
    if (!item) return undefined;
    const t = setTimeout(() => setItem(null), item.kind === 'error' ? 8000 : 3500);
    return () => clearTimeout(t);
  }, [item]);
  if (!item) return null;
  return html`<div class="toast"><${Banner} kind=${item.kind}>${item.message}<//></div>`;
}

// ---- modal dialogs ----
let openModal = () => {};

/** Ask before doing something that cannot be taken back lightly. Resolves true or false. */
export function confirmDialog({ title, message, confirmLabel = '确定', danger = false }) {
  return new Promise((resolve) => openModal({ title, message, confirmLabel, danger, cancel: true, resolve }));
}

/** Tell something that needs reading before going on (one button). Resolves when closed. */
export function noticeDialog({ title, message, confirmLabel = '知道了' }) {
  return new Promise((resolve) => openModal({ title, message, confirmLabel, danger: false, cancel: false, resolve }));
}

export function ModalHost() {
  const [modal, setModal] = useState(null);
  const confirmRef = useRef(null);
  const lastFocus = useRef(null);
  useEffect(() => {
    openModal = (m) => { lastFocus.current = document.activeElement; setModal(m); };
    return () => { openModal = () => {}; };
  }, []);
  // Focus as soon as the dialog is in the page (a layout effect, not a
  // deferred one), so that an Enter typed right away answers the dialog.
  useLayoutEffect(() => { if (modal) confirmRef.current?.focus(); }, [modal]);
  if (!modal) return null;
  const close = (answer) => {
    setModal(null);
    modal.resolve(answer);
    lastFocus.current?.focus?.();
  };
  const onKey = onKeys((e) => {
    if (pressed(e, 'cancel')) { e.preventDefault(); e.stopPropagation(); close(false); }
  });
  return html`<div class="modal-backdrop" onKeyDown=${onKey}>
    <div class="modal" role="dialog" aria-modal="true" aria-labelledby="modal-title">
      <h2 id="modal-title">${modal.title}</h2>
      <div>${modal.message}</div>
      <div class="actions">
        ${modal.cancel && html`<button type="button" onClick=${() => close(false)}>取消</button>`}
        <button type="button" ref=${confirmRef} class=${modal.danger ? 'primary danger-fill' : 'primary'}
          onClick=${() => close(true)}>${modal.confirmLabel}</button>
      </div>
    </div>
  </div>`;
}

// ---- formatting ----
export const fmtNumber = (n) => (n === null || n === undefined || n === '' ? '' : Number(n).toLocaleString('zh-CN'));

/** `2023-10-05T14:32:05+08:00` → `14:32:05` today, else `2023-10-05 14:32`. */
export function fmtTime(rfc) {
  if (!rfc) return '';
  const [date, rest = ''] = rfc.split('T');
  const time = rest.slice(0, 8);
  const today = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  const todayIso = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
  return date === todayIso ? time : `${date} ${time.slice(0, 5)}`;
}

/** Run a loader when its inputs change; returns [data, error, reload]. */
export function useLoad(loader, deps) {
  const [state, setState] = useState({ data: null, error: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    loader().then(
      (data) => live && setState({ data, error: null }),
      (error) => live && setState({ data: null, error }),
    );
    return () => { live = false; };
  }, [...deps, tick]);
  return [state.data, state.error, () => setTick((t) => t + 1)];
}

/**
 * A settings editor's writes: `act(fn, message)` runs `fn`, then toasts
 * `message` and reloads; a failure is kept as `error` for the banner.
 * Resolves to whether it worked (to clear a draft only on success).
 */
export function useAction(reload) {
  const [error, setError] = useState(null);
  const act = async (fn, message) => {
    try {
      await fn();
      setError(null);
      if (message) toast(message);
      reload();
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };
  return [act, error];
}
