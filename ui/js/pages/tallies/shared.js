// Small pieces the tally screens share: parsing a typed count the way the core
// does, the window / year / month pickers, and the export button.
import { html } from '../../html.js';
import { callForFiles } from '../../api.js';
import { toast } from '../../components/common.js';
import { halfWidth } from '../../typed.js';

export const MONTHS = ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'];

/**
 * A typed count: `{count}` (null clears) or `{error}`. Accepts what office
 * sheets produce: `1,200`, full-width digits, `7.0`. Mirrors the core's rules.
 */
export function parseCount(text) {
  const shown = String(text ?? '').trim();
  const t = halfWidth(shown)
    .replace(/[,\s]/g, '')
    .replace(/\.0+$/, '');
  if (t === '') return { count: null };
  if (/^-\d/.test(t)) return { error: `“${shown}”是负数，数量不能为负数` };
  if (/^\d+\.\d+$/.test(t)) return { error: `“${shown}”不是整数，数量应为整数` };
  if (!/^\d+$/.test(t)) return { error: `“${shown}”不是数字，请填写不小于 0 的整数` };
  const n = Number(t);
  if (n > 100000000) return { error: `“${shown}”太大，一格最多 100000000` };
  return { count: n === 0 ? null : n };
}

/** Figures in tables: 1,200; empty for zero. */
export const fmt = (n) => (n ? Number(n).toLocaleString('zh-CN') : '');

export function yearOptions(around) {
  const ys = [];
  for (let y = around + 1; y >= around - 9; y -= 1) ys.push(y);
  return ys;
}

export function WindowPicker({ windows, value, onChange, allowAll = false }) {
  return html`<label>窗口 <select aria-label="窗口" data-testid="window-picker" value=${value ?? ''}
      onChange=${(e) => onChange(e.currentTarget.value === '' ? null : Number(e.currentTarget.value))}>
    ${allowAll && html`<option value="">全部窗口</option>`}
    ${windows.map((w) => html`<option value=${w.id}>${w.name}</option>`)}
  </select></label>`;
}

export function YearPicker({ value, onChange, around }) {
  return html`<label>年度 <select aria-label="年度" value=${value} onChange=${(e) => onChange(Number(e.currentTarget.value))}>
    ${yearOptions(around).map((y) => html`<option value=${y}>${y}年</option>`)}
  </select></label>`;
}

export function ExportButton({ args, label = '导出 Excel' }) {
  const run = async () => {
    try {
      const r = await callForFiles('tallies.export', args);
      if (r) toast(`${r.message}：${r.files.join('、')}`);
    } catch (e) {
      toast(e.message, 'error');
    }
  };
  return html`<button type="button" onClick=${run}>${label}</button>`;
}

/** The year and month today, from the status (TAIZHANG_TODAY fixes it). */
export function todayParts(status) {
  const [y, m] = (status?.today || new Date().toISOString().slice(0, 10)).split('-').map(Number);
  return { year: y, month: m };
}
