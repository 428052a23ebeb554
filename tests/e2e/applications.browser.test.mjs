// 依申请公开 end-to-end in browser mode: `taizhang-cli serve` + Playwright + Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserApp } from './lib/browser.mjs';
import {
  APPLICATIONS_START, applicationFollowsTheClock, overdueApplicationsShowOnTheHomePage,
} from './scenarios/applications.mjs';

test('an application follows the statutory clock through a correction to a partial disclosure', async () => {
  const app = await startBrowserApp(APPLICATIONS_START);
  try {
    await applicationFollowsTheClock(app);
    await overdueApplicationsShowOnTheHomePage(app);
    assert.deepEqual(app.pageErrors, [], 'no script errors in the page');
  } finally {
    await app.stop();
  }
});
