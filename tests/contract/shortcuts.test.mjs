// The keyboard's contract, read from the UI's source and its one table of
// shortcuts (ui/js/shortcuts.js): no browser-mode key is one the browser
// keeps for itself; every hint is generated from the table and names the key
// its handler listens to, in each mode; every keyboard handler goes through
// the composition guard (ui/js/keys.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  SHORTCUTS, BROWSER_RESERVED, keyFor, matches, parseCombo, isBrowserReserved,
} from '../../ui/js/shortcuts.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const UI = join(ROOT, 'ui/js');

function sources(dir = UI) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.js') ? [{ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }] : [];
  });
}

/** Source without its comments (hints in comments are documentation, not UI). */
const code = (text) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').replace(/\s\/\/ .*$/gm, '');

const KEYBOARD_FILES = new Set(['ui/js/shortcuts.js', 'ui/js/keys.js']);

/** A keydown as a browser would send it for `combo`. */
function eventFor(combo) {
  const c = parseCombo(combo);
  const key = c.key === 'escape' ? 'Escape' : c.key === 'enter' ? 'Enter' : c.key;
  const code = /^[a-z]$/.test(c.key) ? `Key${c.key.toUpperCase()}` : /^\d$/.test(c.key) ? `Digit${c.key}` : key;
  return { key, code, ctrlKey: c.ctrl, metaKey: false, altKey: c.alt, shiftKey: c.shift };
}

test('no browser-mode shortcut is a key Chromium or Firefox keep for themselves', () => {
  for (const [action, s] of Object.entries(SHORTCUTS)) {
    assert.ok(!isBrowserReserved(s.browser), `${action}: ${s.browser} is kept by the browser`);
  }
  // The check itself knows the keys the issue names.
  for (const k of ['Ctrl+N', 'Ctrl+T', 'Ctrl+W', 'Ctrl+Shift+N', 'Ctrl+Tab', 'Ctrl+L']) assert.ok(isBrowserReserved(k), k);
  assert.ok(BROWSER_RESERVED.length > 10);
  assert.equal(keyFor('new', 'window'), 'Ctrl+N');
  assert.equal(keyFor('new', 'browser'), 'Alt+N');
});

test('each mode’s handler answers its own key and not the other mode’s', () => {
  for (const [action, s] of Object.entries(SHORTCUTS)) {
    for (const mode of ['window', 'browser']) {
      const mine = keyFor(action, mode);
      assert.ok(matches(eventFor(mine), mine), `${action} in ${mode}: ${mine} matches itself`);
      const other = keyFor(action, mode === 'window' ? 'browser' : 'window');
      if (other !== mine) assert.ok(!matches(eventFor(other), mine), `${action} in ${mode} does not answer ${other}`);
    }
    // No two actions share a key in one mode.
    for (const [other, t] of Object.entries(SHORTCUTS)) {
      if (other !== action) {
        assert.notEqual(s.window, t.window, `${action} and ${other} share ${s.window}`);
        assert.notEqual(s.browser, t.browser, `${action} and ${other} share ${s.browser}`);
      }
    }
  }
  // Alt+N typed on a layout where Alt changes the character is still Alt+N (the physical key decides).
  assert.ok(matches({ key: 'ñ', code: 'KeyN', altKey: true, ctrlKey: false, shiftKey: false }, 'Alt+N'));
  assert.ok(!matches({ key: 'n', code: 'KeyN', altKey: false, ctrlKey: true, shiftKey: false }, 'Alt+N'));
});

test('hints come from the table: no key is written by hand in the UI', () => {
  const handWritten = [];
  for (const { path, text } of sources()) {
    if (KEYBOARD_FILES.has(path)) continue;
    const lines = code(text).split('\n');
    lines.forEach((line, i) => {
      if (/\b(Ctrl|Alt|Control|Shift)\+[A-Za-z0-9]/.test(line) || /["'>（ ]Esc["'<（：）]/.test(line)) handWritten.push(`${path}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(handWritten, [], 'hints must use shortcut(action) from ui/js/keys.js');
});

test('every action a handler listens for has its hint, and every hint an action a handler listens for', () => {
  const pressedActions = new Set();
  const hinted = new Set();
  for (const { path, text } of sources()) {
    if (KEYBOARD_FILES.has(path)) continue;
    for (const m of text.matchAll(/pressed\(e, '(\w+)'\)/g)) pressedActions.add(m[1]);
    for (const m of text.matchAll(/shortcut\('(\w+)'\)/g)) hinted.add(m[1]);
    if (/pressed\(e, `section\$\{/.test(text)) for (let i = 1; i <= 6; i += 1) pressedActions.add(`section${i}`);
    if (/shortcut\(`section\$\{/.test(text)) for (let i = 1; i <= 6; i += 1) hinted.add(`section${i}`);
  }
  for (const a of [...pressedActions, ...hinted]) assert.ok(SHORTCUTS[a], `${a} is in the table`);
  // Pasting is the browser's paste event (the grid's onPaste), not a keydown; printing and
  // 取消/撤销 are hinted where they are offered; every listened key is hinted somewhere.
  for (const a of pressedActions) if (a !== 'print') assert.ok(hinted.has(a), `${a} is listened for but no hint shows its key`);
  for (const a of hinted) if (a !== 'paste') assert.ok(pressedActions.has(a), `the hint of ${a} names a key no handler listens to`);
});

test('every keyboard handler goes through the composition guard', () => {
  const unguarded = [];
  for (const { path, text } of sources()) {
    if (KEYBOARD_FILES.has(path) || path.includes('/vendor/')) continue;
    const src = code(text);
    // Inline handlers must be onKeys(...) or a name defined with onKeys / a function returning onKeys.
    for (const m of src.matchAll(/onKey(?:Down|Up|Press)=\$\{([^}]*)\}/g)) {
      const expr = m[1].trim();
      const name = expr.match(/^(\w+)(\(|$)/)?.[1];
      const guarded = expr.startsWith('onKeys(')
        || (name && (new RegExp(`const ${name} = onKeys\\(`).test(src) || new RegExp(`function ${name}\\([^)]*\\) \\{\\s*return onKeys\\(`).test(src)));
      if (!guarded) unguarded.push(`${path}: onKeyDown=\${${expr}}`);
    }
    if (/addEventListener\(\s*'key(down|up|press)'/.test(src)) unguarded.push(`${path}: addEventListener('keydown') (use listenKeys)`);
  }
  assert.deepEqual(unguarded, []);
});
