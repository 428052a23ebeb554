// The contract between the interface and the core's command table: every
// command name the UI calls exists in Rust (`taizhang-cli commands` prints
// the table, or the desktop shell answers it), and the commands no UI code calls are the ones listed, with a
// reason, in unused-commands.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CLI, ROOT, requireBinary } from '../e2e/lib/env.mjs';
import { UNUSED } from './unused-commands.mjs';

const UI = join(ROOT, 'ui/js');

function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : []);
}

// The functions that send a command by name: the two exports of api.js and,
// inside api.js, invokeRaw (which asks for the command list).
const CALLERS = /\b(call|callForFiles|invokeRaw)\(\s*/g;
const LITERAL = /^(['"])([^'"`$]+)\1/;

/** Every name the UI passes to a command call, with where; and any call whose name is not a literal. */
export function uiCalls(files) {
  const names = new Map();
  const unreadable = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(CALLERS)) {
      const rest = text.slice(m.index + m[0].length);
      const where = `${relative(ROOT, file)}:${text.slice(0, m.index).split('\n').length}`;
      const literal = rest.match(LITERAL);
      if (literal) {
        if (!names.has(literal[2])) names.set(literal[2], []);
        names.get(literal[2]).push(where);
      } else if (!isDefinitionOrForward(text, m.index)) {
        unreadable.push(`${where}: ${rest.split('\n')[0]}`);
      }
    }
  }
  return { names, unreadable };
}

// `function call(name, args)` and api.js passing its own `name` parameter on.
function isDefinitionOrForward(text, at) {
  const before = text.slice(Math.max(0, at - 20), at);
  const after = text.slice(at).split('\n')[0];
  return /function\s+$/.test(before) || /^\w+\(name\b/.test(after);
}

function coreCommands() {
  const out = execFileSync(requireBinary(CLI), ['commands'], { encoding: 'utf8' });
  return JSON.parse(out);
}

// Commands the desktop shell answers itself, before the core's table
// (`if name == "shell.open_folder"` in src-tauri/src/main.rs).
function shellCommands() {
  const main = readFileSync(join(ROOT, 'src-tauri/src/main.rs'), 'utf8');
  return [...main.matchAll(/name == "([^"]+)"/g)].map((m) => m[1]);
}

test('every command the UI calls exists in the core', () => {
  const { names, unreadable } = uiCalls(jsFiles(UI));
  assert.deepEqual(unreadable, [], 'command names the test cannot read: pass a literal name');
  assert.ok(names.size > 50, `found ${names.size} command names in ui/js`);
  const known = new Set([...coreCommands().map((c) => c.name), ...shellCommands()]);
  assert.ok(known.has('shell.open_folder'), 'the desktop shell’s own command is found');
  const missing = [...names].filter(([n]) => !known.has(n)).map(([n, where]) => `${n} (${where.join(', ')})`);
  assert.deepEqual(missing, [], 'the UI calls commands the core does not have');
});

test('the commands no UI code calls are the listed ones', () => {
  const { names } = uiCalls(jsFiles(UI));
  const unused = coreCommands().map((c) => c.name).filter((n) => !names.has(n));
  console.log(`commands no UI code calls (${unused.length}): ${unused.join(', ')}`);
  assert.deepEqual(unused.sort(), Object.keys(UNUSED).sort(),
    'a command the UI stopped calling (or now calls): update tests/contract/unused-commands.mjs');
});

test('a misspelled name is caught', () => {
  const known = new Set(coreCommands().map((c) => c.name));
  const { names } = uiCalls([join(ROOT, 'tests/contract/fixtures/misspelled.js')]);
  assert.deepEqual([...names.keys()].filter((n) => !known.has(n)), ['report.narative_save', 'register.lst']);
});
