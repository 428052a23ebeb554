// The entry grid: items down, periods across, typed like a spreadsheet.
//   arrows / Tab / Enter move · typing starts editing · F2 edits the cell ·
//   Enter saves and moves down · Tab saves and moves right · Esc cancels ·
//   Delete clears · 撤销 (Ctrl+Z) undoes · Ctrl+V pastes a block copied from Excel/WPS.
// The grid only draws and edits; saving, undo and paste belong to its owner
// (onSave, onPaste, onUndo), which keeps `values` up to date.
import { html, useState, useEffect, useLayoutEffect, useRef } from '../../html.js';
import { parseCount, fmt } from './shared.js';
import { onKeys, pressed } from '../../keys.js';

const sum = (list) => list.reduce((a, b) => a + (b || 0), 0);

/**
 * props:
 *   columns: [{key, label, sub, kind, title}]   kind shades the column (weekend, holiday, makeup)
 *   rows:    [{id, label, unit, archived}]
 *   values:  rows × columns of numbers or null
 *   editable(r, c) → true, or a sentence saying why not
 *   fixed:   optional read-only column before the totals {label, title, values: [per row]}
 *   onSave(r, c, count) → Promise; onPaste(r, c, text); onUndo()
 *   wide:    wider columns (months rather than days)
 */
export function EntryGrid({ columns, rows, values, editable, fixed, onSave, onPaste, onUndo, label, wide = false }) {
  const [cursor, setCursor] = useState({ r: 0, c: 0 });
  const [edit, setEditState] = useState(null); // {text, typed}
  // The edit as of now: events that arrive before the next render (a blur
  // right after Enter, keys typed fast) must see it, not the last render's.
  const editRef = useRef(null);
  const setEdit = (value) => { editRef.current = value; setEditState(value); };
  const [problem, setProblem] = useState(null);
  const wrapRef = useRef(null);
  const inputRef = useRef(null);

  // Keep the cursor inside the grid when it changes shape.
  useEffect(() => {
    setCursor(({ r, c }) => ({ r: Math.min(r, Math.max(rows.length - 1, 0)), c: Math.min(c, Math.max(columns.length - 1, 0)) }));
  }, [rows.length, columns.length]);

  // Focus the editor before the next key arrives.
  useLayoutEffect(() => {
    if (edit) {
      const input = inputRef.current;
      if (input && document.activeElement !== input) {
        input.focus();
        const end = input.value.length;
        input.setSelectionRange(end, end);
      }
    }
  }, [edit !== null]);

  useEffect(() => {
    wrapRef.current?.querySelector(`[data-cell="${cursor.r}-${cursor.c}"]`)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [cursor.r, cursor.c]);

  const focusGrid = () => wrapRef.current?.focus({ preventScroll: true });

  const move = (dr, dc, wrap = false) => setCursor(({ r, c }) => {
    let nr = r + dr;
    let nc = c + dc;
    if (wrap && nc >= columns.length) { nc = 0; nr += 1; }
    if (wrap && nc < 0) { nc = columns.length - 1; nr -= 1; }
    return {
      r: Math.max(0, Math.min(rows.length - 1, nr)),
      c: Math.max(0, Math.min(columns.length - 1, nc)),
    };
  });

  const blocked = (r, c) => {
    const ok = editable(r, c);
    return ok === true ? null : ok;
  };

  function startEdit(text, typed) {
    const why = blocked(cursor.r, cursor.c);
    if (why) { setProblem(why); return; }
    setProblem(null);
    setEdit({ text, typed });
  }

  /** Save the edited cell. Returns false (and keeps editing) when the text is not a count. */
  function commit() {
    const current = editRef.current;
    if (!current) return true;
    const parsed = parseCount(current.text);
    if (parsed.error) {
      setProblem(`第${cursor.r + 1}行“${rows[cursor.r].label}”${columns[cursor.c].name ?? columns[cursor.c].label}：${parsed.error}。未保存，请改正或按 Esc 取消。`);
      return false;
    }
    setProblem(null);
    const { r, c } = cursor;
    setEdit(null);
    if (parsed.count !== (values[r][c] ?? null)) {
      onSave(r, c, parsed.count)?.catch?.((e) => setProblem(e.message));
    }
    return true;
  }

  function cancel() {
    setEdit(null);
    setProblem(null);
    focusGrid();
  }

  const onGridKey = onKeys((e) => {
    if (e.target !== wrapRef.current) return; // keys of the editor are its own
    if (editRef.current) return;
    if (pressed(e, 'undo')) { e.preventDefault(); onUndo(); return; }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const keys = {
      ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1],
      Enter: e.shiftKey ? [-1, 0] : [1, 0],
    };
    if (keys[e.key]) { e.preventDefault(); move(...keys[e.key]); return; }
    if (e.key === 'Tab') { e.preventDefault(); move(0, e.shiftKey ? -1 : 1, true); return; }
    if (e.key === 'Home') { e.preventDefault(); setCursor(({ r }) => ({ r, c: 0 })); return; }
    if (e.key === 'End') { e.preventDefault(); setCursor(({ r }) => ({ r, c: columns.length - 1 })); return; }
    if (e.key === 'F2') { e.preventDefault(); startEdit(values[cursor.r][cursor.c] == null ? '' : String(values[cursor.r][cursor.c]), false); return; }
    if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      const why = blocked(cursor.r, cursor.c);
      if (why) { setProblem(why); return; }
      if (values[cursor.r][cursor.c] != null) onSave(cursor.r, cursor.c, null)?.catch?.((err) => setProblem(err.message));
      return;
    }
    if (e.key.length === 1 && e.key !== ' ') { e.preventDefault(); startEdit(e.key, true); }
  });

  const onInputKey = onKeys((e) => {
    const after = (dr, dc, wrap) => {
      e.preventDefault();
      e.stopPropagation();
      if (commit()) { move(dr, dc, wrap); focusGrid(); }
    };
    if (pressed(e, 'cancel')) { e.preventDefault(); e.stopPropagation(); cancel(); return; }
    if (e.key === 'Enter') { after(e.shiftKey ? -1 : 1, 0); return; }
    if (e.key === 'Tab') { after(0, e.shiftKey ? -1 : 1, true); return; }
    if (e.key === 'ArrowUp') { after(-1, 0); return; }
    if (e.key === 'ArrowDown') { after(1, 0); return; }
    if (edit?.typed && e.key === 'ArrowLeft') { after(0, -1); return; }
    if (edit?.typed && e.key === 'ArrowRight') { after(0, 1); }
  });

  const onBlur = () => {
    // Leaving the cell saves it (a bad entry stays in the cell with its message).
    if (editRef.current) commit();
  };

  // Firefox sends a paste on a focused element that is not editable (the grid
  // itself) to the body, not to the element: listen on the document, and take
  // the pastes made while the grid or its cell editor has the focus.
  const pasteRef = useRef(null);
  useEffect(() => {
    const onPaste = (e) => {
      const wrap = wrapRef.current;
      if (wrap && wrap.contains(document.activeElement)) pasteRef.current?.(e);
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, []);

  const onPasteEvent = (e) => {
    const text = e.clipboardData?.getData('text/plain') ?? '';
    if (editRef.current && !/[\t\n]/.test(text)) return; // an ordinary paste into the cell being edited
    e.preventDefault();
    setEdit(null);
    setProblem(null);
    focusGrid();
    onPaste(cursor.r, cursor.c, text);
  };

  pasteRef.current = onPasteEvent;

  // Totals follow the typing: the edited cell counts with what it holds now.
  const live = (r, c) => {
    if (edit && cursor.r === r && cursor.c === c) {
      const p = parseCount(edit.text);
      return p.error ? values[r][c] : p.count;
    }
    return values[r][c];
  };
  const rowTotal = (r) => sum(columns.map((_, c) => live(r, c))) + (fixed ? fixed.values[r] || 0 : 0);
  const colTotal = (c) => sum(rows.map((_, r) => live(r, c)));
  const fixedTotal = fixed ? sum(fixed.values) : 0;
  const grand = sum(rows.map((_, r) => rowTotal(r)));
  const activeId = `cell-${cursor.r}-${cursor.c}`;

  return html`<div class="tally-grid-area">
    <div class="tally-problem" role="alert" aria-live="assertive">${problem}</div>
    <div class="tally-grid-wrap" tabindex="0" ref=${wrapRef} onKeyDown=${onGridKey}
      role="grid" aria-label=${label} aria-rowcount=${rows.length + 2} aria-activedescendant=${activeId} data-testid="tally-grid">
      <table class=${wide ? 'tally-grid wide' : 'tally-grid'}>
        <colgroup><col class="col-item" />${columns.map(() => html`<col class="col-num" />`)}${fixed && html`<col class="col-fixed" />`}<col class="col-total" /></colgroup>
        <thead><tr>
          <th scope="col" class="item">服务事项</th>
          ${columns.map((col, c) => html`<th scope="col" class=${`num ${col.kind || ''} ${c === cursor.c ? 'cur' : ''}`} title=${col.title || ''}>
            <span class="d">${col.label}</span>${col.sub && html`<span class="w">${col.sub}</span>`}</th>`)}
          ${fixed && html`<th scope="col" class="num fixed" title=${fixed.title}>${fixed.label}</th>`}
          <th scope="col" class="num total">合计</th>
        </tr></thead>
        <tbody>
          ${rows.length === 0 && html`<tr><td class="empty" colspan=${columns.length + 2}>服务事项目录是空的：请先在“设置 → 服务事项”中添加。</td></tr>`}
          ${rows.map((row, r) => html`<tr key=${row.id} class=${r === cursor.r ? 'cur' : ''}>
            <th scope="row" class="item" title=${`${row.label}（${row.unit}）${row.archived ? '，已归档' : ''}`}>
              ${row.label}<span class="unit">${row.unit}</span>${row.archived && html`<span class="tag">已归档</span>`}</th>
            ${columns.map((col, c) => {
              const active = r === cursor.r && c === cursor.c;
              const why = blocked(r, c);
              const cls = `cell ${col.kind || ''} ${active ? 'active' : ''} ${why ? 'locked' : ''}`;
              return html`<td key=${col.key} id=${`cell-${r}-${c}`} data-cell=${`${r}-${c}`} class=${cls} role="gridcell"
                  aria-selected=${active ? 'true' : 'false'} aria-readonly=${why ? 'true' : undefined} title=${why || ''}
                  onMouseDown=${(e) => { if (active && edit) return; e.preventDefault(); if (commit()) { setCursor({ r, c }); focusGrid(); } }}
                  onDblClick=${() => startEdit(values[r][c] == null ? '' : String(values[r][c]), false)}>
                ${active && edit
                  ? html`<input ref=${inputRef} class="cell-input" aria-label=${`${row.label} ${col.title || col.label}`} inputmode="numeric"
                      value=${edit.text} onInput=${(e) => setEdit({ ...editRef.current, text: e.currentTarget.value })}
                      onKeyDown=${onInputKey} onBlur=${onBlur} />`
                  : fmt(values[r][c])}
              </td>`;
            })}
            ${fixed && html`<td class="cell fixed" title=${fixed.title}>${fmt(fixed.values[r])}</td>`}
            <td class="cell total" data-testid=${`row-total-${r}`}>${fmt(rowTotal(r))}</td>
          </tr>`)}
        </tbody>
        <tfoot><tr>
          <th scope="row" class="item">合计</th>
          ${columns.map((col, c) => html`<td class=${`cell ${col.kind || ''}`} data-testid=${`col-total-${c}`}>${fmt(colTotal(c))}</td>`)}
          ${fixed && html`<td class="cell fixed">${fmt(fixedTotal)}</td>`}
          <td class="cell total" data-testid="grand-total">${fmt(grand)}</td>
        </tr></tfoot>
      </table>
    </div>
  </div>`;
}
