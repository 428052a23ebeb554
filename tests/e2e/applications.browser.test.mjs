// 依申请公开 end-to-end in browser mode: `taizhang-cli serve` + Playwright + Chromium.
import { test } from 'node:test';
import { withBrowserApp } from './lib/browser.mjs';
import {
  APPLICATIONS_START, applicationFollowsTheClock, overdueApplicationsShowOnTheHomePage,
  APPLICATIONS_2027_START, lateCorrectionsAndProvisionalDatesAreMarked,
  FEE_START, unpaidFeeClosesAsSixTwo,
} from './scenarios/applications.mjs';

const inBrowser = withBrowserApp;

test('an application follows the statutory clock through a correction to a partial disclosure', () => inBrowser(
  APPLICATIONS_START, applicationFollowsTheClock, overdueApplicationsShowOnTheHomePage,
));

test('a late correction notice and a due date in a year without holidays are marked', () => inBrowser(
  APPLICATIONS_2027_START, lateCorrectionsAndProvisionalDatesAreMarked,
));

test('a fee unpaid past its period closes as （六）2 and the report counts it there', () => inBrowser(
  FEE_START, unpaidFeeClosesAsSixTwo,
));
