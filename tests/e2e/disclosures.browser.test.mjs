// 主动公开 end to end in browser mode (Playwright + Chromium).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserApp } from './lib/browser.mjs';
import { typeThreeDisclosures, TODAY } from './scenarios/disclosures.mjs';

test('three disclosures typed by keyboard, listed, filtered, the late one flagged', async () => {
  const app = await startBrowserApp({ env: { TAIZHANG_TODAY: TODAY } });
  try {
    await typeThreeDisclosures(app);
    assert.deepEqual(app.pageErrors, [], 'no script errors in the page');
  } finally {
    await app.stop();
  }
});
