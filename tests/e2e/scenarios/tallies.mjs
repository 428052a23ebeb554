// 窗口业务, run in both the real window and browser mode: type a week of numbers
// with the keyboard, undo one cell, have a non-number refused, paste a 3×4
// block copied from a spreadsheet, restart the program and see them all.
// Needs the app started with TAIZHANG_TODAY=2024-03-15 and the 2018 sample
// package imported (for the office, the window 前台 and the nine items).
import assert from 'node:assert/strict';

const cellText = (ui, r, c) => ui.eval(([row, col]) => document.querySelector(`[data-cell="${row}-${col}"]`).textContent.trim(), [r, c]);

async function row(ui, r, from, to) {
  const out = [];
  for (let c = from; c <= to; c += 1) out.push(await cellText(ui, r, c));
  return out.join(',');
}

async function openGrid(ui) {
  await ui.waitFor('[data-testid="office-name"]');
  await ui.goto('tallies');
  await ui.waitFor('[data-testid="tally-grid"]');
}

export async function typeUndoPasteAndRestart(app) {
  let { ui } = app;
  await openGrid(ui);
  // Monday 4 March to Sunday 10 March 2024 on the first item's row.
  await ui.click('[data-cell="0-3"]');
  for (const n of ['1', '2', '3', '4', '5', '6', '7']) {
    await ui.type(n);
    await ui.press('Tab');
  }
  await ui.waitForText('[data-testid="row-total-0"]', '28');
  // Ctrl+Z takes back the last cell (the Sunday).
  await ui.shortcut('undo');
  await ui.waitForText('[data-testid="row-total-0"]', '21');
  assert.equal(await cellText(ui, 0, 9), '');
  // A non-number is refused with a message, and nothing is saved.
  await ui.click('[data-cell="4-0"]');
  await ui.type('abc');
  await ui.press('Enter');
  await ui.waitForText('.tally-problem', '不是数字');
  await ui.press('Escape');
  // A block copied from Excel/WPS, pasted at the second item, 1 March.
  await ui.click('[data-cell="1-0"]');
  await ui.paste('[data-testid="tally-grid"]', '10\t11\t12\t13\r\n20\t21\t22\t23\r\n30\t31\t32\t33\r\n');
  await ui.waitForText('[data-testid="grand-total"]', '279');

  await app.restart();
  ui = app.ui;
  await openGrid(ui);
  await ui.waitForText('[data-testid="grand-total"]', '279');
  assert.equal(await row(ui, 0, 3, 9), '1,2,3,4,5,6,');
  assert.equal(await row(ui, 1, 0, 3), '10,11,12,13');
  assert.equal(await row(ui, 2, 0, 3), '20,21,22,23');
  assert.equal(await row(ui, 3, 0, 3), '30,31,32,33');
  assert.equal(await cellText(ui, 4, 0), '', 'the refused entry was not saved');
}
