// A clerk's own 台账 imported in browser mode (Playwright + Chromium).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserApp } from './lib/browser.mjs';
import { importClerkLedger } from './scenarios/ledger.mjs';

test('a ledger as clerks keep it imports once, footers skipped, timeliness 未判断', async () => {
  const app = await startBrowserApp({ env: { TAIZHANG_TODAY: '2023-11-20' } });
  try {
    await importClerkLedger(app);
    assert.deepEqual(app.pageErrors, [], 'no script errors in the page');
  } finally {
    await app.stop();
  }
});
