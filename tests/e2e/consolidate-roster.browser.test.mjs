// 区县汇总 against the district's roster, in browser mode (Playwright + Chromium).
import { test } from 'node:test';
import { withBrowserApp } from './lib/browser.mjs';
import { consolidateAgainstTheRoster } from './scenarios/district.mjs';

test('the district names who is missing, who sent another year and who is matched how', () =>
  withBrowserApp({ env: { TAIZHANG_TODAY: '2019-01-15' }, seed: ['district-office.json'] }, consolidateAgainstTheRoster));
