// The real window (WebKitGTK under Xvfb, tauri-driver): input-method keys in
// forms, the grid and dialogs; the window's place on 1366×768 and 1280×800
// screens (read from the X server) with screenshots in docs/, and a saved
// position on a monitor that is gone restored inside the screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withWindowApp } from './lib/window.mjs';
import { ROOT, waitFor } from './lib/env.mjs';
import { compositionKeysAndFullWidthText, hintsNameTheirKeys, KEYBOARD_START } from './scenarios/keyboard.mjs';

const withApp = withWindowApp;

test('window: input-method keys do nothing, full-width digits are read (form, grid, dialog)', () =>
  withApp(KEYBOARD_START, compositionKeysAndFullWidthText));

test('window: every hint names the key that does it (新增 is Ctrl+N)', () =>
  withApp(KEYBOARD_START, hintsNameTheirKeys));

const inside = (g, w, h) => g.x >= 0 && g.y >= 0 && g.x + g.width <= w && g.y + g.height <= h;

for (const [w, h] of [[1366, 768], [1280, 800]]) {
  test(`window: on a ${w}×${h} screen the first launch lies inside it, navigation, status bar and paging shown`, () =>
    withApp({ ...KEYBOARD_START, screen: `${w}x${h}` }, async (app) => {
      const { ui } = app;
      await ui.waitFor('[data-testid="office-name"]');
      await ui.press('Alt+2');
      await ui.waitFor('.pager');
      const g = await waitFor(() => { const r = app.windowGeometry(); return r.width > 900 ? r : null; }, 'the window mapped');
      assert.ok(inside(g, w, h), `the window ${JSON.stringify(g)} lies inside ${w}×${h}`);
      assert.ok(g.width >= w - 2 && g.height >= h - 40, `it fills the screen: ${JSON.stringify(g)}`);
      // The page inside it: nothing the clerk needs is cut off.
      const cut = await ui.eval(() => ['nav[aria-label=主导航]', '.statusbar', '.pager'].filter((s) => {
        const r = document.querySelector(s)?.getBoundingClientRect();
        return !r || r.bottom > window.innerHeight + 1 || r.right > window.innerWidth + 1 || r.top < 0 || r.left < 0;
      }));
      assert.deepEqual(cut, [], 'navigation, status bar and paging lie inside the window');
      app.screenshot(join(ROOT, `docs/window-${w}x${h}.png`));
    }));
}

test('window: a position saved on a monitor unplugged since is restored inside the screen', () =>
  withApp({
    ...KEYBOARD_START,
    screen: '1280x800',
    before: ({ configDir }) => writeFileSync(join(configDir, 'window.json'),
      JSON.stringify({ x: 2200, y: 300, width: 1366, height: 768, maximized: false })),
  }, async (app) => {
    await app.ui.waitFor('[data-testid="office-name"]');
    const g = await waitFor(() => { const r = app.windowGeometry(); return r.width > 900 ? r : null; }, 'the window mapped');
    assert.ok(inside(g, 1280, 800), `restored inside the screen: ${JSON.stringify(g)}`);
  }));
