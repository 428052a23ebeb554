// Every keyboard shortcut of the app, once: the key of each action in the
// desktop window and in browser mode. Handlers ask `matches(e, combo)` with
// the key of their mode, hints show the same key (ui/js/keys.js does both),
// so a hint cannot name a key its handler does not listen to.
//
// Browser mode runs in a tab of Chromium or Firefox, which keep some keys for
// themselves whatever the page does (Ctrl+N opens a window, Ctrl+W closes the
// tab …): such an action gets another key there. Pure data and functions, no
// DOM: the tests import this file.

/** action → {label, window, browser}; a combo is `Ctrl+Shift+Alt+Key`. */
export const SHORTCUTS = {
  new: { label: '新增', window: 'Ctrl+N', browser: 'Alt+N' },
  search: { label: '搜索', window: 'Ctrl+F', browser: 'Ctrl+F' },
  save: { label: '保存', window: 'Ctrl+S', browser: 'Ctrl+S' },
  saveNext: { label: '保存并新增', window: 'Ctrl+Enter', browser: 'Ctrl+Enter' },
  cancel: { label: '取消', window: 'Esc', browser: 'Esc' },
  undo: { label: '撤销', window: 'Ctrl+Z', browser: 'Ctrl+Z' },
  // Pasting is the browser's own paste event (the grid listens to it), not a keydown.
  paste: { label: '粘贴', window: 'Ctrl+V', browser: 'Ctrl+V' },
  print: { label: '打印', window: 'Ctrl+P', browser: 'Ctrl+P' },
  section1: { label: '首页', window: 'Alt+1', browser: 'Alt+1' },
  section2: { label: '主动公开', window: 'Alt+2', browser: 'Alt+2' },
  section3: { label: '依申请公开', window: 'Alt+3', browser: 'Alt+3' },
  section4: { label: '窗口业务', window: 'Alt+4', browser: 'Alt+4' },
  section5: { label: '年报', window: 'Alt+5', browser: 'Alt+5' },
  section6: { label: '设置', window: 'Alt+6', browser: 'Alt+6' },
};

/**
 * Keys Chromium or Firefox keep (or act on before the page can refuse them) on
 * Linux and Windows: new window / tab / private window, close tab or window,
 * reopen a tab, switch tabs, the address bar, quit, the browser's menus.
 */
export const BROWSER_RESERVED = [
  'Ctrl+N', 'Ctrl+Shift+N', 'Ctrl+T', 'Ctrl+Shift+T', 'Ctrl+W', 'Ctrl+Shift+W', 'Ctrl+Q', 'Ctrl+Shift+Q',
  'Ctrl+Tab', 'Ctrl+Shift+Tab', 'Ctrl+PageUp', 'Ctrl+PageDown', 'Ctrl+L', 'Ctrl+K', 'Ctrl+E', 'Ctrl+Shift+P',
  'Ctrl+1', 'Ctrl+2', 'Ctrl+3', 'Ctrl+4', 'Ctrl+5', 'Ctrl+6', 'Ctrl+7', 'Ctrl+8', 'Ctrl+9',
  'Alt+D', 'Alt+E', 'Alt+F', 'Alt+Home', 'Alt+Left', 'Alt+Right', 'Alt+F4', 'F6', 'F11', 'F12',
];

/** The combo of `action` in `mode` ('window' | 'browser'). */
export function keyFor(action, mode) {
  const s = SHORTCUTS[action];
  if (!s) throw new Error(`no shortcut for ${action}`);
  return mode === 'browser' ? s.browser : s.window;
}

/** `Ctrl+Shift+N` → {ctrl, shift, alt, key: 'n'} (the key in lower case). */
export function parseCombo(combo) {
  const parts = combo.split('+');
  const key = parts.pop();
  return {
    ctrl: parts.includes('Ctrl'), shift: parts.includes('Shift'), alt: parts.includes('Alt'),
    key: key === 'Esc' ? 'escape' : key.toLowerCase(),
  };
}

/** The same combo written the one way (for comparing). */
export function normalizeCombo(combo) {
  const c = parseCombo(combo);
  return [c.ctrl && 'Ctrl', c.shift && 'Shift', c.alt && 'Alt', c.key].filter(Boolean).join('+').toLowerCase();
}

export const isBrowserReserved = (combo) => BROWSER_RESERVED.some((r) => normalizeCombo(r) === normalizeCombo(combo));

// The key a keydown names: `e.key`, unless a modifier changed it (Alt+N is
// `ñ` or `Dead` on some layouts), when the physical key (`e.code`) decides.
function eventKeys(e) {
  const keys = [String(e.key || '').toLowerCase()];
  const code = String(e.code || '');
  if (/^Key[A-Z]$/.test(code)) keys.push(code.slice(3).toLowerCase());
  if (/^(Digit|Numpad)\d$/.test(code)) keys.push(code.slice(-1));
  return keys;
}

/** Does the keydown `e` press `combo`? Ctrl stands for ⌘ too. */
export function matches(e, combo) {
  const c = parseCombo(combo);
  if (Boolean(e.ctrlKey || e.metaKey) !== c.ctrl || Boolean(e.altKey) !== c.alt) return false;
  // Shift counts for letters and named keys, not for what it types (Alt+1 is Alt+1 with Shift held).
  if (c.shift !== Boolean(e.shiftKey) && (c.shift || c.key.length > 1 || /[a-z]/.test(c.key))) return false;
  return eventKeys(e).includes(c.key);
}
