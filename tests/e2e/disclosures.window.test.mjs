// 主动公开 end to end in the real Tauri window (tauri-driver + WebKitWebDriver under Xvfb).
import { test } from 'node:test';
import { startWindowApp } from './lib/window.mjs';
import { typeThreeDisclosures, TODAY } from './scenarios/disclosures.mjs';

test('three disclosures typed by keyboard, listed, filtered, the late one flagged', async () => {
  const app = await startWindowApp({ env: { TAIZHANG_TODAY: TODAY } });
  try {
    await typeThreeDisclosures(app);
  } finally {
    await app.stop();
  }
});
