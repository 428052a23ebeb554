// 区县汇总 against the district's roster, in browser mode (Playwright + Chromium).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserApp } from './lib/browser.mjs';
import { consolidateAgainstTheRoster } from './scenarios/district.mjs';

test('the district names who is missing, who sent another year and who is matched how', async () => {
  const app = await startBrowserApp({ env: { TAIZHANG_TODAY: '2019-01-15' }, seed: ['district-office.json'] });
  try {
    await consolidateAgainstTheRoster(app);
    assert.deepEqual(app.pageErrors, [], 'no script errors in the page');
  } finally {
    await app.stop();
  }
});
