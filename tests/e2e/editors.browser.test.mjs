// Two editors of one record (issue 17 item 4), in browser mode (Playwright +
// Chromium): the scenario is scenarios/editors.mjs; Firefox runs it too.
import { test } from 'node:test';
import { withBrowserApp } from './lib/browser.mjs';
import { EDITORS_START, twoTabsEditOneRecord } from './scenarios/editors.mjs';

test('two tabs edit one record: the stale save is refused naming the change, 重新载入 keeps what was typed', () =>
  withBrowserApp(EDITORS_START, twoTabsEditOneRecord));
