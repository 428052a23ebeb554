// Keys from a Chinese input method, run in the real window, Chromium and
// Firefox: a keydown that belongs to a composition (`isComposing`, or keyCode
// 229 as WebKit reports the Enter that commits a candidate) does nothing in a
// form, the grid, a dialog or the global shortcuts; the next real key acts.
// Full-width digits and punctuation (`２０２３．１０．５`, `１２`) are read in
// dates, counts and through the commands, and what still cannot be read is
// refused naming its field. Also: 修改记录 of one record never shows under a
// new one. Needs TAIZHANG_TODAY=2024-03-15 and the 2018 sample package.
import assert from 'node:assert/strict';
import { driverCombo } from '../lib/keys.mjs';

export const KEYBOARD_START = { env: { TAIZHANG_TODAY: '2024-03-15' }, seed: ['changqing-2018.json'] };

const FORM = 'form[aria-label=新增公开信息]';
const ROWS = 'section[aria-label=主动公开] table.data tbody tr';

/**
 * Dispatch what an input method sends on `selector` (the focused element when
 * null): a compositionstart, the keydown `key` marked as composing (both ways
 * browsers mark it), a compositionend. Returns nothing; the page answers.
 */
async function composeKey(ui, selector, key, mods = {}) {
  await ui.eval(([sel, k, m]) => {
    const el = sel ? document.querySelector(sel) : document.activeElement;
    el.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
    // Chromium and Firefox set isComposing; WebKit says keyCode 229 (key "Process" or the key itself).
    el.dispatchEvent(new KeyboardEvent('keydown', { key: k, code: k === 'Enter' ? 'Enter' : '', isComposing: true, keyCode: 229, bubbles: true, cancelable: true, ...m }));
    el.dispatchEvent(new KeyboardEvent('keydown', { key: k, isComposing: false, keyCode: 229, bubbles: true, cancelable: true, ...m }));
    el.dispatchEvent(new KeyboardEvent('keyup', { key: k, isComposing: true, keyCode: 229, bubbles: true, cancelable: true, ...m }));
    el.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '' }));
  }, [selector, key, mods]);
  await ui.sleep(150); // anything the keys would have started has rendered by now
}

/** The modifiers of a shortcut combo as KeyboardEvent fields, with its key. */
function comboEvent(combo) {
  const parts = combo.split('+');
  const key = parts.pop().toLowerCase();
  return { key, mods: { ctrlKey: parts.includes('Ctrl'), altKey: parts.includes('Alt'), shiftKey: parts.includes('Shift') } };
}

async function shortcutOf(ui, action) {
  return ui.eval(async (a) => (await import('./js/keys.js')).shortcut(a), action);
}

export async function compositionKeysAndFullWidthText(app) {
  const { ui } = app;
  await ui.waitFor('[data-testid="office-name"]');
  await ui.press('Alt+2');
  await ui.waitForText(ROWS, '没有符合条件的公开信息');

  // Global shortcut: 新增's key, composing, opens nothing.
  const newKey = comboEvent(await shortcutOf(ui, 'new'));
  await composeKey(ui, 'body', newKey.key, newKey.mods);
  assert.equal(await ui.count(FORM), 0, 'a composing 新增 key opens no form');
  await ui.shortcut('new');
  await ui.waitFor(FORM);
  assert.equal(await ui.activeField(), 'title');

  // Form: the Enter that commits a candidate stays in 标题; Esc that closes the candidates keeps the form.
  await ui.type('关于');
  await composeKey(ui, null, 'Enter');
  assert.equal(await ui.activeField(), 'title', 'a composing Enter does not leave the title');
  await composeKey(ui, null, 'Escape');
  assert.equal(await ui.count(FORM), 1, 'a composing Esc does not cancel the form');
  const save = comboEvent(await shortcutOf(ui, 'save'));
  await composeKey(ui, null, save.key, save.mods);
  assert.equal(await ui.count('.field .error'), 0, 'a composing save key does not save');
  await ui.type('防汛的通知');
  await ui.press('Enter');
  assert.equal(await ui.activeField(), 'category', 'the next real Enter moves on');
  assert.equal(await ui.value('[data-field=title]'), '关于防汛的通知');

  // Full-width dates: a bad one is refused naming the field, a good one is read.
  await ui.select('[data-field=category]', '应急管理');
  await ui.select('[data-field=unit]', '十五家园社区');
  await ui.focus('[data-field=formed_on]');
  await ui.type('２０２４．２．３０');
  await ui.shortcut('save');
  await ui.waitForText('.field .error', '形成日期：“２０２４．２．３０”不是有效日期');
  await ui.focus('[data-field=formed_on]');
  await ui.press('Control+a');
  await ui.type('２０２４．３．１');
  await ui.focus('[data-field=published_on]');
  assert.equal(await ui.value('[data-field=formed_on]'), '2024-03-01', 'tidied on leaving the field');
  await ui.type('２０２４年３月５日');
  await ui.shortcut('save');
  await ui.waitForText(ROWS, '关于防汛的通知');
  const row = (await ui.texts(ROWS))[0];
  assert.match(row, /2024-03-012024-03-05/, row);

  // Through the commands (as an Excel import or the CLI hands them over), full-width as typed.
  const created = await ui.eval(async () => {
    const { call } = await import('./js/api.js');
    const r = await call('register.create', { register: 'disclosures', record: {
      title: '二〇二四年部门预算', category: '财政预决算', unit: '十五家园社区', formed_on: '２０２４－０３－０４', published_on: '2024／3／6',
    } });
    const refused = await call('register.create', { register: 'disclosures', record: {
      title: '无效日期', category: '财政预决算', unit: '十五家园社区', formed_on: '２０２４年１３月１日',
    } }).then(() => 'saved', (e) => e.message);
    return [r.formed_on, r.published_on, refused];
  });
  assert.deepEqual(created.slice(0, 2), ['2024-03-04', '2024-03-06']);
  assert.match(created[2], /^形成日期：“２０２４年１３月１日”不是有效日期/);
  await ui.press('Alt+1'); // the list reads them when drawn again
  await ui.waitFor('[data-testid=card-disclosures]'); // 首页 shown, the list gone
  await ui.press('Alt+2');

  // 修改记录 of one record, then a new one saved: the history shown is not the old record's.
  await ui.waitForText(ROWS, '二〇二四年部门预算');
  await ui.focus('section[aria-label=主动公开] .table-wrap');
  await ui.press('ArrowDown');
  await ui.waitFor('[aria-label=公开信息详情]');
  await ui.eval(() => [...document.querySelectorAll('[aria-label=公开信息详情] button')].find((b) => b.textContent === '修改记录').click());
  await ui.waitFor('.history');
  await ui.shortcut('new');
  await ui.waitFor(FORM);
  await ui.type('历史不应串');
  await ui.select('[data-field=category]', '应急管理');
  await ui.select('[data-field=unit]', '十五家园社区');
  await ui.focus('[data-field=formed_on]');
  await ui.type('20240307');
  await ui.shortcut('save');
  await ui.waitForText('[aria-label=公开信息详情]', '历史不应串');
  assert.equal(await ui.count('.history'), 0, 'the new record shows no other record’s history');

  // Dialog: a composing Esc (or Enter) leaves the confirmation open; the real Esc closes it.
  await ui.focus('section[aria-label=主动公开] .table-wrap');
  await ui.press('Delete');
  await ui.waitFor('.modal');
  await composeKey(ui, null, 'Escape');
  assert.equal(await ui.count('.modal'), 1, 'a composing Esc does not close the dialog');
  await ui.press('Escape');
  await ui.sleep(150);
  assert.equal(await ui.count('.modal'), 0, 'the real Esc does');
  assert.equal(await ui.count(ROWS), 3, 'nothing deleted');

  // The grid: a composing key starts no edit; in a cell, a composing Enter neither saves nor moves.
  await ui.press('Alt+4');
  await ui.waitFor('[data-testid="tally-grid"]');
  await ui.click('[data-cell="0-0"]');
  await composeKey(ui, '[data-testid="tally-grid"]', '7');
  assert.equal(await ui.count('.cell-input'), 0, 'a composing key starts no edit');
  await ui.press('F2');
  await ui.waitFor('.cell-input');
  await ui.type('１２');
  await composeKey(ui, '.cell-input', 'Enter');
  assert.equal(await ui.count('.cell-input'), 1, 'a composing Enter keeps the cell in edit');
  await composeKey(ui, '.cell-input', 'Escape');
  assert.equal(await ui.count('.cell-input'), 1, 'a composing Esc keeps the edit');
  assert.equal(await ui.value('.cell-input'), '１２');
  await ui.press('Enter');
  await ui.waitForText('[data-testid="row-total-0"]', '12');
  assert.equal(await ui.eval(() => document.querySelector('[data-cell="0-0"]').textContent.trim()), '12', 'full-width １２ saved as 12');
  assert.equal(await ui.eval(() => document.querySelector('[data-cell="1-0"]').getAttribute('aria-selected')), 'true', 'the real Enter moved down');
}

/**
 * Each hint on screen names the key that does what it says, in the mode the
 * app runs in: the key is read from the hint itself, then pressed.
 */
export async function hintsNameTheirKeys(app) {
  const { ui } = app;
  const press = (combo) => ui.press(driverCombo(combo));
  await ui.waitFor('[data-testid="office-name"]');
  // The navigation's hint for 主动公开.
  const navKey = await ui.eval(() => document.querySelectorAll('nav[aria-label=主导航] a kbd')[1].textContent);
  await press(navKey);
  await ui.waitForText(ROWS, '没有符合条件的');
  // 新增: the button's hint, and the empty list's words.
  const newKey = await ui.eval(() => document.querySelector('.toolbar button.primary').getAttribute('title'));
  assert.equal(newKey, app.kind === 'browser' ? 'Alt+N' : 'Ctrl+N', 'the mode’s own key');
  assert.ok((await ui.text(ROWS)).includes(`按 ${newKey} 新增`), 'the empty list names the same key');
  await press(newKey);
  await ui.waitFor(FORM);
  // 保存 and 取消 as the form's buttons say.
  const [saveKey, cancelKey] = await ui.eval(() => [...document.querySelectorAll('.form-actions button')]
    .filter((b) => ['保存', '取消'].includes(b.textContent)).map((b) => b.getAttribute('title')));
  await press(saveKey);
  await ui.waitFor('.field .error');
  await press(cancelKey);
  await ui.sleep(150);
  assert.equal(await ui.count(FORM), 0, `${cancelKey} closed the form`);
  // 搜索: the hint in the box.
  const searchKey = (await ui.eval(() => document.querySelector('input[aria-label=搜索]').placeholder)).match(/（(.+)）$/)[1];
  await press(searchKey);
  assert.equal(await ui.eval(() => document.activeElement?.getAttribute('aria-label')), '搜索');
}
