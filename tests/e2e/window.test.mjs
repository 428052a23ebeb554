// End-to-end in the real Tauri window: tauri-driver + WebKitWebDriver under Xvfb.
// Runs one app at a time (the single-instance plugin would otherwise merge them).
import { test } from 'node:test';
import { startWindowApp } from './lib/window.mjs';
import { firstLaunchAndRestart, keyboardNavigationToSettings } from './scenarios/shell.mjs';
import { typeUndoPasteAndRestart } from './scenarios/tallies.mjs';

async function withApp(options, body) {
  const app = await startWindowApp(options);
  try {
    await body(app);
  } finally {
    await app.stop();
  }
}

test('first launch asks for the office name, which survives a restart', () =>
  withApp({}, async (app) => {
    await firstLaunchAndRestart(app);
    await keyboardNavigationToSettings(app);
  }));

test('窗口业务: a typed week, an undo, a refused entry and a pasted block survive a restart', () =>
  withApp({ env: { TAIZHANG_TODAY: '2024-03-15' }, seed: ['changqing-2018.json'] }, typeUndoPasteAndRestart));
