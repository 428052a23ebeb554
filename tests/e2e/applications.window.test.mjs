// 依申请公开 end-to-end in the real Tauri window: tauri-driver + WebKitWebDriver under Xvfb.
import { test } from 'node:test';
import { withWindowApp } from './lib/window.mjs';
import {
  APPLICATIONS_START, applicationFollowsTheClock, overdueApplicationsShowOnTheHomePage,
  FEE_START, unpaidFeeClosesAsSixTwo,
} from './scenarios/applications.mjs';

test('an application follows the statutory clock through a correction to a partial disclosure', () => withWindowApp(
  APPLICATIONS_START, applicationFollowsTheClock, overdueApplicationsShowOnTheHomePage,
));

test('a fee unpaid past its period closes as （六）2 and the report counts it there', () => withWindowApp(
  FEE_START, unpaidFeeClosesAsSixTwo,
));
