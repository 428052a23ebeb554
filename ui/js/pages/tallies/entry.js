// 录入: one window's month day by day, or its year month by month. Each cell
// saves itself when the clerk leaves it; Ctrl+Z undoes the last change (a
// cell, or a whole pasted block), also after switching month or window.
import { html, useState, useEffect, useRef } from '../../html.js';
import { call } from '../../api.js';
import { Banner, ErrorBanner, toast } from '../../components/common.js';
import { EntryGrid } from './grid.js';
import { MONTHS, WindowPicker, YearPicker, ExportButton } from './shared.js';
import { shortcut } from '../../keys.js';

/** Calls that write, one after another, so that a cell and its undo keep their order. */
function useQueue() {
  const tail = useRef(Promise.resolve());
  return (fn) => {
    const next = tail.current.then(fn, fn);
    tail.current = next.catch(() => {});
    return next;
  };
}

/** The undo stack of this page: each entry restores cells to what they held. */
const undoStack = [];

const pad = (n) => String(n).padStart(2, '0');

function Legend() {
  return html`<div class="tally-legend" aria-label="图例">
    <span><i class="swatch working"></i>工作日</span>
    <span><i class="swatch weekend"></i>周末</span>
    <span><i class="swatch holiday"></i>休：法定节假日</span>
    <span><i class="swatch makeup"></i>班：调休上班</span>
    <span class="hint">输入数字后回车保存并下移 · Tab 右移 · ${shortcut('cancel')} 取消 · Delete 清空 · ${shortcut('undo')} 撤销 · ${shortcut('paste')} 粘贴 Excel 区域</span>
  </div>`;
}

const DAY_MARK = { holiday: '休', makeup: '班' };

/** The grid data of a view, as columns / rows / values for EntryGrid. */
function monthShape(g) {
  return {
    columns: g.days.map((d) => ({
      key: d.date,
      period: d.date,
      label: String(d.day),
      name: `${g.month}月${d.day}日`,
      sub: DAY_MARK[d.kind] ?? d.weekday,
      kind: d.kind,
      title: `${d.date} 星期${d.weekday}${d.name ? `（${d.name}${d.kind === 'makeup' ? '上班' : ''}）` : ''}`,
    })),
    values: g.rows.map((r) => [...r.days]),
    fixed: g.month_entries_total > 0
      ? { label: '整月', title: '按月录入或导入的整月数字（在“按月”视图中修改）', values: g.rows.map((r) => r.month_entry || 0) }
      : null,
  };
}

function yearShape(g) {
  const columns = MONTHS.map((label, i) => ({ key: `${g.year}-${pad(i + 1)}`, period: `${g.year}-${pad(i + 1)}`, label, name: label, title: `${g.year}年${label}` }));
  columns.push({ key: String(g.year), period: String(g.year), label: '全年', name: '全年总数', sub: '历史', kind: 'whole', title: `${g.year}年全年总数（只按年保存的历史数字）` });
  return {
    columns,
    values: g.rows.map((r) => [...r.months.map((m) => m.total || null), r.year_entry ?? null]),
    fixed: null,
  };
}

export function EntryView({ windows, today }) {
  const [mode, setMode] = useState('day'); // day | month
  const [windowId, setWindowId] = useState(windows[0]?.id ?? null);
  const [year, setYear] = useState(today.year);
  const [month, setMonth] = useState(today.month);
  const [data, setData] = useState(null);
  const [values, setValues] = useState([]);
  const [error, setError] = useState(null);
  const queue = useQueue();

  const load = () => {
    if (windowId == null) return Promise.resolve();
    const req = mode === 'day'
      ? call('tallies.grid', { window: windowId, year, month })
      : call('tallies.year_view', { window: windowId, year });
    return req.then((g) => {
      setData({ mode, grid: g, shape: mode === 'day' ? monthShape(g) : yearShape(g) });
      setValues((mode === 'day' ? monthShape(g) : yearShape(g)).values);
      setError(null);
    }, setError);
  };
  useEffect(() => { load(); }, [mode, windowId, year, month]);

  if (windows.length === 0) {
    return html`<${Banner} kind="info">还没有窗口：请先在“设置 → 科室与社区”中添加前台、社区等单位。<//>`;
  }

  const stepMonth = (d) => {
    const m0 = year * 12 + (month - 1) + d;
    setYear(Math.floor(m0 / 12));
    setMonth((m0 % 12) + 1);
  };

  const grid = data?.grid;
  const shape = data?.shape;
  const rows = grid ? grid.rows.map((r) => ({ id: r.item.id, label: r.item.name, unit: r.item.unit, archived: r.item.archived })) : [];
  const locked = grid?.locked_at ? `${grid.year}年度已锁定，不能修改。` : null;

  const editable = (r, c) => {
    if (locked) return locked;
    if (data.mode === 'month' && c < 12 && grid.rows[r].months[c].days > 0) {
      return `这一格是${MONTHS[c]}按日录入的合计，请在“按日”视图中修改。`;
    }
    return true;
  };

  const periodOf = (c) => shape.columns[c].period;

  const onSave = (r, c, count) => {
    const before = values[r][c] ?? null;
    const item = rows[r].id;
    const period = periodOf(c);
    const entry = { window: windowId, cells: [{ item, period, count: before }] };
    setValues((vs) => vs.map((row, i) => (i === r ? row.map((v, j) => (j === c ? count : v)) : row)));
    undoStack.push(entry);
    return queue(() => call('tallies.set', { window: windowId, item, period, count })).catch((e) => {
      undoStack.splice(undoStack.indexOf(entry), 1);
      setValues((vs) => vs.map((row, i) => (i === r ? row.map((v, j) => (j === c ? before : v)) : row)));
      throw e;
    });
  };

  const onPaste = (r, c, text) => {
    if (locked) { toast(locked, 'error'); return; }
    queue(() => call('tallies.paste', {
      window: windowId,
      items: rows.slice(r).map((row) => row.id),
      periods: shape.columns.slice(c).map((col) => col.period),
      text,
    })).then((changes) => {
      undoStack.push({ window: windowId, cells: changes.map((ch) => ({ item: ch.item, period: ch.period, count: ch.before })) });
      toast(`已粘贴 ${changes.length} 格`);
      return load();
    }, (e) => {
      const list = (e.problems || []).map((p) => p.message);
      toast(list.length ? `粘贴的内容有 ${list.length} 处问题，没有保存：${list.slice(0, 5).join('；')}` : e.message, 'error');
    });
  };

  const onUndo = () => {
    const entry = undoStack.pop();
    if (!entry) { toast('没有可以撤销的修改', 'info'); return; }
    queue(() => call('tallies.set_many', entry)).then(() => {
      toast(entry.cells.length > 1 ? `已撤销 ${entry.cells.length} 格` : '已撤销');
      return load();
    }, (e) => { undoStack.push(entry); toast(e.message, 'error'); });
  };

  const exportArgs = mode === 'day' ? { view: 'grid', window: windowId, year, month } : { view: 'year', window: windowId, year };

  return html`<div class="tally-entry">
    <div class="toolbar">
      <div class="segmented" role="group" aria-label="录入方式">
        <button type="button" aria-pressed=${mode === 'day' ? 'true' : 'false'} onClick=${() => setMode('day')}>按日</button>
        <button type="button" aria-pressed=${mode === 'month' ? 'true' : 'false'} onClick=${() => setMode('month')}>按月</button>
      </div>
      <${WindowPicker} windows=${windows} value=${windowId} onChange=${setWindowId} />
      <${YearPicker} value=${year} onChange=${setYear} around=${today.year} />
      ${mode === 'day' && html`
        <button type="button" aria-label="上个月" onClick=${() => stepMonth(-1)}>‹</button>
        <select aria-label="月份" value=${month} onChange=${(e) => setMonth(Number(e.currentTarget.value))}>
          ${MONTHS.map((m, i) => html`<option value=${i + 1}>${m}</option>`)}
        </select>
        <button type="button" aria-label="下个月" onClick=${() => stepMonth(1)}>›</button>`}
      <span class="spacer"></span>
      <${ExportButton} args=${exportArgs} />
    </div>
    <${ErrorBanner} error=${error} />
    ${locked && html`<${Banner} kind="info">${locked}如需修改，请先在“年报”页解锁该年度。<//>`}
    ${grid && data.mode === 'day' && !grid.calendar_known && html`<${Banner} kind="info">${grid.year}年的节假日安排尚未录入，表中只标出了周六、周日。可在“设置”中录入当年的节假日安排。<//>`}
    ${grid && data.mode === 'day' && grid.year_entries.length > 0 && html`<${Banner} kind="info">
      ${grid.window.name}${grid.year}年已有全年总数的事项：${grid.year_entries.join('、')}。再按日录入会重复计算，年报检查会提示。<//>`}
    ${mode === 'day' && html`<${Legend} />`}
    ${grid && html`<${EntryGrid} key=${`${data.mode}-${windowId}-${year}-${month}`}
      label=${data.mode === 'day' ? `${grid.window.name}${grid.year}年${grid.month}月按日录入` : `${grid.window.name}${grid.year}年按月录入`}
      columns=${shape.columns} rows=${rows} values=${values} fixed=${shape.fixed} wide=${data.mode === 'month'}
      editable=${editable} onSave=${onSave} onPaste=${onPaste} onUndo=${onUndo} />`}
  </div>`;
}
