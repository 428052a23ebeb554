// 依申请公开, run in both the real window and browser mode with today fixed
// at 2023-10-20 (TAIZHANG_TODAY): register an application, ask for a
// correction, receive it, reply with 部分公开; the status and the due date
// follow the statutory clock at each step, and 首页 says what is late.
import assert from 'node:assert/strict';

/** What the scenarios need the app started with: today, and an office (the 2018 sample, no applications). */
export const APPLICATIONS_START = { env: { TAIZHANG_TODAY: '2023-10-20' }, seed: ['changqing-2018.json'] };

/** The cells of the list's row whose serial is `serial`. */
async function row(ui, serial) {
  return ui.eval((s) => {
    const tr = [...document.querySelectorAll('table.data tbody tr')]
      .find((r) => r.cells[0]?.textContent.trim() === s);
    return tr ? [...tr.cells].map((c) => c.textContent.trim()) : [];
  }, serial);
}

/** Open the selected application's form, type a date into `field`, save. */
async function editDate(ui, field, typed) {
  await ui.click('.pane-head button.primary');
  await ui.waitFor(`#f-${field}`);
  await ui.focus(`#f-${field}`);
  await ui.type(typed);
  await ui.shortcut('save');
  await ui.waitForText('.pane-head h2', '申请详情');
}

export async function applicationFollowsTheClock(app) {
  const { ui } = app;
  await ui.waitForText('[data-testid=office-name]', '长庆街道办事处');
  await ui.goto('applications');
  await ui.waitFor('.register .toolbar');

  // Register: received online on 2023-10-09; due 20 working days later.
  await ui.shortcut('new');
  await ui.waitFor('#f-serial');
  await ui.select('#f-channel', 'online');
  await ui.waitForText('#f-received_on ~ .hint', '双方确认');
  await ui.focus('#f-received_on');
  await ui.type('20231009');
  await ui.select('#f-applicant_kind', 'natural_person');
  await ui.focus('#f-applicant_name');
  await ui.type('张某');
  await ui.focus('#f-request');
  await ui.type('申请公开某小区加装电梯的审批材料');
  await ui.shortcut('save');
  await ui.waitForText('.pane-head h2', '申请详情');
  let cells = await row(ui, '2023-001');
  assert.ok(cells.includes('2023-11-06'), `due 2023-11-06: ${cells}`);
  assert.ok(cells.includes('办理中'), `${cells}`);
  assert.match(await ui.text('[data-testid=due-explain]'), /答复期限 2023-11-06：自收到申请（2023-10-09）起20个工作日至 2023-11-06/);

  // A correction is asked for: the clock stops.
  await editDate(ui, 'correction_requested_on', '20231010');
  await ui.waitForText('.pane-head .tag', '待补正');
  cells = await row(ui, '2023-001');
  assert.ok(cells.includes('补正后重新计算'), `${cells}`);
  assert.ok(cells.includes('待补正'), `${cells}`);
  assert.equal(await ui.count('.pane-head button:not(.primary):not(.danger)'), 3, '逾期不补正，办结, 申请人撤回 and 修改记录');

  // The corrected application arrives: 20 working days from that day.
  await editDate(ui, 'correction_received_on', '20231016');
  await ui.waitForText('.pane-head .tag', '办理中');
  cells = await row(ui, '2023-001');
  assert.ok(cells.includes('2023-11-13'), `due 2023-11-13: ${cells}`);
  assert.match(await ui.text('[data-testid=due-explain]'), /自收到补正后的申请（2023-10-16）起重新计算20个工作日至 2023-11-13/);

  // The reply: partly disclosed.
  await ui.click('.pane-head button.primary');
  await ui.waitFor('#f-replied_on');
  await ui.focus('#f-replied_on');
  await ui.type('20231020');
  await ui.select('#f-result', 'partially_disclosed');
  await ui.focus('#f-replied_on');
  await ui.shortcut('save');
  await ui.waitForText('.pane-head .tag', '已办结');
  cells = await row(ui, '2023-001');
  assert.ok(cells.includes('部分公开'), `${cells}`);
  assert.ok(cells.includes('2023-10-20'), `${cells}`);
  assert.equal(await ui.count('.pane-head button:not(.primary):not(.danger)'), 1, 'no close action once closed');
}

/** Open a new application's form and type what it needs: received on, applicant kind, request (not saved). */
async function typeNewApplication(ui, received, kind, request) {
  await ui.shortcut('new');
  await ui.waitFor('#f-received_on');
  await ui.focus('#f-received_on');
  await ui.type(received);
  await ui.select('#f-applicant_kind', kind);
  await ui.focus('#f-request');
  await ui.type(request);
}

/** An application received long before today is late on 首页 and in the list's filter. */
export async function overdueApplicationsShowOnTheHomePage(app) {
  const { ui } = app;
  await ui.goto('applications');
  await ui.waitFor('.register .toolbar');
  await typeNewApplication(ui, '2023-09-15', 'commercial_enterprise', '申请公开老旧小区改造资金使用情况');
  await ui.shortcut('save');
  await ui.waitForText('.pane-head .tag', '已逾期');
  await ui.select('select[aria-label=状态]', 'overdue');
  await ui.waitForText('.pager', '共 1 条');
  await ui.goto('home');
  await ui.waitForText('[data-testid=home-applications]', '2023-002');
  assert.match(await ui.text('[data-testid=home-applications]'), /1 件已逾期/);
  assert.match(await ui.text('[data-testid=home-applications]'), /已逾期（超过1个工作日）/);
}

/** Today in 2027, a year whose holiday schedule is not built in (browser mode). */
export const APPLICATIONS_2027_START = { env: { TAIZHANG_TODAY: '2027-01-11' }, seed: ['changqing-2018.json'] };

/**
 * A correction asked for after its 7 working days is flagged in the form and
 * the details (the clock still waits for the corrected application); a due
 * date reaching into 2027 says that year's holidays are not entered, in the
 * list and on 首页.
 */
export async function lateCorrectionsAndProvisionalDatesAreMarked(app) {
  const { ui } = app;
  await ui.waitForText('[data-testid=office-name]', '长庆街道办事处');
  await ui.goto('applications');
  await ui.waitFor('.register .toolbar');

  // Received Tue 2026-12-01: the notice is due 2026-12-10.
  await typeNewApplication(ui, '20261201', 'natural_person', '申请公开某道路养护合同');
  await ui.focus('#f-correction_requested_on');
  await ui.type('20261210');
  await ui.waitForText('[data-testid=correction-hint]', '补正通知期限截止 2026-12-10：7个工作日');
  assert.equal(await ui.count('[data-testid=correction-late]'), 0, 'the last day is in time');
  await ui.press('Backspace', 'Backspace');
  await ui.type('15');
  await ui.waitForText('[data-testid=correction-late]', '补正通知晚于期限（2026-12-10）');
  await ui.shortcut('save');
  await ui.waitForText('.pane-head .tag', '待补正');
  await ui.waitForText('.pane .tag.late', '补正通知晚于期限（2026-12-10）3个工作日发出');
  assert.match(await ui.text('[data-testid=correction-due]'), /截止 2026-12-10：7个工作日/);

  // Received 2026-12-10: 20 working days reach into 2027.
  await typeNewApplication(ui, '20261210', 'natural_person', '申请公开跨年度的项目资料');
  await ui.shortcut('save');
  await ui.waitForText('.pane-head .tag', '已逾期');
  await ui.select('select[aria-label=年度]', '');
  await ui.waitForText('.pager', '共 2 条');
  const cells = await row(ui, '2026-002');
  assert.ok(cells.some((c) => /^2027-01-\d\d（节假日未录入）$/.test(c)), `${cells}`);
  assert.ok(!(await row(ui, '2026-001')).some((c) => c.includes('节假日未录入')), 'awaiting the correction: no date to mark');

  await ui.goto('home');
  await ui.waitForText('[data-testid=home-applications]', '2026-002');
  assert.match(await ui.text('[data-testid=home-application-due]'), /^期限 2027-01-\d\d（节假日未录入）$/);
}

/** Today after a fee's payment period ran out (2023-11-01), with the 2018 sample office. */
export const FEE_START = { env: { TAIZHANG_TODAY: '2023-11-10' }, seed: ['changqing-2018.json'] };

/** Click the button of the open record whose words are `label`. */
async function clickAction(ui, label) {
  const clicked = await ui.eval((l) => {
    const b = [...document.querySelectorAll('.pane-head button')].find((x) => x.textContent.trim() === l);
    if (b) b.click();
    return Boolean(b);
  }, label);
  assert.ok(clicked, `a button “${label}”`);
}

/**
 * 按量 fee notice served, the 20 working days to pay run out (across
 * National Day 2023 and its make-up weekend), the application is closed as
 * （六）2 in one action on the confirmed date; table 三 counts it there and
 * section 六's fee sentence does not count the unpaid fee.
 */
export async function unpaidFeeClosesAsSixTwo(app) {
  const { ui } = app;
  await ui.waitForText('[data-testid=office-name]', '长庆街道办事处');
  await ui.goto('applications');
  await ui.waitFor('.register .toolbar');
  await typeNewApplication(ui, '20230925', 'natural_person', '申请复制某项目全部图纸');
  await ui.select('#f-fee_basis', 'per_page');
  await ui.focus('#f-fee_pages');
  await ui.type('120');
  await ui.click('.field-extra button.link');
  await ui.waitForText('.field-extra [role=status]', '合计1100元');
  await ui.eval(() => [...document.querySelectorAll('.field-extra button.link')].find((b) => b.textContent.includes('填入'))?.click());
  await ui.focus('#f-fee_notice_on');
  await ui.type('20230927');
  await ui.focus('#f-fee_served_on');
  await ui.type('20230928');
  await ui.focus('#f-request');
  await ui.press('Control+s');
  await ui.waitForText('.pane-head h2', '申请详情');
  await ui.waitForText('.pane-head .tag', '待缴费');
  assert.match(await ui.text('[data-testid=payment-due]'), /缴费期限：自收到收费通知次日起20个工作日（国办函〔2020〕109号第七条），截止 2023-11-01/);
  const cells = await row(ui, '2023-001');
  assert.ok(cells.includes('缴费后顺延'), `${cells}`);

  // The one action, on the date confirmed (the first working day after the period).
  await clickAction(ui, '逾期未缴费，办结');
  await ui.waitFor('.modal [data-testid=confirm-date]');
  assert.equal(await ui.eval(() => document.querySelector('.modal [data-testid=confirm-date]').value), '2023-11-02');
  await ui.click('.modal .actions button.primary');
  await ui.waitForText('.pane-head .tag', '已办结');
  const closed = await row(ui, '2023-001');
  assert.ok(closed.includes('2023-11-02'), `${closed}`);

  // 年报 2023: table 三 （六）2 counts it; section 六 collects nothing.
  await ui.goto('report');
  await ui.waitFor('select[aria-label="报告年度"]');
  await ui.select('select[aria-label="报告年度"]', '2023');
  await ui.waitFor('[data-path="applications.other.fee_unpaid.total"]');
  await ui.waitForText('[data-path="applications.other.fee_unpaid.total"]', '1');
  await ui.click('.report-page [role="tab"]:nth-child(3)'); // 文字
  await ui.waitForText('.narrative[data-section=other] .narrative-preview', '本年度未收取信息处理费。');
}
