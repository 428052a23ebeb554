// Small screens in browser mode (Chromium): at 1024×600, and at 1366×768 with
// text at 125 % (a 1093×614 CSS-pixel viewport, as GDK_DPI_SCALE=1.25 gives
// the window), a register with its form open keeps the navigation, the status
// bar and the list's paging on screen.
// The scenario is scenarios/screens.mjs; Firefox runs it too.
import { test } from 'node:test';
import { withBrowserApp } from './lib/browser.mjs';
import { SCREENS_START, nothingCutOffOnSmallScreens } from './scenarios/screens.mjs';

test('at 1024×600 and at 125 % of 1366×768 nothing the clerk needs is cut off', () =>
  withBrowserApp(SCREENS_START, nothingCutOffOnSmallScreens));
