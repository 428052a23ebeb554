// The foundation's scenario, run in both the real window and browser mode:
// first launch asks for the office name; it survives a restart; the Chinese
// shell is there with its navigation and status bar.
import assert from 'node:assert/strict';

export const NAV = ['首页', '主动公开', '依申请公开', '窗口业务', '年报', '设置'];

export async function firstLaunchAndRestart(app) {
  let { ui } = app;
  await ui.waitFor('#office-name');
  assert.equal(await ui.activeField(), 'office-name', 'the office name field has the focus');
  // An empty name is refused with a Chinese message naming the field.
  await ui.press('Enter');
  await ui.waitForText('.setup .error', '请填写单位名称');
  await ui.focus('#office-name');
  await ui.type('长庆街道办事处');
  await ui.press('Enter');
  await ui.waitForText('[data-testid=office-name]', '长庆街道办事处');
  assert.deepEqual(await ui.texts('nav[aria-label=主导航] a'), NAV.map((n, i) => `${n}Alt+${i + 1}`));
  assert.match(await ui.text('.statusbar'), /数据文件 .*taizhang\.db/);
  assert.match(await ui.text('[data-testid=last-saved]'), /已保存 \d\d:\d\d:\d\d/);

  await app.restart();
  ui = app.ui;
  await ui.waitForText('[data-testid=office-name]', '长庆街道办事处');
  assert.equal(await ui.count('#office-name'), 0, 'no first-launch form after a restart');
  assert.match(await ui.text('[data-testid=last-saved]'), /本次未修改/);

  // The first launch gave 窗口业务 its front desk.
  await ui.press('Alt+4');
  await ui.waitFor('[data-testid=window-picker]');
  assert.deepEqual(await ui.texts('[data-testid=window-picker] option'), ['前台']);
}

/** Keyboard only: Alt+6 opens 设置, the office name can be changed and saved. */
export async function keyboardNavigationToSettings(app) {
  const { ui } = app;
  await ui.press('Alt+6');
  await ui.waitFor('#office-superior');
  await ui.focus('#office-superior');
  await ui.type('杭州市下城区人民政府');
  await ui.press('Enter');
  await ui.waitForText('.toast', '已保存单位信息');
  const superior = await ui.value('#office-superior');
  assert.equal(superior, '杭州市下城区人民政府');
}
