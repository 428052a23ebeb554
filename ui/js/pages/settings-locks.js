// 设置 → 年度锁定: lock a year once its report is filed; unlocking asks for a
// reason and a confirmation. Both are kept in 修改记录.
import { html, useState } from '../html.js';
import { call } from '../api.js';
import { ErrorBanner, toast, confirmDialog, useLoad, fmtTime } from '../components/common.js';
import { onKeys, pressed } from '../keys.js';

export function LocksPanel({ reloadStatus }) {
  const [locks, loadError, reload] = useLoad(() => call('locks.list'), []);
  const [draft, setDraft] = useState({ year: String(new Date().getFullYear() - 1), note: '' });
  const [unlocking, setUnlocking] = useState(null); // {year, reason}
  const [error, setError] = useState(null);
  const done = (message) => { setError(null); toast(message); reload(); reloadStatus?.(); };
  const lock = async (e) => {
    e.preventDefault();
    const year = Number(draft.year);
    const ok = await confirmDialog({
      title: `锁定${year}年度？`,
      message: `锁定后，${year}年度的台账记录、窗口业务数字和其他数据都不能再修改，年报数字保持不变。确需修改时可以解锁（需填写原因）。`,
      confirmLabel: '锁定',
    });
    if (!ok) return;
    try {
      await call('locks.lock', { year, note: draft.note });
      setDraft({ ...draft, note: '' });
      done(`已锁定${year}年度`);
    } catch (err) { setError(err); }
  };
  const unlock = async (e) => {
    e.preventDefault();
    if (!unlocking.reason.trim()) {
      setError({ message: '请填写解锁原因', problems: [] });
      return;
    }
    const ok = await confirmDialog({
      title: `解锁${unlocking.year}年度？`,
      message: `解锁后可以修改${unlocking.year}年度的数据，已报送的年报可能需要重新报送。解锁原因会记入修改记录。`,
      confirmLabel: '解锁',
      danger: true,
    });
    if (!ok) return;
    try {
      await call('locks.unlock', unlocking);
      setUnlocking(null);
      done(`已解锁${unlocking.year}年度`);
    } catch (err) { setError(err); }
  };
  return html`<div class="settings-section">
    <section class="pane" aria-label="年度锁定">
      <h2>年度锁定</h2>
      <p class="hint">年报报送后锁定该年度，可防止误改已报送的数字。</p>
      <form class="inline-form" onSubmit=${lock} aria-label="锁定年度">
        <input aria-label="年度" inputmode="numeric" class="year-input" value=${draft.year}
          onInput=${(e) => setDraft({ ...draft, year: e.currentTarget.value })} />
        <input aria-label="说明" placeholder="说明（可不填），如：年报已于1月20日报送" class="name-input" value=${draft.note}
          onInput=${(e) => setDraft({ ...draft, note: e.currentTarget.value })} />
        <button type="submit" class="primary">锁定…</button>
      </form>
      <${ErrorBanner} error=${loadError || error} />
      <div class="table-wrap" style=${{ marginTop: '10px' }}>
        <table class="data" data-testid="lock-list">
          <thead><tr><th scope="col">年度</th><th scope="col">锁定时间</th><th scope="col">说明</th><th scope="col">操作</th></tr></thead>
          <tbody>
            ${locks && locks.length === 0 && html`<tr><td class="empty" colspan="4">没有锁定的年度。</td></tr>`}
            ${locks && locks.map((l) => html`<tr key=${l.year}>
              <td>${l.year}年度</td><td>${fmtTime(l.locked_at)}</td><td>${l.note}</td>
              <td>${unlocking?.year === l.year
                ? html`<form class="inline-form" onSubmit=${unlock} onKeyDown=${onKeys((e) => pressed(e, 'cancel') && setUnlocking(null))}>
                    <input aria-label="解锁原因" placeholder="解锁原因（必填）" class="name-input" value=${unlocking.reason}
                      onInput=${(e) => setUnlocking({ ...unlocking, reason: e.currentTarget.value })} />
                    <button type="submit" class="danger">解锁…</button>
                    <button type="button" onClick=${() => setUnlocking(null)}>取消</button></form>`
                : html`<button type="button" class="link" onClick=${() => setUnlocking({ year: l.year, reason: '' })}>解锁</button>`}</td>
            </tr>`)}
          </tbody>
        </table>
      </div>
    </section>
  </div>`;
}
