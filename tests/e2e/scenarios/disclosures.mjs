// 主动公开, run in both the real window and browser mode with TAIZHANG_TODAY
// fixed at 2023-11-20: three disclosures typed with the keyboard only (batch
// entry keeps category, unit and channels), a bad date refused beside its
// field, the list with its status words, filters, search, sorting by keyboard,
// and 首页's count.
import assert from 'node:assert/strict';

export const TODAY = '2023-11-20';

const ROWS = 'section[aria-label=主动公开] table.data tbody tr';

/** First launch (which adds the window 前台) and two units; not the subject of the test, so done directly. */
async function setUp(ui) {
  await ui.waitFor('#office-name');
  await ui.focus('#office-name');
  await ui.type('长庆街道办事处');
  await ui.press('Enter');
  await ui.waitForText('[data-testid=office-name]', '长庆街道办事处');
  const added = await ui.eval(async () => {
    const { call } = await import('./js/api.js');
    for (const name of ['党政办', '城管科']) await call('units.add', { name, kind: 'section' });
    return (await call('units.list', {})).length;
  });
  assert.equal(added, 3, '前台 from the first launch, and the two added');
}

/** Type into the focused field, then Enter to the next. */
async function field(ui, text) {
  if (text) await ui.type(text);
  await ui.press('Enter');
}

/** Choose the n-th option below the current one of the focused select, then Enter. */
async function choose(ui, downs) {
  for (let i = 0; i < downs; i += 1) await ui.press('ArrowDown');
  await ui.press('Enter');
}

async function rowTexts(ui) {
  return ui.texts(ROWS);
}

/** The list answers asynchronously: wait until its first row is `title`'s. */
async function waitForFirstRow(ui, title, timeout = 10000) {
  const until = Date.now() + timeout;
  let first = '';
  while (Date.now() < until) {
    first = (await rowTexts(ui))[0] ?? '';
    if (first.startsWith(title)) return;
    await ui.sleep(50);
  }
  assert.fail(`first row should be ${title}, is ${first}`);
}

export async function typeThreeDisclosures(app) {
  const { ui } = app;
  await setUp(ui);
  await ui.press('Alt+2');
  await ui.waitForText('[role=tab][aria-selected=true]', '主动公开信息');
  await ui.waitForText(ROWS, '没有符合条件的公开信息');

  // 1. On time: every field by keyboard, the channel ticked with Space.
  await ui.shortcut('new');
  await ui.waitFor('form[aria-label=新增公开信息]');
  assert.equal(await ui.activeField(), 'title', 'Ctrl+N puts the cursor in the title');
  await field(ui, '2023年部门预算');
  await choose(ui, 5); // 财政预决算
  await choose(ui, 2); // 党政办 (after 前台)
  await field(ui, '20231005'); // formed
  await ui.waitForText('[data-testid=due-hint]', '2023-10-13');
  await field(ui, '2023/10/9'); // published
  await field(ui, '长街〔2023〕5号');
  await field(ui); // url
  await ui.press('Space'); // 已保密审查
  await ui.press('Enter');
  await field(ui, '王某'); // reviewer
  await field(ui); // key areas
  assert.equal(await ui.activeField(), 'channels', 'a group of checkboxes is one stop');
  await ui.press('Space'); // 门户网站
  await ui.shortcut('saveNext');
  await ui.waitForText(ROWS, '2023年部门预算');

  // 2. Batch entry: category, unit and channel are kept; only title and dates typed.
  await ui.waitFor('form[aria-label=新增公开信息]');
  assert.equal(await ui.activeField(), 'title');
  assert.equal(await ui.value('[data-field=category]'), '财政预决算', 'category kept');
  assert.equal(await ui.value('[data-field=unit]'), '党政办', 'unit kept');
  await field(ui, '2023年部门决算');
  await ui.press('Enter', 'Enter');
  await field(ui, '2023-9-1');
  await ui.type('20230920');
  await ui.shortcut('saveNext');
  await ui.waitForText(ROWS, '2023年部门决算');

  // 3. A bad date is refused beside its field and nothing is saved; fixed, it saves.
  await ui.waitFor('form[aria-label=新增公开信息]');
  await field(ui, '防汛应急预案');
  await choose(ui, 8); // 应急管理
  await ui.press('Enter');
  await ui.type('2023-02-30');
  await ui.shortcut('save');
  await ui.waitForText('.field .error', '形成日期：“2023-02-30”不是有效日期');
  assert.equal(await ui.activeField(), 'formed_on', 'the cursor goes to the bad field');
  assert.equal((await rowTexts(ui)).length, 2, 'nothing saved');
  await ui.press('Control+a');
  await ui.type('2023-10-20');
  await ui.shortcut('save');
  await ui.waitForText(ROWS, '防汛应急预案');
  await ui.waitFor('[aria-label=公开信息详情]');

  // The list: status words against both limits, the late one flagged.
  const rows = await rowTexts(ui);
  assert.equal(rows.length, 3);
  const row = (title) => rows.find((r) => r.includes(title)) ?? '';
  assert.match(row('2023年部门预算'), /财政预决算党政办2023-10-052023-10-09按时$/);
  assert.match(row('2023年部门决算'), /2023-09-012023-09-20超本单位时限（未超法定）$/);
  assert.match(row('防汛应急预案'), /应急管理党政办2023-10-20已逾期（超法定时限）$/);
  assert.equal(await ui.count(`${ROWS} .tag.late`), 1, 'one flagged red');
  assert.match(await ui.text('[aria-label=公开信息详情]'), /法定期限截止 2023-11-17：20个工作日/);

  // Filters and search.
  await ui.select('select[aria-label=状态]', 'late');
  await ui.waitForText('.pager', '共 2 条');
  await ui.waitForText(ROWS, '2023年部门决算');
  const late = await rowTexts(ui);
  assert.ok(late[0].startsWith('防汛应急预案') && late[1].startsWith('2023年部门决算'), late.join(' | '));
  await ui.select('select[aria-label=状态]', '');
  await ui.waitForText('.pager', '共 3 条');
  await ui.select('select[aria-label=类别]', '应急管理');
  await ui.waitForText('.pager', '共 1 条');
  await ui.select('select[aria-label=类别]', '');
  await ui.waitForText('.pager', '共 3 条');
  await ui.focus('input[aria-label=搜索]');
  await ui.type('〔2023〕5');
  await ui.waitForText('.pager', '共 1 条');
  await ui.waitForText(ROWS, '2023年部门预算');
  assert.match((await rowTexts(ui))[0], /^2023年部门预算/);

  // Sorting without the mouse: Tab from the list reaches the column buttons.
  await ui.press('Control+a', 'Backspace');
  await ui.waitForText('.pager', '共 3 条');
  await ui.focus('section[aria-label=主动公开] .table-wrap');
  await ui.press('Tab', 'Enter'); // 标题, ascending
  await ui.waitFor('section[aria-label=主动公开] th[aria-sort=ascending]');
  await waitForFirstRow(ui, '2023年部门决算');
  assert.match((await rowTexts(ui))[2], /^防汛应急预案/);
  await ui.press('Enter'); // the same button again: descending
  await ui.waitFor('section[aria-label=主动公开] th[aria-sort=descending]');
  await waitForFirstRow(ui, '防汛应急预案');
  assert.match((await rowTexts(ui))[2], /^2023年部门决算/);

  // 首页 counts the one past its limit.
  await ui.press('Alt+1');
  await ui.waitForText('[data-testid=overdue-count]', '1');
  assert.match(await ui.text('[data-testid=card-disclosures]'), /超法定时限 1 条/);
}
