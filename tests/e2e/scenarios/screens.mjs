// Small screens in browser mode (Chromium and Firefox): at 1024×600, and at 1366×768 with
// text at 125 % (a 1093×614 CSS-pixel viewport, as GDK_DPI_SCALE=1.25 gives
// the window), a register with its form open keeps the navigation, the status
// bar and the list's paging on screen.
import assert from 'node:assert/strict';

export const SCREENS_START = { env: { TAIZHANG_TODAY: '2024-03-15' }, seed: ['changqing-2018.json'] };

/** At 1024×600 and at 125 % of 1366×768 nothing the clerk needs is cut off. */
export async function nothingCutOffOnSmallScreens(app) {
  const { ui } = app;
  await ui.waitFor('[data-testid="office-name"]');
  for (const viewport of [{ width: 1024, height: 600 }, { width: 1093, height: 614 }]) {
    await ui.setViewport(viewport);
    for (const route of ['disclosures', 'applications', 'tallies', 'report', 'home']) {
      await ui.goto(route);
      await ui.sleep(300);
      if (route === 'disclosures' || route === 'applications') {
        await ui.waitFor('.pager');
        await ui.shortcut('new');
        await ui.waitFor('form.pane');
      }
      const cut = await ui.eval(() => ['nav[aria-label=主导航] a:last-child', '.statusbar', '.pager', '.page-title'].filter((s) => {
        const el = document.querySelector(s);
        if (!el) return false; // a page without a pager
        const r = el.getBoundingClientRect();
        return r.height === 0 || r.bottom > window.innerHeight + 1 || r.right > window.innerWidth + 1 || r.top < 0 || r.left < 0;
      }));
      assert.deepEqual(cut, [], `${route} at ${viewport.width}×${viewport.height}`);
      const overflowX = await ui.eval(() => document.documentElement.scrollWidth > window.innerWidth + 1);
      assert.equal(overflowX, false, `${route} at ${viewport.width}×${viewport.height}: no sideways scrolling of the page`);
      if (route === 'disclosures' || route === 'applications') await ui.shortcut('cancel');
    }
  }
}
