// 依申请公开 end-to-end in the real Tauri window: tauri-driver + WebKitWebDriver under Xvfb.
import { test } from 'node:test';
import { startWindowApp } from './lib/window.mjs';
import {
  APPLICATIONS_START, applicationFollowsTheClock, overdueApplicationsShowOnTheHomePage,
  FEE_START, unpaidFeeClosesAsSixTwo,
} from './scenarios/applications.mjs';

test('an application follows the statutory clock through a correction to a partial disclosure', async () => {
  const app = await startWindowApp(APPLICATIONS_START);
  try {
    await applicationFollowsTheClock(app);
    await overdueApplicationsShowOnTheHomePage(app);
  } finally {
    await app.stop();
  }
});

test('a fee unpaid past its period closes as （六）2 and the report counts it there', async () => {
  const app = await startWindowApp(FEE_START);
  try {
    await unpaidFeeClosesAsSixTwo(app);
  } finally {
    await app.stop();
  }
});
