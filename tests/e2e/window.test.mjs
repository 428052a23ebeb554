// End-to-end in the real Tauri window: tauri-driver + WebKitWebDriver under Xvfb.
// Runs one app at a time (the single-instance plugin would otherwise merge them).
import { test } from 'node:test';
import { startWindowApp } from './lib/window.mjs';
import { firstLaunchAndRestart, keyboardNavigationToSettings } from './scenarios/shell.mjs';

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
